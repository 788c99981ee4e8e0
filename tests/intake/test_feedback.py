"""The annotated copy and the HTML page sent back to a unit."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from reportgen.blank.front import FRONT_SHEET
from reportgen.blank.layout import META_SHEET
from reportgen.definition.model import Review, Unit
from reportgen.intake import annotate, inspect_file
from reportgen.intake.feedback import feedback_html
from tests.intake._filled import CLEAR, IND, NARR, filled

RED, YELLOW = "FFFF9C9C", "FFFFEB84"


def _annotated(tmp_path: Path, hanoi: Review, unit: Unit, changes: dict, edit=None):
    checked = inspect_file(
        hanoi, filled(tmp_path, hanoi, unit, changes, name="001-ba-dinh.xlsx", edit=edit)
    )
    return checked, annotate(hanoi, checked, tmp_path / "phan-hoi")


def test_the_copy_is_a_fresh_blank_with_the_units_values_and_marked_cells(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    changes = {(IND, "K10"): "chưa có số liệu", (IND, "G7"): CLEAR, (IND, "M7"): "ghi chú"}
    checked, copy = _annotated(tmp_path, hanoi, district, changes)
    assert copy.xlsx_path == tmp_path / "phan-hoi" / "001-ba-dinh-kiem-tra.xlsx"
    assert copy.html_path == tmp_path / "phan-hoi" / "001-ba-dinh-kiem-tra.html"
    wb = openpyxl.load_workbook(copy.xlsx_path)
    assert wb.sheetnames[0] == FRONT_SHEET and META_SHEET in wb.sheetnames
    ws = wb[IND]
    assert ws["K10"].value == "chưa có số liệu"  # what they typed, kept as text
    assert ws["K10"].fill.fgColor.rgb == RED and "không phải là số" in ws["K10"].comment.text
    assert ws["G7"].value is None and ws["G7"].fill.fgColor.rgb == RED
    assert ws["M7"].fill.fgColor.rgb == YELLOW  # content outside the input cells: a warning
    assert ws["F7"].value == checked.raw_values[(IND, "F7")]


def test_the_findings_sheet_links_every_finding_to_its_cell(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    _, copy = _annotated(
        tmp_path, hanoi, district, {(IND, "K10"): "chưa có số liệu", (NARR, "B8"): CLEAR}
    )
    assert copy.xlsx_path is not None
    ws = openpyxl.load_workbook(copy.xlsx_path)[FRONT_SHEET]
    rows = [r for r in ws.iter_rows(values_only=True) if r[2] in ("not-a-number", "section-empty")]
    assert [r[:3] for r in rows] == [
        ("Lỗi", f"{IND}!K10", "not-a-number"),
        ("Lỗi", f"{NARR}!B8", "section-empty"),
    ]
    links = {c.value: c.hyperlink.location for c in ws["B"] if c.hyperlink is not None}
    assert links[f"{IND}!K10"] == f"'{IND}'!K10"
    assert any("không hợp lệ" in str(c.value) for c in ws["A"])


def test_values_from_moved_rows_go_back_to_their_own_row(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[IND].insert_rows(12)

    _checked, copy = _annotated(tmp_path, hanoi, district, {(IND, "K13"): "abc"}, edit=edit)
    assert copy.xlsx_path is not None
    ws = openpyxl.load_workbook(copy.xlsx_path)[IND]
    assert ws["K13"].value == "abc" and ws["K13"].fill.fgColor.rgb == RED  # XT02, back on row 13


def test_text_that_looks_like_a_formula_stays_text(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    hostile = '=HYPERLINK("http://example.com","bấm vào")'
    _checked, copy = _annotated(
        tmp_path, hanoi, district, {(NARR, "B5"): hostile, (IND, "K10"): "+1"}
    )
    assert copy.xlsx_path is not None
    ws = openpyxl.load_workbook(copy.xlsx_path)
    assert ws[NARR]["B5"].value == hostile and ws[NARR]["B5"].data_type == "s"
    html = copy.html_path.read_text(encoding="utf-8")
    assert "<script" not in html


def test_the_page_is_escaped_vietnamese_and_says_when_all_is_well(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    checked = inspect_file(
        hanoi, filled(tmp_path, hanoi, district, {(IND, "K35"): "<b>Sắp làm</b>"})
    )
    page = feedback_html(hanoi, checked)
    assert "&lt;b&gt;Sắp làm&lt;/b&gt;" in page and "<b>Sắp" not in page
    assert "Kết luận: không hợp lệ" in page
    clean = feedback_html(
        hanoi, inspect_file(hanoi, filled(tmp_path, hanoi, district, name="ok.xlsx"))
    )
    assert (
        "Không phát hiện vấn đề nào." in clean and "Kết luận: hợp lệ (0 lỗi, 0 cảnh báo)" in clean
    )


def test_a_file_of_no_known_unit_gets_only_the_page(tmp_path: Path, hanoi: Review) -> None:
    path = tmp_path / "rac.xlsx"
    path.write_bytes(b"not a workbook")
    copy = annotate(hanoi, inspect_file(hanoi, path), tmp_path / "out")
    assert copy.xlsx_path is None and copy.html_path.exists()


def test_a_stored_submission_and_its_raw_values_can_be_annotated_later(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    checked = inspect_file(hanoi, filled(tmp_path, hanoi, district, {(IND, "K10"): "abc"}))
    copy = annotate(hanoi, checked.submission, tmp_path / "sau", raw_values=checked.raw_values)
    assert copy.xlsx_path is not None
    ws = openpyxl.load_workbook(copy.xlsx_path)[IND]
    assert ws["K10"].value == "abc" and ws["K10"].fill.fgColor.rgb == RED
