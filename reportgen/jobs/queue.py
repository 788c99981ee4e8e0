"""One small interface, two backends: :class:`JobQueue`.

* :class:`EmbeddedQueue` — a pool of processes inside the serving process (``reportgen
  serve``), rows in the store's database. The default; SQLite or PostgreSQL.
* :class:`reportgen.jobs.pg.ProcrastinateQueue` — procrastinate on the store's PostgreSQL;
  ``reportgen worker`` runs the jobs, on this machine or another.

Both keep the job's state in the ``jobs`` table (so a page shows it after a reload, on another
machine, after a restart) and refuse a twin of an active job by returning it.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time

from sqlalchemy import Engine

from reportgen.definition import load_review
from reportgen.errors import ReportgenError
from reportgen.jobs.book import DEFAULT_TIMEOUT_S, AfterInsert, JobBook
from reportgen.jobs.model import DraftInfo, Job, JobRequest
from reportgen.jobs.supervise import HOST, Pool, pid_alive, warm_up
from reportgen.jobs.work import partial_dir
from reportgen.project import Project
from reportgen.store.db import make_engine
from reportgen.store.opening import upgrade

__all__ = ["EmbeddedQueue", "JobQueue", "review_ref"]

log = logging.getLogger(__name__)


def review_ref(project: Project, review: str | os.PathLike[str] | None) -> str:
    """How a job names its review: the folder relative to the project when inside it.

    A worker on another machine resolves it against its own project root.
    """
    folder = project.review_dir(review)
    try:
        return folder.relative_to(project.root).as_posix()
    except ValueError:
        return str(folder)


class JobQueue:
    """What the web pages and the CLI use: submit, look up, list, reconcile."""

    backend = "base"

    def __init__(
        self, project: Project, db_url: str, *, timeout_s: int = DEFAULT_TIMEOUT_S
    ) -> None:
        self.project = project
        self.db_url = db_url
        self.timeout_s = timeout_s
        self.engine: Engine = make_engine(db_url)
        upgrade(self.engine)
        self.book = JobBook(self.engine)
        self._review_ids: dict[str, str] = {}

    def submit(
        self,
        request: JobRequest,
        started_by: str,
        *,
        live: bool = False,
        delay_s: float = 0,
    ) -> Job:
        """Queue ``request`` for ``started_by``; an active twin is returned instead of a new job."""
        review_id = self._review_id(request.review)
        job, created = self.book.enqueue(
            review_id,
            request,
            started_by,
            backend=self.backend,
            live=live,
            delay_s=delay_s,
            timeout_s=self.timeout_s,
            after_insert=self._after_insert(),
        )
        if created:
            log.info("job %s queued: %s by %s", job.id, request.kind.value, started_by)
            self._wake()
        return job

    def _after_insert(self) -> AfterInsert | None:
        return None

    def _wake(self) -> None:
        pass

    def _review_id(self, ref: str) -> str:
        if ref not in self._review_ids:
            self._review_ids[ref] = load_review(self.project.review_dir(ref)).id
        return self._review_ids[ref]

    def get(self, job_id: int) -> Job | None:
        """One job, or None."""
        return self.book.get(job_id)

    def recent(self, review_id: str | None = None, limit: int = 50) -> list[Job]:
        """The newest jobs first."""
        return self.book.recent(review_id, limit)

    def latest_draft(self, review_id: str) -> DraftInfo | None:
        """The newest draft report: "bản dự thảo cập nhật lúc …, gồm N/M đơn vị"."""
        return self.book.latest_draft(review_id)

    def reconcile(self) -> list[int]:
        """Mark failed the jobs whose worker is gone, timed out those past their time; their ids."""
        return self._cleaned(
            [*self.book.fail_dead(HOST, _alive_elsewhere), *self.book.time_out_overdue()]
        )

    def _cleaned(self, job_ids: list[int]) -> list[int]:
        # A dead worker could not remove what it half-wrote (hidden, never listed): do it here.
        for job_id in job_ids:
            job = self.book.get(job_id)
            if job is not None:
                shutil.rmtree(partial_dir(self.project, job), ignore_errors=True)
        return job_ids

    def wait(self, job_id: int, timeout_s: float = 600, poll_s: float = 0.2) -> Job:
        """Block until job ``job_id`` is over (for the CLI and tests)."""
        deadline = time.monotonic() + timeout_s
        while True:
            job = self.get(job_id)
            if job is None:
                raise ReportgenError(f"Không có công việc số {job_id}.")
            if job.state.finished or time.monotonic() > deadline:
                return job
            time.sleep(poll_s)

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()

    def __enter__(self) -> JobQueue:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _alive_elsewhere(pid: int) -> bool:
    # Our own PID is alive by definition; any other is checked.
    return pid == os.getpid() or pid_alive(pid)


class EmbeddedQueue(JobQueue):
    """Jobs run by a pool of child processes of this (serving) process."""

    backend = "embedded"

    def __init__(
        self,
        project: Project,
        db_url: str,
        *,
        workers: int = 2,
        poll_s: float = 1.0,
        timeout_s: int = DEFAULT_TIMEOUT_S,
    ) -> None:
        super().__init__(project, db_url, timeout_s=timeout_s)
        self.workers = workers
        self.poll_s = poll_s
        self.pool = Pool(project, db_url, self.book, timeout_s)
        self._stop = threading.Event()
        self._kick = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Reconcile what a previous run left, then dispatch jobs in a background thread."""
        self.reconcile()
        warm_up()
        self._thread = threading.Thread(target=self._loop, name="reportgen-jobs", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        ticks = 0
        while not self._stop.is_set():
            try:
                self.tick()
                ticks += 1
                if ticks % 30 == 0:
                    self.reconcile()
            except Exception:  # the dispatcher must outlive a database hiccup
                log.exception("job dispatcher tick failed")
            self._kick.wait(self.poll_s)
            self._kick.clear()

    def tick(self) -> list[int]:
        """One round: reap ended children, start due jobs; the ids started."""
        self.pool.reap()
        free = self.workers - len(self.pool.children)
        if free <= 0:
            return []
        return [i for i in self.book.due(free, self.backend) if self.pool.launch(i)]

    def _wake(self) -> None:
        self._kick.set()

    def stop(self) -> None:
        """Stop dispatching; jobs still running are killed and marked failed."""
        self._stop.set()
        self._kick.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.pool.stop()

    def close(self) -> None:
        """Stop and release the database."""
        self.stop()
        super().close()
