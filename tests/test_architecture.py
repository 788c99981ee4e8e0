"""The house reads top-down: every stage imports only what sits below it (pyproject's contract)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    names: list[str] = []
    for layer in contract["layers"]:
        names += [n.strip(" ()") for n in layer.replace("|", ":").split(":")]
    return names


def test_no_import_runs_back_up_the_pipeline() -> None:
    # Function-level imports count too: a lazy import that dodges a cycle breaks the contract.
    # A child process: import-linter reconfigures logging, which other tests rely on.
    code = (
        "from importlinter.cli import lint_imports; raise SystemExit(lint_imports(no_cache=True))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_every_top_level_module_has_a_place_in_the_contract() -> None:
    """A new package must be given a layer, so ``ls reportgen/`` stays the pipeline."""
    placed = {name.removeprefix("reportgen.") for name in _layers()}
    present = {
        p.stem if p.suffix == ".py" else p.name
        for p in (ROOT / "reportgen").iterdir()
        if (p.suffix == ".py" and p.stem not in ("__init__", "__main__"))
        or (p.is_dir() and (p / "__init__.py").exists())
    }
    assert present <= placed, f"no layer for: {sorted(present - placed)}"
