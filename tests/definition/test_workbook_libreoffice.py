"""LibreOffice opens the definition workbook, and what it saves imports to the same review.

As for the blank workbooks (tests/blank/test_libreoffice.py), a headless conversion stands in
for "opens without a repair prompt"; the re-saved copy is what a clerk using Calc sends back.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from reportgen.definition import load_review
from reportgen.definition.workbook_export import export_review_workbook
from reportgen.definition.workbook_import import import_definition_workbook
from reportgen.messages import flatten
from tests.libreoffice import SOFFICE, convert

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def _convert(source: Path, out_dir: Path, profile: Path, to: str) -> Path:
    return convert(source, to, out_dir, profile=profile)[0]


def _start(dv: object) -> str:
    return str(dv.sqref).split(":")[0]  # type: ignore[attr-defined]


def _end(dv: object) -> int:
    last = str(dv.sqref).split(":")[-1]  # type: ignore[attr-defined]
    return int("".join(ch for ch in last if ch.isdigit()))


@pytest.mark.parametrize("to", ["xlsx", "ods"])
def test_a_workbook_saved_by_libreoffice_imports_to_the_same_review(
    tmp_path: Path, to: str
) -> None:
    original = load_review(ROOT / "templates" / "nq11-moi-truong")
    exported = tmp_path / "dinh-nghia.xlsx"
    export_review_workbook(original, exported)
    saved = _convert(exported, tmp_path / "lo", tmp_path / "profile", to)
    review, findings = import_definition_workbook(saved, tmp_path / "def")
    assert review is not None, flatten(findings, ["code", "sheet", "cell", "message"])
    assert review == original
    if to == "xlsx":
        before, after = openpyxl.load_workbook(exported), openpyxl.load_workbook(saved)
        assert after.sheetnames == before.sheetnames
        for ws in before.worksheets:
            again = after[ws.title]
            # LibreOffice trims a validated range to about 1,000 rows past the last used one:
            # compare where each drop-down starts, what feeds it, and that it reaches far enough.
            kept = {
                _start(dv): (dv.formula1, _end(dv)) for dv in again.data_validations.dataValidation
            }
            made = {_start(dv): dv.formula1 for dv in ws.data_validations.dataValidation}
            assert {k: v[0] for k, v in kept.items()} == made, ws.title
            if ws.title != "Thông tin":  # there the drop-downs are single cells
                assert all(end >= 1000 for _, end in kept.values()), ws.title
        assert after["Chỉ tiêu"]["A1"].comment is not None
