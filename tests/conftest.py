"""Shared fixtures: the bundled Hanoi review, its units, and a project in a temporary folder.

Other stages add their fixtures here; keep each one small and documented.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.definition import Review, load_review
from reportgen.definition.model import Unit
from tests.store import s3

ROOT = Path(__file__).resolve().parents[1]
# The blank-content cache (reportgen.intake.blank_cache) of the test run, not the user's; child
# processes (the CLI in a subprocess, pool workers) inherit it.
os.environ.setdefault("REPORTGEN_CACHE", tempfile.mkdtemp(prefix="reportgen-test-cache-"))
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


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """moto's S3-compatible server on a free loopback port, for the whole session; its URL."""
    server = s3.start()
    yield server.url
    server.stop()


@pytest.fixture
def s3_storage(s3_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """``s3://<fresh bucket>/nq11`` on the test server, configured through the environment.

    Objects without a row are adopted at once here (``REPORTGEN_S3_ADOPT_AFTER=0``); the
    grace period has its own test.
    """
    for name, value in s3.environment(s3_server).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("REPORTGEN_S3_ADOPT_AFTER", "0")
    return f"s3://{s3.new_bucket(s3_server)}/nq11"
