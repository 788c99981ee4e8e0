"""Uploads checked in the portal's process pool: a dead worker or a time-out still ends.

The pool's workers are real processes; ``hostile_check`` kills its worker for ``giet-…`` files
and hangs for ``treo-…`` ones. Either way the file is kept and recorded, the unit is told in
Vietnamese, and the next upload is checked normally by a fresh pool.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.definition import Review
from reportgen.intake.pool import CheckPool
from reportgen.project import Project
from reportgen.store import Role, open_store
from reportgen.web import Settings, create_app
from tests.conftest import HANOI_DIR
from tests.intake.hostile_checks import hostile_check
from tests.web.conftest import PASSWORD, Portal, sample, upload


@pytest.fixture(scope="module")
def checks(hanoi: Review) -> Iterator[CheckPool]:
    with CheckPool(hanoi, 2, timeout=3, check=hostile_check) as pool:
        yield pool


@pytest.fixture
def pooled(tmp_path: Path, hanoi: Review, checks: CheckPool) -> Iterator[Portal]:
    project = Project(tmp_path)
    store = open_store(project, hanoi)
    store.add_staff("001", Role.UNIT, password=PASSWORD, unit_code="001")
    store.add_staff("thuky", Role.SECRETARIAT, password=PASSWORD)
    app = create_app(project, hanoi, store, settings=Settings(), review_dir=HANOI_DIR,
                     checks=checks)  # fmt: skip
    yield Portal(project, hanoi, store, {}, app)
    store.close()


def _sid(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_a_file_checked_in_the_pool_shows_its_findings(pooled: Portal) -> None:
    client = pooled.client("001")
    sid = _sid(upload(client, sample(pooled.review, "001", mistakes=("text-in-number",))))
    page = client.get(f"/ban-nop/{sid}")
    assert "Chỉ tiêu!K10" in page.text and "not-a-number" in page.text
    assert len(pooled.store.versions("001")) == 1


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("giet-bao-cao.xlsx", "file-check-failed", "bị dừng bất thường"),
        ("treo-bao-cao.xlsx", "file-check-timeout", "quá 3 giây"),
    ],
)
def test_a_check_that_cannot_finish_keeps_the_file_and_tells_the_unit(
    pooled: Portal, name: str, code: str, words: str
) -> None:
    client = pooled.client("001")
    data = sample(pooled.review, "001", seed=7)
    sid = _sid(upload(client, data, name=name))
    page = client.get(f"/ban-nop/{sid}")
    assert page.status_code == 200
    assert code in page.text and words in page.text
    assert "chưa kiểm tra được tệp này" in page.text and "danh-dau" not in page.text
    assert client.get(f"/ban-nop/{sid}/danh-dau.html").status_code == 404
    # kept byte for byte, recorded once, counting for nobody; the secretariat sees it too
    assert client.get(f"/ban-nop/{sid}/tep").content == data
    record = pooled.store.record(sid)
    assert (record.sha256, record.unit_code) == (hashlib.sha256(data).hexdigest(), None)
    assert pooled.store.versions("001") == []
    assert code in pooled.client("thuky").get(f"/ban-nop/{sid}").text
    history = client.get("/don-vi/lich-su").text
    assert f"/ban-nop/{sid}/tep" in history and "không xác định được đơn vị" in history
    # the next file goes through a fresh pool and is checked as usual
    good = _sid(upload(client, sample(pooled.review, "001", seed=8)))
    assert "Kết quả kiểm tra" in client.get(f"/ban-nop/{good}").text
    assert [v.submission_id for v in pooled.store.versions("001")] == [good]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_stopping_or_killing_the_server_leaves_no_check_worker(tmp_path: Path, sig: int) -> None:
    env = {**os.environ, "REPORTGEN_ROOT": str(tmp_path), "COLUMNS": "200"}
    cmd = [sys.executable, "-m", "reportgen", "serve", "--review", str(HANOI_DIR), "--port", "0",
           "--check-workers", "2"]  # fmt: skip
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert proc.stdout is not None
    try:
        assert "http://127.0.0.1:" in proc.stdout.readline()
        assert "2 tiến trình kiểm tra tệp" in proc.stdout.readline()
        workers = _children(proc.pid)
        assert len(workers) >= 2  # the two workers (and multiprocessing's resource tracker)
        proc.send_signal(sig)
        code = proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [w for w in workers if _alive(w)]
        if sig == signal.SIGTERM:
            assert code == 0
            rest = proc.stdout.read()
            assert "Traceback" not in rest and "leaked" not in rest
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()


def test_killing_the_server_while_its_workers_start_leaves_none(tmp_path: Path) -> None:
    env = {**os.environ, "REPORTGEN_ROOT": str(tmp_path), "COLUMNS": "200"}
    cmd = [sys.executable, "-m", "reportgen", "serve", "--review", str(HANOI_DIR), "--port", "0",
           "--check-workers", "2"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 3 and time.monotonic() < deadline:  # tracker + 2
            time.sleep(0.05)
        workers = _children(proc.pid)
        proc.kill()  # the workers are still importing or warming up
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert workers and not [w for w in workers if _alive(w)]
    finally:
        if proc.poll() is None:
            proc.kill()
