"""The guard: every hostile or broken file is refused quickly, with one clear file-* finding.

Hostile files are generated in the tests (bytes built here), so the suite needs no fixtures.
A last test runs the calamine test corpus (../shared/corpus/calamine-tests) when it exists.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
import xlsxwriter

from reportgen.intake.guard import Limits, sniff
from reportgen.intake.read import read_workbook
from reportgen.messages import flatten, message_text
from tests.libreoffice import convert

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "calamine-tests"


def small_xlsx(**sheets: dict[str, object]) -> bytes:
    """A real .xlsx (xlsxwriter, in memory) with these cells."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    for name, cells in (sheets or {"Trang1": {"A1": 1}}).items():
        sheet = book.add_worksheet(name)
        for address, value in cells.items():
            sheet.write(address, value)
    book.close()
    return out.getvalue()


def rezip(data: bytes, extra: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """Copy a zip, dropping some members and adding others."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename not in drop:
                dst.writestr(info.filename, src.read(info))
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def codes(
    data: bytes, name: str = "don-vi.xlsx", limits: Limits | None = None
) -> list[list[object]]:
    book, findings = read_workbook(data, name, *([limits] if limits else []))
    assert (book is None) == any(f.severity == "error" for f in findings)
    return flatten(findings, ["code", "severity"])


def detail(data: bytes, name: str = "don-vi.xlsx") -> str:
    return str(sniff(data, name).findings[0].params["detail"])


# -- what the file is ---------------------------------------------------------------------------


def test_an_empty_file_is_refused() -> None:
    assert codes(b"") == [["file-empty", "error"]]


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed() -> None:
    data = small_xlsx()
    assert codes(data, limits=Limits(max_file_bytes=len(data) - 1)) == [["file-too-large", "error"]]


def test_a_csv_renamed_xlsx_is_refused_and_called_csv() -> None:
    data = "Mã;Tên;Giá trị\n001;Ba Đình;1.234,5\n002;Hoàn Kiếm;12\n".encode()
    assert codes(data) == [["file-not-spreadsheet", "error"]]
    assert "CSV" in detail(data)


def test_random_bytes_are_refused() -> None:
    assert codes(random.Random(7).randbytes(5000)) == [["file-not-spreadsheet", "error"]]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "HTML"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "ảnh"),
        ("Báo cáo sơ kết năm 2022".encode(), "văn bản"),
    ],
)
def test_other_kinds_of_file_are_named(data: bytes, words: str) -> None:
    assert codes(data) == [["file-not-spreadsheet", "error"]]
    assert words in detail(data)


def test_a_docx_is_refused_as_a_word_file(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Báo cáo")
    document.save(tmp_path / "bao-cao.docx")
    data = (tmp_path / "bao-cao.docx").read_bytes()
    assert codes(data) == [["file-not-spreadsheet", "error"]]
    assert "Word" in detail(data)


def test_a_plain_zip_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("bao-cao.txt", "xin chào")
    assert codes(out.getvalue()) == [["file-not-spreadsheet", "error"]]


def test_an_odf_text_document_is_not_a_spreadsheet() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert codes(out.getvalue(), "bao-cao.ods") == [["file-not-spreadsheet", "error"]]


# -- broken files ---------------------------------------------------------------------------------


def test_a_truncated_xlsx_is_corrupt() -> None:
    data = small_xlsx()
    assert codes(data[: len(data) // 2]) == [["file-corrupt", "error"]]


def test_a_member_with_a_bad_crc_is_corrupt() -> None:
    data = bytearray(small_xlsx(Trang1={f"A{i}": f"dòng {i}" for i in range(1, 200)}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/sharedStrings.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    assert codes(bytes(data)) == [["file-corrupt", "error"]]


def test_an_ole2_file_without_a_workbook_stream_is_corrupt() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)
    assert codes(data, "don-vi.xls") == [["file-corrupt", "error"]]


# -- zip bombs and grids too large to allocate -------------------------------------------------


def test_a_member_that_inflates_a_thousand_times_is_a_zip_bomb() -> None:
    data = rezip(small_xlsx(), {"xl/media/image1.png": bytes(30 * 1024 * 1024)})
    assert len(data) < 200_000
    started = time.perf_counter()
    assert codes(data) == [["file-zip-bomb", "error"]]
    assert time.perf_counter() - started < 1


def test_members_adding_up_past_the_budget_are_a_zip_bomb() -> None:
    members = {f"xl/media/image{i}.png": bytes(3 * 1024 * 1024) for i in range(4)}
    limits = Limits(max_unzipped_bytes=10 * 1024 * 1024, max_member_ratio=10**6)
    assert codes(rezip(small_xlsx(), members), limits=limits) == [["file-zip-bomb", "error"]]


def test_a_member_lying_about_its_size_is_never_inflated_past_it() -> None:
    name = b"xl/worksheets/sheet9.xml"
    data = bytearray(rezip(small_xlsx(), {name.decode(): bytes(30 * 1024 * 1024)}))
    local = data.find(name) - 30
    central = data.rfind(name) - 46
    assert data[local : local + 4] == b"PK\x03\x04" and data[central : central + 4] == b"PK\x01\x02"
    # Claim 1000 bytes uncompressed in the local header and the central directory.
    data[local + 22 : local + 26] = (1000).to_bytes(4, "little")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    started = time.perf_counter()
    assert codes(bytes(data)) == [["file-corrupt", "error"]]  # the CRC no longer matches
    assert time.perf_counter() - started < 1


def test_too_many_zip_members_are_refused() -> None:
    members = {f"xl/x{i}.xml": b"<x/>" for i in range(20)}
    assert codes(rezip(small_xlsx(), members), limits=Limits(max_members=10)) == [
        ["file-zip-bomb", "error"]
    ]


@pytest.mark.parametrize("far", ["XFD1048576", "CU1000000"])
def test_a_two_cell_sheet_with_a_far_cell_is_refused_before_calamine_allocates(far: str) -> None:
    # calamine 0.9 aborts the process on XFD1048576 and takes 11 s and 3 GB on CU1000000.
    sheet = small_xlsx(Trang1={"A1": 1, far: 2})
    started = time.perf_counter()
    assert codes(sheet) == [["file-too-many-cells", "error"]]
    assert time.perf_counter() - started < 1


def test_formatted_empty_cells_far_away_do_not_count() -> None:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Trang1")
    sheet.write("A1", 1)
    sheet.write_blank("XFD1048576", None, book.add_format({"bold": True}))
    book.close()
    workbook, findings = read_workbook(out.getvalue(), "don-vi.xlsx")
    assert findings == [] and workbook is not None
    assert dict(workbook.sheets["Trang1"].cells) == {"A1": 1.0}


def test_the_cell_limit_counts_the_grid_from_a1() -> None:
    data = small_xlsx(Trang1={"A1": 1, "J100": 2})  # 100 rows × 10 columns
    assert codes(data, limits=Limits(max_cells=999)) == [["file-too-many-cells", "error"]]
    assert codes(data, limits=Limits(max_cells=1000)) == []


# -- encryption, macros, wrong extension ---------------------------------------------------------


def test_an_encrypted_ooxml_file_is_refused() -> None:
    # Excel wraps a password-protected .xlsx in an OLE2 file with these two streams.
    names = (
        "EncryptionInfo".encode("utf-16-le") + bytes(50) + "EncryptedPackage".encode("utf-16-le")
    )
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + names + bytes(500)
    assert codes(data) == [["file-encrypted", "error"]]


def test_a_password_protected_ods_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", bytes(64))
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest><manifest:file-entry manifest:full-path="content.xml">'
            '<manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry>'
            "</manifest:manifest>",
        )
    assert codes(out.getvalue(), "don-vi.ods") == [["file-encrypted", "error"]]


def test_macros_are_never_run_only_noted() -> None:
    data = rezip(small_xlsx(), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not run"})
    book, findings = read_workbook(data, "don-vi.xlsm")
    assert flatten(findings, ["code", "severity"]) == [["file-has-macros", "warning"]]
    assert book is not None and book.format == "xlsm"


def test_an_xlsx_named_xls_is_read_as_xlsx_with_a_warning() -> None:
    book, findings = read_workbook(small_xlsx(), "don-vi.xls")
    assert flatten(findings, ["code", "severity"]) == [["file-type-mismatch", "warning"]]
    assert book is not None and book.format == "xlsx"
    assert "có đuôi .xls nhưng thực chất là tệp .xlsx" in message_text(findings[0])


@pytest.fixture(scope="module")
def xls_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two .xls files made by LibreOffice: a small one, and two cells with one at IV65536."""
    folder = tmp_path_factory.mktemp("xls")
    (folder / "don-vi.xlsx").write_bytes(small_xlsx(Trang1={"A1": "Ba Đình", "B2": 12.5}))
    (folder / "far.xlsx").write_bytes(small_xlsx(Trang1={"A1": 1, "IV65536": 2}))
    convert([folder / "don-vi.xlsx", folder / "far.xlsx"], "xls", folder / "out")
    return folder / "out"


@pytest.mark.libreoffice
def test_an_xls_renamed_xlsx_is_read_as_xls_with_a_warning(xls_files: Path) -> None:
    data = (xls_files / "don-vi.xls").read_bytes()
    book, findings = read_workbook(data, "don-vi.xlsx")
    assert flatten(findings, ["code"]) == [["file-type-mismatch"]]
    assert book is not None and book.format == "xls"
    assert dict(book.sheets["Trang1"].cells) == {"A1": "Ba Đình", "B2": 12.5}


@pytest.mark.libreoffice
def test_an_xls_with_a_far_cell_is_refused_fast_in_bounded_memory(xls_files: Path) -> None:
    # Unbounded, calamine needs 1 GB and 6 s for this 5 KB file; the child's RLIMIT_AS stops it.
    started = time.perf_counter()
    assert codes((xls_files / "far.xls").read_bytes(), "far.xls") == [
        ["file-too-many-cells", "error"]
    ]
    assert time.perf_counter() - started < 2


def test_an_ods_asking_for_millions_of_repeated_cells_is_refused_before_reading() -> None:
    cell = '<table:table-cell table:number-columns-repeated="90" office:value-type="float" office:value="1"/>'
    content = (
        '<office:document-content><office:body><office:spreadsheet><table:table table:name="S">'
        f'<table:table-row table:number-rows-repeated="1000000">{cell}</table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    started = time.perf_counter()
    assert codes(out.getvalue(), "don-vi.ods") == [["file-too-many-cells", "error"]]
    assert time.perf_counter() - started < 0.5


# -- the calamine corpus ----------------------------------------------------------------------

_CORPUS_RUNNER = r"""
import json, os, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from reportgen.intake.read import read_workbook
for path in sys.argv[1:]:
    print("START", os.path.basename(path), file=sys.stderr, flush=True)
    data = open(path, "rb").read()
    started = time.perf_counter()
    book, findings = read_workbook(data, os.path.basename(path))
    seconds = time.perf_counter() - started
    print(json.dumps([os.path.basename(path), seconds, [f.code for f in findings]]), flush=True)
"""


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no calamine corpus at {CORPUS}")
def test_every_corpus_file_returns_quickly_under_a_memory_cap() -> None:
    files = sorted(str(p) for p in CORPUS.iterdir() if p.is_file())
    done = subprocess.run(
        [sys.executable, "-c", _CORPUS_RUNNER, *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    results = {
        name: (seconds, found) for name, seconds, found in map(json.loads, done.stdout.splitlines())
    }
    assert len(results) == len(files)
    slow = {name: seconds for name, (seconds, _) in results.items() if seconds >= 2}
    assert not slow
    refused = {
        name: found[-1]
        for name, (_, found) in results.items()
        if found and found[-1].startswith("file-")
    }
    for name in ("pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods"):
        assert refused.get(name) == "file-encrypted", name
    for name in ("OOM_alloc3.xls", "issue_594_dos.ods", "too_small.xls"):
        assert name in refused, name


def test_rows_and_columns_per_sheet_are_limited() -> None:
    data = small_xlsx(Trang1={"A1": 1, "C50": 2})
    assert codes(data, limits=Limits(max_rows=49)) == [["file-too-many-cells", "error"]]
    assert codes(data, limits=Limits(max_cols=2)) == [["file-too-many-cells", "error"]]
    assert codes(data, limits=Limits(max_rows=50, max_cols=3)) == []
    assert codes(data, limits=Limits(max_sheets=0)) == [["file-too-many-cells", "error"]]


def test_randomly_damaged_xlsx_files_never_raise() -> None:
    base = small_xlsx(
        Trang1={f"{c}{r}": (r * 7 if c in "BD" else f"ô {r}") for r in range(1, 31) for c in "ABCD"}
    )
    rng = random.Random(2026)
    for _ in range(300):
        data = bytearray(base)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.2:
            data = data[: rng.randrange(len(data))]
        book, findings = read_workbook(bytes(data), "don-vi.xlsx")
        errors = [f.code for f in findings if f.severity == "error"]
        assert (book is not None and not errors) or (book is None and errors[0].startswith("file-"))
