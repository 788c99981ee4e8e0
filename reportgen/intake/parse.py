"""A raw cell value → a typed value for its input type, leniently, reporting every normalisation.

Nothing changes silently: whenever the value had to be interpreted (a number typed as text, a
date typed as text, ``co`` for ``Có``) the result carries a warning that shows what was read.
What cannot be read with confidence is an error that says what to type instead. The rules are
listed in docs/readme/intake-read.md.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportgen.findings import Finding, Location
from reportgen.messages import make_finding
from reportgen.numbers import (
    ParsedNumber,
    format_date_short,
    format_number,
    format_percent,
    parse_date_vi,
    parse_number,
)

__all__ = [
    "EXCEL_ERRORS",
    "NOT_QUICK",
    "Parsed",
    "clean_text",
    "fold",
    "parse_value",
    "quick_value",
]

EXCEL_ERRORS = frozenset(
    {
        "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA",
        "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
        "#EXTERNAL!", "#N/A!", "Err:502", "Err:504", "Err:508", "Err:511", "Err:522",
    }
)  # fmt: skip

_YES = frozenset({"co", "x", "yes", "y", "true", "dung", "1", "v", "✓", "✔"})
_NO = frozenset({"khong", "k", "no", "n", "false", "sai", "0", "chua"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
# Invisible characters that change a text without changing what the user sees.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Excel serial days for 1954-10-03 .. 2119-01-10: a number there in a date cell is a lost format.
_SERIAL_RANGE = (20_000, 80_000)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True, slots=True)
class Parsed:
    """The typed value (None = empty or unreadable) and what was found on the way."""

    value: object  # float | int | bool | str | datetime.date | None
    findings: tuple[Finding, ...] = ()


def fold(text: str) -> str:
    """Case- and diacritics-insensitive key: ``" Không "`` → ``"khong"``."""
    decomposed = unicodedata.normalize("NFD", text.strip().casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_text(text: str) -> tuple[str, bool]:
    """NFC, outer whitespace trimmed, Windows line ends unified; True when invisible characters
    (zero-width spaces, control characters, soft hyphens) had to be removed.

    NFC and trimming are silent: they never change what the user sees.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _INVISIBLE.sub("", text)
    return cleaned.strip(), cleaned != text


def parse_value(
    raw: object,
    type_: str,
    where: Location,
    *,
    choices: Sequence[str] = (),
    percent_cell: bool = False,
) -> Parsed:
    """Turn ``raw`` (as read by calamine) into a value of the input type ``type_``.

    ``type_`` is an InputCell type: integer, decimal, percent, yes_no, choice, text, date or
    email. ``percent_cell`` says the cell has a percent number format, so a number in it is the
    stored fraction (0.95 → 95 points). Percent values come back in percentage points. Empty
    (None, "", blanks) gives ``Parsed(None)`` with no finding: whether a value is required is
    the validator's business.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Parsed(None)
    if isinstance(raw, str) and raw.strip() in EXCEL_ERRORS:
        return _error("excel-error-value", where, raw.strip())
    if type_ in ("integer", "decimal", "percent"):
        return _number(raw, type_, where, percent_cell)
    if type_ == "yes_no":
        return _yes_no(raw, where)
    if type_ == "choice":
        return _choice(raw, where, choices)
    if type_ == "date":
        return _date(raw, where)
    text, changed = _as_text(raw)
    findings: list[Finding] = []
    if changed:
        findings.append(
            make_finding(
                "text-normalised",
                where,
                value=text,
                detail="ký tự ẩn (khoảng trắng không độ rộng, ký tự điều khiển)",
                detail_en="invisible characters (zero-width spaces, control characters)",
            )
        )
    if type_ == "email" and text and not _EMAIL.fullmatch(text):
        findings.append(make_finding("bad-email", where, value=text))
    return Parsed(text or None, tuple(findings))


def _error(code: str, where: Location, value: object, **params: Any) -> Parsed:
    return Parsed(None, (make_finding(code, where, value=value, **params),))


def _shown(raw: object) -> str:
    """How a raw value is quoted back to the user."""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float | int):
        return format_number(raw, None)
    if isinstance(raw, dt.datetime):
        return format_date_short(raw.date())
    if isinstance(raw, dt.date):
        return format_date_short(raw)
    return str(raw)


def _as_text(raw: object) -> tuple[str, bool]:
    if isinstance(raw, str):
        return clean_text(raw)
    if isinstance(raw, bool):
        return ("Có" if raw else "Không"), False
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw)), False  # phone numbers, codes typed into a text cell
    if isinstance(raw, dt.datetime | dt.date):
        return _shown(raw), False
    return str(raw), False


NOT_QUICK = object()
""":func:`quick_value`'s answer when only :func:`parse_value` can tell."""


