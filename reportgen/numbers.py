"""Vietnamese formatting and lenient parsing of numbers, percents and dates (CLDR ``vi``, Babel).

``1234.5`` → ``1.234,5``; ``95.2`` percentage points → ``95,2%``; a date →
``ngày 05 tháng 12 năm 2022`` (day 1–9 and months 1–2 zero-padded, as official documents write
them). Percent values are *percentage points* everywhere in reportgen (83.2 means 83,2%).
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

__all__ = [
    "VIETNAM",
    "ParsedNumber",
    "format_date_long",
    "format_date_short",
    "format_number",
    "format_percent",
    "place_and_date",
    "round_half_away",
    "to_roman",
    "to_vietnam",
]

_LOCALE = "vi"


VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
"""Every date and time a user sees is in this zone (no summer time since 1975)."""


def to_vietnam(moment: dt.datetime) -> dt.datetime:
    """An aware time in Vietnam time; a naive one is taken as Vietnam time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(VIETNAM)


def round_half_away(value: float | int | Decimal, decimals: int) -> Decimal:
    """``value`` rounded to ``decimals`` digits, ties away from zero: the rule of every output.

    Excel and LibreOffice round a displayed cell this way (0,35 → 0,4; 2,25 → 2,3; 81,25 →
    81,3), and they round the value as its 15 significant digits show it, not its binary
    expansion (0,35 is 0,34999… in binary). Doing the same here is what keeps a figure in the
    report equal to the same figure in the consolidated workbook.
    """
    if isinstance(value, float):
        exact = Decimal(format(value, ".15g"))
    else:
        exact = Decimal(value)
    # Room for every digit: a unit may type 1e300, which the default 28-digit context refuses.
    with decimal.localcontext() as context:
        context.prec = 400
        return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: float | int | Decimal | None, decimals: int | None = None) -> str:
    """``1234.5`` → ``1.234,5``. ``decimals`` fixes the digits after the comma; None keeps up to 2.

    Rounding is half away from zero (:func:`round_half_away`), done once here on the value as
    given: callers pass the unrounded value.
    """
    if value is None:
        return ""
    if decimals is None:
        pattern = "#,##0.##"
        rounded = round_half_away(value, 2)
    elif decimals == 0:
        pattern = "#,##0"
        rounded = round_half_away(value, 0)
    else:
        pattern = "#,##0." + "0" * decimals
        rounded = round_half_away(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # -0,0 is not a figure anyone writes
    with decimal.localcontext() as context:
        context.prec = 400  # Babel formats in the current context: 28 digits would refuse 1e300
        return str(format_decimal(rounded, format=pattern, locale=_LOCALE))


def format_percent(points: float | int | Decimal | None, decimals: int = 1) -> str:
    """Percentage points → ``95,2%`` (no space before %, as in official documents).

    A trailing ``,0`` is dropped (``95%``, as targets are written); the value is the same to
    the digit shown as the workbook's ``95,0%``.
    """
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


# -- parsing -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """What :func:`parse_number` made of a text.

    ``value`` is None when the text is not a number. When ``ambiguous`` is True the text has
    two readings: ``value`` is the Vietnamese one (``.`` groups thousands, ``,`` is the
    decimal mark) and ``alternative`` the other. ``normalised`` is True when the text needed
    more than Vietnamese digits and separators (full-width digits, a leading apostrophe, spaces
    between thousands, an English-style decimal point...); ``note`` says what, in Vietnamese,
    ``note_en`` in English. ``percent`` is True when the text ended with ``%`` (the value is
    then the number before it, in percentage points).
    """

    value: int | float | None
    ambiguous: bool = False
    normalised: bool = False
    note: str = ""
    note_en: str = ""
    alternative: int | float | None = None
    percent: bool = False


_SPACED_GROUPS = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_NUMBER_BODY = re.compile(r"\d*(?:[.,]\d+)*")
_ONE_SEPARATOR = re.compile(r"(\d*)([.,])(\d+)")


def _to_number(d: Decimal, fractional: bool) -> int | float:
    return float(d) if fractional or d != d.to_integral_value() else int(d)


def _strict(body: str, locale: str) -> Decimal | None:
    try:
        return parse_decimal(body, locale=locale, strict=True)
    except NumberFormatError:
        return None


def parse_number(text: str) -> ParsedNumber:
    """Read a number typed as text, Vietnamese first: ``1.234,5`` → 1234.5.

    Tolerated (``normalised``): full-width digits, non-breaking/thin spaces, a leading
    apostrophe, spaces between thousands (``1 234,5``), English separators when unambiguous
    (``1,234.5``, ``12.5``), a trailing ``%``. A single separator followed by exactly three
    digits (``1.234``, ``1,234``) is ``ambiguous``. Anything else (``khoảng 120``, ``N/A``)
    gives ``value=None``.
    """
    notes: list[tuple[str, str]] = []
    cleaned = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    if cleaned != text.strip():
        notes.append(("bỏ ký tự đặc biệt", "special characters removed"))
    if cleaned.startswith("'"):
        cleaned = cleaned[1:].strip()
        notes.append(("bỏ dấu ' ở đầu", "leading apostrophe removed"))
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1].rstrip()
    sign = ""
    if cleaned[:1] in "+-" and cleaned:
        sign, cleaned = ("-" if cleaned[0] == "-" else ""), cleaned[1:].lstrip()
    if " " in cleaned:
        if not _SPACED_GROUPS.fullmatch(cleaned):
            return ParsedNumber(None)
        cleaned = cleaned.replace(" ", "")
        notes.append(("bỏ dấu cách giữa các chữ số", "spaces between digits removed"))
    if len(cleaned) > 40 or not cleaned or not _NUMBER_BODY.fullmatch(cleaned):
        return ParsedNumber(None)
    if cleaned[0] in ".,":
        cleaned = "0" + cleaned
    value, alternative = _read_body(cleaned, notes)
    if value is None:
        return ParsedNumber(None)
    if sign:
        value = -value
        alternative = None if alternative is None else -alternative
    return ParsedNumber(
        value,
        ambiguous=alternative is not None,
        normalised=bool(notes),
        note="; ".join(vi for vi, _ in notes),
        note_en="; ".join(en for _, en in notes),
        alternative=alternative,
        percent=percent,
    )


def _read_body(
    body: str, notes: list[tuple[str, str]]
) -> tuple[int | float | None, int | float | None]:
    """(value, alternative reading) of digits with ``.``/``,`` separators."""
    dots, commas = body.count("."), body.count(",")
    if not dots and not commas:
        return int(body), None
    if dots and commas:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        if decimal_mark == ".":
            notes.append(
                ("hiểu theo kiểu tiếng Anh: dấu chấm là dấu thập phân", "read English-style")
            )
        parsed = _strict(body, "vi" if decimal_mark == "," else "en")
        return (None if parsed is None else _to_number(parsed, True)), None
    separator = "." if dots else ","
    if dots > 1 or commas > 1:  # only thousands groups: 1.234.567
        if separator == ",":
            notes.append(
                ("dấu phẩy được hiểu là dấu ngăn cách hàng nghìn", "commas read as thousands")
            )
        parsed = _strict(body, "vi" if separator == "." else "en")
        return (None if parsed is None else _to_number(parsed, False)), None
    match = _ONE_SEPARATOR.fullmatch(body)
    assert match is not None  # the body pattern guarantees digits around one separator
    whole, fraction = match.group(1), match.group(3)
    as_decimal = _to_number(Decimal(f"{whole}.{fraction}"), True)
    could_be_thousands = len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
    if could_be_thousands:
        as_thousands = int(whole + fraction)
        if separator == ".":
            return as_thousands, as_decimal  # Vietnamese: the dot groups thousands
        return as_decimal, as_thousands
    if separator == ".":
        notes.append(("dấu chấm được hiểu là dấu thập phân", "the dot read as a decimal point"))
    return as_decimal, None


_DATE_WORDS = re.compile(r"(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})")
_DATE_DMY = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?")


def parse_date_vi(text: str) -> dt.date | None:
    """A date typed as text: ``05/12/2022``, ``5/12/2022``, ``5-12-2022``, ``5.12.2022``,
    ``ngày 5 tháng 12 năm 2022``, ``2022-12-05``. None when it is not one, or not a real date
    (``31/02/2022``). Day first, always (Vietnamese order); two-digit years are refused.
    """
    cleaned = " ".join(unicodedata.normalize("NFKC", text).lower().split())
    cleaned = unicodedata.normalize("NFC", cleaned)
    if match := _DATE_WORDS.fullmatch(cleaned):
        day, month, year = match.groups()
    elif match := _DATE_DMY.fullmatch(cleaned):
        day, _, month, year = match.groups()
    elif match := _DATE_ISO.fullmatch(cleaned):
        year, month, day = match.groups()
    else:
        return None
    if not 1900 <= int(year) <= 2199:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
