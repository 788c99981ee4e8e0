"""Run claimed jobs in child processes, and notice when one dies or runs too long.

Rendering is CPU-bound (WeasyPrint, matplotlib), so each job gets its own process: the web
process stays responsive, a timeout can kill exactly one job (a ProcessPoolExecutor cannot),
and a crash takes down only that job. Children come from a ``forkserver`` (``spawn`` where
there is none): the serving process has threads, and forking a threaded process is unsafe.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import socket
import time
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.process import BaseProcess
from typing import Any

from reportgen.jobs.book import JobBook
from reportgen.jobs.model import Job, JobState
from reportgen.jobs.work import partial_dir, run_job
from reportgen.project import Project

__all__ = ["HOST", "Pool", "pid_alive", "warm_up"]

log = logging.getLogger(__name__)

HOST = socket.gethostname()


def _context() -> Any:
    # forkserver: one clean single-threaded process imports the rendering stack once, and each
    # job is forked from it (measured: a job starts work ~7 s sooner than with spawn on a busy
    # 2-core machine). spawn where there is no fork (Windows, macOS default).
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["reportgen.jobs.work"])
        return context
    return multiprocessing.get_context("spawn")


_SPAWN = _context()


def warm_up(wait: bool = False) -> None:
    """Start the fork server now (it imports the rendering stack) so the first job starts fast.

    ``wait``: return only once it is ready (it has forked a first, empty child).
    """
    if _SPAWN.get_start_method() != "forkserver":
        return
    forkserver.ensure_running()
    if wait:
        probe = _SPAWN.Process(target=os.getpid, name="reportgen-warm-up")
        probe.start()
        probe.join()


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class _Child:
    job: Job
    process: BaseProcess
    started: float
    timeout_s: float


class Pool:
    """The jobs this process supervises, each in a child process."""

    def __init__(self, project: Project, db_url: str, book: JobBook, timeout_s: float) -> None:
        self.project, self.db_url, self.book, self.timeout_s = project, db_url, book, timeout_s
        self.children: dict[int, _Child] = {}

    def launch(self, job_id: int) -> bool:
        """Claim job ``job_id`` and start its process; False if another worker has it."""
        if job_id in self.children or not self.book.claim(job_id, HOST, os.getpid()):
            return False
        job = self.book.get(job_id)
        assert job is not None
        process = _SPAWN.Process(
            target=run_job,
            args=(str(self.project.root), self.db_url, job_id, os.getpid()),
            name=f"reportgen-job-{job_id}",
        )
        process.start()
        self.children[job_id] = _Child(job, process, time.monotonic(), self.timeout_s)
        log.info("job %s started in process %s", job_id, process.pid)
        return True

    def reap(self) -> list[int]:
        """Handle children that ended or ran too long; the ids of jobs that are over."""
        over = []
        for job_id, child in list(self.children.items()):
            process = child.process
            if process.is_alive():
                if time.monotonic() - child.started <= child.timeout_s:
                    continue
                _kill(process)
                self._close(child, JobState.TIMED_OUT, _TIMED_OUT)
            else:
                code = process.exitcode
                reason = _DIED.format(code=code)
                self._close(child, JobState.FAILED, reason)
            process.join(timeout=5)
            del self.children[job_id]
            over.append(job_id)
        return over

    def _close(self, child: _Child, state: JobState, reason: str) -> None:
        # The child marks its own success or failure; these apply only if it could not.
        for pid in (child.process.pid, os.getpid()):
            if pid is not None and self.book.finish(child.job.id, state, pid=pid, reason=reason):
                log.warning("job %s: %s", child.job.id, reason)
                break
        shutil.rmtree(partial_dir(self.project, child.job), ignore_errors=True)

    def stop(self) -> None:
        """Kill the children still running (the server is stopping) and mark their jobs failed."""
        for child in self.children.values():
            if child.process.is_alive():
                _kill(child.process)
            child.process.join(timeout=5)
            self._close(child, JobState.FAILED, _STOPPED)
        self.children.clear()


def _kill(process: BaseProcess) -> None:
    pid = process.pid
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)  # the child leads its own group (work.run_job)
    except (ProcessLookupError, PermissionError, AttributeError):
        process.kill()


def remove_partial(project: Project, job: Job) -> None:
    """Remove what a failed job half-wrote."""
    shutil.rmtree(partial_dir(project, job), ignore_errors=True)


_TIMED_OUT = "Công việc chạy quá thời gian cho phép nên đã bị dừng; hãy chạy lại hoặc báo quản trị."
_DIED = (
    "Tiến trình xử lý đã dừng đột ngột (mã thoát {code}); không có tệp nào được ghi. Hãy chạy lại."
)
_STOPPED = "Máy chủ dừng khi công việc đang chạy; hãy chạy lại."
