"""The PostgreSQL backend: procrastinate defers with the row, ``reportgen worker`` runs the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import text

from reportgen.definition import Review
from reportgen.jobs import Job, JobKind, JobRequest, JobState, review_ref
from reportgen.jobs.pg import TASK, ProcrastinateQueue
from reportgen.project import Project
from reportgen.store import open_store
from tests.conftest import HANOI_DIR
from tests.jobs.conftest import fill

pytestmark = pytest.mark.postgres


@pytest.fixture
def queue(tmp_path: Path, hanoi: Review, pg_url: str) -> Iterator[ProcrastinateQueue]:
    """A procrastinate queue on a PostgreSQL store holding 3 units' files."""
    with open_store(Project(tmp_path), hanoi, pg_url) as store:
        fill(store, hanoi, 3)
    q = ProcrastinateQueue(Project(tmp_path), pg_url)
    yield q
    q.close()


def _worker(tmp_path: Path, url: str) -> subprocess.Popen[bytes]:
    env = os.environ | {"REPORTGEN_ROOT": str(tmp_path)}
    return subprocess.Popen(
        [sys.executable, "-m", "reportgen", "worker", "--db", url, "--review", str(HANOI_DIR)],
        cwd=tmp_path,
        env=env,
        start_new_session=True,
    )


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def _until(queue: ProcrastinateQueue, job_id: int, done: Callable[[Job], bool]) -> Job:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        job = queue.get(job_id)
        assert job is not None
        if done(job):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} stuck: {queue.get(job_id)}")


def _procrastinate_rows(queue: ProcrastinateQueue) -> list[tuple[object, ...]]:
    with queue.engine.connect() as conn:
        query = "SELECT id, status, queueing_lock, args FROM procrastinate_jobs ORDER BY id"
        return [tuple(r) for r in conn.execute(text(query))]


def test_the_job_is_deferred_with_its_row_and_a_twin_is_refused(
    queue: ProcrastinateQueue, tmp_path: Path
) -> None:
    request = JobRequest(review_ref(Project(tmp_path), HANOI_DIR), JobKind.CONSOLIDATE)
    job = queue.submit(request, "thu-ky")
    [(pid, status, lock, args)] = _procrastinate_rows(queue)
    assert (status, args) == ("todo", {"job_id": job.id})
    assert isinstance(lock, str) and lock.endswith(request.options_key())
    twin = queue.submit(request, "khac")
    assert twin.id == job.id and twin.requests == 2
    assert len(_procrastinate_rows(queue)) == 1
    # procrastinate's own queueing lock refuses the same job too, whoever defers it.
    with queue.app.open(), pytest.raises(AlreadyEnqueued):
        queue.app.tasks[TASK].configure(queueing_lock=lock).defer(job_id=job.id)
    assert pid is not None


def test_a_worker_process_runs_the_job(
    queue: ProcrastinateQueue, tmp_path: Path, hanoi: Review
) -> None:
    job = queue.submit(
        JobRequest(review_ref(Project(tmp_path), HANOI_DIR), JobKind.RENDER, formats=("docx",)),
        "thu-ky",
    )
    worker = _worker(tmp_path, queue.db_url)
    try:
        done = _until(queue, job.id, lambda j: j.state.finished)
        # The task returns just after the child recorded the verdict.
        deadline = time.monotonic() + 30
        while _procrastinate_rows(queue)[0][1] == "doing" and time.monotonic() < deadline:
            time.sleep(0.2)
        worker.send_signal(signal.SIGTERM)  # a graceful stop, as systemd does it
        assert worker.wait(timeout=60) == 0
    finally:
        _stop(worker)
    assert done.state is JobState.SUCCEEDED, done.reason
    assert done.backend == "procrastinate" and done.worker_pid not in (None, worker.pid)
    assert [p.suffix for p in done.outputs] == [".docx"] and done.outputs[0].is_file()
    assert (done.units_included, done.units_expected) == (3, len(hanoi.units))
    assert _procrastinate_rows(queue)[0][1] == "succeeded"


def test_a_worker_killed_mid_render_is_detected_as_stalled_and_the_job_failed(
    queue: ProcrastinateQueue, tmp_path: Path, hanoi: Review
) -> None:
    job = queue.submit(
        JobRequest(review_ref(Project(tmp_path), HANOI_DIR), JobKind.RENDER), "thu-ky"
    )
    worker = _worker(tmp_path, queue.db_url)
    try:
        running = _until(
            queue,
            job.id,
            lambda j: (
                j.state is JobState.RUNNING
                and j.worker_pid != worker.pid
                and ("DOCX" in j.step or "PDF" in j.step)
            ),
        )
    finally:
        _stop(worker)  # the worker and, below, the render process it supervised: a dead machine
    assert running.worker_pid is not None
    os.killpg(running.worker_pid, signal.SIGKILL)
    time.sleep(1.5)
    assert queue.get(job.id).state is JobState.RUNNING  # type: ignore[union-attr] # nobody knows yet
    assert queue.stalled(seconds=1) == [job.id]
    assert queue.reconcile(stalled_s=1) == [job.id]
    failed = queue.get(job.id)
    assert failed is not None and failed.state is JobState.FAILED and failed.reason
    assert failed.outputs == () and failed.output_dir is None
    assert list((tmp_path / "outputs" / hanoi.id / "jobs").iterdir()) == []
