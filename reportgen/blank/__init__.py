"""Review × Unit → a blank input workbook (.xlsx) that the unit fills and sends back.

:func:`layout_for` says where every input cell is (the contract with intake);
:func:`write_workbook` writes one unit's workbook (blank, prefilled, or annotated with marks
and a findings sheet); :func:`make_blanks` writes one protected, validated workbook per unit
plus a ZIP of them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.blank.layout import CellKind, InputCell, WorkbookLayout, layout_for

if TYPE_CHECKING:
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

_WRITER = frozenset(__all__) - {"CellKind", "InputCell", "WorkbookLayout", "layout_for"}


def __getattr__(name: str) -> Any:
    """The writer (xlsxwriter) is imported on first use: reading a file needs only the layout."""
    if name in _WRITER:
        from reportgen.blank import workbook

        return getattr(workbook, name)
    raise AttributeError(f"module 'reportgen.blank' has no attribute {name!r}")
