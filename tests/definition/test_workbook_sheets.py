"""The definition workbook's layout: headers with notes, typed cells, and every drop-down fed right."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from reportgen.definition import Review, load_review
from reportgen.definition.sheets import GUIDE, INFO, INFO_ROWS, MAX_ROWS, NO, TABLES, YES, FieldKind
from reportgen.definition.workbook_export import export_review_workbook
from tests.definition.random_review import random_review
from tests.definition.workbook_helpers import column, info_cell, row_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Review, openpyxl.Workbook]:
    review = load_review(ROOT / "templates" / "nq11-moi-truong")
    path = tmp_path_factory.mktemp("def") / "dinh-nghia.xlsx"
    export_review_workbook(review, path)
    return review, openpyxl.load_workbook(path)


def test_sheets_come_in_the_order_a_clerk_fills_them(
    exported: tuple[Review, openpyxl.Workbook],
) -> None:
    _, wb = exported
    assert wb.sheetnames == [GUIDE, INFO, *(t.sheet for t in TABLES)]


def test_every_column_has_a_vietnamese_header_and_a_note(
    exported: tuple[Review, openpyxl.Workbook],
) -> None:
    _, wb = exported
    for table in TABLES:
        ws = wb[table.sheet]
        for c, f in enumerate(table.all_fields, start=1):
            cell = ws.cell(row=1, column=c)
            assert cell.value == f.header, (table.sheet, c)
            assert cell.comment is not None and f.note in cell.comment.text, (table.sheet, f.header)
    info = wb[INFO]
    for r, row in enumerate(INFO_ROWS, start=2):
        assert info[f"A{r}"].value == row.field.header
        assert row.field.note in str(info[f"C{r}"].value)
    guide = "\n".join(str(c.value) for row in wb[GUIDE].iter_rows() for c in row if c.value)
    for table in TABLES:
        for f in table.all_fields:
            assert f.note in guide, (table.sheet, f.header)


def test_every_drop_down_is_present_and_fed_from_the_right_sheet(
    exported: tuple[Review, openpyxl.Workbook],
) -> None:
    _, wb = exported
    checked = 0
    for table in TABLES:
        ws = wb[table.sheet]
        by_range = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
        for f in table.all_fields:
            letter = column(table.sheet, f.key)
            dv = by_range.get(f"{letter}2:{letter}{MAX_ROWS + 1}")
            if f.kind is FieldKind.REF:
                assert dv is not None and dv.type == "list", (table.sheet, f.header)
                assert dv.formula1 == f"'{f.ref}'!$A$2:$A${MAX_ROWS + 1}", (table.sheet, f.header)
                assert dv.errorStyle in (None, "stop")
                checked += 1
            elif f.kind is FieldKind.ENUM:
                assert f.enum is not None and dv is not None, (table.sheet, f.header)
                assert dv.formula1 == '"' + ",".join(f.enum.values()) + '"'
                checked += 1
            elif f.kind is FieldKind.BOOL:
                assert dv is not None and dv.formula1 == f'"{YES},{NO}"', (table.sheet, f.header)
                checked += 1
            else:
                assert dv is None, (table.sheet, f.header)
    refs = {
        (t.sheet, f.key): f.ref for t in TABLES for f in t.all_fields if f.kind is FieldKind.REF
    }
    assert refs == {
        ("Đơn vị", "kind"): "Loại đơn vị",
        ("Đơn vị", "parent"): "Đơn vị",
        ("Chỉ tiêu", "area"): "Nhóm nhiệm vụ",
        ("Chỉ tiêu", "numerator"): "Chỉ tiêu",
        ("Chỉ tiêu", "denominator"): "Chỉ tiêu",
        ("Quy tắc", "left"): "Chỉ tiêu",
        ("Quy tắc", "right"): "Chỉ tiêu",
        ("Phần thuyết minh", "area"): "Nhóm nhiệm vụ",
        ("Cột danh sách", "list"): "Danh sách",
    }
    assert checked == 21  # 9 references, 7 kinds, 5 yes/no columns
    info = wb[INFO]
    by_cell = {str(dv.sqref): dv for dv in info.data_validations.dataValidation}
    assert set(by_cell) == {
        info_cell("kind"),
        info_cell("issuer.style"),
        info_cell("basis_example"),  # Có/Không
    }


def test_the_fed_sheets_hold_the_codes_in_column_a(
    exported: tuple[Review, openpyxl.Workbook],
) -> None:
    review, wb = exported
    assert [c.value for c in wb["Nhóm nhiệm vụ"]["A"][1:]] == [a.code for a in review.areas]
    assert [c.value for c in wb["Chỉ tiêu"]["A"][1:]] == [i.code for i in review.indicators]
    assert [c.value for c in wb["Loại đơn vị"]["A"][1:]] == list(review.unit_kinds)
    assert [c.value for c in wb["Đơn vị"]["A"][1:]] == [u.code for u in review.units]


def test_numbers_and_dates_are_typed_cells_and_codes_stay_text(
    exported: tuple[Review, openpyxl.Workbook],
) -> None:
    _, wb = exported
    info = wb[INFO]
    assert info[info_cell("deadline")].is_date
    assert info[info_cell("deadline")].number_format == "dd/mm/yyyy"
    assert info[info_cell("period.first_year")].value == 2017
    ws = wb["Chỉ tiêu"]
    nm03 = row_of(ws, "NM03")
    target = ws[f"{column('Chỉ tiêu', 'target.value')}{nm03}"]
    assert target.data_type == "n" and target.value == 95
    units = wb["Đơn vị"]
    assert units["A2"].value == "001" and units["A2"].data_type == "s"
    assert units["A2"].number_format == "@"


def test_text_starting_with_an_operator_is_written_as_text_not_a_formula(tmp_path: Path) -> None:
    review = next(
        r for r in map(random_review, range(200)) if any(u.name[0] in "=+-@" for u in r.units)
    )
    path = tmp_path / "d.xlsx"
    export_review_workbook(review, path)
    ws = openpyxl.load_workbook(path)["Đơn vị"]
    names = [c for c in ws["B"][1:] if str(c.value)[0] in "=+-@"]
    assert names and all(c.data_type == "s" for c in names)