def quick_value(
    raw: object, type_: str, percent_cell: bool = False, choices: Sequence[str] = ()
) -> object:
    """:func:`parse_value`'s value for the common cases that give no finding, without building
    a location: a finite number read from a number cell, a text without invisible characters
    in a text cell, a date read as a date from a date cell, one of ``choices`` exactly in a
    choice cell. Anything else is :data:`NOT_QUICK`.

    A file holds some 160 input cells, most of them plain numbers; this keeps their check to a
    type test (``tests/intake/test_parse.py`` holds it to ``parse_value`` on every kind of value).
    """
    cls = raw.__class__
    if cls is str and (type_ == "text" or type_ == "choice"):
        text: str = raw  # type: ignore[assignment]
        stripped = text.strip()
        if not stripped or stripped in EXCEL_ERRORS:
            return NOT_QUICK
        cleaned, changed = clean_text(text)
        if changed or (type_ == "choice" and cleaned not in choices):
            return NOT_QUICK
        return cleaned
    if type_ == "date":  # calamine gives a date for a cell with a date format
        if cls is dt.datetime:
            return raw.date()  # type: ignore[attr-defined]
        return raw if cls is dt.date else NOT_QUICK
    if cls is not float and cls is not int:  # bool, other texts, dates: the full parse
        return NOT_QUICK
    number: float = raw  # type: ignore[assignment]
    if not math.isfinite(number):
        return NOT_QUICK
    if type_ == "decimal":
        return raw
    if type_ == "integer":
        return int(number) if cls is int or number.is_integer() else NOT_QUICK
    if type_ == "percent":
        if not percent_cell:
            return float(number)
        return float(round(number * 100, 10)) if number <= 1 else NOT_QUICK
    return NOT_QUICK


# -- numbers -----------------------------------------------------------------------------------


def _number(raw: object, type_: str, where: Location, percent_cell: bool) -> Parsed:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return _error("not-a-number", where, _shown(raw))
    if isinstance(raw, str):
        return _number_from_text(raw, type_, where)
    if not math.isfinite(raw):
        return _error("not-a-number", where, _shown(raw))
    value: int | float = raw
    if type_ == "percent":
        if percent_cell:
            if raw > 1:
                return _error(
                    "percent-over-100",
                    where,
                    format_percent(raw * 100),
                    reading_a=format_percent(raw * 100),
                    reading_b=format_percent(raw),
                    example=format_percent(raw),
                )
            value = round(raw * 100, 10)
        return Parsed(float(value))
    return _integral(value, type_, where, raw, ())


def _integral(
    value: int | float,
    type_: str,
    where: Location,
    shown: object,
    findings: tuple[Finding, ...],
) -> Parsed:
    if type_ != "integer":
        return Parsed(value, findings)
    if isinstance(value, float) and not value.is_integer():
        # Formatting is only paid for on the error path: it costs more than the whole check.
        text = shown if isinstance(shown, str) else _shown(shown)
        return _error("not-an-integer", where, text, example=format_number(round(value), 0))
    return Parsed(int(value), findings)


def _number_from_text(raw: str, type_: str, where: Location) -> Parsed:
    shown = raw.strip()
    parsed = parse_number(raw)
    if parsed.value is None:
        return _error("not-a-number", where, shown)
    value: int | float = parsed.value
    if parsed.ambiguous:
        assert parsed.alternative is not None
        resolved = _resolve_ambiguity(parsed, type_)
        if resolved is None:
            return _ambiguous_separator(parsed, where, shown)
        value = resolved
        mark = "dấu chấm" if "." in shown else "dấu phẩy"
        parsed = ParsedNumber(
            value,
            normalised=True,
            note=f"{mark} được hiểu là dấu ngăn cách hàng nghìn",
            note_en="read as a thousands separator",
            percent=parsed.percent,
        )
    if type_ == "percent":
        if not parsed.percent and 0 < value <= 1:
            return _error(
                "ambiguous-number",
                where,
                shown,
                reading_a=format_percent(value, 2),
                reading_b=format_percent(value * 100, 2),
                hint="Hãy nhập kèm dấu %, ví dụ 95%.",
                hint_en="Type the value with a % sign, e.g. 95%.",
            )
        reading = format_percent(value, 2)
        return Parsed(float(value), (_from_text(where, shown, reading, parsed),))
    if parsed.percent:  # "12%" in a number cell: the % is noise, say so
        parsed = ParsedNumber(value, normalised=True, note="bỏ dấu %", note_en="% sign dropped")
    if type_ == "integer" and isinstance(value, float) and not value.is_integer():
        return _error("not-an-integer", where, shown, example=format_number(round(value), 0))
    reading = format_number(value, None)
    return _integral(value, type_, where, shown, (_from_text(where, shown, reading, parsed),))


