"""LibreOffice opens a generated workbook and keeps what matters when it saves it again.

LibreOffice is the stand-in for "opens without a repair prompt": it converts the file
headless, and we read its copy back with openpyxl. (LibreOffice 7.4 saves a very hidden
sheet as merely hidden; that is its limitation, not ours.)
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from reportgen.blank.layout import MAP_SHEET, META_SHEET, SHEETS, layout_for
from reportgen.definition import Review
from reportgen.definition.model import Unit
from reportgen.demo.samples import sample_values, write_sample
from tests.libreoffice import SOFFICE, convert

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def _convert(source: Path, out_dir: Path, profile: Path, to: str = "xlsx") -> Path:
    return convert(source, to, out_dir, profile=profile)[0]


@pytest.fixture(scope="module")
def round_trip(
    tmp_path_factory: pytest.TempPathFactory, hanoi: Review, district: Unit
) -> tuple[Path, Path]:
    """A filled sample of the district, and LibreOffice's re-saved copy of it."""
    folder = tmp_path_factory.mktemp("lo")
    original = folder / "sample.xlsx"
    write_sample(hanoi, district, original, seed=3)
    return original, _convert(original, folder / "out", folder / "profile")


def test_libreoffice_keeps_sheets_values_validations_and_protection(
    round_trip: tuple[Path, Path], hanoi: Review, district: Unit
) -> None:
    original, converted = round_trip
    before, after = openpyxl.load_workbook(original), openpyxl.load_workbook(converted)
    assert after.sheetnames == before.sheetnames
    assert after[META_SHEET].sheet_state in ("hidden", "veryHidden")
    assert after[MAP_SHEET].sheet_state in ("hidden", "veryHidden")
    # LibreOffice keeps the digest of the cell map as text: the copy is not "outdated"
    assert after[META_SHEET]["A6"].value == "cell_map"
    assert after[META_SHEET]["B6"].value == layout_for(hanoi, district).cell_map
    for ws in before.worksheets:
        again = after[ws.title]
        assert again.protection.sheet, ws.title
        assert len(again.data_validations.dataValidation) == len(
            ws.data_validations.dataValidation
        ), ws.title
        assert len(again.tables) == len(ws.tables), ws.title
    values = sample_values(hanoi, district, 3)
    layout = layout_for(hanoi, district)
    for cell in layout.cells[:60]:
        expected = values.get((cell.sheet, cell.cell))
        got = after[cell.sheet][cell.cell].value
        if isinstance(expected, float):
            assert got == pytest.approx(expected), cell
        elif expected is not None and not hasattr(expected, "year"):
            assert got == expected, cell
    first_input = layout.cell_of("NM01", 2017)
    assert first_input is not None
    assert after[SHEETS.indicators][first_input.cell].protection.locked is False
    assert after[SHEETS.indicators]["C7"].protection.locked is True


def test_libreoffice_renders_a_pdf_of_the_workbook(
    round_trip: tuple[Path, Path], tmp_path: Path
) -> None:
    original, _ = round_trip
    pdf = _convert(original, tmp_path / "pdf", tmp_path / "profile", to="pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
