"""Justifications → the Dataset and the consolidated workbook's "Giải trình" sheet (real store)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from reportgen.consolidate import build_dataset, consolidate, read_dataset
from reportgen.consolidate.justified import SHEET
from reportgen.definition import Review
from reportgen.project import Project
from reportgen.store import open_store
from tests.justified_store import (
    AT_FORMULA,
    HOSTILE,
    OLD_TEXT,
    PLUS_PHONE,
    send_sample,
    store_justified,
)

WHEN = dt.datetime(2022, 12, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def workbook(project: Path, hanoi: Review) -> tuple[Path, dt.datetime]:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    store_justified(project, hanoi)
    return consolidate(Project(project), hanoi, now=WHEN).path, before


def _rows(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)[SHEET]
    header = [c.value for c in ws[4]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(5)]


def test_the_sheet_has_one_row_per_justification_of_the_counting_versions(
    workbook: tuple[Path, dt.datetime],
) -> None:
    path, before = workbook
    rows = _rows(path)
    assert [(r["Mã đơn vị"], r["Ô"], r["Giải trình"]) for r in rows] == [
        ("001", "Chỉ tiêu!K18", HOSTILE),
        ("001", "Chỉ tiêu!K30", AT_FORMULA),
        ("002", "Chỉ tiêu!K30", PLUS_PHONE),  # version 2 counts; version 1's text is gone
    ]
    first, second, third = rows
    assert first["Đơn vị"] == "Quận Ba Đình" and first["Phiên bản"] == 1
    assert str(first["Chỉ tiêu"]).startswith("XT07 — ") and first["Năm"] == 2022
    assert first["Cảnh báo"] == (
        "Ô Chỉ tiêu!K18: '1.234,5' được nhập dạng chữ, đã đọc thành 1.234,5. Hãy kiểm tra lại."
    )
    assert first["Số liệu của đơn vị"] == 1234.5  # the unit's value, as a number
    assert second["Số liệu của đơn vị"] == 0.95  # a percent as a fraction (shown 95,0%)
    assert first["Người viết"] == "001" and second["Người viết"] == "ke-toan"
    assert third["Phiên bản"] == 2 and third["Đơn vị"] == "Quận Hoàn Kiếm"
    # Written just now, shown in Vietnam time (UTC+7) as a naive date-time cell.
    written = first["Thời điểm viết"]
    assert isinstance(written, dt.datetime) and written.tzinfo is None
    local_before = (before + dt.timedelta(hours=7)).replace(tzinfo=None)
    assert local_before <= written <= local_before + dt.timedelta(minutes=5)
    assert OLD_TEXT not in {r["Giải trình"] for r in rows}


def test_hostile_text_stays_text_in_the_workbook(workbook: tuple[Path, dt.datetime]) -> None:
    path, _ = workbook
    ws = openpyxl.load_workbook(path)[SHEET]
    texts = {c.value: c for row in ws.iter_rows(5) for c in row if isinstance(c.value, str)}
    for text in (HOSTILE, AT_FORMULA, PLUS_PHONE):
        assert texts[text].data_type == "s"  # a string cell, never "f" (formula)
    formulas = [
        c.coordinate
        for sheet in openpyxl.load_workbook(path).worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert formulas == []


def test_build_dataset_keeps_only_the_counting_versions(project: Path, hanoi: Review) -> None:
    stored = store_justified(project, hanoi)
    with open_store(Project(project), hanoi) as store:
        statuses, counting = store.statuses(hanoi), store.counting(hanoi)
        every = [
            *store.justification_history(stored.old_002),  # version 1 of 002: does not count
            *store.justification_history(stored.new_002),
            *store.justification_history(stored.first_001),
        ]
        from_store = read_dataset(store, hanoi, generated_at=WHEN)
    dataset = build_dataset(hanoi, statuses, counting, generated_at=WHEN, justifications=every)
    # Review order of units, then the order of the findings; the store's latest per finding.
    assert [(n.unit_code, n.location.cell, n.text) for n in dataset.justifications] == [
        ("001", "K18", HOSTILE),
        ("001", "K30", AT_FORMULA),
        ("002", "K30", PLUS_PHONE),
    ]
    assert dataset.justifications == from_store.justifications
    note = dataset.justifications[2]
    assert note.version == 2 and note.submission_id == stored.new_002
    assert note.code == "number-from-text" and note.cell_text == "95 %"
    assert note.message.startswith("Ô Chỉ tiêu!K30: '95 %'")
    assert build_dataset(hanoi, statuses, counting).justifications == ()


def test_no_justification_no_sheet(project: Path, hanoi: Review) -> None:
    # Justifications exist only for warnings: a clean unit leaves the workbook as it was.
    with open_store(Project(project), hanoi) as store:
        send_sample(store, hanoi, "005", 4, ())
    path = consolidate(Project(project), hanoi, now=WHEN).path
    assert SHEET not in openpyxl.load_workbook(path).sheetnames
