"""What units do to their workbook that the check must still read the way the README says.

Each case starts from the real blank, filled with sample values like a user would
(:func:`tests.intake._filled.filled`), then makes the one edit units make: a column inserted in
a list or before the year columns, a round thousand typed as text in an integer cell, a value
typed over the locked ratio formula, a workbook handed out before a version bump.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from reportgen.blank.layout import IndicatorRow, layout_for
from reportgen.definition import load_review
from reportgen.definition.model import Review, Unit, ValueType
from reportgen.demo.samples import sample_values
from reportgen.intake import check_file
from reportgen.intake.model import Submission
from reportgen.messages import flatten, message_text
from reportgen.numbers import format_percent
from tests.conftest import HANOI_DIR
from tests.intake._filled import IND, cell_of, filled

KEYS = ["code", "severity", "cell"]


def _values(sub: Submission) -> dict[tuple[str, int], object]:
    return {(v.indicator, v.year): v.value for v in sub.values}


def _rows(sub: Submission) -> list[tuple[str, dict[str, object]]]:
    return [(r.list, dict(r.values)) for r in sub.rows]


# -- a column inserted in a list table ----------------------------------------------------------
def _list_sheet(review: Review, unit: Unit) -> str:
    return layout_for(review, unit).lists[0].sheet


def test_a_column_inserted_in_a_list_is_read_and_its_moved_header_is_not_outside(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    sheet = _list_sheet(hanoi, district)
    header = layout_for(hanoi, district).lists[0].header_row

    def insert(wb: openpyxl.Workbook) -> None:
        wb[sheet].insert_cols(3)  # before the second column, as Excel's "Insert column" does
        wb[sheet][f"C{header}"] = "Ghi chú"

    clean = check_file(hanoi, filled(tmp_path, hanoi, district, name="clean.xlsx"))
    moved = check_file(hanoi, filled(tmp_path, hanoi, district, name="moved.xlsx", edit=insert))
    assert flatten(moved.findings, KEYS) == []
    assert _rows(moved) == _rows(clean) and _rows(clean)


def test_what_is_typed_in_an_inserted_list_column_is_said_not_to_be_read(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    area = layout_for(hanoi, district).lists[0]

    def insert(wb: openpyxl.Workbook) -> None:
        ws = wb[area.sheet]
        ws.insert_cols(3)
        ws[f"C{area.header_row}"] = "Ghi chú"
        ws[f"C{area.first_row}"] = "đã gửi bản giấy"

    sub = check_file(hanoi, filled(tmp_path, hanoi, district, edit=insert))
    assert flatten(sub.findings, ["code", "sheet", "cell"]) == [
        ["content-outside-input", area.sheet, f"C{area.first_row}"]
    ]
    assert "không được đọc" in message_text(sub.findings[0])


# -- a round thousand typed in an integer cell ----------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "read"), [("11.000", 11000), ("60.000", 60000), ("11,000", 11000)]
)
def test_a_round_thousand_in_an_integer_cell_is_read_with_a_warning(
    tmp_path: Path, hanoi: Review, district: Unit, typed: str, read: int
) -> None:
    cell = cell_of(hanoi, district, "NM01", 2017)
    assert hanoi.indicator_by_code["NM01"].type is ValueType.INTEGER
    sub = check_file(hanoi, filled(tmp_path, hanoi, district, {(IND, cell): typed}))
    assert flatten(sub.findings, KEYS) == [["number-from-text", "warning", cell]]
    assert _values(sub)[("NM01", 2017)] == read
    text = message_text(sub.findings[0])
    assert f"đã đọc thành {read:,}".replace(",", ".") in text
    assert "dấu ngăn cách hàng nghìn" in text and "thập phân" not in text


def test_a_round_thousand_in_a_decimal_cell_asks_without_calling_eleven_a_decimal(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    code = next(
        i.code
        for i in hanoi.indicators_for(district)
        if i.type is ValueType.DECIMAL and i.years.value == "all"
    )
    cell = cell_of(hanoi, district, code, 2018)
    sub = check_file(hanoi, filled(tmp_path, hanoi, district, {(IND, cell): "11.000"}))
    assert flatten(sub.findings, KEYS) == [["ambiguous-number", "error", cell]]
    text = message_text(sub.findings[0])
    assert "bạn muốn 11.000 (số nguyên) hay 11?" in text
    assert "thập phân" not in text


@pytest.mark.parametrize("typed", [1e300, -1e300, 1e25])
def test_an_absurdly_large_number_is_checked_not_an_internal_error(
    tmp_path: Path, hanoi: Review, district: Unit, typed: float
) -> None:
    cell = cell_of(hanoi, district, "NM02", 2018)  # a ratio's denominator: shown in findings
    sub = check_file(hanoi, filled(tmp_path, hanoi, district, {(IND, cell): typed}))
    codes = [f.code for f in sub.findings]
    assert "internal-error" not in codes and codes, codes
    assert all(message_text(f) for f in sub.findings)


# -- a column inserted on the indicators sheet ---------------------------------------------------
def test_a_column_inserted_before_the_years_is_one_warning_and_every_value_is_read(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    def insert(wb: openpyxl.Workbook) -> None:
        wb[IND].insert_cols(6)  # "Ghi chú" between "Mục tiêu" (E) and "Năm 2017" (F)
        wb[IND]["F5"] = "Ghi chú"
        wb[IND]["F7"] = "số liệu tạm tính"

    clean = check_file(hanoi, filled(tmp_path, hanoi, district, name="clean.xlsx"))
    moved = check_file(hanoi, filled(tmp_path, hanoi, district, name="moved.xlsx", edit=insert))
    assert flatten(moved.findings, ["code", "severity", "sheet"]) == [
        ["columns-moved", "warning", IND]
    ]
    assert "đọc theo tiêu đề năm ở dòng 5" in message_text(moved.findings[0])
    assert _values(moved) == _values(clean)
    where = {(v.indicator, v.year): v.cell for v in moved.values}
    assert where[("NM01", 2017)] == f"{IND}!G7"  # read where the value now is


def test_moved_year_columns_still_get_their_own_findings_at_the_new_place(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    def insert(wb: openpyxl.Workbook) -> None:
        wb[IND].insert_cols(6)
        wb[IND]["G7"] = "khoảng 120"  # NM01 2017, now in G

    sub = check_file(hanoi, filled(tmp_path, hanoi, district, edit=insert))
    assert flatten(sub.findings, KEYS) == [
        ["columns-moved", "warning", None],
        ["not-a-number", "error", "G7"],
    ]


def test_a_year_header_that_is_gone_is_one_error_not_a_cascade(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    def rename(wb: openpyxl.Workbook) -> None:
        wb[IND]["H5"] = "Ghi chú"  # "Năm 2019" typed over

    sub = check_file(hanoi, filled(tmp_path, hanoi, district, edit=rename))
    assert flatten(sub.findings, ["code", "severity", "cell", "year"]) == [
        ["year-column-missing", "error", "H5", 2019]
    ]
    assert message_text(sub.findings[0]) == (
        "Trang 'Chỉ tiêu': không thấy cột 'Năm 2019' ở dòng tiêu đề 5 (cột bị xóa hoặc tiêu đề "
        "bị sửa) nên số liệu năm 2019 chưa được đọc. Hãy khôi phục cột này như biểu mẫu gốc."
    )
    assert not any(year == 2019 for _, year in _values(sub))


# -- a value typed over the locked ratio formula ---------------------------------------------------
def _ratio_row(review: Review, unit: Unit, code: str) -> int:
    rows = layout_for(review, unit).rows
    return next(r.row for r in rows if isinstance(r, IndicatorRow) and r.indicator.code == code)


def test_a_value_typed_over_the_ratio_formula_is_a_warning_with_both_values(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    ratio = hanoi.indicator_by_code["NM03"]
    assert ratio.type is ValueType.RATIO and (ratio.numerator, ratio.denominator) == (
        "NM01",
        "NM02",
    )
    row = _ratio_row(hanoi, district, "NM03")
    num, den = cell_of(hanoi, district, "NM01", 2017), cell_of(hanoi, district, "NM02", 2017)
    households = sample_values(hanoi, district, 1)[(IND, den)]
    assert isinstance(households, int) and households > 100
    share = round(households * 0.87)
    changes = {(IND, num): share, (IND, f"F{row}"): 0.95}  # 95% typed over the formula
    computed = format_percent(share / households * 100, 2)
    sub = check_file(hanoi, filled(tmp_path, hanoi, district, changes))
    assert flatten(sub.findings, ["code", "severity", "cell", "indicator", "year"]) == [
        ["ratio-typed-over", "warning", f"F{row}", "NM03", 2017]
    ]
    text = message_text(sub.findings[0])
    assert "đã bị gõ đè thành 95%" in text and f"tính từ tử số và mẫu số: {computed}" in text
    assert ("NM03", 2017) not in _values(sub)  # the ratio is computed, never read


def test_text_typed_over_a_ratio_with_no_denominator_says_it_cannot_be_computed(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    row = _ratio_row(hanoi, district, "NM03")
    den = cell_of(hanoi, district, "NM02", 2018)
    changes = {(IND, den): 0, (IND, f"G{row}"): "khoảng 90%"}
    sub = check_file(hanoi, filled(tmp_path, hanoi, district, changes))
    found = [f for f in sub.findings if f.code == "ratio-typed-over"]
    assert flatten(found, ["cell", "year"]) == [[f"G{row}", 2018]]
    assert "'khoảng 90%'" in message_text(found[0]) and "chưa tính được" in message_text(found[0])


# -- a workbook handed out before a version bump ---------------------------------------------------
def test_a_workbook_of_an_older_version_with_the_same_cells_is_read_with_a_warning(
    tmp_path: Path, district: Unit
) -> None:
    definition = tmp_path / "nq11"
    shutil.copytree(HANOI_DIR, definition)
    before = load_review(definition)
    clean = filled(tmp_path, before, before.unit_by_code[district.code])  # handed out, filled
    review_yaml = definition / "review.yaml"
    review_yaml.write_text(
        review_yaml.read_text(encoding="utf-8").replace('version: "2022.1"', 'version: "2022.2"'),
        encoding="utf-8",
    )
    after = load_review(definition)
    assert after.fingerprint == before.fingerprint  # only the version changed
    sub = check_file(after, clean)
    assert flatten(sub.findings, ["code", "severity"]) == [["template-outdated", "warning"]]
    assert "phiên bản 2022.1, hiện nay là 2022.2" in message_text(sub.findings[0])
    assert sub.values
    assert flatten(check_file(before, clean).findings, ["code"]) == []
