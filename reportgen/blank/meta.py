"""The very hidden sheets: ``_reportgen`` (identity, drop-down lists too long to inline) and
``_reportgen_map`` (the cell map).

Their layout is fixed by :mod:`reportgen.blank.layout` (marker, version, key/value rows;
the map's header in row 1). Choice lists that cannot be written inline in a
validation (over 255 characters, or a choice containing a comma) go in columns from N on,
one list per column.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from reportgen.blank.layout import (
    META_COLUMNS,
    META_MARKER,
    META_SHEET,
    WorkbookLayout,
)

__all__ = ["ChoiceLists", "write_cell_map", "write_meta"]

FIRST_CHOICE_COL = 13  # column N


def write_meta(ws: Worksheet, layout: WorkbookLayout) -> None:
    """Write marker, version and key/value rows (with the map's digest); hide the sheet for good."""
    ws.write_string(0, 0, META_MARKER)
    ws.write_string(0, 1, layout.layout_version)
    for r, (key, value) in enumerate(layout.meta, start=1):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, value)
    ws.very_hidden()


def write_cell_map(ws: Worksheet, layout: WorkbookLayout) -> None:
    """Write the cell map (header, then one row per input cell); hide the sheet for good.

    Its own sheet, so a reader that knows the layout checks ``cell_map`` in the metadata sheet
    and leaves this one unparsed.
    """
    for c, title in enumerate(META_COLUMNS):
        ws.write_string(0, c, title)
    for r, cell in enumerate(layout.cells, start=1):
        for c, field in enumerate(cell.as_row()):
            if isinstance(field, str):
                if field:  # empty fields stay empty cells
                    ws.write_string(r, c, field)
            else:
                ws.write_number(r, c, field)
    ws.very_hidden()


class ChoiceLists:
    """Allocates a column of the metadata sheet per long choice list; returns its range."""

    def __init__(self, ws: Worksheet) -> None:
        self._ws = ws
        self._ranges: dict[tuple[str, ...], str] = {}

    def source(self, choices: tuple[str, ...]) -> str:
        """An absolute reference such as ``='_reportgen'!$N$1:$N$9`` holding ``choices``."""
        found = self._ranges.get(choices)
        if found is None:
            col = FIRST_CHOICE_COL + len(self._ranges)
            for r, choice in enumerate(choices):
                self._ws.write_string(r, col, choice)
            letter = xl_col_to_name(col)
            found = f"='{META_SHEET}'!${letter}$1:${letter}${len(choices)}"
            self._ranges[choices] = found
        return found
