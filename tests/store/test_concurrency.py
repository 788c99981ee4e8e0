"""Two real processes submitting files of one unit at once get distinct versions 1..n."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from reportgen.definition import Review
from reportgen.project import Project
from reportgen.store import open_store
from reportgen.store.db import make_engine
from tests.conftest import HANOI_DIR, ROOT

_WORKER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from reportgen.project import Project
    from reportgen.definition import load_review
    from reportgen.store import open_store
    from tests.store.helpers import make_submission, workbook_bytes

    root, url, first, count = sys.argv[1], sys.argv[2] or None, int(sys.argv[3]), int(sys.argv[4])
    review = load_review(Path(sys.argv[5]))
    store = open_store(Project(Path(root)), review, url)
    out = []
    for seed in range(first, first + count):
        data = workbook_bytes(review, "001", seed)
        result = store.submit(make_submission(review, "001", data, name=f"f{seed}.xlsx"), data)
        out.append(result.version)
    print(json.dumps(out))
    """
)


def test_two_processes_submitting_at_once_never_share_a_version(
    tmp_path: Path, hanoi: Review, db_url: str | None
) -> None:
    per_process = 4
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WORKER,
                str(tmp_path),
                db_url or "",
                str(first),
                str(per_process),
                str(HANOI_DIR),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in (0, 100)
    ]
    finished = [proc.communicate(timeout=120) for proc in procs]
    for proc, (_out, err) in zip(procs, finished, strict=True):
        assert proc.returncode == 0, err
    results = [version for out, _err in finished for version in json.loads(out)]
    assert sorted(results) == list(range(1, 2 * per_process + 1))
    with open_store(Project(tmp_path), hanoi, db_url) as store:
        records = store.versions("001")
        assert [r.version for r in records] == list(range(1, 2 * per_process + 1))
        assert all(r.stored_path.is_file() for r in records)
        assert len({r.sha256 for r in records}) == 2 * per_process


_HOLD_WRITE_LOCK = textwrap.dedent(
    """
    import sqlite3, sys, time
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("CREATE TABLE t (x)")
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t VALUES (1)")
    print("locked", flush=True)
    time.sleep(1.0)
    db.execute("COMMIT")
    """
)


def test_opening_a_new_file_another_process_is_writing_waits_instead_of_failing(
    tmp_path: Path,
) -> None:
    # A new file is still in rollback-journal mode: SQLite refuses the switch to WAL at once,
    # ignoring the busy timeout, while another process writes (CI saw it with two `submit`s).
    path = tmp_path / "fresh.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_WRITE_LOCK, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        engine = make_engine(f"sqlite:///{path}")
        try:
            with engine.connect() as conn:
                mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        finally:
            engine.dispose()
    finally:
        holder.communicate(timeout=30)
    assert holder.returncode == 0
    assert mode == "wal"
