"""Lenient parsing of numbers and dates typed as text (reportgen.numbers.parse_*)."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.numbers import format_number, format_percent, parse_date_vi, parse_number


@pytest.mark.parametrize(
    ("text", "value", "normalised"),
    [
        ("1234", 1234, False),
        ("1.234,5", 1234.5, False),
        ("12,5", 12.5, False),
        ("0,123", 0.123, False),  # a leading 0 cannot start a thousands group
        ("1.234.567", 1234567, False),
        ("-12,5", -12.5, False),
        (",5", 0.5, False),
        ("1 234,5", 1234.5, True),
        ("1\u00a0234,5", 1234.5, True),  # non-breaking space
        ("1\u2009234,5", 1234.5, True),  # thin space
        ("1,234.5", 1234.5, True),  # English style, unambiguous
        ("1,234,567", 1234567, True),
        ("12.5", 12.5, True),  # a dot before 1, 2 or 4+ digits can only be a decimal point
        ("'123", 123, True),
        ("１２３", 123, True),  # full-width digits
        ("\u22123", -3, True),  # Unicode minus sign
    ],
)
def test_number_text_is_read_vietnamese_first(text: str, value: float, normalised: bool) -> None:
    parsed = parse_number(text)
    assert (parsed.value, parsed.ambiguous, parsed.normalised) == (value, False, normalised)


def test_a_whole_number_comes_back_as_int_and_a_decimal_as_float() -> None:
    assert isinstance(parse_number("1.234.567").value, int)
    assert isinstance(parse_number("12,0").value, float)


@pytest.mark.parametrize(
    ("text", "value", "alternative"), [("1.234", 1234, 1.234), ("1,234", 1.234, 1234)]
)
def test_one_separator_before_three_digits_is_ambiguous(
    text: str, value: float, alternative: float
) -> None:
    parsed = parse_number(text)
    assert (parsed.value, parsed.ambiguous, parsed.alternative) == (value, True, alternative)


@pytest.mark.parametrize(("text", "value"), [("95%", 95), ("95 %", 95), ("12,5%", 12.5)])
def test_a_trailing_percent_sign_is_noted(text: str, value: float) -> None:
    parsed = parse_number(text)
    assert (parsed.value, parsed.percent) == (value, True)


@pytest.mark.parametrize(
    "text", ["khoảng 120", "N/A", "", "-", "1.23,4", "12.345.67", "1e5", "12 34", "abc"]
)
def test_text_that_is_not_a_number_gives_none(text: str) -> None:
    assert parse_number(text).value is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/12/2022", dt.date(2022, 12, 5)),
        ("5/12/2022", dt.date(2022, 12, 5)),
        ("5-12-2022", dt.date(2022, 12, 5)),
        ("5.12.2022", dt.date(2022, 12, 5)),
        ("ngày 5 tháng 12 năm 2022", dt.date(2022, 12, 5)),
        ("Ngày 05 tháng 12 năm 2022", dt.date(2022, 12, 5)),
        ("nga\u0300y 5 tha\u0301ng 12 năm 2022", dt.date(2022, 12, 5)),  # NFD text
        ("2022-12-05", dt.date(2022, 12, 5)),
        ("31/02/2022", None),
        ("5/12/22", None),
        ("12/2022", None),
        ("hôm qua", None),
    ],
)
def test_dates_are_read_day_first(text: str, expected: dt.date | None) -> None:
    assert parse_date_vi(text) == expected


def test_the_formatters_are_unchanged() -> None:
    assert format_number(1234.5) == "1.234,5"
    assert format_percent(95.2) == "95,2%"
