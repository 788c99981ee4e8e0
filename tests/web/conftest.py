"""Portal fixtures: a real store in a temporary project, the ASGI app, and signed-in clients."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.jobs import EmbeddedQueue, JobKind, JobRequest, JobState, review_ref
from reportgen.project import Project
from reportgen.store import Role, Store, open_store
from reportgen.web import Settings, create_app
from tests.conftest import HANOI_DIR

PASSWORD = "mat-khau-thu-nghiem"


def sample(review: Review, unit: str, seed: int = 1, mistakes: tuple[str, ...] = ()) -> bytes:
    """A real filled workbook of ``unit``."""
    buf = io.BytesIO()
    write_sample(review, review.unit_by_code[unit], buf, seed=seed, mistakes=mistakes)
    return buf.getvalue()


@dataclass
class Portal:
    """The app, its store, and a way to sign in."""

    project: Project
    review: Review
    store: Store
    client_args: dict[str, object]
    app: object
    jobs: EmbeddedQueue | None = None

    @property
    def queue(self) -> EmbeddedQueue:
        """The portal's job queue (only the ``portal`` fixture has one)."""
        assert self.jobs is not None
        return self.jobs

    def client(self, name: str | None = None) -> TestClient:
        """A client signed in as ``name`` (anonymous when None)."""
        client = TestClient(self.app, follow_redirects=False)  # type: ignore[arg-type]
        if name is not None:
            r = client.post("/dang-nhap", data={"ten": name, "ma": PASSWORD})
            assert r.status_code == 303, r.text
        return client


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with small costs: the tests sign in hundreds of times (the real cost is 64 MiB)."""
    from argon2 import PasswordHasher

    from reportgen.store import accounts

    monkeypatch.setattr(
        accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def portal(tmp_path: Path, hanoi: Review) -> Iterator[Portal]:
    """The portal of the Hanoi review with units 001 and 002, a secretariat and a viewer."""
    project = Project(tmp_path)
    store = open_store(project, hanoi)
    for name, role, unit in (
        ("001", Role.UNIT, "001"),
        ("002", Role.UNIT, "002"),
        ("thuky", Role.SECRETARIAT, None),
        ("lanhdao", Role.VIEWER, None),
    ):
        store.add_staff(name, role, password=PASSWORD, unit_code=unit)
    settings = Settings(max_upload_bytes=2 * 1024 * 1024)
    # The queue's dispatcher is not started: jobs stay queued unless a test runs them.
    queue = EmbeddedQueue(project, store.engine.url.render_as_string(hide_password=False))
    app = create_app(project, hanoi, store, settings=settings, review_dir=HANOI_DIR, queue=queue)
    yield Portal(project, hanoi, store, {}, app, queue)
    queue.close()
    store.close()


def finished_job(portal: Portal, name: str = "tong-hop-thu.xlsx") -> int:
    """A consolidate job marked succeeded with one output file, without running it."""
    from reportgen.jobs.supervise import HOST
    from reportgen.jobs.work import final_dir

    ref = review_ref(portal.project, HANOI_DIR)
    job = portal.queue.submit(JobRequest(ref, JobKind.CONSOLIDATE), "thuky")
    assert portal.queue.book.claim(job.id, HOST, os.getpid())
    folder = final_dir(portal.project, job)
    folder.mkdir(parents=True)
    (folder / name).write_bytes(b"PK tong hop")
    assert portal.queue.book.finish(
        job.id, JobState.SUCCEEDED, pid=os.getpid(), output_dir=folder, outputs=[folder / name]
    )
    return job.id


def upload(
    client: TestClient,
    data: bytes,
    name: str = "bao-cao.xlsx",
    url: str = "/don-vi/gui",
    **fields: str,
):  # type: ignore[no-untyped-def]
    """POST a file as the browser's form does."""
    return client.post(url, files={"tep": (name, data, "application/octet-stream")}, data=fields)


def on_time(review: Review) -> dt.datetime:
    """A moment before the deadline."""
    return dt.datetime.combine(review.deadline, dt.time(9))
