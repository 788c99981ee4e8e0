"""Cell styles of the blank workbook, made once per workbook and shared by every sheet.

xlsxwriter formats cannot be changed once used, and every distinct look needs its own
format object; :class:`Styles` hands out one format per distinct set of properties, so a
red error mark on a percent input cell is "input + percent + error" without a combinatorial
list of named formats.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

__all__ = ["FILLS", "NUMBER_FORMATS", "Styles"]

FONT = "Times New Roman"  # the official documents' font; renders Vietnamese everywhere
FILLS = {
    "input": "#FFF9E0",  # light cream: "type here"
    "locked": "#E7E6E6",  # grey: year not asked / computed
    "header": "#DCE6F1",
    "area": "#F2F2F2",
    "error": "#FF9C9C",
    "warning": "#FFEB84",
}
NUMBER_FORMATS = {
    "integer": "#,##0",
    "decimal": "#,##0.0##",
    "percent": "0.0%",
    "date": "dd/mm/yyyy",
    "text": "@",
}

_BASE: dict[str, Any] = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}

# Named looks; callers combine a name with extra properties.
_NAMED: dict[str, dict[str, Any]] = {
    "plain": {},
    "wrap": {"text_wrap": True, "valign": "top"},
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"italic": True},
    "bold": {"bold": True},
    "note": {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
    "header": {
        "bold": True,
        "text_wrap": True,
        "align": "center",
        "border": 1,
        "bg_color": FILLS["header"],
    },
    "cell": {"border": 1, "text_wrap": True},
    "area": {"bold": True, "border": 1, "bg_color": FILLS["area"], "text_wrap": True},
    "locked": {"border": 1, "bg_color": FILLS["locked"]},
    "input": {"border": 1, "locked": False, "bg_color": FILLS["input"]},
    "link": {"font_color": "#0563C1", "underline": 1},
}


class Styles:
    """One xlsxwriter format per distinct set of properties, created on first use."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}

    def get(self, name: str = "plain", **extra: Any) -> Format:
        """The format named ``name`` (see ``_NAMED``) with ``extra`` properties on top."""
        props = {**_BASE, **_NAMED[name], **extra}
        return self.of(props)

    def marked(self, fmt_props: Mapping[str, Any], severity: str) -> Format:
        """``fmt_props`` with the fill of an error or warning mark."""
        return self.of({**fmt_props, "bg_color": FILLS.get(severity, FILLS["warning"])})

    def props(self, name: str = "plain", **extra: Any) -> dict[str, Any]:
        """The properties ``get`` would use, for callers that derive marked variants."""
        return {**_BASE, **_NAMED[name], **extra}

    def of(self, props: Mapping[str, Any]) -> Format:
        """The format with exactly these properties."""
        key = tuple(sorted(props.items()))
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self._workbook.add_format(dict(props))
            self._cache[key] = fmt
        return fmt
