"""The blank workbook agrees with its layout: inputs unlocked and validated, the rest locked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from reportgen.blank import (
    CellMark,
    FrontRow,
    FrontSheet,
    blank_file_name,
    layout_for,
    write_workbook,
)
from reportgen.blank.layout import SHEETS, CellKind, IndicatorRow, WorkbookLayout
from reportgen.definition import Review
from reportgen.definition.model import Unit


def _open(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def _expected_unlocked(layout: WorkbookLayout) -> dict[str, set[str]]:
    """Every cell a user may type in: input cells, the merged narrative blocks, list table bodies."""
    allowed: dict[str, set[str]] = {}
    for cell in layout.cells:
        if cell.kind is not CellKind.LIST:
            allowed.setdefault(cell.sheet, set()).add(cell.cell)
    for sec in layout.sections:
        allowed[SHEETS.narrative] |= {f"{c}{sec.input_row}" for c in "BCD"}
    for area in layout.lists:
        allowed[area.sheet] = {
            f"{letter}{r}"
            for _code, letter in area.columns
            for r in range(area.first_row, area.last_row + 1)
        }
    return allowed


def _unlocked(ws: Worksheet) -> set[str]:
    return {c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False}


def _validated(ws: Worksheet, address: str) -> list[object]:
    return [dv for dv in ws.data_validations.dataValidation if address in dv.sqref]


@pytest.mark.parametrize("which", ["district", "department"])
def test_exactly_the_input_cells_are_unlocked(
    which: str, hanoi: Review, blank_dir: Path, request: pytest.FixtureRequest
) -> None:
    unit: Unit = request.getfixturevalue(which)
    layout = layout_for(hanoi, unit)
    wb = _open(blank_dir / blank_file_name(unit))
    expected = _expected_unlocked(layout)
    for ws in wb.worksheets:
        assert _unlocked(ws) == expected.get(ws.title, set()), ws.title
        assert ws.protection.sheet, f"{ws.title} is not protected"


def test_every_input_cell_has_exactly_one_validation_with_vietnamese_prompt(
    hanoi: Review, district: Unit, blank_dir: Path
) -> None:
    layout = layout_for(hanoi, district)
    wb = _open(blank_dir / blank_file_name(district))
    for cell in layout.cells:
        found = _validated(wb[cell.sheet], cell.cell)
        assert len(found) == 1, (cell.sheet, cell.cell)
        dv = found[0]
        assert dv.errorStyle in (None, "stop")
        assert dv.showErrorMessage and dv.error and len(dv.error) <= 255
        assert dv.promptTitle and len(dv.promptTitle) <= 32
        assert dv.prompt and len(dv.prompt) <= 255
        assert dv.allow_blank


def test_number_cells_refuse_text_and_percent_cells_take_fractions(
    hanoi: Review, district: Unit, blank_dir: Path
) -> None:
    layout = layout_for(hanoi, district)
    ws = _open(blank_dir / blank_file_name(district))[SHEETS.indicators]
    households = layout.cell_of("NM01", 2022)
    hazardous = layout.cell_of("CT04", 2022)
    assert households and hazardous
    (dv,) = _validated(ws, households.cell)
    assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert ws[households.cell].number_format == "#,##0"
    (dv,) = _validated(ws, hazardous.cell)
    assert (dv.type, float(dv.formula1), float(dv.formula2)) == ("decimal", 0, 1)
    assert ws[hazardous.cell].number_format == "0.0%"


def test_yes_no_and_choice_cells_offer_drop_downs(
    hanoi: Review, district: Unit, blank_dir: Path
) -> None:
    layout = layout_for(hanoi, district)
    ws = _open(blank_dir / blank_file_name(district))[SHEETS.indicators]
    yes_no, plan = layout.cell_of("SH06", 2022), layout.cell_of("KK05", 2022)
    assert yes_no and plan
    assert [(dv.type, dv.formula1) for dv in _validated(ws, yes_no.cell)] == [
        ("list", '"Có,Không"')
    ]
    assert [(dv.type, dv.formula1) for dv in _validated(ws, plan.cell)] == [
        ("list", '"Chưa triển khai,Đang triển khai,Đã hoàn thành"')
    ]
    assert layout.cell_of("SH06", 2017) is None  # asked for the last year only
    assert ws[f"F{yes_no.cell[1:]}"].fill.fgColor.rgb.endswith("E7E6E6")  # grey, locked


def test_department_gets_only_its_seven_indicators(
    hanoi: Review, department: Unit, blank_dir: Path
) -> None:
    ws = _open(blank_dir / blank_file_name(department))[SHEETS.indicators]
    codes = [
        ws[f"B{r}"].value
        for r in range(6, ws.max_row + 1)
        if ws[f"A{r}"].value and "." in str(ws[f"A{r}"].value)
    ]
    assert codes == ["XT06", "XT07", "CT04", "KK01", "KK02", "KK03", "KK05"]


def test_ratio_rows_compute_numerator_over_denominator(
    hanoi: Review, district: Unit, blank_dir: Path
) -> None:
    layout = layout_for(hanoi, district)
    rows = {r.indicator.code: r.row for r in layout.rows if isinstance(r, IndicatorRow)}
    ws = _open(blank_dir / blank_file_name(district))[SHEETS.indicators]
    for ratio, num, den in (
        ("NM03", "NM01", "NM02"),
        ("XT03", "XT02", "XT01"),
        ("CT03", "CT02", "CT01"),
    ):
        for year, col in layout.year_columns:
            d = f"{col}{rows[den]}"
            cell = ws[f"{col}{rows[ratio]}"]
            assert cell.value == f'=IF(AND(ISNUMBER({d}),{d}>0),{col}{rows[num]}/{d},"")', (
                ratio,
                year,
            )
            assert cell.number_format == "0.0%"
            assert cell.protection.locked


def test_identity_is_prefilled_and_the_target_is_shown(
    hanoi: Review, district: Unit, blank_dir: Path
) -> None:
    wb = _open(blank_dir / blank_file_name(district))
    info = {wb[SHEETS.info][f"B{r}"].value: wb[SHEETS.info][f"C{r}"].value for r in range(4, 9)}
    assert info["Mã đơn vị"] == "001"
    assert info["Tên đơn vị"] == "Quận Ba Đình"
    assert info["Loại đơn vị"] == "Quận"
    assert info["Hạn nộp"] == "ngày 05 tháng 12 năm 2022"
    ws = wb[SHEETS.indicators]
    targets = {ws[f"B{r}"].value: ws[f"E{r}"].value for r in range(6, ws.max_row + 1)}
    assert targets["NM03"] == "95% (ví dụ)"  # the Hanoi targets are placeholders
    assert targets["NM01"] is None


def test_guidance_names_deadline_contact_and_decimal_comma(
    hanoi: Review, district: Unit, blank_dir: Path
) -> None:
    wb = _open(blank_dir / blank_file_name(district))
    text = "\n".join(str(r[0].value) for r in wb[SHEETS.guidance].iter_rows() if r[0].value)
    assert "ngày 05 tháng 12 năm 2022" in text
    assert hanoi.contact.phone in text and hanoi.contact.email in text
    assert "1.234,5" in text and "95%" in text
    assert wb.sheetnames[0] == SHEETS.guidance
    assert wb.properties.creator == "reportgen"


def test_list_sheets_are_excel_tables_with_drop_downs(
    hanoi: Review, district: Unit, blank_dir: Path
) -> None:
    layout = layout_for(hanoi, district)
    wb = _open(blank_dir / blank_file_name(district))
    documents = layout.lists[0]
    ws = wb[documents.sheet]
    (table,) = ws.tables.values()
    assert table.ref == f"A{documents.header_row}:E{documents.last_row}"
    assert [c.name for c in table.tableColumns] == [
        "TT",
        "Số, ký hiệu",
        "Ngày ban hành",
        "Loại văn bản",
        "Trích yếu nội dung",
    ]
    letters = dict(documents.columns)
    (kind,) = _validated(ws, f"{letters['loai']}{documents.last_row}")
    assert kind.type == "list" and "Kế hoạch" in kind.formula1
    (date,) = _validated(ws, f"{letters['ngay']}{documents.first_row}")
    assert date.type == "date"
    assert ws[f"{letters['ngay']}{documents.first_row}"].number_format == "dd/mm/yyyy"


def test_prefill_writes_typed_values_and_text_never_becomes_a_formula(
    hanoi: Review, district: Unit, tmp_path: Path
) -> None:
    path = tmp_path / "prefilled.xlsx"
    write_workbook(
        hanoi,
        district,
        path,
        prefill={
            (SHEETS.info, "C11"): "=SUM(A1)",
            (SHEETS.info, "C12"): "+84 912",
            (SHEETS.info, "C15"): dt.date(2022, 12, 1),
            (SHEETS.indicators, "F7"): 1234,
            (SHEETS.narrative, "B5"): "@cmd|' /c calc'!A0",
        },
    )
    ws = _open(path)[SHEETS.info]
    assert (ws["C11"].value, ws["C11"].data_type) == ("=SUM(A1)", "s")
    assert ws["C12"].value == "+84 912"
    assert ws["C15"].value == dt.datetime(2022, 12, 1)
    book = CalamineWorkbook.from_path(str(path))
    assert book.get_sheet_by_name(SHEETS.info).to_python()[10][-1] == "=SUM(A1)"
    assert _open(path)[SHEETS.narrative]["B5"].data_type == "s"


def test_marks_colour_cells_and_carry_the_message_as_comment(
    hanoi: Review, district: Unit, tmp_path: Path
) -> None:
    path = tmp_path / "marked.xlsx"
    marks = [
        CellMark(SHEETS.indicators, "F7", "error", "Ô F7 phải là số."),
        CellMark(SHEETS.indicators, "G7", "warning", "Tăng quá 10 lần so với năm trước."),
    ]
    write_workbook(
        hanoi, district, path, prefill={(SHEETS.indicators, "F7"): "khoảng 120"}, marks=marks
    )
    ws = _open(path)[SHEETS.indicators]
    assert ws["F7"].fill.fgColor.rgb.endswith("FF9C9C")
    assert ws["G7"].fill.fgColor.rgb.endswith("FFEB84")
    assert ws["F7"].comment.text == "Ô F7 phải là số."
    assert ws["F7"].value == "khoảng 120"
    assert ws["F7"].protection.locked is False  # still an input


def test_front_sheet_lists_findings_with_links(
    hanoi: Review, district: Unit, tmp_path: Path
) -> None:
    path = tmp_path / "annotated.xlsx"
    rows = [
        FrontRow(
            "error", "Chỉ tiêu!F7", "not-a-number", "Ô F7 phải là số.", (SHEETS.indicators, "F7")
        )
    ]
    write_workbook(
        hanoi, district, path, front_sheet=FrontSheet(rows, summary=["Tệp không hợp lệ: 1 lỗi."])
    )
    wb = _open(path)
    ws = wb.worksheets[0]
    assert ws.title == "Kết quả kiểm tra"
    assert wb.active.title == ws.title
    link_cell = next(c for row in ws.iter_rows() for c in row if c.value == "Chỉ tiêu!F7")
    assert link_cell.hyperlink.location == "'Chỉ tiêu'!F7"


def test_marks_and_prefill_outside_input_cells_are_still_written(
    hanoi: Review, district: Unit, tmp_path: Path
) -> None:
    path = tmp_path / "outside.xlsx"
    write_workbook(
        hanoi,
        district,
        path,
        prefill={(SHEETS.indicators, "Z40"): "ghi chú thêm", (SHEETS.indicators, "F9"): 0.5},
        marks=[CellMark(SHEETS.indicators, "Z40", "warning", "Nội dung nằm ngoài ô nhập liệu.")],
    )
    ws = _open(path)[SHEETS.indicators]
    assert ws["Z40"].value == "ghi chú thêm"
    assert ws["Z40"].protection.locked is True
    assert ws["Z40"].comment.text == "Nội dung nằm ngoài ô nhập liệu."
    assert str(ws["F9"].value).startswith("=IF(")  # our formula wins over a prefilled value


def test_email_cell_needs_an_at_sign(hanoi: Review, district: Unit, blank_dir: Path) -> None:
    layout = layout_for(hanoi, district)
    email = next(c for c in layout.cells if c.field == "reporter_email")
    (dv,) = _validated(_open(blank_dir / blank_file_name(district))[SHEETS.info], email.cell)
    assert dv.type == "custom" and '"@"' in dv.formula1


def test_choices_with_commas_come_from_the_metadata_sheet(
    hanoi: Review, district: Unit, tmp_path: Path
) -> None:
    indicators = tuple(
        i.model_copy(update={"choices": ("Có, đang làm", "Không")}) if i.code == "KK05" else i
        for i in hanoi.indicators
    )
    review = hanoi.model_copy(update={"indicators": indicators})
    path = tmp_path / "long-choices.xlsx"
    write_workbook(review, district, path)
    wb = _open(path)
    cell = layout_for(review, district).cell_of("KK05", 2022)
    assert cell is not None
    (dv,) = _validated(wb[SHEETS.indicators], cell.cell)
    assert dv.formula1 == "'_reportgen'!$N$1:$N$2"
    assert [wb["_reportgen"]["N1"].value, wb["_reportgen"]["N2"].value] == ["Có, đang làm", "Không"]


def test_sheets_have_no_password_unless_the_definition_sets_one(
    hanoi: Review, district: Unit, blank_dir: Path, tmp_path: Path
) -> None:
    blank = _open(blank_dir / blank_file_name(district))
    assert not any(ws.protection.password for ws in blank.worksheets)
    path = tmp_path / "password.xlsx"
    write_workbook(hanoi.model_copy(update={"protection_password": "bimat"}), district, path)
    assert all(ws.protection.sheet and ws.protection.password for ws in _open(path).worksheets)
