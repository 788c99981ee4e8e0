"""read_workbook on real files: xlsx from xlsxwriter and openpyxl, ods and xls from LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from reportgen.intake.guard import DEFAULT_LIMITS
from reportgen.intake.read import (
    RawSheet,
    RawWorkbook,
    _read_in_child,
    column_letters,
    read_workbook,
)
from tests.libreoffice import convert

CELLS: dict[str, object] = {
    "A1": "Chỉ tiêu",
    "B1": "Năm 2022",
    "A2": "Tỷ lệ thu gom rác thải",
    "B2": 95.5,
    "C2": 1234,
    "A3": "=SUM(1,2) (văn bản, không phải công thức)",
    "B3": True,
    "D5": dt.datetime(2022, 12, 5),
    "E6": "Hà Nội, ngày 05 tháng 12 năm 2022",
}
EXPECTED: dict[str, object] = {**CELLS, "C2": 1234.0, "D5": dt.date(2022, 12, 5)}


def xlsx_bytes() -> bytes:
    """Three sheets, written as Excel writes them: visible, hidden and very hidden."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    data = book.add_worksheet("Chỉ tiêu")
    for address, value in CELLS.items():
        if isinstance(value, dt.datetime):
            data.write_datetime(address, value, dates)
        elif isinstance(value, str):
            data.write_string(address, value)
        else:
            data.write(address, value)
    book.add_worksheet("Ẩn").hide()
    meta = book.add_worksheet("_meta")
    meta.write_string("A1", "review")
    meta.very_hidden()
    book.close()
    return out.getvalue()


def read(data: bytes, name: str) -> RawWorkbook:
    book, findings = read_workbook(data, name)
    assert findings == [] and book is not None
    return book


def test_xlsx_cells_come_back_with_their_addresses_and_types() -> None:
    book = read(xlsx_bytes(), "don-vi.xlsx")
    sheet = book.sheets["Chỉ tiêu"]
    assert dict(sheet.cells) == EXPECTED
    assert (sheet.max_row, sheet.max_col) == (6, 5)
    assert book.format == "xlsx"


def test_a_sheet_read_in_process_answers_as_the_sandboxed_read_does() -> None:
    # In process the sheet keeps calamine's grid and builds its cells on first use; the
    # sandbox child sends cells. Both must say the same, row by row and cell by cell.
    data = xlsx_bytes()
    lazy = read(data, "don-vi.xlsx").sheets["Chỉ tiêu"]
    outcome = _read_in_child(data, DEFAULT_LIMITS)
    name, visible, cells, max_row, max_col = outcome[1][0]
    eager = RawSheet(name, visible, cells, max_row, max_col)
    assert lazy.rows is not None and eager.rows is None
    for row in range(1, 8):
        assert lazy.row_values(row, 6) == eager.row_values(row, 6)
    assert lazy.row_values(2, 3) == ("Tỷ lệ thu gom rác thải", 95.5, 1234.0)
    assert lazy.row_values(4, 2) == (None, None)
    assert dict(lazy.cells) == dict(eager.cells) == EXPECTED
    assert (lazy.max_row, lazy.max_col) == (eager.max_row, eager.max_col) == (6, 5)


def test_sheets_keep_workbook_order_and_hidden_ones_are_marked() -> None:
    book = read(xlsx_bytes(), "don-vi.xlsx")
    assert [(s.name, s.visible) for s in book.sheets.values()] == [
        ("Chỉ tiêu", True),
        ("Ẩn", False),
        ("_meta", False),
    ]
    assert dict(book.sheets["_meta"].cells) == {"A1": "review"}
    assert (book.sheets["Ẩn"].max_row, dict(book.sheets["Ẩn"].cells)) == (0, {})


def test_dates_come_back_as_dates() -> None:
    value = read(xlsx_bytes(), "don-vi.xlsx").sheets["Chỉ tiêu"].cells["D5"]
    assert type(value) is dt.date and value == dt.date(2022, 12, 5)


