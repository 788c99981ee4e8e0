"""The jobs table: every state change is one conditional UPDATE, so racing processes agree.

A job is *active* while queued or running; its ``active_key`` (review + kind + options) is then
set, and a unique index on it refuses a twin — whichever process inserts second gets the first
job back. Live-draft jobs keep the key only while queued, so uploads that arrive while a draft
is being built queue exactly one follow-up.

A state change from ``running`` is accepted only from the process that holds the job
(``worker_pid``), so a worker that was declared dead and turns up later cannot overwrite the
verdict, and cannot publish output for a job already marked failed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, case, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reportgen.jobs.model import DraftInfo, Job, JobKind, JobRequest, JobState
from reportgen.store.jobs_table import JobRow

__all__ = ["DEFAULT_TIMEOUT_S", "JobBook"]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 15 * 60  # a 1,000-unit render takes about a minute; anything past this is stuck
_ACTIVE = (JobState.QUEUED.value, JobState.RUNNING.value)

AfterInsert = Callable[[Session, JobRow], None]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class JobBook:
    """Reads and writes the ``jobs`` table of one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- creating ---------------------------------------------------------------------------

    def enqueue(
        self,
        review_id: str,
        request: JobRequest,
        started_by: str,
        *,
        backend: str,
        live: bool = False,
        delay_s: float = 0,
        timeout_s: int = DEFAULT_TIMEOUT_S,
        after_insert: AfterInsert | None = None,
    ) -> tuple[Job, bool]:
        """The new job, or the active twin that already answers this request (and False).

        ``after_insert(session, row)`` runs inside the inserting transaction (procrastinate
        defers its own job there, so both rows commit or neither does).
        """
        key = f"{review_id}|{request.kind.value}|{'live' if live else request.options_key()}"
        for _attempt in range(3):
            twin = self._join(key)
            if twin is not None:
                return twin, False
            now = _now()
            try:
                with Session(self.engine) as session, session.begin():
                    row = JobRow(
                        review_id=review_id,
                        kind=request.kind.value,
                        options=request.options(),
                        options_key=request.options_key(),
                        active_key=key,
                        state=JobState.QUEUED.value,
                        step="Đang chờ đến lượt",
                        started_by=started_by,
                        created_at=now,
                        not_before=now + dt.timedelta(seconds=delay_s),
                        timeout_s=timeout_s,
                        backend=backend,
                        live=live,
                        requests=1,
                        outputs=[],
                    )
                    session.add(row)
                    session.flush()
                    if after_insert is not None:
                        after_insert(session, row)
                    return _job(row), True
            except IntegrityError:
                continue  # another process inserted the twin between our check and insert
        raise RuntimeError(f"could not enqueue job {key}")  # pragma: no cover

    def _join(self, key: str) -> Job | None:
        with Session(self.engine) as session, session.begin():
            row = session.scalars(select(JobRow).where(JobRow.active_key == key)).first()
            if row is None:
                return None
            row.requests += 1
            session.flush()
            return _job(row)

    # -- state changes ----------------------------------------------------------------------

    def due(self, limit: int, backend: str) -> list[int]:
        """Queued jobs whose time has come, oldest first."""
        query = (
            select(JobRow.id)
            .where(
                JobRow.state == JobState.QUEUED.value,
                JobRow.backend == backend,
                JobRow.not_before <= _now(),
            )
            .order_by(JobRow.id)
            .limit(limit)
        )
        with Session(self.engine) as session:
            return list(session.scalars(query))

    def claim(self, job_id: int, host: str, pid: int) -> bool:
        """queued → running, held by ``host``/``pid``; False if someone else got it first."""
        now = _now()
        values: dict[str, Any] = {
            "state": JobState.RUNNING.value,
            "step": "Bắt đầu",
            "started_at": now,
            "heartbeat_at": now,
            "worker_host": host,
            "worker_pid": pid,
            # A running live draft no longer collects uploads: the next one queues a new job.
            "active_key": case((JobRow.live, None), else_=JobRow.active_key),
        }
        with self.engine.begin() as conn:
            done = conn.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state == JobState.QUEUED.value)
                .values(**values)
            ).rowcount
        return bool(done == 1)

    def adopt(self, job_id: int, from_pid: int, pid: int) -> bool:
        """The child process that does the work takes the job over from its supervisor."""
        return self._running(job_id, from_pid, worker_pid=pid, heartbeat_at=_now())

    def step(self, job_id: int, pid: int, text: str) -> bool:
        """Record the step a running job is on (and that it is alive)."""
        return self._running(job_id, pid, step=text, heartbeat_at=_now())

    def finish(
        self,
        job_id: int,
        state: JobState,
        *,
        pid: int | None = None,
        reason: str | None = None,
        output_dir: Path | None = None,
        outputs: Sequence[Path] = (),
        units: tuple[int, int] | None = None,
    ) -> bool:
        """running → ``state``; only by ``pid`` when given. False if the job was no longer its."""
        values: dict[str, Any] = {
            "state": state.value,
            "active_key": None,
            "finished_at": _now(),
            "reason": reason,
            "output_dir": str(output_dir) if output_dir else None,
            "outputs": [str(p) for p in outputs],
        }
        if state is JobState.SUCCEEDED:
            values["step"] = "Hoàn tất"
        if units is not None:
            values["units_included"], values["units_expected"] = units
        return self._running(job_id, pid, **values)

    def _running(self, job_id: int, pid: int | None, **values: Any) -> bool:
        query = update(JobRow).where(JobRow.id == job_id, JobRow.state == JobState.RUNNING.value)
        if pid is not None:
            query = query.where(JobRow.worker_pid == pid)
        with self.engine.begin() as conn:
            return bool(conn.execute(query.values(**values)).rowcount == 1)

    def fail_dead(self, host: str, alive: Callable[[int], bool]) -> list[int]:
        """Mark failed the running jobs of ``host`` whose process is gone; their ids."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(JobRow.id, JobRow.worker_pid).where(
                    JobRow.state == JobState.RUNNING.value, JobRow.worker_host == host
                )
            ).all()
        failed = []
        for job_id, pid in rows:
            if pid is None or not alive(pid):
                reason = f"Tiến trình xử lý đã dừng đột ngột (máy {host}, PID {pid}); hãy chạy lại."
                if self.finish(job_id, JobState.FAILED, pid=pid, reason=reason):
                    log.warning("job %s: worker %s on %s is gone, marked failed", job_id, pid, host)
                    failed.append(job_id)
        return failed

    def time_out_overdue(self, grace_s: float = 60) -> list[int]:
        """Mark timed out the running jobs past their timeout (plus ``grace_s``), wherever they run."""
        now = _now()
        with Session(self.engine) as session:
            rows = session.execute(
                select(JobRow.id, JobRow.started_at, JobRow.timeout_s).where(
                    JobRow.state == JobState.RUNNING.value
                )
            ).all()
        overdue = [
            job_id
            for job_id, started, timeout in rows
            if started is not None and (now - started).total_seconds() > timeout + grace_s
        ]
        return [i for i in overdue if self.finish(i, JobState.TIMED_OUT, reason=_TIMED_OUT)]

    # -- reading ----------------------------------------------------------------------------

    def get(self, job_id: int) -> Job | None:
        """One job, or None."""
        with Session(self.engine) as session:
            row = session.get(JobRow, job_id)
            return None if row is None else _job(row)

    def recent(self, review_id: str | None = None, limit: int = 50) -> list[Job]:
        """The newest jobs first (of ``review_id``, or of every review)."""
        query = select(JobRow).order_by(JobRow.id.desc()).limit(limit)
        if review_id is not None:
            query = query.where(JobRow.review_id == review_id)
        with Session(self.engine) as session:
            return [_job(r) for r in session.scalars(query)]

    def latest_draft(self, review_id: str) -> DraftInfo | None:
        """The newest succeeded draft report (live or started by hand), if any."""
        query = (
            select(JobRow)
            .where(
                JobRow.review_id == review_id,
                JobRow.state == JobState.SUCCEEDED.value,
                or_(
                    JobRow.kind == JobKind.DRAFT.value,
                    and_(JobRow.kind == JobKind.RENDER.value, JobRow.units_expected.is_not(None)),
                ),
            )
            .order_by(JobRow.finished_at.desc(), JobRow.id.desc())
        )
        with Session(self.engine) as session:
            for row in session.scalars(query):
                if row.kind == JobKind.DRAFT.value or row.options.get("draft"):
                    assert row.finished_at is not None
                    return DraftInfo(
                        row.id,
                        row.finished_at,
                        row.units_included or 0,
                        row.units_expected or 0,
                        tuple(Path(p) for p in row.outputs),
                    )
        return None


_TIMED_OUT = "Công việc chạy quá thời gian cho phép nên đã bị dừng; hãy chạy lại hoặc báo quản trị."


def _job(row: JobRow) -> Job:
    return Job(
        id=row.id,
        review_id=row.review_id,
        kind=JobKind(row.kind),
        request=JobRequest.from_options(row.kind, row.options),
        state=JobState(row.state),
        step=row.step,
        reason=row.reason,
        started_by=row.started_by,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        backend=row.backend,
        worker_host=row.worker_host,
        worker_pid=row.worker_pid,
        live=row.live,
        requests=row.requests,
        output_dir=Path(row.output_dir) if row.output_dir else None,
        outputs=tuple(Path(p) for p in row.outputs),
        units_included=row.units_included,
        units_expected=row.units_expected,
    )
