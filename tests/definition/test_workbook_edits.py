"""A clerk's edits of the definition workbook: the usual ones survive, bad ones are located."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportgen.definition import Review, load_review
from reportgen.definition.workbook_export import export_review_workbook
from reportgen.definition.workbook_import import import_definition_workbook
from reportgen.messages import flatten
from tests.definition.workbook_helpers import Edit, append_row, column, insert_row, row_of, set_info

ROOT = Path(__file__).resolve().parents[2]
IND = "Chỉ tiêu"


@pytest.fixture(scope="module")
def hanoi_review() -> Review:
    return load_review(ROOT / "templates" / "nq11-moi-truong")


@pytest.fixture
def workbook(tmp_path: Path, hanoi_review: Review) -> Path:
    path = tmp_path / "dinh-nghia.xlsx"
    export_review_workbook(hanoi_review, path)
    return path


def errors(path: Path, out: Path | None = None) -> list[list[object]]:
    review, findings = import_definition_workbook(path, out)
    assert review is None
    return flatten(
        [f for f in findings if f.severity == "error"], ["code", "sheet", "cell", "message"]
    )


# -- edits that must survive -------------------------------------------------------------------


def test_a_clerks_typical_edits_survive(
    workbook: Path, tmp_path: Path, hanoi_review: Review
) -> None:
    with Edit(workbook) as wb:
        append_row(
            wb["Đơn vị"], {"A": "037", "B": "Huyện Mê Linh mới", "C": "huyen", "F": "05/12/2022"}
        )
        ws = wb[IND]
        at = row_of(ws, "NM02")  # between NM01 and NM02
        insert_row(ws, at, {"A": "NM01b", "B": "nuoc-mat", "C": "Số hộ dân dùng nước giếng khoan",
                            "D": "hộ", "E": "số nguyên", "F": "mọi năm của kỳ", "H": "Có",
                            "I": 0, "O": "cộng"})  # fmt: skip
        ws[f"{column(IND, 'target.value')}{row_of(ws, 'NM03')}"] = 97  # change a target
        ws[f"{column(IND, 'target.value')}{row_of(ws, 'CT04')}"] = (
            "95,5"  # a decimal comma, as text
        )
        sections = wb["Phần thuyết minh"]
        sections[f"C{row_of(sections, 'bai-hoc')}"] = "Bài học kinh nghiệm rút ra"  # rename
        set_info(wb, "deadline", "05/12/2022")  # a date typed as text
        set_info(wb, "cutoff_date", dt.datetime(2022, 10, 30))
    review, findings = import_definition_workbook(workbook, tmp_path / "out")
    assert review is not None, flatten(findings, ["code", "sheet", "cell", "message"])
    assert load_review(tmp_path / "out") == review
    codes = [i.code for i in review.indicators]
    assert codes[:3] == ["NM01", "NM01b", "NM02"]
    new = review.indicator_by_code["NM01b"]
    assert (new.name, new.unit, new.type, new.min, new.required) == (
        "Số hộ dân dùng nước giếng khoan", "hộ", "integer", 0, True,
    )  # fmt: skip
    assert review.indicator_by_code["NM03"].target.value == 97  # type: ignore[union-attr]
    assert review.indicator_by_code["CT04"].target.value == 95.5  # type: ignore[union-attr]
    assert (
        next(s for s in review.sections if s.code == "bai-hoc").title
        == "Bài học kinh nghiệm rút ra"
    )
    assert review.deadline == dt.date(2022, 12, 5)
    assert review.cutoff_date == dt.date(2022, 10, 30)
    unit = review.unit_by_code["037"]
    assert (unit.name, unit.kind, unit.deadline) == (
        "Huyện Mê Linh mới",
        "huyen",
        dt.date(2022, 12, 5),
    )
    assert len(review.units) == len(hanoi_review.units) + 1
    # The new indicator changes what a unit's workbook holds: the fingerprint says so.
    assert review.fingerprint != hanoi_review.fingerprint
    text = (tmp_path / "out" / "review.yaml").read_text(encoding="utf-8")
    assert "  - code: NM01b\n    area: nuoc-mat\n" in text
    assert (
        "037,Huyện Mê Linh mới,huyen,,,05/12/2022" in (tmp_path / "out" / "units.csv").read_text()
    )


def test_codes_typed_as_numbers_and_raw_codes_instead_of_labels_are_understood(
    workbook: Path, tmp_path: Path
) -> None:
    with Edit(workbook) as wb:
        append_row(wb["Đơn vị"], {"A": 38, "B": "Đơn vị số", "C": "quan"})
        ws = wb[IND]
        ws[f"{column(IND, 'type')}{row_of(ws, 'NM01')}"] = "integer"
        ws[f"{column(IND, 'required')}{row_of(ws, 'NM01')}"] = "không"
    review, findings = import_definition_workbook(workbook)
    assert review is not None, flatten(findings, ["code", "message"])
    assert review.unit_by_code["38"].name == "Đơn vị số"
    assert review.indicator_by_code["NM01"].required is False


# -- bad edits: each gives its located finding, and nothing is written ---------------------------


def test_an_unknown_area_is_named_at_its_cell(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with Edit(workbook) as wb:
        ws = wb[IND]
        cell = f"{column(IND, 'area')}{row_of(ws, 'NM02')}"
        ws[cell] = "nuoc-mat2"
    assert errors(workbook, out) == [
        ["unknown-reference", IND, cell, f"{IND}!{cell}: không có nhóm nhiệm vụ mã 'nuoc-mat2'."]
    ]
    assert not out.exists()


def test_nothing_is_written_over_a_good_definition_when_the_workbook_has_errors(
    workbook: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    review, _ = import_definition_workbook(workbook, out)
    assert review is not None
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with Edit(workbook) as wb:
        set_info(wb, "period.first_year", "hai nghìn")
    assert errors(workbook, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_cells_that_cannot_be_read_are_named_with_their_column(workbook: Path) -> None:
    with Edit(workbook) as wb:
        ws = wb[IND]
        ws["E2"] = "số nguyen"  # NM01: not a label of the drop-down
        ws["I6"] = "không"  # XT01: text in a number
        ws["C5"] = None  # NM04: a required name left blank
        set_info(wb, "deadline", "31/02/2022")  # not a real date
        append_row(wb["Loại đơn vị"], {"A": "quan", "B": "Quận (lặp)"})
        wb["Cột danh sách"]["A2"] = "van-ban-2"  # a list that does not exist
    assert errors(workbook) == [
        ["definition-cell-type", "Thông tin", "B15",
         "Thông tin!B15 (Hạn đơn vị nộp): '31/02/2022' không phải ngày dạng ngày/tháng/năm "
         "(ví dụ 05/12/2022)."],
        ["duplicate-code", "Loại đơn vị", "A6",
         "Loại đơn vị!A6: mã 'quan' bị trùng (đã dùng ở ô Loại đơn vị!A2)."],
        ["definition-cell-choice", IND, "E2",
         f"{IND}!E2 (Kiểu số liệu): 'số nguyen' không có trong danh sách chọn (số nguyên; "
         "số thập phân; tỷ lệ phần trăm; tỷ lệ (tính từ tử số và mẫu số); Có/Không; "
         "chọn từ danh sách; văn bản ngắn)."],
        ["definition-cell-type", IND, "I6", f"{IND}!I6 (Giá trị nhỏ nhất): 'không' không phải số."],
        ["unknown-reference", "Cột danh sách", "A2",
         "Cột danh sách!A2: không có danh sách mã 'van-ban-2'."],
        # The loader's own finding for E2 (type missing) is an echo of the first and is left out.
        ["missing-key", IND, "C5", f"{IND}!C5: chưa điền 'Tên chỉ tiêu' (bắt buộc)."],
    ]  # fmt: skip


def test_definitions_that_make_no_sense_are_named_at_the_cell_to_fix(workbook: Path) -> None:
    with Edit(workbook) as wb:
        ws = wb[IND]
        ws["A25"] = "NM01"  # KK02 takes a code already used
        ws["P4"] = None  # NM03, a ratio, loses its numerator
        ws["Q4"] = "NM03"  # and its denominator becomes itself, a ratio
        ws["B8"] = "nuoc-mat2"  # XT03 in a task area that does not exist
        set_info(wb, "period.last_year", 2016)  # before the first year
        wb["Đơn vị"]["C3"] = "phuong"  # a unit kind that does not exist
        rules = wb["Quy tắc"]
        rules["D2"] = rules["B2"].value  # a rule comparing an indicator with itself
    assert errors(workbook) == [
        ["duplicate-code", IND, "A25", f"{IND}!A25: mã 'NM01' bị trùng (đã dùng ở ô {IND}!A2)."],
        ["unit-kind-unknown", "Đơn vị", "C3", "Đơn vị!C3: loại đơn vị 'phuong' chưa có ở sheet Loại đơn vị."],
        ["period-invalid", "Thông tin", "B11", "Thông tin!B11: năm đầu kỳ 2017 lớn hơn năm cuối kỳ 2016."],
        ["ratio-part-missing", IND, "P4", f"{IND}!P4: chỉ tiêu tỷ lệ 'NM03' phải có 'Tử số' (mã chỉ tiêu)."],
        ["ratio-part-not-numeric", IND, "Q4",
         f"{IND}!Q4: 'Mẫu số' của chỉ tiêu 'NM03' phải là chỉ tiêu kiểu số nguyên hoặc số thập phân, "
         "không phải 'ratio'."],
        ["unknown-reference", IND, "B8", f"{IND}!B8: không có nhóm nhiệm vụ mã 'nuoc-mat2'."],
        ["rule-same-indicator", "Quy tắc", "A2", "Quy tắc!A2: quy tắc 'R01' so sánh một chỉ tiêu với chính nó."],
    ]  # fmt: skip


def test_a_required_cell_left_blank_names_its_column(workbook: Path) -> None:
    with Edit(workbook) as wb:
        ws = wb[IND]
        row = row_of(ws, "NM04")
        ws[f"C{row}"] = None
    assert errors(workbook) == [
        ["missing-key", IND, f"C{row}", f"{IND}!C{row}: chưa điền 'Tên chỉ tiêu' (bắt buộc)."]
    ]


def test_a_target_outside_the_range_is_named_at_the_target_cell(workbook: Path) -> None:
    with Edit(workbook) as wb:
        ws = wb[IND]
        cell = f"{column(IND, 'target.value')}{row_of(ws, 'CT03')}"
        ws[cell] = 120
    assert errors(workbook) == [
        ["target-out-of-range", IND, cell,
         f"{IND}!{cell}: mục tiêu 120.0 của chỉ tiêu 'CT03' nằm ngoài khoảng cho phép [0.0; 100.0]."]
    ]  # fmt: skip


def test_a_missing_sheet_and_a_file_that_is_no_workbook(workbook: Path, tmp_path: Path) -> None:
    with Edit(workbook) as wb:
        del wb["Chỉ tiêu"]
    found = errors(workbook)
    assert [
        "definition-sheet-missing",
        IND,
        None,
        f"Bảng định nghĩa không có sheet '{IND}'.",
    ] in found
    junk = tmp_path / "dinh-nghia.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    assert errors(junk) == [
        ["definition-workbook-unreadable", None, None,
         "Không đọc được bảng định nghĩa dinh-nghia.xlsx: không phải tệp Excel .xlsx (hay .ods). "
         "Hãy lưu lại dưới dạng Excel (.xlsx)."]
    ]  # fmt: skip


def test_an_uploaded_workbook_is_read_from_its_bytes(workbook: Path) -> None:
    review, findings = import_definition_workbook(workbook.read_bytes(), name="tai-len.xlsx")
    assert review is not None and review.id == "nq11-moi-truong"
    assert flatten(findings, ["code"]) == [["example-targets"], ["example-basis"]]


def test_every_cell_wording_belongs_to_a_code_and_is_bilingual() -> None:
    from reportgen.messages import CATALOG
    from reportgen.messages.definition import CELL_MESSAGES

    assert set(CELL_MESSAGES) <= set(CATALOG)
    for code in CELL_MESSAGES:
        entry = CATALOG[code]
        assert entry.cell_vi.startswith("{sheet}") and entry.cell_en.startswith("{sheet}"), code
        assert entry.cell_vi != entry.cell_en or code == "bad-value", code
