"""``reportgen serve --workers 2`` on PostgreSQL as a real subprocess, and the refused combinations.

Both web processes answer (their PIDs in a header), a session opened on one works on the other,
and a job started through one is run and shown by either.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from reportgen.definition import Review
from reportgen.project import Project
from reportgen.store import Role, open_store
from reportgen.web.serving import PROCESS_HEADER
from tests.conftest import HANOI_DIR
from tests.store import pg
from tests.store.conftest import pg_cluster  # noqa: F401 - the session's PostgreSQL server
from tests.web.conftest import sample

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def pg_url(pg_cluster: pg.Cluster) -> Iterator[str]:  # noqa: F811
    """A fresh PostgreSQL schema of the session's server."""
    with pg.schema(pg_cluster) as url:
        yield url


def _serve(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "REPORTGEN_ROOT": str(root), "COLUMNS": "200"}
    env.pop("REPORTGEN_DB", None)
    cmd = [sys.executable, "-m", "reportgen", "serve", "--review", str(HANOI_DIR), "--port", "0"]
    return subprocess.Popen([*cmd, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)  # fmt: skip


def _ready(url: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/dang-nhap", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("server not ready")


@pytest.mark.postgres
def test_two_web_processes_share_sessions_and_jobs(
    tmp_path: Path, hanoi: Review, pg_url: str
) -> None:
    with open_store(Project(tmp_path), hanoi, pg_url) as store:
        store.add_staff("thuky", Role.SECRETARIAT, password=PASSWORD)
        store.add_staff("001", Role.UNIT, password=PASSWORD, unit_code="001")
    proc = _serve(tmp_path, "--db", pg_url, "--workers", "2")
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert found, line + proc.stdout.read()
        url = found.group(0)
        assert "2 tiến trình web" in proc.stdout.readline() + proc.stdout.readline()
        _ready(url)
        # One new connection per request (no keep-alive), so the kernel spreads them.
        limits = httpx.Limits(max_keepalive_connections=0)
        staff = httpx.Client(base_url=url, follow_redirects=False, limits=limits, timeout=60)
        unit = httpx.Client(base_url=url, follow_redirects=False, limits=limits, timeout=60)
        assert staff.post("/dang-nhap", data={"ten": "thuky", "ma": PASSWORD}).status_code == 303
        assert unit.post("/dang-nhap", data={"ten": "001", "ma": PASSWORD}).status_code == 303
        pids = set()
        for _ in range(60):
            r = staff.get("/thu-ky")
            assert r.status_code == 200 and "Tình hình nộp báo cáo" in r.text
            pids.add(r.headers[PROCESS_HEADER])
            if len(pids) == 2:
                break
        assert len(pids) == 2, pids
        files = {"tep": ("bao-cao.xlsx", sample(hanoi, "001"))}
        assert unit.post("/don-vi/gui", files=files).status_code == 303
        r = staff.post("/thu-ky/cong-viec", data={"loai": "tong-hop"})
        assert r.status_code == 303
        job_url = r.headers["location"]
        deadline = time.monotonic() + 180
        seen: set[str] = set()
        while time.monotonic() < deadline:
            page = staff.get(job_url)
            seen.add(page.headers[PROCESS_HEADER])
            if "hoàn tất" in page.text:
                break
            time.sleep(0.3)
        assert "hoàn tất" in page.text and "1/" in page.text, page.text
        [link] = re.findall(r'href="(/thu-ky/cong-viec/\d+/tep/[^"]+)"', page.text)
        assert staff.get(link).content[:2] == b"PK"
        staff.close()
        unit.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "2"], "cần PostgreSQL"),
        (["--queue", "procrastinate"], "Hàng đợi procrastinate cần PostgreSQL"),
        (["--queue", "procrastinate", "--job-workers", "2", "--db", "postgresql://x@127.0.0.1:1/x"],
         "--job-workers chỉ dùng với --queue embedded"),
    ],
)  # fmt: skip
def test_combinations_that_cannot_work_are_refused(
    tmp_path: Path, args: list[str], message: str
) -> None:
    proc = _serve(tmp_path, *args)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode != 0 and message in out, out
    assert "Traceback" not in out
