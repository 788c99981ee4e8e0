"""``reportgen justify`` and the warnings list of ``reportgen status --unit`` on a real store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.cli._common import console
from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.project import Project
from reportgen.store import finding_keys, open_store
from tests.conftest import HANOI_DIR
from tests.justified_store import HOSTILE

MARKUP = "[bold red]không phải định dạng[/] số đúng"


@pytest.fixture(autouse=True)
def _hanoi_review(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_REVIEW", str(HANOI_DIR))
    monkeypatch.delenv("REPORTGEN_DB", raising=False)
    # Wide enough that no table cell wraps: the messages can be searched whole.
    monkeypatch.setattr(console, "width", 400)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


@pytest.fixture
def submitted(project: Path, hanoi: Review) -> Path:
    """Ba Đình's workbook with two warnings (K18, K30), received before the deadline."""
    path = project / "001.xlsx"
    write_sample(
        hanoi,
        hanoi.unit_by_code["001"],
        path,
        seed=1,
        mistakes=("decimal-comma-text", "percent-text"),
    )
    code, out = _run("submit", str(path), "--received-at", "2022-12-01 09:00")
    assert code == 0, out
    return path


def test_status_unit_lists_the_warnings_with_numbers_and_keys(submitted: Path) -> None:
    code, out = _run("status", "--unit", "001")
    assert code == 0, out
    assert "Cảnh báo của phiên bản 1 (đang được tính): 2, chưa giải trình 2" in out
    assert "Chỉ tiêu!K18" in out and "Chỉ tiêu!K30" in out
    assert "'1.234,5' được nhập dạng chữ" in out
    assert 'number-from-text|{"cell": "K18",' in out  # the key, for --finding
    assert out.count("chưa giải trình") == 3  # the heading and both rows


def test_justify_by_number_or_key_then_status_shows_the_texts(
    submitted: Path, project: Path, hanoi: Review
) -> None:
    code, out = _run(
        "justify", "--unit", "001", "--finding", "1", "--text", HOSTILE, "--by", "thu-ky"
    )
    assert code == 0, out
    assert "Đã ghi giải trình của đơn vị 001 cho cảnh báo number-from-text ở Chỉ tiêu!K18" in out
    with open_store(Project(project), hanoi) as store:
        [w18, w30] = [f for f, _j in store.warnings_to_justify(hanoi, "001")]
        findings = store.submission(store.statuses(hanoi)[0].submission_id or 0).findings
        key30 = next(k for k, f in zip(finding_keys(findings), findings, strict=True) if f == w30)
    assert w18.location.cell == "K18"
    code, out = _run("justify", "--unit", "001", "--finding", key30, "--text", MARKUP)
    assert code == 0, out

    code, out = _run("status", "--unit", "001")
    assert "chưa giải trình 0" in out
    assert HOSTILE in out and MARKUP in out  # shown literally, rich markup escaped
    assert "thu-ky" in out

    with open_store(Project(project), hanoi) as store:
        texts = [j.text for j in store.justifications(hanoi, "001")]
        audit = [e for e in store.audit_log() if e.action == "justification-written"]
    assert sorted(texts) == sorted([HOSTILE, MARKUP])
    assert [e.actor for e in audit][-1] == "thu-ky" and len(audit) == 2
    assert all(e.unit_code == "001" for e in audit)

    code, out = _run("consolidate")
    assert code == 0, out
    book = openpyxl.load_workbook(project / "outputs" / hanoi.id / f"tong-hop-{hanoi.id}.xlsx")
    cells = [c.value for row in book["Giải trình"].iter_rows(5) for c in row]
    assert HOSTILE in cells and MARKUP in cells


def test_mistakes_are_told_in_vietnamese(submitted: Path, project: Path) -> None:
    code, out = _run("justify", "--unit", "001", "--finding", "9", "--text", "x")
    assert code != 0 and "Không có cảnh báo '9'" in out and "từ 1 đến 2" in out
    code, out = _run("justify", "--unit", "001", "--finding", "1", "--text", "   ")
    assert code != 0 and "Hãy viết nội dung giải trình" in out
    code, out = _run("justify", "--unit", "005", "--finding", "1", "--text", "x")
    assert code != 0 and "không có cảnh báo nào cần giải trình" in out
    code, out = _run("justify", "--unit", "XYZ", "--finding", "1", "--text", "x")
    assert code == 2 and "Không có đơn vị mã 'XYZ'" in out


def test_a_real_process_exits_with_an_error_code_and_no_traceback(submitted: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reportgen",
            "justify",
            "--unit",
            "001",
            "--finding",
            "0",
            "--text",
            "x",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    assert "Không có cảnh báo '0'" in " ".join((done.stderr + done.stdout).split())
