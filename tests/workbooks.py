"""Build real workbooks from literals, and fill blank workbooks the way a user would.

``workbook_from({"Chỉ tiêu": {"B4": 12, "C4": "1.234,5"}}, path)`` writes an .xlsx with
openpyxl so a test shows its data inline instead of in a binary file.
``fill_blank(blank, {("Chỉ tiêu", "F7"): 1200}, out)`` opens a generated blank workbook with
openpyxl, types values into cells (keeping the cell's format, protection and validation) and
saves a new file — what a unit does in Excel.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import openpyxl

__all__ = ["fill_blank", "workbook_from"]


def workbook_from(sheets: Mapping[str, Mapping[str, object]], path: Path) -> Path:
    """Write a workbook whose sheets hold exactly these cells; returns ``path``.

    Values are stored as given: a str stays text (openpyxl would treat a leading "=" as a
    formula, so such strings are stored with data type "s" explicitly).
    """
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, cells in sheets.items():
        ws = wb.create_sheet(name)
        for address, value in cells.items():
            cell = ws[address]
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def fill_blank(blank_path: Path, values: Mapping[tuple[str, str], object], out: Path) -> Path:
    """Type ``values`` ((sheet, cell) → value) into a copy of a blank workbook; returns ``out``.

    The very hidden metadata sheet, formats, protection and validations are kept (openpyxl
    round-trips them). Percent cells expect fractions (0.95 for 95%), as Excel stores them.
    """
    wb = openpyxl.load_workbook(blank_path)
    for (sheet, address), value in values.items():
        cell = wb[sheet][address]
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
