"""Each rule on a real workbook: the blank, filled like a user would, with one thing wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from reportgen.blank.layout import layout_for
from reportgen.definition.model import Review, Unit
from reportgen.intake import check_file
from reportgen.intake.rules import STRUCTURE_RULES, VALUE_RULES
from reportgen.messages import CATALOG, flatten, message_text
from tests.intake._filled import CLEAR, IND, INFO, NARR, filled


def _codes(
    review: Review, path: Path, keys: tuple[str, ...] = ("code", "cell")
) -> list[list[object]]:
    return flatten(check_file(review, path).findings, list(keys))


def _lists(review: Review, unit: Unit) -> tuple[str, str]:
    areas = layout_for(review, unit).lists
    return areas[0].sheet, areas[1].sheet


def test_every_rule_names_codes_of_the_catalogue() -> None:
    for rule in (*STRUCTURE_RULES, *VALUE_RULES):
        assert rule.codes and all(code in CATALOG for code in rule.codes), rule.__name__  # type: ignore[attr-defined]


# -- structure ------------------------------------------------------------------------------
def test_a_deleted_sheet_gives_one_sheet_missing_finding(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        del wb[NARR]

    assert _codes(hanoi, filled(tmp_path, hanoi, district, edit=edit), ("code", "sheet")) == [
        ["sheet-missing", NARR]
    ]


def test_a_renamed_sheet_is_missing_and_the_new_name_is_an_extra_sheet(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[NARR].title = "Thuyet minh"

    found = _codes(
        hanoi, filled(tmp_path, hanoi, district, edit=edit), ("code", "severity", "sheet")
    )
    assert found == [["sheet-missing", "error", NARR], ["extra-sheet", "warning", "Thuyet minh"]]


def test_an_added_sheet_is_a_warning(tmp_path: Path, hanoi: Review, district: Unit) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        wb.create_sheet("Ghi chú")["A1"] = "ghi chú riêng"

    assert _codes(hanoi, filled(tmp_path, hanoi, district, edit=edit), ("code", "sheet")) == [
        ["extra-sheet", "Ghi chú"]
    ]


def test_an_inserted_row_is_reported_once_and_values_are_read_by_code(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    clean = check_file(hanoi, filled(tmp_path, hanoi, district, name="clean.xlsx"))

    def edit(wb: openpyxl.Workbook) -> None:
        wb[IND].insert_rows(12)  # above the XT area: every row below moves down by one

    sub = check_file(hanoi, filled(tmp_path, hanoi, district, edit=edit))
    assert flatten(sub.findings, ["code", "sheet"]) == [["rows-moved", IND]]
    assert {(v.indicator, v.year): v.value for v in sub.values} == {
        (v.indicator, v.year): v.value for v in clean.values
    }
    moved = next(v for v in sub.values if v.indicator == "XT01" and v.year == 2022)
    assert moved.cell == f"{IND}!K13"


def test_a_deleted_indicator_row_is_named(tmp_path: Path, hanoi: Review, district: Unit) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[IND].delete_rows(17)  # XT06

    found = _codes(hanoi, filled(tmp_path, hanoi, district, edit=edit), ("code", "indicator"))
    assert found == [["indicator-missing", "XT06"], ["rows-moved", None]]


def test_text_typed_outside_the_input_cells_is_one_warning_per_sheet(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    path = filled(
        tmp_path, hanoi, district, {(IND, "M7"): "ghi chú", (IND, "N40"): 5, (INFO, "F2"): "x"}
    )
    assert _codes(hanoi, path, ("code", "sheet", "cell")) == [
        ["content-outside-input", INFO, "F2"],
        ["content-outside-input", IND, "M7"],
    ]


def test_a_renamed_list_column_is_reported_and_a_moved_one_is_found(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    docs, _ = _lists(hanoi, district)

    def edit(wb: openpyxl.Workbook) -> None:
        wb[docs]["E4"] = "Nội dung"

    found = _codes(hanoi, filled(tmp_path, hanoi, district, edit=edit), ("code", "cell", "column"))
    assert found == [["list-column-missing", "E4", "trich-yeu"]]


# -- values ---------------------------------------------------------------------------------
def test_an_empty_required_indicator_is_a_missing_value(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    path = filled(
        tmp_path, hanoi, district, {(IND, "G7"): CLEAR, (IND, "G10"): CLEAR}
    )  # NM04 is optional
    found = flatten(check_file(hanoi, path).findings, ["code", "cell", "indicator", "year"])
    assert found == [["missing-value", "G7", "NM01", 2018]]


def test_a_number_below_its_minimum_is_out_of_range(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    sub = check_file(hanoi, filled(tmp_path, hanoi, district, {(IND, "F20"): -3}))
    assert flatten(sub.findings, ["code", "cell"]) == [["out-of-range", "F20"]]
    assert "từ 0 trở lên" in message_text(sub.findings[0])


def test_a_department_value_above_its_maximum_names_the_range(
    tmp_path: Path, hanoi: Review, department: Unit
) -> None:
    cell = layout_for(hanoi, department).cell_of("KK02", 2020)
    assert cell is not None
    sub = check_file(hanoi, filled(tmp_path, hanoi, department, {(IND, cell.cell): 400}))
    assert flatten(sub.findings, ["code", "cell"]) == [["out-of-range", cell.cell]]
    assert "từ 0 đến 366" in message_text(sub.findings[0])
    assert "0 to 366" in message_text(sub.findings[0], "en")


def test_a_choice_outside_its_list_is_reported(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    found = _codes(hanoi, filled(tmp_path, hanoi, district, {(IND, "K35"): "Sắp làm"}))
    assert found == [["choice-not-in-list", "K35"]]


def test_a_numerator_above_its_denominator_is_located_at_the_numerator(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    sub = check_file(
        hanoi, filled(tmp_path, hanoi, district, {(IND, "H12"): 100, (IND, "H13"): 150})
    )
    assert flatten(sub.findings, ["code", "cell", "year"]) == [
        ["numerator-exceeds-denominator", "H13", 2019]
    ]
    assert "XT03" in message_text(sub.findings[0], "en")


def test_a_zero_denominator_under_a_numerator_is_located_at_the_denominator(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    path = filled(
        tmp_path,
        hanoi,
        district,
        {(IND, "F27"): 0, (IND, "F28"): 12.5, (IND, "G27"): 0, (IND, "G28"): 0},
    )
    assert _codes(hanoi, path) == [["zero-denominator", "F27"]]


def test_a_broken_cross_field_rule_uses_the_rules_own_message(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    sub = check_file(hanoi, filled(tmp_path, hanoi, district, {(IND, "F15"): 3, (IND, "F16"): 4}))
    assert flatten(sub.findings, ["code", "cell", "year"]) == [["rule-violated", "F16", 2017]]
    assert message_text(sub.findings[0]) == (
        "Năm 2017: Số cụm công nghiệp có hệ thống xử lý nước thải tập trung (4) "
        "không được lớn hơn số cụm công nghiệp đang hoạt động (3)."
    )


def test_a_tenfold_jump_from_one_year_to_the_next_is_a_warning(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    sub = check_file(
        hanoi,
        filled(
            tmp_path,
            hanoi,
            district,
            {(IND, "H17"): 20, (IND, "I17"): 900, (IND, "J17"): 850, (IND, "K17"): 800},
        ),
    )
    assert flatten(sub.findings, ["code", "severity", "cell"]) == [["year-jump", "warning", "I17"]]


def test_a_formula_without_a_computed_value_is_reported(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[IND]["F33"] = "=2+3"  # openpyxl saves formulas without a cached result

    assert _codes(hanoi, filled(tmp_path, hanoi, district, edit=edit)) == [
        ["formula-no-value", "F33"]
    ]


def test_a_required_empty_section_and_an_over_long_one(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    path = filled(
        tmp_path,
        hanoi,
        district,
        {(NARR, "B8"): CLEAR, (NARR, "B26"): CLEAR, (NARR, "B32"): "x" * 4010},
    )
    sub = check_file(hanoi, path)
    assert flatten(sub.findings, ["code", "cell", "section"]) == [
        ["section-empty", "B8", "kq-nuoc-mat"],
        ["section-too-long", "B32", "kien-nghi"],
    ]
    assert "bớt 10 ký tự" in message_text(sub.findings[1])


def test_list_rows_with_a_missing_value_a_bad_date_a_long_text_and_a_duplicate(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    docs, _ = _lists(hanoi, district)
    rows = {
        (docs, "B5"): "01-KH/QU", (docs, "C5"): dt.date(2018, 3, 1), (docs, "D5"): "Kế hoạch", (docs, "E5"): "Kế hoạch A",
        (docs, "B6"): "01-kh/qu", (docs, "C6"): dt.date(2019, 3, 1), (docs, "D6"): "Kế hoạch", (docs, "E6"): "Kế hoạch B",
        (docs, "B7"): "02-CT/QU", (docs, "C7"): "ngày mai", (docs, "D7"): "Chỉ thị", (docs, "E7"): CLEAR,
        (docs, "B8"): "9" * 51, (docs, "C8"): dt.date(2020, 1, 2), (docs, "D8"): "Công văn", (docs, "E8"): "Về việc",
    }  # fmt: skip
    clear = {(docs, f"{c}{r}"): CLEAR for c in "BCDE" for r in range(9, 20)}
    path = filled(tmp_path, hanoi, district, {**clear, **rows})
    assert _codes(hanoi, path, ("code", "cell", "row")) == [
        ["list-duplicate-row", "B6", 6],
        ["bad-date", "C7", 7],
        ["list-missing-value", "E7", 7],
        ["text-too-long", "B8", 8],
    ]


def test_an_empty_required_list_is_reported(tmp_path: Path, hanoi: Review, district: Unit) -> None:
    docs, _ = _lists(hanoi, district)
    data = hanoi.model_dump()
    data["lists"][0]["required"] = True
    required = Review.model_validate(data)
    clear = {(docs, f"{c}{r}"): CLEAR for c in "BCDE" for r in range(5, 20)}
    path = filled(tmp_path, required, district, clear)
    assert _codes(required, path, ("code", "sheet")) == [["list-empty", docs]]


def test_missing_reporter_details_are_warnings(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    path = filled(tmp_path, hanoi, district, {(INFO, "C11"): CLEAR, (INFO, "C13"): "   "})
    assert _codes(hanoi, path, ("code", "severity", "cell")) == [
        ["reporter-missing", "warning", "C11"],
        ["reporter-missing", "warning", "C13"],
    ]
