"""Start-up: `reportgen --help` and `reportgen check FILE` import only what they use.

Heavy libraries (SQLAlchemy, WeasyPrint, matplotlib, openpyxl, docxtpl, pydantic…) are
imported by the commands that need them. The test asserts *which* modules a command imports,
never how long it takes (speed figures live in bench/).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.definition import load_review
from reportgen.demo.samples import write_sample

ROOT = Path(__file__).resolve().parents[1]
HANOI = ROOT / "templates" / "nq11-moi-truong"

# Run the CLI in a fresh interpreter, then list the top-level packages and reportgen stages loaded.
_PROBE = """
import json, sys
from reportgen.cli import main
try:
    main(sys.argv[1:], prog_name="reportgen", standalone_mode=False)
except SystemExit:
    pass
tops = sorted({m.split(".")[0] for m in sys.modules})
stages = sorted({".".join(m.split(".")[:2]) for m in sys.modules if m.startswith("reportgen.")})
sys.stderr.write("\\n" + json.dumps({"tops": tops, "stages": stages}) + "\\n")
"""

_HEAVY = {
    "alembic", "docx", "docxtpl", "jinja2", "lxml", "matplotlib", "numpy", "openpyxl", "PIL",
    "pydantic", "pypdf", "python_calamine", "sqlalchemy", "weasyprint", "xlsxwriter", "yaml",
}  # fmt: skip


def _loaded(*args: str, env: dict[str, str] | None = None) -> dict[str, set[str]]:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], cwd=ROOT, capture_output=True, text=True,
        check=True, env={**os.environ, **(env or {})},
    )  # fmt: skip
    found = json.loads(run.stderr.strip().splitlines()[-1])
    return {key: set(value) for key, value in found.items()}


def test_help_imports_no_heavy_library_and_no_stage() -> None:
    loaded = _loaded("--help")
    assert loaded["tops"] & _HEAVY == set()
    # Only the CLI and the leaves every stage shares: no pipeline stage is loaded for --help.
    assert loaded["stages"] <= {
        "reportgen.cli", "reportgen.errors", "reportgen.findings", "reportgen.messages",
        "reportgen.numbers", "reportgen.project",
    }  # fmt: skip


@pytest.mark.parametrize("verb", ["review", "check-review", "blank", "check", "submit",
                                  "status", "consolidate", "render", "demo"])  # fmt: skip
def test_each_verb_help_stays_light(verb: str) -> None:
    assert _loaded(verb, "--help")["tops"] & _HEAVY == set()


def test_check_one_file_skips_the_store_the_report_and_the_annotated_copy(
    tmp_path: Path,
) -> None:
    review = load_review(HANOI)
    path = tmp_path / "001.xlsx"
    write_sample(review, review.units[0], path, seed=1)
    loaded = _loaded("check", "--review", str(HANOI), str(path))
    assert "python_calamine" in loaded["tops"]  # it did read the file
    assert loaded["tops"] & {"sqlalchemy", "alembic", "weasyprint", "matplotlib", "docxtpl",
                             "openpyxl", "jinja2", "pypdf"} == set()  # fmt: skip
    assert not loaded["stages"] & {"reportgen.store", "reportgen.render", "reportgen.consolidate"}


def test_check_one_file_again_does_not_write_the_blank_again(tmp_path: Path) -> None:
    review = load_review(HANOI)
    path = tmp_path / "001.xlsx"
    write_sample(review, review.units[0], path, seed=1)
    env = {"REPORTGEN_CACHE": str(tmp_path / "cache")}
    assert "xlsxwriter" in _loaded("check", "--review", str(HANOI), str(path), env=env)["tops"]
    # The second process finds the blank's cells in the cache: no writer imported.
    assert "xlsxwriter" not in _loaded("check", "--review", str(HANOI), str(path), env=env)["tops"]


def test_the_review_verb_names_the_definition_workbook_like_the_library() -> None:
    from reportgen.cli import review
    from reportgen.definition.draft import WORKBOOK_FILE

    assert review.WORKBOOK_FILE == WORKBOOK_FILE


def test_a_pdf_child_loads_weasyprint_and_no_other_stage(tmp_path: Path) -> None:
    """A PDF child process (``pdf_engine.child_main``) renders HTML it is given: it must not
    import the context's modules (consolidation, store, definition) nor Jinja."""
    probe = (
        "import json, sys\n"
        "sys.argv = ['-', sys.argv[1]]\n"
        "from reportgen.render.pdf_engine import child_main\n"
        "code = child_main()\n"
        "tops = sorted({m.split('.')[0] for m in sys.modules})\n"
        "stages = sorted({m for m in sys.modules if m.startswith('reportgen.')})\n"
        "sys.stderr.write(json.dumps({'code': code, 'tops': tops, 'stages': stages}) + '\\n')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "a.pdf")], cwd=ROOT, capture_output=True,
        text=True, check=True, input="<html><body><p>Một trang.</p></body></html>",
    )  # fmt: skip
    found = json.loads(run.stderr.strip().splitlines()[-1])
    assert found["code"] == 0 and (tmp_path / "a.pdf").exists()
    assert "weasyprint" in found["tops"]
    assert set(found["tops"]) & {"sqlalchemy", "pydantic", "jinja2", "matplotlib", "docx"} == set()
    assert set(found["stages"]) <= {"reportgen.errors", "reportgen.render",
                                    "reportgen.render.pdf_engine"}  # fmt: skip
