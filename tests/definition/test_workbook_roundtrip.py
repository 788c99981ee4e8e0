"""review.yaml ⇄ definition workbook: nothing is lost either way, for real and random reviews."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from reportgen.definition import Review, check_review, load_review
from reportgen.definition.dump import write_review
from reportgen.definition.workbook_export import export_review_workbook
from reportgen.definition.workbook_import import import_definition_workbook
from reportgen.findings import Severity
from reportgen.messages import flatten
from tests.definition.random_review import random_review

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted(p for p in (ROOT / "templates").iterdir() if (p / "review.yaml").is_file())


def cells(path: Path) -> dict[str, dict[str, Any]]:
    """Every non-empty cell of every sheet: {sheet: {"B4": value}}."""
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: {
            c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None
        }
        for ws in wb.worksheets
    }


def via_workbook(review: Review, folder: Path) -> tuple[Review | None, list[Any]]:
    workbook = folder / "dinh-nghia.xlsx"
    export_review_workbook(review, workbook)
    return import_definition_workbook(workbook, folder / "out")


@pytest.mark.parametrize("directory", BUNDLED, ids=lambda p: p.name)
def test_bundled_review_survives_yaml_to_workbook_to_yaml(directory: Path, tmp_path: Path) -> None:
    original = load_review(directory)
    imported, findings = via_workbook(original, tmp_path)
    assert imported is not None, flatten(findings, ["code", "message"])
    again = load_review(tmp_path / "out")
    assert again.fingerprint == original.fingerprint
    assert again == original  # stronger than the fingerprint: every field, units included
    _, before = check_review(directory)
    assert flatten(findings, ["code", "severity"]) == flatten(before, ["code", "severity"])


@pytest.mark.parametrize("directory", BUNDLED, ids=lambda p: p.name)
def test_workbook_to_yaml_to_workbook_gives_the_same_cells(directory: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.xlsx"
    export_review_workbook(load_review(directory), first)
    review, _ = import_definition_workbook(first, tmp_path / "def")
    assert review is not None
    second = tmp_path / "second.xlsx"
    export_review_workbook(load_review(tmp_path / "def"), second)
    assert cells(second) == cells(first)


@pytest.mark.parametrize("directory", BUNDLED, ids=lambda p: p.name)
def test_written_yaml_loads_back_to_the_same_review(directory: Path, tmp_path: Path) -> None:
    original = load_review(directory)
    write_review(tmp_path, original)
    assert load_review(tmp_path) == original
    text = (tmp_path / "review.yaml").read_text(encoding="utf-8")
    # Readable: model order, comments heading each part, one task area comment per group.
    assert (
        text.index("id:") < text.index("period:") < text.index("indicators:") < text.index("lists:")
    )
    assert "# -- Chỉ tiêu" in text
    for area in original.areas:
        assert f"  # {area.title}" in text


@pytest.mark.parametrize("seed", range(20))
def test_random_valid_review_round_trips_through_yaml_and_workbook(
    seed: int, tmp_path: Path
) -> None:
    original = random_review(seed)
    write_review(tmp_path / "yaml", original)
    loaded, findings = check_review(tmp_path / "yaml")
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert loaded == original
    imported, findings = via_workbook(original, tmp_path)
    assert imported is not None, flatten(findings, ["code", "sheet", "cell", "message"])
    assert imported == original
    assert load_review(tmp_path / "out").fingerprint == original.fingerprint


def test_the_same_definition_gives_the_same_bytes_whatever_the_clock(tmp_path: Path) -> None:
    import time

    review = load_review(Path(__file__).resolve().parents[2] / "templates" / "nq11-moi-truong")
    export_review_workbook(review, tmp_path / "a.xlsx")
    time.sleep(1.1)  # xlsxwriter stamps the current second into docProps/core.xml otherwise
    export_review_workbook(review, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
