"""The job pages over procrastinate on PostgreSQL, with a real ``reportgen worker`` subprocess."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reportgen.definition import Review
from reportgen.jobs.pg import ProcrastinateQueue
from reportgen.project import Project
from reportgen.store import Role, open_store
from reportgen.web import Settings, create_app
from tests.conftest import HANOI_DIR
from tests.jobs.test_procrastinate import _stop, _worker
from tests.store import pg
from tests.store.conftest import pg_cluster  # noqa: F401 - the session's PostgreSQL server
from tests.web.conftest import PASSWORD, sample, upload
from tests.web.test_jobs_pages import _files, _wait

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(pg_cluster: pg.Cluster) -> Iterator[str]:  # noqa: F811
    """A fresh PostgreSQL schema of the session's server."""
    with pg.schema(pg_cluster) as url:
        yield url


def test_render_through_procrastinate_and_a_worker_process(
    tmp_path: Path, hanoi: Review, pg_url: str
) -> None:
    project = Project(tmp_path)
    store = open_store(project, hanoi, pg_url)
    queue = ProcrastinateQueue(project, pg_url)
    worker = None
    try:
        store.add_staff("thuky", Role.SECRETARIAT, password=PASSWORD)
        store.add_staff("001", Role.UNIT, password=PASSWORD, unit_code="001")
        app = create_app(project, hanoi, store, settings=Settings(), review_dir=HANOI_DIR,
                         queue=queue)  # fmt: skip
        unit = TestClient(app, follow_redirects=False)
        unit.post("/dang-nhap", data={"ten": "001", "ma": PASSWORD})
        assert upload(unit, sample(hanoi, "001")).status_code == 303
        client = TestClient(app, follow_redirects=False)
        client.post("/dang-nhap", data={"ten": "thuky", "ma": PASSWORD})
        form = {"loai": "bao-cao", "dinh_dang": ["pdf"], "kieu": "dang", "ban": "chinh-thuc"}
        first = client.post("/thu-ky/cong-viec", data=form).headers["location"]
        # queued with nobody to run it yet: a second click joins it (procrastinate's lock too)
        assert "đang chờ" in client.get(first).text
        assert client.post("/thu-ky/cong-viec", data=form).headers["location"] == first + "?trung=1"
        worker = _worker(tmp_path, pg_url)
        page = _wait(client, first, timeout_s=300)
        assert "hoàn tất" in page and "bản chính thức" in page and "văn bản của Đảng" in page
        [pdf] = _files(page)
        assert re.search(r"\.pdf$", pdf) and client.get(pdf).content.startswith(b"%PDF")
        [job] = queue.recent()
        assert job.backend == "procrastinate" and job.requests == 2
        assert job.worker_pid != worker.pid  # the worker's child process did the work
    finally:
        if worker is not None:
            _stop(worker)
        queue.close()
        store.close()
