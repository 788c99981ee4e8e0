"""parse_value: raw cell values → typed values, leniently, with a finding for every change."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.findings import Location
from reportgen.intake.parse import parse_value
from reportgen.messages import flatten, message_text

WHERE = Location(sheet="Chỉ tiêu", cell="F7")
W, E = "warning", "error"


def parsed(raw: object, type_: str, **kw: object) -> tuple[object, list[list[object]]]:
    result = parse_value(raw, type_, WHERE, **kw)  # type: ignore[arg-type]
    return result.value, flatten(result.findings, ["code", "severity"])


@pytest.mark.parametrize(
    ("raw", "type_", "value", "findings"),
    [
        # numbers as Excel stores them: no finding
        (1234.5, "decimal", 1234.5, []),
        (12.0, "integer", 12, []),
        (7, "integer", 7, []),
        # numbers typed as text: read, with a warning that shows the reading
        ("1.234,5", "decimal", 1234.5, [["number-from-text", W]]),
        ("12,5", "decimal", 12.5, [["number-from-text", W]]),
        ("1 234,5", "decimal", 1234.5, [["number-from-text", W]]),
        ("1\u00a0234,5", "decimal", 1234.5, [["number-from-text", W]]),
        ("1\u202f234,5", "decimal", 1234.5, [["number-from-text", W]]),
        ("1,234.5", "decimal", 1234.5, [["number-from-text", W]]),
        ("'1234", "integer", 1234, [["number-from-text", W]]),
        ("１２３", "integer", 123, [["number-from-text", W]]),
        ("  42  ", "integer", 42, [["number-from-text", W]]),
        ("12%", "decimal", 12, [["number-from-text", W]]),
        # a single separator before three digits
        ("1.234", "decimal", None, [["ambiguous-number", E]]),
        ("1,234", "decimal", None, [["ambiguous-number", E]]),
        ("1.234", "integer", 1234, [["number-from-text", W]]),
        ("1,234", "integer", 1234, [["number-from-text", W]]),
        # errors
        ("khoảng 120", "decimal", None, [["not-a-number", E]]),
        ("N/A", "integer", None, [["not-a-number", E]]),
        (True, "decimal", None, [["not-a-number", E]]),
        (dt.date(2022, 1, 1), "integer", None, [["not-a-number", E]]),
        (float("nan"), "decimal", None, [["not-a-number", E]]),
        ("12,5", "integer", None, [["not-an-integer", E]]),
        (12.5, "integer", None, [["not-an-integer", E]]),
        ("#DIV/0!", "decimal", None, [["excel-error-value", E]]),
        ("#N/A", "text", None, [["excel-error-value", E]]),
        # empty
        (None, "decimal", None, []),
        ("   ", "text", None, []),
    ],
)
def test_numbers(raw: object, type_: str, value: object, findings: list[list[object]]) -> None:
    assert parsed(raw, type_) == (value, findings)


@pytest.mark.parametrize(
    ("raw", "percent_cell", "value", "findings"),
    [
        (0.95, True, 95.0, []),  # calamine gives the stored fraction of a percent cell
        (0.952, True, 95.2, []),
        (1, True, 100.0, []),
        (95, True, None, [["percent-over-100", E]]),  # 95 pasted as a value: 9500%
        (95, False, 95.0, []),  # a plain number cell holds points
        ("95%", True, 95.0, [["number-from-text", W]]),
        ("95 %", False, 95.0, [["number-from-text", W]]),
        ("95,5", True, 95.5, [["number-from-text", W]]),
        ("0,95", True, None, [["ambiguous-number", E]]),  # 0,95% or 95%?
        ("1", True, None, [["ambiguous-number", E]]),
        ("0", True, 0.0, [["number-from-text", W]]),
        ("0,95%", True, 0.95, [["number-from-text", W]]),
        ("nhiều", True, None, [["not-a-number", E]]),
    ],
)
def test_percent(
    raw: object, percent_cell: bool, value: object, findings: list[list[object]]
) -> None:
    assert parsed(raw, "percent", percent_cell=percent_cell) == (value, findings)


def test_ambiguous_percent_asks_which_one_was_meant() -> None:
    result = parse_value("0,95", "percent", WHERE, percent_cell=True)
    assert "bạn muốn 0,95% hay 95%?" in message_text(result.findings[0])


def test_ambiguous_separator_says_what_to_type() -> None:
    message = message_text(parse_value("1.234", "decimal", WHERE).findings[0])
    assert "hãy nhập 1234" in message and "1,234" in message


def test_percent_over_100_names_both_readings() -> None:
    message = message_text(parse_value(95, "percent", WHERE, percent_cell=True).findings[0])
    assert "9.500%" in message and "95%" in message


def test_not_a_number_says_what_to_type_instead() -> None:
    message = message_text(parse_value("khoảng 120", "decimal", WHERE).findings[0])
    assert message == (
        "Ô Chỉ tiêu!F7: 'khoảng 120' không phải là số. Hãy nhập một số, ví dụ 1.234,5 (không kèm chữ)."
    )


@pytest.mark.parametrize(
    ("raw", "value", "findings"),
    [
        (True, True, []),
        ("Có", True, []),
        ("Không", False, []),
        (" Có ", True, []),
        ("có", True, [["value-normalised", W]]),
        ("co", True, [["value-normalised", W]]),
        ("CÓ", True, [["value-normalised", W]]),
        ("x", True, [["value-normalised", W]]),
        ("yes", True, [["value-normalised", W]]),
        ("khong", False, [["value-normalised", W]]),
        ("chưa", False, [["value-normalised", W]]),
        (1, True, [["value-normalised", W]]),
        (0.0, False, [["value-normalised", W]]),
        ("có lẽ", None, [["bad-yes-no", E]]),
        (2, None, [["bad-yes-no", E]]),
    ],
)
def test_yes_no(raw: object, value: object, findings: list[list[object]]) -> None:
    assert parsed(raw, "yes_no") == (value, findings)


CHOICES = ("Tốt", "Khá", "Trung bình", "2022")


@pytest.mark.parametrize(
    ("raw", "value", "findings"),
    [
        ("Khá", "Khá", []),
        ("Khá ", "Khá", []),
        ("kha", "Khá", [["value-normalised", W]]),
        ("TRUNG BÌNH", "Trung bình", [["value-normalised", W]]),
        ("Kha\u0301", "Khá", []),  # NFD text is the same visible text: NFC silently
        (2022.0, "2022", []),
        ("Yếu", None, [["choice-not-in-list", E]]),
    ],
)
def test_choice(raw: object, value: object, findings: list[list[object]]) -> None:
    assert parsed(raw, "choice", choices=CHOICES) == (value, findings)


def test_choice_not_in_list_names_the_choices() -> None:
    message = message_text(parse_value("Yếu", "choice", WHERE, choices=CHOICES).findings[0])
    assert "'Tốt', 'Khá', 'Trung bình', '2022'" in message


@pytest.mark.parametrize(
    ("raw", "value", "findings"),
    [
        (dt.datetime(2022, 12, 5), dt.date(2022, 12, 5), []),
        (dt.date(2022, 12, 5), dt.date(2022, 12, 5), []),
        ("05/12/2022", dt.date(2022, 12, 5), [["date-from-text", W]]),
        ("5/12/2022", dt.date(2022, 12, 5), [["date-from-text", W]]),
        ("ngày 5 tháng 12 năm 2022", dt.date(2022, 12, 5), [["date-from-text", W]]),
        ("2022-12-05", dt.date(2022, 12, 5), [["date-from-text", W]]),
        (44900.0, dt.date(2022, 12, 5), [["date-from-text", W]]),  # a serial that lost its format
        ("31/02/2022", None, [["bad-date", E]]),
        ("tháng 12", None, [["bad-date", E]]),
        (3.5, None, [["bad-date", E]]),
        (dt.time(10, 30), None, [["bad-date", E]]),
    ],
)
def test_dates(raw: object, value: object, findings: list[list[object]]) -> None:
    assert parsed(raw, "date") == (value, findings)


@pytest.mark.parametrize(
    ("raw", "type_", "value", "findings"),
    [
        ("  Báo cáo  ", "text", "Báo cáo", []),  # outer spaces: invisible, trimmed silently
        ("Ba\u0301o ca\u0301o", "text", "Báo cáo", []),  # NFD → NFC: same visible text
        ("Báo\u200b cáo", "text", "Báo cáo", [["text-normalised", W]]),
        ("dòng 1\r\ndòng 2", "text", "dòng 1\ndòng 2", []),
        ('=HYPERLINK("x")', "text", '=HYPERLINK("x")', []),  # kept as text, never evaluated
        (912345678.0, "text", "912345678", []),
        ("ten@hanoi.gov.vn", "email", "ten@hanoi.gov.vn", []),
        ("ten@hanoi", "email", "ten@hanoi", [["bad-email", W]]),
        ("ten hanoi.gov.vn", "email", "ten hanoi.gov.vn", [["bad-email", W]]),
    ],
)
def test_text_and_email(
    raw: object, type_: str, value: object, findings: list[list[object]]
) -> None:
    assert parsed(raw, type_) == (value, findings)


def test_every_finding_points_at_the_cell_and_quotes_the_value() -> None:
    result = parse_value("1.234,5", "decimal", WHERE)
    assert flatten(result.findings, ["sheet", "cell", "value"]) == [["Chỉ tiêu", "F7", "1.234,5"]]
    assert "đã đọc thành 1.234,5" in message_text(result.findings[0])


_QUICK_RAWS = [
    0, 7, -3, 2**40, 0.0, -0.0, 12.0, 1234.5, 0.95, 1.0, 1.0000001, 95.2, -1e-9, 1e300,
    float("inf"), float("-inf"), float("nan"), True, False, "12", " 1.234,5 ", "", "   ", "#N/A",
    "có", "Có", " Không ", "Không\u200b", None, dt.date(2024, 5, 1), dt.datetime(2024, 5, 1, 8, 30), " Sở Tài nguyên\r\nvà Môi trường ",
    "Cá\u0301 nhân", "ẩn\u200bđi", "dòng\x07", " #DIV/0! ", "=SUM(A1)", "a@b",
]  # fmt: skip
_QUICK_TYPES = ["integer", "decimal", "percent", "yes_no", "choice", "text", "date", "email"]


@pytest.mark.parametrize("percent_cell", [False, True])
@pytest.mark.parametrize("type_", _QUICK_TYPES)
def test_quick_value_is_parse_value_whenever_it_answers(type_: str, percent_cell: bool) -> None:
    """The fast path of validation may only answer where parse_value has no finding, with the
    same value and the same Python type."""
    from reportgen.intake.parse import NOT_QUICK, quick_value

    answered = 0
    for raw in _QUICK_RAWS:
        quick = quick_value(raw, type_, percent_cell, choices=("Có", "Không"))
        if quick is NOT_QUICK:
            continue
        answered += 1
        full = parse_value(raw, type_, WHERE, choices=("Có", "Không"), percent_cell=percent_cell)
        assert full.findings == ()
        assert type(quick) is type(full.value) and quick == full.value, raw
    # Finite numbers in number cells, plain texts in text cells, dates in date cells and
    # listed choices in choice cells are what it is for.
    quick_types = ("integer", "decimal", "percent", "text", "date", "choice")
    assert answered > 0 if type_ in quick_types else answered == 0