def test_an_uncalculated_formula_from_openpyxl_is_reported(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Chỉ tiêu"
    sheet["A1"], sheet["A2"], sheet["B1"] = 1, 2, "=SUM(A1:A2)"
    workbook.save(tmp_path / "f.xlsx")
    book = read((tmp_path / "f.xlsx").read_bytes(), "f.xlsx")
    assert book.formula_cells_without_value == frozenset({("Chỉ tiêu", "B1")})
    assert "B1" not in book.sheets["Chỉ tiêu"].cells


def test_a_calculated_formula_is_read_as_its_value() -> None:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("S")
    sheet.write_formula("A1", "=1+2", None, 3)
    sheet.write_formula("A2", '=""', None, "")
    book.close()
    # Excel marks a formula calculated to an empty string with t="str" (xlsxwriter does not).
    patched = io.BytesIO()
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(patched, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<c r="A2">', b'<c r="A2" t="str">')
            dst.writestr(info, content)
    raw = read(patched.getvalue(), "s.xlsx")
    assert dict(raw.sheets["S"].cells) == {"A1": 3.0}
    assert raw.formula_cells_without_value == frozenset()


def test_excel_error_values_are_kept_not_dropped() -> None:
    # calamine's to_python() turns error cells into "", which would look like a missing value.
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("S")
    sheet.write_formula("B2", "=1/0", None, "#DIV/0!")
    sheet.write_formula("B3", "=NA()", None, "#N/A")
    book.close()
    raw = read(out.getvalue(), "s.xlsx")
    assert dict(raw.sheets["S"].cells) == {"B2": "#DIV/0!", "B3": "#N/A"}
    assert (raw.sheets["S"].max_row, raw.sheets["S"].max_col) == (3, 2)


def test_column_letters() -> None:
    assert [column_letters(i) for i in (1, 26, 27, 52, 703, 16384)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "AAA",
        "XFD",
    ]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The xlsx above converted by LibreOffice to .ods and .xls (one soffice run)."""
    folder = tmp_path_factory.mktemp("converted")
    source = folder / "don-vi.xlsx"
    source.write_bytes(xlsx_bytes())
    for target in ("ods", "xls"):
        convert(source, target, folder, profile=folder / "profile")
    return folder


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_ods_and_xls_give_the_same_cells_as_xlsx(converted: Path, fmt: str) -> None:
    book = read((converted / f"don-vi.{fmt}").read_bytes(), f"don-vi.{fmt}")
    assert book.format == fmt
    assert dict(book.sheets["Chỉ tiêu"].cells) == EXPECTED
    assert [s.name for s in book.sheets.values()] == ["Chỉ tiêu", "Ẩn", "_meta"]
    assert [s.visible for s in book.sheets.values()] == [True, False, False]


def test_a_skipped_sheet_is_not_read_and_is_named_unread() -> None:
    book, findings = read_workbook(xlsx_bytes(), "don-vi.xlsx", skip=("_meta", "không có"))
    assert findings == [] and book is not None
    assert list(book.sheets) == ["Chỉ tiêu", "Ẩn"]
    assert book.unread == {"_meta"}  # only the sheets the file has
    assert dict(book.sheets["Chỉ tiêu"].cells) == EXPECTED


def test_a_skipped_sheet_asking_for_a_huge_grid_is_never_allocated() -> None:
    # One cell at XFD1048576 would make calamine build 17 billion cells: the pre-scan refuses
    # the file, unless that sheet is skipped, in which case nobody builds its grid at all.
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.add_worksheet("Chỉ tiêu").write_string("A1", "Chỉ tiêu")
    book.add_worksheet("_meta").write_string("XFD1048576", "x")
    book.close()
    refused, findings = read_workbook(out.getvalue(), "xa.xlsx")
    assert refused is None and [f.code for f in findings] == ["file-too-many-cells"]
    read_back, findings = read_workbook(out.getvalue(), "xa.xlsx", skip=("_meta",))
    assert findings == [] and read_back is not None and read_back.unread == {"_meta"}
    assert dict(read_back.sheets["Chỉ tiêu"].cells) == {"A1": "Chỉ tiêu"}


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_the_sandbox_drops_a_skipped_sheet_too(converted: Path, fmt: str) -> None:
    data = (converted / f"don-vi.{fmt}").read_bytes()
    book, findings = read_workbook(data, f"don-vi.{fmt}", skip=("_meta",))
    assert findings == [] and book is not None
    assert list(book.sheets) == ["Chỉ tiêu", "Ẩn"] and book.unread == {"_meta"}


def test_the_guard_does_not_inflate_a_skipped_sheet() -> None:
    from reportgen.intake.guard import sniff

    data = xlsx_bytes()
    every = sniff(data, "don-vi.xlsx").members
    some = sniff(data, "don-vi.xlsx", skip_sheets=("_meta",)).members
    assert set(every) - set(some) == {"xl/worksheets/sheet3.xml"}  # _meta, the third sheet
    assert {k: every[k] for k in some} == dict(some)
