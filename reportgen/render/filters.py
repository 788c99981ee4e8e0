"""Jinja filters shared by the DOCX and HTML report templates.

The context is already formatted, so a template rarely needs these; they are here for review
authors who write their own templates (``{{ value | percent }}``). Each is a thin wrapper over
:mod:`reportgen.numbers` or :mod:`reportgen.render.collation`, tolerant of ``None`` and of
values that are already text (a template must not crash on an empty cell).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from reportgen.numbers import (
    format_date_long,
    format_date_short,
    format_number,
    format_percent,
    to_roman,
)
from reportgen.render.collation import vn_sort_key
from reportgen.render.lines import symbols_nobreak_html

__all__ = ["FILTERS", "date_long", "date_short", "number", "percent", "roman", "vn_sort"]

_Number = float | int | Decimal


def _is_number(value: object) -> bool:
    return isinstance(value, _Number) and not isinstance(value, bool)


def number(value: object, decimals: int | None = None) -> str:
    """``1234.5`` → ``1.234,5``; text passes through; None → empty."""
    if value is None:
        return ""
    if _is_number(value):
        return format_number(value, decimals)  # type: ignore[arg-type]
    return str(value)


def percent(value: object, decimals: int = 1) -> str:
    """Percentage points → ``95,2%``; text passes through; None → empty."""
    if value is None:
        return ""
    if _is_number(value):
        return format_percent(value, decimals)  # type: ignore[arg-type]
    return str(value)


def date_long(value: object) -> str:
    """A date → ``ngày 05 tháng 12 năm 2022``."""
    if isinstance(value, dt.date):
        return format_date_long(value)
    return "" if value is None else str(value)


def date_short(value: object) -> str:
    """A date → ``31/5/2017``."""
    if isinstance(value, dt.date):
        return format_date_short(value)
    return "" if value is None else str(value)


def roman(value: object) -> str:
    """``3`` → ``III``; non-positive or non-integers pass through as text."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return to_roman(value)
    return "" if value is None else str(value)


def vn_sort(items: Iterable[Any], attribute: str | None = None) -> list[Any]:
    """Sort in Vietnamese alphabetical order, optionally by an attribute (``| vn_sort('name')``)."""

    def text(item: Any) -> str:
        value = getattr(item, attribute, None) if attribute else item
        if value is None and attribute and isinstance(item, dict):
            value = item.get(attribute)
        return "" if value is None else str(value)

    return sorted(items, key=lambda item: vn_sort_key(text(item)))


FILTERS: dict[str, Callable[..., Any]] = {
    "nobr": symbols_nobreak_html,  # document symbols ("512-KH/BCSĐTNMT") never break
    "number": number,
    "percent": percent,
    "date_long": date_long,
    "date_short": date_short,
    "roman": roman,
    "vn_sort": vn_sort,
}
"""Name → filter, as registered in every report template environment."""
