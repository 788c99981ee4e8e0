"""SheetWriter: every cell of a generated sheet goes through here.

It applies the three things that vary between a blank workbook, a sample and an annotated
copy: the *prefill* value of an input cell, the red/yellow *mark* with its comment, and the
rule that text is always written as text — a value such as ``=SUM(A1)`` or ``-5 hộ`` that
came from a submitted file must never turn into a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from reportgen.blank.styles import NUMBER_FORMATS, Styles

__all__ = ["MAX_CELL_TEXT", "CellMark", "SheetWriter"]

MAX_CELL_TEXT = 32767  # Excel's limit on characters in one cell


@dataclass(frozen=True, slots=True)
class CellMark:
    """A cell to highlight: ``severity`` "error" (red) or "warning" (yellow), ``message`` as a comment."""

    sheet: str
    cell: str
    severity: str
    message: str


class SheetWriter:
    """Writes cells of one worksheet, honouring prefill values and marks for that sheet."""

    def __init__(
        self,
        ws: Worksheet,
        styles: Styles,
        prefill: Mapping[str, object] | None = None,
        marks: Mapping[str, list[CellMark]] | None = None,
    ) -> None:
        self.ws = ws
        self.styles = styles
        self.prefill = dict(prefill or {})
        self.marks = dict(marks or {})
        self._written: set[str] = set()

    # -- static content -------------------------------------------------------------------
    def text(self, cell: str, text: str, name: str = "plain", **extra: Any) -> None:
        """A locked label or heading."""
        self._put(cell, text, self.styles.props(name, **extra))

    def value(self, cell: str, value: object, name: str = "cell", **extra: Any) -> None:
        """A locked value (identity fields, numbering)."""
        self._put(cell, value, self.styles.props(name, **extra))

    def blank(self, cell: str, name: str = "locked", **extra: Any) -> None:
        """A styled empty cell (grey "not asked" cells, borders)."""
        self._put(cell, None, self.styles.props(name, **extra))

    # -- inputs ---------------------------------------------------------------------------
    def input(self, cell: str, num_format: str | None = None, **extra: Any) -> None:
        """An unlocked, shaded input cell holding its prefill value, if any."""
        props = self.styles.props("input", **extra)
        if num_format:
            props["num_format"] = num_format
        self._put(cell, self.prefill.get(cell), props)

    def inputs(self, cells: Iterable[str], num_format: str | None = None, **extra: Any) -> None:
        """Many input cells of one look (a list column): the format is worked out once."""
        props = self.styles.props("input", **extra)
        if num_format:
            props["num_format"] = num_format
        fmt = self.styles.of(props)
        for cell in cells:
            if cell in self.marks:
                self._put(cell, self.prefill.get(cell), props)
                continue
            self._written.add(cell)
            row, col = xl_cell_to_rowcol(cell)
            write_value(self.ws, row, col, self.prefill.get(cell), fmt)

    def merged_input(self, first: str, last: str, **extra: Any) -> None:
        """A merged input block ``first:last``; the value lives in ``first``."""
        props = self.styles.props("input", **extra)
        self._merge(first, last, self.prefill.get(first), props)

    def merged_text(
        self, first: str, last: str, text: str, name: str = "plain", **extra: Any
    ) -> None:
        """A merged locked block of text."""
        self._merge(first, last, text, self.styles.props(name, **extra))

    def formula(
        self, cell: str, formula: str, value: object, name: str = "locked", **extra: Any
    ) -> None:
        """A locked formula we wrote ourselves (never one that came from data)."""
        props = self.styles.props(name, **extra)
        self._written.add(cell)
        row, col = xl_cell_to_rowcol(cell)
        self.ws.write_formula(row, col, formula, self._format(cell, props), value)

    def link(self, cell: str, target_sheet: str, target_cell: str, text: str) -> None:
        """An internal hyperlink to ``target_sheet!target_cell``."""
        self._written.add(cell)
        row, col = xl_cell_to_rowcol(cell)
        quoted = "'" + target_sheet.replace("'", "''") + "'"
        self.ws.write_url(
            row, col, f"internal:{quoted}!{target_cell}", self.styles.get("link"), string=text[:255]
        )

    # -- end ------------------------------------------------------------------------------
    def finish(self) -> None:
        """Write prefilled/marked cells no one wrote yet, then the marks' comments."""
        for cell, value in self.prefill.items():
            if cell not in self._written:
                self._put(cell, value, self.styles.props("plain"))
        for cell in self.marks:
            if cell not in self._written:
                self._put(cell, None, self.styles.props("plain"))
        for cell, marks in self.marks.items():
            message = "\n".join(m.message for m in marks)[:MAX_CELL_TEXT]
            row, col = xl_cell_to_rowcol(cell)
            self.ws.write_comment(
                row, col, message, {"author": "reportgen", "x_scale": 2.5, "y_scale": 1.6}
            )

    # -- internals ------------------------------------------------------------------------
    def _format(self, cell: str, props: dict[str, Any]) -> Any:
        marks = self.marks.get(cell)
        if marks:
            severity = "error" if any(m.severity == "error" for m in marks) else "warning"
            return self.styles.marked(props, severity)
        return self.styles.of(props)

    def _put(self, cell: str, value: object, props: dict[str, Any]) -> None:
        self._written.add(cell)
        row, col = xl_cell_to_rowcol(cell)
        if isinstance(value, dt.date) and "num_format" not in props:
            props = {**props, "num_format": NUMBER_FORMATS["date"]}
        write_value(self.ws, row, col, value, self._format(cell, props))

    def _merge(self, first: str, last: str, value: object, props: dict[str, Any]) -> None:
        r1, c1 = xl_cell_to_rowcol(first)
        r2, c2 = xl_cell_to_rowcol(last)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self._written.add(xl_rowcol_to_cell(r, c))
        fmt = self._format(first, props)
        # merge_range with "" then a typed write keeps text as text (merge_range would parse it)
        self.ws.merge_range(r1, c1, r2, c2, "", fmt)
        write_value(self.ws, r1, c1, value, fmt)


def write_value(ws: Worksheet, row: int, col: int, value: object, fmt: Any) -> None:
    """Write ``value`` with the writer method of its type; text always as a string."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float | Decimal):
        ws.write_number(row, col, float(value), fmt)
    elif isinstance(value, dt.date):
        moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        ws.write_datetime(row, col, moment, fmt)
    else:
        ws.write_string(row, col, str(value)[:MAX_CELL_TEXT], fmt)
