"""``reportgen check``: exit codes, Vietnamese (or English) output, JSON, annotated copies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.definition.model import Review, Unit
from tests.conftest import HANOI_DIR
from tests.intake._filled import IND, filled


@pytest.fixture
def files(tmp_path: Path, hanoi: Review, district: Unit) -> Path:
    folder = tmp_path / "nhan"
    filled(folder, hanoi, district, name="001-sach.xlsx")
    filled(folder, hanoi, district, {(IND, "K10"): "chưa có số liệu"}, name="001-loi.xlsx")
    filled(folder, hanoi, district, {(IND, "M7"): "ghi chú"}, name="001-canh-bao.xlsx")
    return folder


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--review", str(HANOI_DIR), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_a_clean_file_exits_0_and_says_hop_le(files: Path) -> None:
    code, out, _ = _run(str(files / "001-sach.xlsx"))
    assert code == 0
    assert "đơn vị 001 Quận Ba Đình — hợp lệ (0 lỗi, 0 cảnh báo)" in out


def test_a_file_with_only_warnings_is_acceptable(files: Path) -> None:
    code, out, _ = _run(str(files / "001-canh-bao.xlsx"))
    assert code == 0 and "hợp lệ có cảnh báo" in out and "content-outside-input" in out


def test_a_bad_file_exits_1_with_its_findings(files: Path) -> None:
    code, out, _ = _run(str(files / "001-loi.xlsx"), str(files / "001-sach.xlsx"))
    assert code == 1
    assert "không hợp lệ" in out and "not-a-number" in out and "Chỉ tiêu!K10" in out
    assert "2 tệp: 1 dùng được, 1 không hợp lệ." in out


def test_a_folder_means_every_spreadsheet_in_it_and_json_parses(files: Path) -> None:
    code, out, _ = _run(str(files), "--json")
    assert code == 1
    data = json.loads(out)
    assert [d["file"] for d in data] == ["001-canh-bao.xlsx", "001-loi.xlsx", "001-sach.xlsx"]
    assert [d["verdict"] for d in data] == ["accepted_with_warnings", "rejected", "accepted"]
    assert data[1]["unit"] == "001" and data[1]["errors"] == 1 and data[1]["warnings"] == 0
    assert data[1]["findings"][0]["code"] == "not-a-number"
    assert data[1]["findings"][0]["location"] == {
        "sheet": IND,
        "cell": "K10",
        "indicator": "NM04",
        "year": 2022,
    }


def test_lang_en_gives_english_messages(files: Path) -> None:
    code, out, _ = _run(str(files / "001-loi.xlsx"), "--lang", "en")
    assert code == 1 and "rejected" in out and "is not a number" in out
    data = json.loads(_run(str(files / "001-loi.xlsx"), "--lang", "en", "--json")[1])
    assert "is not a number" in data[0]["findings"][0]["message"]


def test_annotate_writes_a_copy_and_a_page_per_file(files: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "phan-hoi"
    code, out, _ = _run(str(files / "001-loi.xlsx"), "--annotate", str(out_dir))
    assert code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "001-loi-kiem-tra.html",
        "001-loi-kiem-tra.xlsx",
    ]
    assert "Đã ghi:" in out


@pytest.mark.parametrize(
    "args",
    [(), ("khong-co.xlsx",)],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    code, _, _err = _run(*args)
    assert code == 2


def test_a_folder_without_spreadsheets_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "ghi-chu.txt").write_text("x", encoding="utf-8")
    code, _, err = _run(str(tmp_path))
    assert code == 2 and "không có tệp bảng tính nào" in err


def test_a_broken_file_is_reported_and_the_others_go_on(files: Path) -> None:
    (files / "hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    code, out, _ = _run(str(files))
    assert code == 1
    assert "hong.xlsx" in out and "4 tệp: 2 dùng được, 2 không hợp lệ." in out


def test_a_wrong_review_folder_is_an_error_message_not_a_traceback(
    files: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(main, ["check", "--review", str(tmp_path / "khong-co"), str(files)])
    assert result.exit_code == 4 and "Không tìm thấy đợt báo cáo" in result.stderr


def test_an_unexpected_error_is_a_finding_and_a_log_line_never_a_traceback(
    files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("hỏng bất ngờ")

    monkeypatch.setattr("reportgen.intake.check.validate", boom)
    code, out, err = _run(str(files / "001-sach.xlsx"))
    assert code == 1 and "internal-error" in out
    assert "lỗi: lỗi nội bộ khi kiểm tra" in err
