"""End to end: a workbook filled like a user does, saved by openpyxl or LibreOffice, checked."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from reportgen.blank.layout import layout_for
from reportgen.definition.model import Review, Unit
from reportgen.demo.samples import sample_values
from reportgen.findings import Verdict
from reportgen.intake import check_file
from reportgen.messages import flatten, message_text
from tests.intake._filled import CLEAR, IND, INFO, NARR, convert, filled

# The typical mistakes a unit makes, and what a careful clerk writes back: [code, cell].
EXPECTED = [
    ["reporter-missing", "C13"],
    ["missing-value", "G7"],
    ["content-outside-input", "M7"],
    ["not-a-number", "K10"],
    ["numerator-exceeds-denominator", "H13"],
    ["rule-violated", "F16"],
    ["out-of-range", "F20"],
    ["choice-not-in-list", "K35"],
    ["section-empty", "B8"],
    ["list-duplicate-row", "B6"],
]


def _mistakes(review: Review, unit: Unit) -> dict[tuple[str, str], object]:
    docs = layout_for(review, unit).lists[0].sheet
    first_number = sample_values(review, unit, 1)[(docs, "B5")]
    return {
        (INFO, "C13"): CLEAR,  # no phone number
        (IND, "G7"): CLEAR,  # a required figure left empty
        (IND, "M7"): "số liệu ước tính",  # a note typed beside the table
        (IND, "K10"): "chưa có số liệu",  # words in a number cell
        (IND, "H12"): 100, (IND, "H13"): 150,  # more compliant plants than plants
        (IND, "F15"): 3, (IND, "F16"): 4,  # breaks rule R01
        (IND, "F20"): -3,  # below the minimum
        (IND, "K35"): "Sắp làm",  # not one of the choices
        (NARR, "B8"): CLEAR,  # a required section left empty
        (docs, "B6"): first_number,  # the same document listed twice
    }  # fmt: skip


def test_a_clean_sample_passes_with_no_findings(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    sub = check_file(hanoi, filled(tmp_path, hanoi, district))
    assert flatten(sub.findings, ["code"]) == []
    assert sub.verdict is Verdict.ACCEPTED


def test_typical_mistakes_come_back_as_a_clerk_would_write_them(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    sub = check_file(hanoi, filled(tmp_path, hanoi, district, _mistakes(hanoi, district)))
    assert flatten(sub.findings, ["code", "cell"]) == EXPECTED
    assert sub.verdict is Verdict.REJECTED
    assert all(message_text(f) and "{" not in message_text(f) for f in sub.findings)
    assert all("{" not in message_text(f, "en") for f in sub.findings)


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_a_workbook_saved_by_libreoffice_gives_the_same_findings(
    tmp_path: Path, hanoi: Review, district: Unit, fmt: str
) -> None:
    mistaken = filled(tmp_path, hanoi, district, _mistakes(hanoi, district), name="mistakes.xlsx")
    clean = filled(tmp_path, hanoi, district, name="clean.xlsx")
    clean_copy, mistaken_copy = convert([clean, mistaken], fmt, tmp_path / "lo")
    assert flatten(check_file(hanoi, clean_copy).findings, ["code"]) == []
    assert flatten(check_file(hanoi, mistaken_copy).findings, ["code", "cell"]) == EXPECTED


def test_the_submission_holds_typed_values_texts_rows_and_reporter(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    path = filled(tmp_path, hanoi, district)
    sub = check_file(hanoi, path)
    data = path.read_bytes()
    assert (sub.unit_code, sub.file_name, sub.size) == ("001", "filled.xlsx", len(data))
    assert sub.sha256 == hashlib.sha256(data).hexdigest()
    values = {(v.indicator, v.year): v for v in sub.values}
    asked = [c for c in layout_for(hanoi, district).cells if c.indicator]
    assert len(values) == len(asked)  # every input cell, ratios excluded
    assert not any(code in {"NM03", "XT03", "SH05", "CT03"} for code, _ in values)
    assert isinstance(values[("NM01", 2017)].value, int)
    assert values[("NM01", 2017)].cell == f"{IND}!F7"
    percent = values[("CT04", 2022)].value
    assert isinstance(percent, float) and 1 < percent <= 100  # percentage points, not a fraction
    assert isinstance(values[("SH06", 2022)].value, bool)
    assert values[("KK05", 2022)].value in hanoi.indicator_by_code["KK05"].choices
    assert len(sub.sections) == len(hanoi.sections)
    assert sub.rows and all(isinstance(r.values["ngay"], dt.date) for r in sub.rows)
    assert sub.reporter.name and isinstance(sub.reporter.report_date, dt.date)


def test_a_department_workbook_is_checked_against_its_own_indicators(
    tmp_path: Path, hanoi: Review, department: Unit
) -> None:
    sub = check_file(hanoi, filled(tmp_path, hanoi, department))
    assert flatten(sub.findings, ["code"]) == []
    assert {v.indicator for v in sub.values} == {
        "XT06",
        "XT07",
        "CT04",
        "KK01",
        "KK02",
        "KK03",
        "KK05",
    }


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rong.xlsx", b""),
        ("rac.xlsx", b"PK\x03\x04 not really a zip" * 10),
        ("van-ban.xlsx", "Báo cáo của đơn vị".encode()),
        ("anh.xls", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
    ],
)
def test_hostile_files_never_crash_the_check(
    tmp_path: Path, hanoi: Review, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    sub = check_file(hanoi, path)
    assert sub.verdict is Verdict.REJECTED and sub.unit_code is None
    assert all(f.code.startswith("file-") for f in sub.findings), flatten(sub.findings, ["code"])


def test_a_workbook_of_only_new_sheets_is_not_recognised(tmp_path: Path, hanoi: Review) -> None:
    from tests.workbooks import workbook_from

    path = workbook_from({"Sheet1": {"A1": "=1+1", "B2": 12}}, tmp_path / "khac.xlsx")
    assert flatten(check_file(hanoi, path).findings, ["code"]) == [["metadata-missing"]]
