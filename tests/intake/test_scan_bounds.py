"""The pre-scan's cheap bound for small sheets never changes a verdict, and folders use all cores.

A sheet whose every cell is addressed within Z999 is bounded by one regex search (999 × 26);
when that bound could exceed a limit, the exact extent decides, exactly as before.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main
from reportgen.definition.model import Review, Unit
from reportgen.intake.guard import Limits, sniff
from reportgen.intake.read import read_workbook
from reportgen.intake.scan import scan_xlsx
from tests.conftest import HANOI_DIR
from tests.intake._filled import IND, filled
from tests.intake.test_guard import small_xlsx


def _scan(data: bytes, **limits: int):  # type: ignore[no-untyped-def]
    return scan_xlsx(sniff(data, "a.xlsx").members, **limits)


def test_a_small_sheet_is_bounded_by_z999_and_counted_exactly_near_a_limit() -> None:
    data = small_xlsx(Trang1={"A1": 1, "C50": 2}, Trang2={"B2": "x"})
    loose = _scan(data, max_cells=2_000_000, max_rows=1_048_576, max_cols=16_384)
    assert loose is not None and loose.grid_cells == 2 * 999 * 26
    exact = _scan(data)  # no limits: the exact extent, as calamine builds it
    assert exact is not None and (exact.grid_cells, exact.largest) == (50 * 3 + 2 * 2, (50, 3))
    tight = _scan(data, max_cells=154)  # the bound exceeds it: every sheet counted exactly
    assert tight is not None and tight.grid_cells == 154


def test_the_cell_limit_decides_exactly_as_without_the_bound() -> None:
    data = small_xlsx(Trang1={"A1": 1, "C50": 2})
    assert read_workbook(data, "a.xlsx", Limits(max_cells=150))[0] is not None
    book, findings = read_workbook(data, "a.xlsx", Limits(max_cells=149))
    assert book is None and [f.code for f in findings] == ["file-too-many-cells"]


def test_a_far_cell_or_an_unaddressed_cell_gets_the_exact_count() -> None:
    far = small_xlsx(Trang1={"A1": 1, "AA1000": 2})
    scan = _scan(far, max_cells=2_000_000, max_rows=1_048_576, max_cols=16_384)
    assert scan is not None and scan.largest == (1000, 27)
    xml = sniff(far, "a.xlsx").members["xl/worksheets/sheet1.xml"]
    assert b'<c r="AA1000"' in xml  # the address the bound refuses to ignore


def test_a_folder_is_checked_on_every_core_with_the_same_verdicts(
    tmp_path: Path, hanoi: Review, district: Unit
) -> None:
    folder = tmp_path / "nhan"
    filled(folder, hanoi, district, name="001-sach.xlsx")
    filled(folder, hanoi, district, {(IND, "K10"): "chưa có số liệu"}, name="001-loi.xlsx")
    for n in range(8):  # enough files for the parallel path (_PARALLEL_FROM)
        shutil.copy(folder / ("001-loi.xlsx" if n % 2 else "001-sach.xlsx"), folder / f"x{n}.xlsx")
    args = ["check", "--review", str(HANOI_DIR), str(folder), "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert len(data) == 10
    verdicts = {d["file"]: d["verdict"] for d in data}
    assert verdicts["001-sach.xlsx"] == verdicts["x0.xlsx"] == "accepted"
    assert verdicts["001-loi.xlsx"] == verdicts["x1.xlsx"] == "rejected"
    bad = next(d for d in data if d["file"] == "x1.xlsx")
    assert bad["findings"][0]["code"] == "not-a-number"


def test_a_formula_counts_as_calculated_only_with_a_value_after_it() -> None:
    # The quick look right after the formula element must agree with the look at the whole
    # cell on every shape Excel, LibreOffice, openpyxl and xlsxwriter write.
    from reportgen.intake.scan import _uncalculated

    cells = {
        "A1": '<c r="A1" s="1"><f>1+1</f><v>2</v></c>',
        "A2": '<c r="A2"><f aca="false">SUM(A1)</f><v>0.5</v></c>',
        "A3": '<c r="A3"><f t="shared" si="0"/><v>3</v></c>',
        "A4": '<c r="A4"><f>1+1</f></c>',  # openpyxl: never calculated
        "A5": '<c r="A5"><f>1+1</f><v></v></c>',
        "A6": '<c r="A6"><f>1+1</f><v>\n</v></c>',
        "A7": '<c r="A7"><f t="shared" si="0"/></c>',
        "A8": '<c r="A8" t="str"><f>""</f><v></v></c>',  # calculated, to an empty string
        "A9": '<c r="A9"><f>1+1</f><v> 4</v></c>',
        "B1": '<x:c r="B1"><x:f>1+1</x:f></x:c>',
        "B2": '<x:c r="B2"><x:f>1+1</x:f><x:v>2</x:v></x:c>',
    }
    xml = ("<sheetData><row>" + "".join(cells.values()) + "</row></sheetData>").encode()
    assert _uncalculated(xml) == ["A4", "A5", "A6", "A7", "B1"]
    plain = {k: v for k, v in cells.items() if not k.startswith("B")}
    xml = ("<sheetData><row>" + "".join(plain.values()) + "</row></sheetData>").encode()
    assert _uncalculated(xml) == ["A4", "A5", "A6", "A7"]


def test_only_cells_addressed_within_z999_keep_the_cheap_bound() -> None:
    from reportgen.intake.scan import _quick_size

    def sheet(*cells: bytes) -> bytes:
        return (
            b'<worksheet><sheetData><row r="1">'
            + b"".join(cells)
            + b"</row></sheetData></worksheet>"
        )

    small = [b'<c r="A1"><v>1</v></c>', b'<c r="Z999" s="2"><v>1</v></c>', b'<c r="B7"/>',
             b'<cols><col min="1"/></cols>', b'<c r="J10" t="s"><v>0</v></c>']  # fmt: skip
    large = [b'<c r="AA1"><v>1</v></c>', b'<c r="A1000"><v>1</v></c>', b"<c><v>1</v></c>",
             b'<c s="1" r="A1"><v>1</v></c>', b'<c  r="A1"><v>1</v></c>', b'<c r="a1"><v>1</v></c>',
             b'<c r="XFD1048576"><v>1</v></c>', b'<x:c r="A1"><x:v>1</x:v></x:c>']  # fmt: skip
    for cell in small:
        assert _quick_size(sheet(cell)) == (999, 26), cell
    for cell in large:  # an address beyond Z999, none, or one not first: count exactly
        assert _quick_size(sheet(b'<c r="A1"><v>1</v></c>', cell)) is None, cell
