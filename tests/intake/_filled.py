"""Filled workbooks for the intake tests: the real blank, typed into with openpyxl like a user.

``filled(tmp_path, review, unit, {("Chỉ tiêu", "K10"): "abc"})`` writes the unit's blank with the
real writer, types the sample values (``reportgen.demo.samples``) plus the changes into it with
:func:`tests.workbooks.fill_blank`, optionally edits the workbook further (delete a row, add a
sheet…) and returns the path. ``CLEAR`` as a value empties a cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import openpyxl

from reportgen.blank import blank_file_name
from reportgen.blank.layout import SHEETS, layout_for
from reportgen.blank.workbook import write_workbook
from reportgen.definition.model import Review, Unit
from reportgen.demo.samples import sample_values
from tests import libreoffice
from tests.workbooks import fill_blank

CLEAR = object()
IND = SHEETS.indicators
INFO = SHEETS.info
NARR = SHEETS.narrative


def blank(tmp_path: Path, review: Review, unit: Unit) -> Path:
    """The unit's blank workbook, written once per test folder."""
    path = tmp_path / "blanks" / blank_file_name(unit)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_workbook(review, unit, path)
    return path


def filled(
    tmp_path: Path,
    review: Review,
    unit: Unit,
    changes: Mapping[tuple[str, str], object] | None = None,
    *,
    name: str = "filled.xlsx",
    seed: int = 1,
    edit: Callable[[openpyxl.Workbook], None] | None = None,
    sample: bool = True,
) -> Path:
    """A workbook of ``unit`` filled with sample values plus ``changes``; see the module doc."""
    values: dict[tuple[str, str], object] = (
        dict(sample_values(review, unit, seed)) if sample else {}
    )
    for key, value in (changes or {}).items():
        if value is CLEAR:
            values.pop(key, None)
        else:
            values[key] = value
    out = fill_blank(blank(tmp_path, review, unit), values, tmp_path / name)
    if edit is not None:
        wb = openpyxl.load_workbook(out)
        edit(wb)
        wb.save(out)
    return out


def cell_of(review: Review, unit: Unit, indicator: str, year: int) -> str:
    """The address of an indicator's input cell for ``year``."""
    found = layout_for(review, unit).cell_of(indicator, year)
    assert found is not None, (indicator, year)
    return found.cell


def convert(paths: Path | list[Path], to: str, out_dir: Path) -> list[Path]:
    """Re-save ``paths`` through LibreOffice headless as ``to`` (xlsx, ods, xls), in one run."""
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods", "xls": "xls:MS Excel 97"}
    return libreoffice.convert(paths, filters[to], out_dir)