def _resolve_ambiguity(parsed: ParsedNumber, type_: str) -> int | None:
    """In an integer cell only the thousands reading of ``1.234`` / ``11,000`` makes sense.

    ``11.000`` typed for eleven is not how anyone writes a whole number, so the whole
    thousands reading (11000) is taken, with a warning that says how it was read.
    """
    if type_ != "integer":
        return None
    readings = [v for v in (parsed.value, parsed.alternative) if v is not None]
    thousands = max(readings)
    return int(thousands) if float(thousands).is_integer() else None


def _ambiguous_separator(parsed: ParsedNumber, where: Location, shown: str) -> Parsed:
    assert parsed.value is not None and parsed.alternative is not None
    thousands, small = sorted((parsed.value, parsed.alternative), reverse=True)
    if float(small).is_integer():  # "11.000": eleven thousand or eleven, never "a decimal"
        typed_small = format_number(int(small), 0)
        reading_b = typed_small
        hint_b = f"nếu là {typed_small} hãy nhập {typed_small}"
    else:
        typed_small = format_number(small, 3)
        reading_b = f"{typed_small} (số thập phân)"
        hint_b = f"nếu là số thập phân hãy nhập {typed_small} (dấu phẩy là dấu thập phân)"
    return _error(
        "ambiguous-number",
        where,
        shown,
        reading_a=f"{format_number(thousands, 0)} (số nguyên)",
        reading_b=reading_b,
        hint=f"Nếu là số nguyên {format_number(thousands, 0)} hãy nhập {int(thousands)} (không có "
        f"dấu chấm, dấu phẩy); {hint_b}.",
        hint_en=f"Type {int(thousands)} for the whole number, or {typed_small} "
        "(comma as the decimal mark) for the smaller one.",
    )


def _from_text(where: Location, shown: str, reading: str, parsed: ParsedNumber) -> Finding:
    return make_finding(
        "number-from-text",
        where,
        value=shown,
        reading=reading,
        note=f" ({parsed.note})" if parsed.note else "",
        note_en=f" ({parsed.note_en})" if parsed.note_en else "",
    )


# -- yes/no, choice, date ----------------------------------------------------------------------


def _yes_no(raw: object, where: Location) -> Parsed:
    if isinstance(raw, bool):
        return Parsed(raw)
    if isinstance(raw, str):
        text, _ = clean_text(raw)
        if text in ("Có", "Không"):
            return Parsed(text == "Có")
        key = fold(text)
    elif isinstance(raw, int | float) and raw in (0, 1):
        key = str(int(raw))
    else:
        return _error("bad-yes-no", where, _shown(raw))
    if key in _YES or key in _NO:
        answer = key in _YES
        reading = "Có" if answer else "Không"
        finding = make_finding(
            "value-normalised", where, value=_shown(raw).strip(), reading=reading
        )
        return Parsed(answer, (finding,))
    return _error("bad-yes-no", where, _shown(raw).strip())


def _choice(raw: object, where: Location, choices: Sequence[str]) -> Parsed:
    text, _ = _as_text(raw)
    listed = ", ".join(f"'{c}'" for c in choices)
    if text in choices:
        return Parsed(text)
    matches = [c for c in choices if fold(c) == fold(text)]
    if len(matches) == 1:
        finding = make_finding("value-normalised", where, value=text, reading=matches[0])
        return Parsed(matches[0], (finding,))
    return _error("choice-not-in-list", where, text, choices=listed)


def _date(raw: object, where: Location) -> Parsed:
    if isinstance(raw, dt.datetime):
        return Parsed(raw.date())
    if isinstance(raw, dt.date):
        return Parsed(raw)
    day: dt.date | None = None
    if isinstance(raw, str):
        day = parse_date_vi(raw)
    elif isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
        if _SERIAL_RANGE[0] <= raw <= _SERIAL_RANGE[1] and float(raw).is_integer():
            day = _EXCEL_EPOCH + dt.timedelta(days=int(raw))
    if day is None:
        return _error("bad-date", where, _shown(raw).strip())
    finding = make_finding(
        "date-from-text", where, value=_shown(raw).strip(), reading=format_date_short(day)
    )
    return Parsed(day, (finding,))
