"""Shared fixtures: the bundled Hanoi review, its units, and a project in a temporary folder.

Other stages add their fixtures here; keep each one small and documented.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.definition import Review, load_review
from reportgen.definition.model import Unit

ROOT = Path(__file__).resolve().parents[1]
HANOI_DIR = ROOT / "templates" / "nq11-moi-truong"


@pytest.fixture(scope="session")
def hanoi() -> Review:
    """The bundled Hanoi example review (36 units, 27 indicators), loaded once."""
    return load_review(HANOI_DIR)


@pytest.fixture(scope="session")
def district(hanoi: Review) -> Unit:
    """Quận Ba Đình (code 001, kind quan): answers every district indicator."""
    return hanoi.unit_by_code["001"]


@pytest.fixture(scope="session")
def department(hanoi: Review) -> Unit:
    """The first Sở/ngành unit (kind so_nganh): answers only its 7 indicators."""
    return next(u for u in hanoi.units if u.kind == "so_nganh")


@pytest.fixture(scope="session")
def blank_dir(
    tmp_path_factory: pytest.TempPathFactory, hanoi: Review, district: Unit, department: Unit
) -> Path:
    """Blank workbooks of the district and the department, written once per session."""
    from reportgen.blank import blank_file_name, write_workbook

    out = tmp_path_factory.mktemp("blanks")
    for unit in (district, department):
        write_workbook(hanoi, unit, out / blank_file_name(unit))
    return out


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project root in a temporary folder (REPORTGEN_ROOT points at it, cwd too)."""
    monkeypatch.setenv("REPORTGEN_ROOT", str(tmp_path))
    monkeypatch.delenv("REPORTGEN_REVIEW", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- golden files (added by render-pdf) -------------------------------------------------------
# `pytest --accept` rewrites tests/golden/* from the current output instead of comparing.
# Whoever accepts a change looks at the result (opens the DOCX/PDF) and says so in the commit.


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--accept", action="store_true", default=False, help="rewrite golden files in tests/golden/"
    )


@pytest.fixture
def accept(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with ``--accept``."""
    return bool(request.config.getoption("--accept"))
