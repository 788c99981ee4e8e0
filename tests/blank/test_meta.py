"""The very hidden metadata sheets round-trip: read them back, rebuild the layout's input cells."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from reportgen.blank import InputCell, blank_file_name, layout_for
from reportgen.blank.layout import (
    LAYOUT_VERSION,
    MAP_SHEET,
    META_COLUMNS,
    META_MARKER,
    META_SHEET,
    map_digest,
)
from reportgen.definition import Review
from reportgen.definition.model import Unit


def _read_back(
    meta_rows: list[list[object]], map_rows: list[list[object]]
) -> tuple[dict[str, object], list[InputCell]]:
    assert meta_rows[0][:2] == [META_MARKER, LAYOUT_VERSION]
    meta = {str(r[0]): r[1] for r in meta_rows[1:] if r and r[0] not in ("", None)}
    assert [str(v) for v in map_rows[0][: len(META_COLUMNS)]] == list(META_COLUMNS)
    cells = [
        InputCell.from_row(r[: len(META_COLUMNS)])
        for r in map_rows[1:]
        if r and r[0] not in ("", None)
    ]
    return meta, cells


def test_calamine_reads_back_the_cell_map_of_the_layout_and_its_digest(
    hanoi: Review, district: Unit, blank_dir: Path
) -> None:
    layout = layout_for(hanoi, district)
    book = CalamineWorkbook.from_path(str(blank_dir / blank_file_name(district)))
    meta, cells = _read_back(
        book.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False),
        book.get_sheet_by_name(MAP_SHEET).to_python(skip_empty_area=False),
    )
    assert meta == dict(layout.meta)
    assert cells == list(layout.cells)
    # the digest in the metadata sheet is the digest of the map as any reader reads it back
    assert meta["cell_map"] == map_digest(cells) == layout.cell_map


def test_openpyxl_reads_back_the_same_cell_map_and_sees_both_sheets_very_hidden(
    hanoi: Review, department: Unit, blank_dir: Path
) -> None:
    layout = layout_for(hanoi, department)
    wb = openpyxl.load_workbook(blank_dir / blank_file_name(department))

    def rows(name: str) -> list[list[object]]:
        assert wb[name].sheet_state == "veryHidden"
        return [
            ["" if v is None else v for v in row] for row in wb[name].iter_rows(values_only=True)
        ]

    meta, cells = _read_back(rows(META_SHEET), rows(MAP_SHEET))
    assert meta == dict(layout.meta)
    assert cells == list(layout.cells)
    assert wb.sheetnames[-2:] == [META_SHEET, MAP_SHEET]


def test_the_digest_changes_with_any_field_of_the_map(hanoi: Review, district: Unit) -> None:
    cells = list(layout_for(hanoi, district).cells)
    moved = [replace(cells[0], cell="Z99"), *cells[1:]]
    optional = [replace(cells[0], required=not cells[0].required), *cells[1:]]
    digests = {map_digest(cells), map_digest(moved), map_digest(optional), map_digest(cells[1:])}
    assert len(digests) == 4
