"""Review × Unit → a blank input workbook (.xlsx) that the unit fills and sends back.

:func:`layout_for` says where every input cell is (the contract with intake);
:func:`write_workbook` writes one unit's workbook (blank, prefilled, or annotated with marks
and a findings sheet); :func:`make_blanks` writes one protected, validated workbook per unit
plus a ZIP of them all.
"""

from reportgen.blank.layout import CellKind, InputCell, WorkbookLayout, layout_for
from reportgen.blank.workbook import (
    BlankResult,
    CellMark,
    FrontRow,
    FrontSheet,
    UnknownUnitError,
    blank_file_name,
    make_blanks,
    write_workbook,
)

__all__ = [
    "BlankResult",
    "CellKind",
    "CellMark",
    "FrontRow",
    "FrontSheet",
    "InputCell",
    "UnknownUnitError",
    "WorkbookLayout",
    "blank_file_name",
    "layout_for",
    "make_blanks",
    "write_workbook",
]
