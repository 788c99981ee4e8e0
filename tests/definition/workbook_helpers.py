"""Edit an exported definition workbook the way a clerk does, with openpyxl, cell by cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.definition.sheets import INFO, INFO_ROWS, table_of


def column(sheet: str, key: str) -> str:
    """The column letter of the field ``key`` on ``sheet`` (``Chỉ tiêu``, ``target.value`` → K)."""
    keys = [f.key for f in table_of(sheet).all_fields]
    return get_column_letter(keys.index(key) + 1)


def info_cell(key: str) -> str:
    """The value cell of ``key`` on the Thông tin sheet (``deadline`` → B15)."""
    keys = [r.field.key for r in INFO_ROWS]
    return f"B{keys.index(key) + 2}"


def row_of(ws: Worksheet, code: str, col: str = "A") -> int:
    """The row whose column ``col`` holds ``code``."""
    for cell in ws[col]:
        if cell.value == code:
            return int(cell.row)
    raise AssertionError(f"test set-up: {code!r} not in {ws.title}!{col}")


class Edit:
    """``with Edit(path) as wb: wb["Chỉ tiêu"]["K4"] = 90`` — saved on leaving the block."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wb = openpyxl.load_workbook(path)

    def __enter__(self) -> openpyxl.Workbook:
        return self.wb

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is None:
            self.wb.save(self.path)


def set_info(wb: openpyxl.Workbook, key: str, value: Any) -> str:
    """Type ``value`` into the Thông tin row of ``key``; return the cell."""
    cell = info_cell(key)
    wb[INFO][cell] = value
    return cell


def insert_row(ws: Worksheet, at: int, values: dict[str, Any]) -> None:
    """Insert a row before row ``at`` (shifting the rest down) and fill it: {"A": "NM05", …}."""
    ws.insert_rows(at)
    for col, value in values.items():
        ws[f"{col}{at}"] = value


def append_row(ws: Worksheet, values: dict[str, Any]) -> int:
    """Fill the first empty row below the table; return its number."""
    row = ws.max_row + 1
    for col, value in values.items():
        ws[f"{col}{row}"] = value
    return row
