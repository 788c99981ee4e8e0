"""``consolidate()`` and ``reportgen consolidate`` through the real store and real sample workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.consolidate import consolidate
from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.intake import check_file
from reportgen.intake.model import Submission
from reportgen.messages import flatten
from reportgen.project import Project
from reportgen.store import open_store
from tests.conftest import HANOI_DIR
from tests.consolidate.expected import expected_totals, expected_unit_cell, same
from tests.consolidate.readback import area_blocks, sheet_rows

WHEN = dt.datetime(2022, 12, 10, 3, 0, tzinfo=dt.UTC)
ACCEPTED = ("001", "002", "016", "STNMT")  # three districts (quận, quận, huyện) and a department
REJECTED = "003"  # its only file has a typo in a number cell


@pytest.fixture
def submitted(project: Path, hanoi: Review) -> dict[str, Submission]:
    """Real sample workbooks, checked by intake and stored; returns the accepted Submissions."""
    folder = project / "nhan-ve"
    folder.mkdir()
    accepted: dict[str, Submission] = {}
    with open_store(Project(project), hanoi) as store:
        for seed, code in enumerate((*ACCEPTED, REJECTED)):
            path = folder / f"{code}.xlsx"
            mistakes = ["text-in-number"] if code == REJECTED else []
            write_sample(hanoi, hanoi.unit_by_code[code], path, seed=seed, mistakes=mistakes)
            sub = check_file(hanoi, path)
            store.submit(sub, path.read_bytes(), received_at=dt.datetime(2022, 12, 4, 8, 0))
            if sub.verdict.acceptable:
                accepted[code] = sub
    assert sorted(accepted) == sorted(ACCEPTED)
    return accepted


def test_consolidate_reads_the_store_and_writes_the_workbook_in_outputs(
    submitted: dict[str, Submission], project: Path, hanoi: Review
) -> None:
    result = consolidate(Project(project), hanoi, now=WHEN)
    assert result.path == project / "outputs" / hanoi.id / f"tong-hop-{hanoi.id}.xlsx"
    assert sorted(result.dataset.submitted_units) == sorted(ACCEPTED)
    assert flatten(result.findings, ["code"]) == [["units-missing"]]
    assert result.findings[0].params["missing"] == len(hanoi.units) - len(ACCEPTED)

    blocks = area_blocks(result.path)
    for code in ("NM01", "NM03", "XT06", "SH06", "CT04", "KK03", "KK05"):
        for label, years in expected_totals(hanoi, submitted, code).items():
            for year, (value, cover) in years.items():
                assert same(blocks[code].totals[label][year], value), (code, label, year)
                assert blocks[code].coverage[label][year] == cover, (code, label, year)
    names = {u.code: u.name for u in hanoi.units}
    for code in ("001", REJECTED):
        assert same(
            blocks["NM03"].units[names[code]][2022],
            expected_unit_cell(hanoi, submitted, code, "NM03", 2022),
        )
    assert blocks["NM01"].units[names[REJECTED]][2022] == "chưa nộp"

    status = {
        r[1]: r[4] for r in sheet_rows(result.path, "Tình hình nộp")[4:] if isinstance(r[0], int)
    }
    assert (
        status["001"] == "đã nộp"
        and status[REJECTED] == "không hợp lệ"
        and status["004"] == "chưa nộp"
    )


def test_cli_prints_each_step_and_the_output_path(
    submitted: dict[str, Submission], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTGEN_REVIEW", str(HANOI_DIR))
    out = project / "ket-qua" / "th.xlsx"
    result = CliRunner().invoke(main, ["consolidate", "--out", str(out)])
    text = " ".join(result.output.split())
    assert result.exit_code == 0, text
    assert "Traceback" not in text
    assert "Bước 1/4 – Đọc định nghĩa đợt báo cáo" in text
    assert "Bước 3/4 – Tổng hợp số liệu của 4/36 đơn vị" in text
    assert "Đã tổng hợp số liệu của 4/36 đơn vị." in text
    assert "Workbook tổng hợp:" in text and out.name in text
    assert out.is_file()


def test_cli_with_nothing_submitted_says_so_and_still_writes_the_workbook(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTGEN_REVIEW", str(HANOI_DIR))
    result = CliRunner().invoke(main, ["consolidate"])
    text = " ".join(result.output.split())
    assert result.exit_code == 0, text
    assert "Chưa có đơn vị nào nộp báo cáo hợp lệ" in text
    path = project / "outputs" / "nq11-moi-truong" / "tong-hop-nq11-moi-truong.xlsx"
    assert path.is_file()
    assert set(area_blocks(path)["XT06"].units["Quận Ba Đình"].values()) == {"chưa nộp"}


def test_cli_reports_an_unusable_database_in_vietnamese_without_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTGEN_REVIEW", str(HANOI_DIR))
    result = CliRunner().invoke(main, ["consolidate", "--db", "khong-phai-url://"])
    assert result.exit_code == 7, result.output
    assert "Traceback" not in result.output and "Không mở được cơ sở dữ liệu" in result.output
