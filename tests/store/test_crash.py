"""A real ``reportgen submit`` killed by SIGKILL at each store step, then the store reopened.

Done means: after any kill and a restart, every received file is either counted or listed with
its reason, no temporary file remains, and sending the same file again just works.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.project import Project
from reportgen.store import open_store
from reportgen.store.crash import STEPS
from reportgen.store.status import UnitState
from tests.conftest import HANOI_DIR


def _submit(
    project: Path, path: Path, db_url: str | None, crash_at: str | None
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("REPORTGEN_") or k == "REPORTGEN_CACHE"
    }
    env |= {"REPORTGEN_ROOT": str(project), "REPORTGEN_REVIEW": str(HANOI_DIR)}
    if db_url:
        env["REPORTGEN_DB"] = db_url
    if crash_at:
        env["REPORTGEN_CRASH_AT"] = crash_at
    return subprocess.run(
        [sys.executable, "-m", "reportgen", "submit", str(path), "--received-at", "2022-12-04 09:30"],
        env=env, cwd=project, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def _leftovers(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.tmp"))


@pytest.mark.parametrize("step", STEPS)
def test_a_submit_killed_at_any_step_leaves_nothing_that_blocks_hides_or_lingers(
    tmp_path: Path, hanoi: Review, db_url: str | None, step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "001.xlsx"
    write_sample(hanoi, hanoi.unit_by_code["001"], path, seed=7)
    killed = _submit(tmp_path, path, db_url, step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    root = tmp_path / "inputs" / hanoi.id
    with open_store(Project(tmp_path), hanoi, db_url) as store:
        recovery = store.last_recovery
        assert _leftovers(root) == []
        # Every file in the archive has its row: none hides.
        assert set(store.archive.stored_files()) <= store.stored_paths()
        [status] = [s for s in store.statuses(hanoi) if s.unit_code == "001"]
        if step in ("placed", "committed"):
            # The file reached its final name: it counts (adopted if the row was lost).
            assert status.state is UnitState.ON_TIME and status.version == 1
            [record] = store.versions("001")
            assert record.recovered is (step == "placed")
            assert recovery.adopted == (
                (record.stored_path.relative_to(root).as_posix(),) if step == "placed" else ()
            )
        else:
            # Killed before the file had its final name: nothing was received.
            assert status.state is UnitState.MISSING
            assert list(store.archive.stored_files()) == []
        assert recovery.set_aside == ()
    # Sending the same file again, with the same receipt time, is never blocked (in-process:
    # one child per case keeps the whole file under a minute on two cores).
    monkeypatch.setenv("REPORTGEN_ROOT", str(tmp_path))
    monkeypatch.setenv("REPORTGEN_REVIEW", str(HANOI_DIR))
    monkeypatch.delenv("REPORTGEN_DB", raising=False)
    args = ["submit", str(path), "--received-at", "2022-12-04 09:30"]
    again = CliRunner().invoke(main, [*args, *(["--db", db_url] if db_url else [])])
    assert again.exit_code == 0, again.output
    expected = "trùng tệp đã nhận" if step in ("placed", "committed") else "phiên bản 1"
    assert expected in again.output
    with open_store(Project(tmp_path), hanoi, db_url) as store:
        assert [r.version for r in store.versions("001")] == [1]
    assert _leftovers(root) == []
