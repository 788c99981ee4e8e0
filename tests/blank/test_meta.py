"""The very hidden metadata sheet round-trips: read it back, rebuild the layout's input cells."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from reportgen.blank import InputCell, blank_file_name, layout_for
from reportgen.blank.layout import (
    LAYOUT_VERSION,
    META_COLUMNS,
    META_MARKER,
    META_SHEET,
    META_TABLE_ROW,
)
from reportgen.definition import Review
from reportgen.definition.model import Unit


def _read_back(rows: list[list[object]]) -> tuple[dict[str, object], list[InputCell]]:
    assert rows[0][:2] == [META_MARKER, LAYOUT_VERSION]
    meta = {str(r[0]): r[1] for r in rows[1 : META_TABLE_ROW - 1] if r and r[0] not in ("", None)}
    assert [str(v) for v in rows[META_TABLE_ROW - 1][: len(META_COLUMNS)]] == list(META_COLUMNS)
    cells = [
        InputCell.from_row(r[: len(META_COLUMNS)])
        for r in rows[META_TABLE_ROW:]
        if r and r[0] not in ("", None)
    ]
    return meta, cells


def test_calamine_reads_back_the_cell_map_of_the_layout(
    hanoi: Review, district: Unit, blank_dir: Path
) -> None:
    layout = layout_for(hanoi, district)
    book = CalamineWorkbook.from_path(str(blank_dir / blank_file_name(district)))
    rows = book.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False)
    meta, cells = _read_back(rows)
    assert meta == dict(layout.meta)
    assert cells == list(layout.cells)


def test_openpyxl_reads_back_the_same_cell_map_and_sees_the_sheet_very_hidden(
    hanoi: Review, department: Unit, blank_dir: Path
) -> None:
    layout = layout_for(hanoi, department)
    wb = openpyxl.load_workbook(blank_dir / blank_file_name(department))
    ws = wb[META_SHEET]
    assert ws.sheet_state == "veryHidden"
    rows = [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
    meta, cells = _read_back(rows)
    assert meta == dict(layout.meta)
    assert cells == list(layout.cells)
    assert wb.sheetnames[-1] == META_SHEET
