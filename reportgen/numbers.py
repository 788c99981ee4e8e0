"""Vietnamese formatting of numbers, percents and dates (CLDR ``vi`` via Babel).

``1234.5`` → ``1.234,5``; ``95.2`` percentage points → ``95,2%``; a date →
``ngày 05 tháng 12 năm 2022`` (day 1–9 and months 1–2 zero-padded, as official documents write
them). Percent values are *percentage points* everywhere in reportgen (83.2 means 83,2%).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.numbers import format_decimal

__all__ = [
    "format_date_long",
    "format_date_short",
    "format_number",
    "format_percent",
    "place_and_date",
    "to_roman",
]

_LOCALE = "vi"


def format_number(value: float | int | Decimal | None, decimals: int | None = None) -> str:
    """``1234.5`` → ``1.234,5``. ``decimals`` fixes the digits after the comma; None keeps up to 2."""
    if value is None:
        return ""
    if decimals is None:
        pattern = "#,##0.##"
    elif decimals == 0:
        pattern = "#,##0"
    else:
        pattern = "#,##0." + "0" * decimals
    return str(format_decimal(value, format=pattern, locale=_LOCALE))


def format_percent(points: float | int | Decimal | None, decimals: int = 1) -> str:
    """Percentage points → ``95,2%`` (no space before %, as in official documents)."""
    if points is None:
        return ""
    text = format_number(points, decimals)
    if decimals and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text + "%"


def _day(d: dt.date) -> str:
    return f"{d.day:02d}"


def _month(d: dt.date) -> str:
    # Only January and February are written with a leading zero ("tháng 02", "tháng 7").
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def format_date_long(d: dt.date) -> str:
    """``ngày 05 tháng 12 năm 2022``."""
    return f"ngày {_day(d)} tháng {_month(d)} năm {d.year}"


def format_date_short(d: dt.date) -> str:
    """``31/5/2017``, ``22/02/2022``, ``05/9/2026`` (same padding rule as the long form)."""
    return f"{_day(d)}/{_month(d)}/{d.year}"


def place_and_date(place: str, d: dt.date) -> str:
    """``Hà Nội, ngày 15 tháng 12 năm 2022`` — the italic line of a document header."""
    return f"{place}, {format_date_long(d)}"


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def to_roman(n: int) -> str:
    """``4`` → ``IV``: part numbers of a report ("I-", "II." …). Positive integers only."""
    if n <= 0:
        raise ValueError(f"no Roman numeral for {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)
