"""The scale backend: procrastinate on the store's PostgreSQL; ``reportgen worker`` runs jobs.

* The procrastinate job is deferred on the very connection that inserts our ``jobs`` row, in
  the same transaction: both exist or neither (the "task started before the row was committed"
  race of kpi#5436 cannot happen).
* Its ``queueing_lock`` is our active key, so even a second click that slipped past our own
  unique index could not queue a second procrastinate job.
* A worker runs each job in a child process (the same :class:`~reportgen.jobs.supervise.Pool`
  as the embedded backend) and heartbeats; :meth:`ProcrastinateQueue.reconcile` marks failed
  the running jobs whose worker stopped heartbeating (stalled-job detection), wherever it ran.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from procrastinate import App, PsycopgConnector
from sqlalchemy import text
from sqlalchemy.orm import Session

from reportgen.errors import StoreError
from reportgen.jobs.book import DEFAULT_TIMEOUT_S, AfterInsert, JobBook
from reportgen.jobs.model import JobState
from reportgen.jobs.queue import JobQueue
from reportgen.jobs.supervise import Pool
from reportgen.project import Project
from reportgen.store.db import make_engine, normalise_url
from reportgen.store.jobs_table import JobRow

__all__ = ["QUEUE", "TASK", "ProcrastinateQueue", "run_worker"]

log = logging.getLogger(__name__)

TASK = "reportgen.run_job"
QUEUE = "reportgen"
HEARTBEAT_S = 10.0  # procrastinate's default
STALLED_S = 30.0  # a worker silent this long is dead (procrastinate's default, 3 heartbeats)

_STALLED = """
SELECT j.id FROM jobs j
  JOIN procrastinate_jobs p ON p.id = j.backend_id
  LEFT JOIN procrastinate_workers w ON w.id = p.worker_id
 WHERE j.state = 'running' AND j.backend = 'procrastinate'
   AND (p.status <> 'doing' OR w.id IS NULL
        OR w.last_heartbeat < NOW() - make_interval(secs => :seconds))
"""
_STALLED_REASON = (
    "Máy chạy công việc (reportgen worker) đã ngừng hoạt động giữa chừng; "
    "công việc được đánh dấu thất bại, hãy chạy lại."
)


def _conninfo(db_url: str) -> str:
    url = normalise_url(db_url)
    if not url.startswith("postgresql+psycopg://"):
        raise StoreError(
            "Hàng đợi procrastinate (reportgen worker) cần cơ sở dữ liệu PostgreSQL; "
            "địa chỉ đã cho không phải PostgreSQL. Dùng --db postgresql://… hoặc biến REPORTGEN_DB."
        )
    return "postgresql://" + url[len("postgresql+psycopg://") :]


def make_app(project: Project, db_url: str, timeout_s: int = DEFAULT_TIMEOUT_S) -> App:
    """A procrastinate app on ``db_url`` with the one task that runs a job row."""
    app = App(connector=PsycopgConnector(conninfo=_conninfo(db_url)))

    @app.task(name=TASK, queue=QUEUE)
    def run_job_row(job_id: int) -> None:
        engine = make_engine(db_url)
        try:
            _supervise(Pool(project, db_url, JobBook(engine), timeout_s), job_id)
        finally:
            engine.dispose()

    return app


def _supervise(pool: Pool, job_id: int) -> None:
    if not pool.launch(job_id):
        log.warning("job %s was not queued any more; skipped", job_id)
        return
    while pool.children:
        time.sleep(0.2)
        pool.reap()


class ProcrastinateQueue(JobQueue):
    """Jobs deferred to procrastinate; ``reportgen worker`` runs them (here or elsewhere)."""

    backend = "procrastinate"

    def __init__(
        self, project: Project, db_url: str, *, timeout_s: int = DEFAULT_TIMEOUT_S
    ) -> None:
        _conninfo(db_url)  # refuse SQLite before touching anything
        super().__init__(project, db_url, timeout_s=timeout_s)
        self.app = make_app(project, db_url, timeout_s)

    def _after_insert(self) -> AfterInsert:
        def defer(session: Session, row: JobRow) -> None:
            raw: Any = session.connection().connection.driver_connection
            backend_id = (
                self.app.tasks[TASK]
                .configure(
                    connection=raw,
                    queueing_lock=row.active_key or f"job-{row.id}",
                    schedule_at=row.not_before,
                )
                .defer(job_id=row.id)
            )
            row.backend_id = backend_id
            session.flush()

        return defer

    def stalled(self, seconds: float = STALLED_S) -> list[int]:
        """Running jobs whose procrastinate worker stopped heartbeating (or whose task ended)."""
        with Session(self.engine) as session:
            return list(session.scalars(text(_STALLED), {"seconds": seconds}))

    def reconcile(self, stalled_s: float = STALLED_S) -> list[int]:
        """Also mark failed the jobs of stalled workers on any machine."""
        failed = super().reconcile()
        stalled = []
        for job_id in self.stalled(stalled_s):
            if self.book.finish(job_id, JobState.FAILED, reason=_STALLED_REASON):
                log.warning("job %s: its worker stalled, marked failed", job_id)
                stalled.append(job_id)
        return failed + self._cleaned(stalled)


def run_worker(
    project: Project,
    db_url: str,
    *,
    concurrency: int = 2,
    timeout_s: int = DEFAULT_TIMEOUT_S,
    heartbeat_s: float = HEARTBEAT_S,
    wait: bool = True,
    stop: threading.Event | None = None,
) -> None:
    """Run jobs until stopped (Ctrl-C / SIGTERM); reconciles stalled jobs every minute."""
    queue = ProcrastinateQueue(project, db_url, timeout_s=timeout_s)
    quit_ = stop or threading.Event()

    def reconcile_loop() -> None:
        while not quit_.wait(60):
            try:
                queue.reconcile()
            except Exception:  # keep the worker alive through a database hiccup
                log.exception("reconcile failed")

    watcher = threading.Thread(target=reconcile_loop, name="reportgen-reconcile", daemon=True)
    watcher.start()
    try:
        queue.reconcile()
        with queue.app.open():
            queue.app.run_worker(
                queues=[QUEUE],
                concurrency=concurrency,
                wait=wait,
                update_heartbeat_interval=heartbeat_s,
                stalled_worker_timeout=max(3 * heartbeat_s, 3.0),
            )
    finally:
        quit_.set()
        queue.close()
