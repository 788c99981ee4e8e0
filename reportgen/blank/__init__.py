"""Review × Unit → a blank input workbook (.xlsx) that the unit fills and sends back.

:func:`layout_for` says where every input cell is (the contract with intake);
:func:`make_blanks` writes one protected, validated workbook per unit plus a ZIP of them all.
"""

from reportgen.blank.layout import CellKind, InputCell, WorkbookLayout, layout_for

__all__ = ["CellKind", "InputCell", "WorkbookLayout", "layout_for", "make_blanks"]


def make_blanks(*args: object, **kwargs: object) -> object:  # replaced by blank.workbook
    """Write blank workbooks (implemented in :mod:`reportgen.blank.workbook`)."""
    from reportgen.blank.workbook import make_blanks as _make

    return _make(*args, **kwargs)  # type: ignore[arg-type]
