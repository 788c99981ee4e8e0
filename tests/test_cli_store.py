"""``reportgen submit`` and ``reportgen status`` through click's CliRunner, on real workbooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.project import Project
from reportgen.store import open_store
from tests.conftest import HANOI_DIR
from tests.store.helpers import at, make_submission, workbook_bytes


@pytest.fixture(autouse=True)
def _hanoi_review(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_REVIEW", str(HANOI_DIR))
    monkeypatch.delenv("REPORTGEN_DB", raising=False)


@pytest.fixture
def received(project: Path, hanoi: Review) -> Path:
    """Three real filled workbooks (Ba Đình, Hoàn Kiếm, and Tây Hồ with a typo) in ``nhan-ve/``."""
    folder = project / "nhan-ve"
    folder.mkdir()
    for n, code in enumerate(("001", "002", "003")):
        mistakes = ["text-in-number"] if code == "003" else []
        write_sample(
            hanoi, hanoi.unit_by_code[code], folder / f"{code}.xlsx", seed=n, mistakes=mistakes
        )
    return folder


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    # Rich wraps at 80 columns when not on a terminal: compare on whitespace-normalised text.
    return result.exit_code, " ".join(result.output.split())


def test_submit_stores_each_file_and_prints_its_verdict_version_and_lateness(
    received: Path, project: Path
) -> None:
    code, out = _run("submit", str(received / "001.xlsx"), "--received-at", "2022-12-06 09:30")
    assert code == 0, out
    assert (
        "001.xlsx — đơn vị 001 — Quận Ba Đình: hợp lệ có cảnh báo (phiên bản 1; nộp muộn 1 ngày"
        in out
    )
    assert "Nộp muộn 1 ngày so với hạn ngày 05 tháng 12 năm 2022." in out
    stored = list((project / "inputs" / "nq11-moi-truong" / "001").iterdir())
    assert [p.name[:17] for p in stored] == ["20221206T023000Z-"]
    assert stored[0].read_bytes() == (received / "001.xlsx").read_bytes()


def test_submit_exits_1_when_a_file_is_rejected_and_says_so_for_duplicates(received: Path) -> None:
    code, out = _run("submit", str(received), "--received-at", "04/12/2022 08:00")
    assert code == 1, out
    assert "003.xlsx — đơn vị 003 — Quận Tây Hồ: không hợp lệ" in out
    assert "Đã nhận 3 tệp: 2 hợp lệ, 1 không hợp lệ, 0 nộp muộn, 0 trùng tệp đã nhận." in out
    code, out = _run("submit", str(received / "001.xlsx"))
    assert code == 0 and "trùng tệp đã nhận, không ghi nhận lại" in out


def test_submit_refuses_a_received_time_it_cannot_read(received: Path) -> None:
    code, out = _run("submit", str(received / "001.xlsx"), "--received-at", "hôm qua")
    assert code == 2 and "không phải thời điểm hợp lệ" in out


def _fill(project: Path, hanoi: Review) -> None:
    with open_store(Project(project), hanoi) as store:
        for code, day, kw in (("001", 4, {}), ("002", 8, {}), ("003", 4, {"rejected": True})):
            data = workbook_bytes(hanoi, code)
            store.submit(make_submission(hanoi, code, data, **kw), data, received_at=at(day))


def test_status_lists_every_unit_with_its_state_and_a_summary(project: Path, hanoi: Review) -> None:
    _fill(project, hanoi)
    code, out = _run("status")
    assert code == 0, out
    assert "2/36 đơn vị đã nộp, 1 nộp muộn, 1 không hợp lệ, 33 chưa nộp" in out
    assert "Tỷ lệ đầy đủ: 5,6% (2/36); đúng hạn: 2,8% (1/36); đã gửi: 8,3% (3/36)." in out
    assert "nộp muộn" in out and "09:30 08/12/2022" in out


def test_status_json_is_machine_readable_and_as_of_ignores_later_files(
    project: Path, hanoi: Review
) -> None:
    _fill(project, hanoi)
    code, out = _run("status", "--json", "--as-of", "2022-12-05")
    assert code == 0, out
    data = json.loads(out)
    assert [(u["code"], u["state"]) for u in data["units"][:3]] == [
        ("001", "on_time"), ("002", "missing"), ("003", "rejected")
    ]  # fmt: skip
    assert data["units"][0]["received_at"] == "2022-12-04T09:30:00+07:00"
    assert data["summary"] | {"completeness": 2.8} == data["summary"]
    assert (data["as_of"], data["summary"]["missing"]) == ("2022-12-05", 34)


def test_status_reports_an_unreachable_database_without_a_traceback(project: Path) -> None:
    code, out = _run("status", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 7 and "Không mở được cơ sở dữ liệu" in out


def test_submit_of_many_files_prints_one_line_each_and_a_total(
    project: Path, hanoi: Review
) -> None:
    folder = project / "nhieu"
    folder.mkdir()
    for unit in hanoi.units[:11]:
        write_sample(hanoi, unit, folder / f"{unit.code}.xlsx", seed=7)
    code, out = _run("submit", str(folder), "--received-at", "2022-12-01")
    assert code == 0, out
    assert out.count("hợp lệ (phiên bản 1; 0 lỗi, 0 cảnh báo)") == 11
    assert "Mức độ" not in out  # no findings tables for this many files
    assert "Đã nhận 11 tệp: 11 hợp lệ, 0 không hợp lệ, 0 nộp muộn, 0 trùng tệp đã nhận." in out


def test_status_of_one_unit_lists_its_versions_and_what_changed(
    project: Path, hanoi: Review
) -> None:
    with open_store(Project(project), hanoi) as store:
        for seed, value in enumerate((12, 15)):
            data = workbook_bytes(hanoi, "001", seed)
            store.submit(
                make_submission(hanoi, "001", data, values={("NM01", 2022): value}),
                data,
                received_at=at(2),
            )
    code, out = _run("status", "--unit", "001")
    assert code == 0, out
    assert "001 — Quận Ba Đình: 2 phiên bản" in out and "hợp lệ (được tính)" in out
    assert "Phiên bản 1 → 2: 1 ô thay đổi: Chỉ tiêu!F7 12 → 15" in out
    assert _run("status", "--unit", "XYZ")[0] == 2
