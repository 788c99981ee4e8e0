"""The embedded backend: jobs run in child processes of this one, state in the store DB."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reportgen.definition import Review
from reportgen.jobs import EmbeddedQueue, Job, JobKind, JobRequest, JobState, review_ref
from reportgen.jobs.supervise import HOST
from reportgen.project import Project
from reportgen.store import Store
from tests.conftest import HANOI_DIR


@pytest.fixture
def queue(tmp_path: Path, filled: Store) -> Iterator[EmbeddedQueue]:
    """An embedded queue on the filled store; its dispatcher is driven by the test (tick)."""
    q = EmbeddedQueue(Project(tmp_path), str(filled.engine.url), workers=2, poll_s=0.2)
    yield q
    q.close()


def _ref(tmp_path: Path) -> str:
    return review_ref(Project(tmp_path), HANOI_DIR)


def _run_until(queue: EmbeddedQueue, job_id: int, done: object, timeout: float = 240) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        queue.tick()
        job = queue.get(job_id)
        assert job is not None
        if done(job):  # type: ignore[operator]
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} never reached the expected state: {queue.get(job_id)}")


def test_a_consolidate_job_runs_in_a_child_and_keeps_its_output_per_job(
    queue: EmbeddedQueue, tmp_path: Path, hanoi: Review
) -> None:
    job = queue.submit(JobRequest(_ref(tmp_path), JobKind.CONSOLIDATE), started_by="thu-ky")
    assert (job.state, job.started_by, job.step) == (JobState.QUEUED, "thu-ky", "Đang chờ đến lượt")
    done = _run_until(queue, job.id, lambda j: j.state.finished)
    assert done.state is JobState.SUCCEEDED, done.reason
    assert done.worker_host == HOST and done.worker_pid not in (None, os.getpid())
    assert (done.units_included, done.units_expected) == (3, len(hanoi.units))
    [workbook] = done.outputs
    assert workbook.is_file() and workbook.parent == done.output_dir
    assert done.output_dir is not None
    assert done.output_dir.parent == tmp_path / "outputs" / hanoi.id / "jobs"
    assert done.output_dir.name.endswith(f"-consolidate-{done.id}")
    assert load_workbook(workbook, read_only=True).sheetnames
    # A second run is a new job with its own folder: the first one's output stays beside it.
    again = queue.submit(JobRequest(_ref(tmp_path), JobKind.CONSOLIDATE), started_by="thu-ky")
    assert again.id != job.id
    second = _run_until(queue, again.id, lambda j: j.state.finished)
    assert second.output_dir != done.output_dir and workbook.is_file()
    assert [j.id for j in queue.recent(hanoi.id)] == [again.id, job.id]


def test_a_second_click_while_queued_or_running_returns_the_same_job(
    queue: EmbeddedQueue, tmp_path: Path
) -> None:
    render = JobRequest(_ref(tmp_path), JobKind.RENDER, formats=("docx",), draft=True)
    first = queue.submit(render, started_by="thu-ky")
    twin = queue.submit(
        JobRequest(_ref(tmp_path), JobKind.RENDER, formats=("docx",), draft=True), "khac"
    )
    assert twin.id == first.id and twin.requests == 2
    final = queue.submit(
        JobRequest(_ref(tmp_path), JobKind.RENDER, formats=("docx",), draft=False), "thu-ky"
    )
    assert final.id != first.id  # other options: another job
    _run_until(queue, first.id, lambda j: j.state is JobState.RUNNING)
    assert queue.submit(render, "thu-ky").id == first.id  # still refused while running
    done = _run_until(queue, first.id, lambda j: j.state.finished)
    assert done.state is JobState.SUCCEEDED, done.reason
    assert [p.suffix for p in done.outputs] == [".docx"]
    assert queue.submit(render, "thu-ky").id not in (first.id, final.id)  # over: a new one


def test_a_worker_killed_mid_render_leaves_a_failed_job_and_no_finished_output(
    queue: EmbeddedQueue, tmp_path: Path, hanoi: Review
) -> None:
    job = queue.submit(JobRequest(_ref(tmp_path), JobKind.RENDER), started_by="thu-ky")
    running = _run_until(
        queue,
        job.id,
        lambda j: (
            j.state is JobState.RUNNING
            and j.worker_pid != os.getpid()
            and ("DOCX" in j.step or "PDF" in j.step)
        ),
    )
    assert running.worker_pid is not None
    os.kill(running.worker_pid, signal.SIGKILL)
    failed = _run_until(queue, job.id, lambda j: j.state.finished)
    assert failed.state is JobState.FAILED
    assert failed.reason and "dừng đột ngột" in failed.reason and "-9" in failed.reason
    assert failed.outputs == () and failed.output_dir is None
    jobs_dir = tmp_path / "outputs" / hanoi.id / "jobs"
    assert list(jobs_dir.iterdir()) == []  # neither a final folder nor the partial one
    assert "thất bại" in failed.status_line


def test_a_job_past_its_timeout_is_killed_and_marked_timed_out(
    tmp_path: Path, filled: Store, hanoi: Review
) -> None:
    with EmbeddedQueue(Project(tmp_path), str(filled.engine.url), timeout_s=1) as queue:
        job = queue.submit(JobRequest(_ref(tmp_path), JobKind.RENDER), started_by="thu-ky")
        done = _run_until(queue, job.id, lambda j: j.state.finished)
        assert done.state is JobState.TIMED_OUT
        assert done.reason and "quá thời gian" in done.reason
        assert list((tmp_path / "outputs" / hanoi.id / "jobs").iterdir()) == []


def test_a_running_job_whose_process_is_gone_is_marked_failed_at_startup(
    queue: EmbeddedQueue, tmp_path: Path
) -> None:
    job = queue.submit(JobRequest(_ref(tmp_path), JobKind.CONSOLIDATE), started_by="thu-ky")
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert queue.book.claim(job.id, HOST, int(gone.stdout))  # as if a dead server had claimed it
    assert queue.get(job.id).state is JobState.RUNNING  # type: ignore[union-attr]
    assert queue.reconcile() == [job.id]
    failed = queue.get(job.id)
    assert failed is not None and failed.state is JobState.FAILED
    assert failed.reason and "dừng đột ngột" in failed.reason
