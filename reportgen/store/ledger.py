"""The append-only record of received files: submit, versions, the counting version, diffs.

A submit is atomic: the file is written to a temporary name, the rows are inserted, the file is
linked to its final name and only then is the transaction committed. If anything fails (an
exception, Ctrl-C) the transaction rolls back and both names are removed. A crash between link
and commit can leave an archived file without a row; it is never counted (the database decides
what counts), which is the safe side: a row never points to a missing file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from reportgen.definition.model import Review
from reportgen.errors import StoreError
from reportgen.findings import Finding, Location, Verdict, count, verdict_of
from reportgen.intake.model import Submission
from reportgen.messages import make_finding
from reportgen.numbers import format_date_long
from reportgen.project import Project
from reportgen.store import board
from reportgen.store.archive import Archive
from reportgen.store.db import (
    FindingRow,
    ListRowRow,
    SectionRow,
    SubmissionRow,
    ValueRow,
    insert_rows,
    lock_migrations,
    lock_unit,
    make_engine,
)
from reportgen.store.deadline import LOCAL_TZ, days_late, end_of_day, local_time
from reportgen.store.diff import CellDiff, diff_submissions
from reportgen.store.flow_tables import UnitMark, apply_mark, cover_counts, marks_of
from reportgen.store.records import SubmissionRecord, SubmitResult, record_of
from reportgen.store.rows import child_rows, rebuild, reporter_json
from reportgen.store.status import UnitState, UnitStatus

__all__ = ["Store", "default_url", "open_store", "upgrade"]

_MIGRATIONS = Path(__file__).with_name("migrations")
_IDS_PER_QUERY = 5000  # SQLite allows 32,766 parameters per statement


class Store:
    """The submissions of one review: files under ``inputs/<review>/`` and their database rows."""

    def __init__(self, review: Review, engine: Engine, archive: Archive) -> None:
        self.review = review
        self.engine = engine
        self.archive = archive

    # -- writing ---------------------------------------------------------------------------

    def submit(
        self, submission: Submission, data: bytes, *, received_at: dt.datetime | None = None
    ) -> SubmitResult:
        """Keep ``data`` and record ``submission`` as the unit's next version (or say it is a duplicate)."""
        if submission.review_id != self.review.id:
            raise StoreError(
                f"Tệp {submission.file_name} thuộc đợt báo cáo '{submission.review_id}', "
                f"không phải '{self.review.id}'."
            )
        digest = hashlib.sha256(data).hexdigest()
        if digest != submission.sha256 or len(data) != submission.size:
            raise StoreError(
                f"Nội dung tệp {submission.file_name} không khớp với kết quả kiểm tra (mã băm khác)."
            )
        when = (
            local_time(received_at)
            if received_at
            else dt.datetime.now(dt.UTC).replace(microsecond=0)
        )
        deadline, late_days, own = self._lateness(submission.unit_code, when)
        findings = (*submission.findings, *own)
        relative = self.archive.relative_path(
            submission.unit_code, when, digest, submission.file_name
        )
        for attempt in (1, 2):
            try:
                return self._write(submission, data, when, deadline, late_days, findings, relative)
            except IntegrityError as exc:
                # Another process recorded the same bytes (or version) between our check and insert.
                if attempt == 2:
                    raise StoreError(
                        f"Không ghi được tệp {submission.file_name} vào kho: {_reason(exc)}"
                    ) from exc
            except SQLAlchemyError as exc:
                raise StoreError(
                    f"Không ghi được tệp {submission.file_name} vào kho: {_reason(exc)}"
                ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _lateness(
        self, unit_code: str | None, when: dt.datetime
    ) -> tuple[dt.date | None, int, tuple[Finding, ...]]:
        if unit_code is None:
            return None, 0, ()
        unit = self.review.unit_by_code.get(unit_code)
        deadline = self.review.deadline_of(unit) if unit else self.review.deadline
        if when < end_of_day(deadline):
            return deadline, 0, ()
        days = max(1, days_late(when, deadline))
        late = make_finding(
            "late-submission",
            Location(),
            value=when.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M"),
            days=days,
            deadline=format_date_long(deadline),
            deadline_iso=deadline.isoformat(),
        )
        return deadline, days, (late,)

    def _write(
        self,
        submission: Submission,
        data: bytes,
        when: dt.datetime,
        deadline: dt.date | None,
        late_days: int,
        findings: Sequence[Finding],
        relative: str,
    ) -> SubmitResult:
        written = self.archive.write_temp(relative, data)
        temp: Path | None = written
        placed: Path | None = None
        try:
            with Session(self.engine) as session, session.begin():
                lock_unit(session, self.review.id, submission.unit_code)
                existing = session.scalars(
                    select(SubmissionRow).where(
                        SubmissionRow.review_id == self.review.id,
                        SubmissionRow.sha256 == submission.sha256,
                    )
                ).first()
                if existing is not None:
                    result = self._duplicate(existing)
                    self.archive.remove(temp)
                    return result
                version = self._next_version(session, submission.unit_code)
                errors, warnings = count(findings)
                verdict = verdict_of(findings)
                row = SubmissionRow(
                    review_id=self.review.id,
                    unit_code=submission.unit_code,
                    version=version,
                    received_at=when,
                    deadline=deadline,
                    late=late_days > 0,
                    sha256=submission.sha256,
                    size=submission.size,
                    file_name=submission.file_name,
                    stored_path=relative,
                    verdict=str(verdict),
                    errors=errors,
                    warnings=warnings,
                    reporter=reporter_json(submission.reporter),
                )
                session.add(row)
                session.flush()
                insert_rows(session, child_rows(row.id, submission, findings))
                placed = self.archive.place(written, relative)
                temp = None
                own = tuple(f for f in findings if f.code == "late-submission")
                own += self._held(session, submission.unit_code, verdict)
                return SubmitResult(
                    row.id, version, late_days > 0, False, placed, verdict, late_days, own
                )
        except BaseException:
            # Roll back the file half too: neither half of a failed submit remains.
            self.archive.remove(temp, placed)
            raise

    def _held(
        self, session: Session, unit_code: str | None, verdict: Verdict
    ) -> tuple[Finding, ...]:
        """The note that an accepted (locked) unit's new file is kept but does not count yet."""
        mark = marks_of(session, self.review.id).get(unit_code or "")
        if mark is None or not mark.locked or not verdict.acceptable:
            return ()
        return (make_finding("held-while-accepted", Location(), unit=unit_code or ""),)

    def _next_version(self, session: Session, unit_code: str | None) -> int | None:
        if unit_code is None:
            return None
        latest = session.scalar(
            select(func.max(SubmissionRow.version)).where(
                SubmissionRow.review_id == self.review.id, SubmissionRow.unit_code == unit_code
            )
        )
        return (latest or 0) + 1

    def _duplicate(self, row: SubmissionRow) -> SubmitResult:
        note = make_finding(
            "duplicate-submission",
            Location(),
            value=row.file_name,
            what=f"phiên bản {row.version} của đơn vị {row.unit_code}"
            if row.version
            else "chưa xác định được đơn vị",
            what_en=f"version {row.version} of unit {row.unit_code}"
            if row.version
            else "unit not identified",
            received=row.received_at.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y"),
        )
        return SubmitResult(
            row.id,
            row.version,
            row.late,
            True,
            self.archive.root / row.stored_path,
            Verdict(row.verdict),
            days_late(row.received_at, row.deadline) if row.late and row.deadline else 0,
            (note,),
        )

    # -- reading ---------------------------------------------------------------------------

    def _records(
        self, unit_code: str | None = None, *, all_units: bool = False
    ) -> list[SubmissionRecord]:
        query = select(SubmissionRow).where(SubmissionRow.review_id == self.review.id)
        if not all_units:
            query = query.where(SubmissionRow.unit_code == unit_code)
        with self._reading() as session:
            rows = session.scalars(
                query.order_by(SubmissionRow.unit_code, SubmissionRow.version, SubmissionRow.id)
            )
            return [record_of(r, self.archive.root) for r in rows]

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        try:
            with Session(self.engine) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(
                f"Không đọc được cơ sở dữ liệu của kho tệp. Chi tiết: {_reason(exc)}"
            ) from exc

    def versions(self, unit_code: str) -> list[SubmissionRecord]:
        """Every version of ``unit_code``, oldest first; the counting one is marked."""
        records = self._records(unit_code)
        counting = board.counting_record(records, _locked(self.marks().get(unit_code)))
        return [replace(r, counting=r is counting) for r in records]

    def marks(self) -> dict[str, UnitMark]:
        """The workflow mark (đã duyệt / yêu cầu bổ sung) of each marked unit."""
        with self._reading() as session:
            return marks_of(session, self.review.id)

    def statuses(self, review: Review, *, now: dt.datetime | None = None) -> list[UnitStatus]:
        """One status per unit of ``review``, in its order; files received after ``now`` are ignored."""
        cutoff = local_time(now) if now else None
        by_unit: dict[str | None, list[SubmissionRecord]] = defaultdict(list)
        for record in self._records(all_units=True):
            if cutoff is None or record.received_at <= cutoff:
                by_unit[record.unit_code].append(record)
        marks = self.marks()
        lines = []
        for unit in review.units:
            records, mark = by_unit.get(unit.code, []), marks.get(unit.code)
            line = board.unit_status(unit.code, records, _locked(mark))
            lines.append(apply_mark(line, mark, records))
        with self._reading() as session:
            covers = cover_counts(session, [s.submission_id for s in lines if s.submission_id])
        return [
            replace(s, covers=covers[s.submission_id]) if s.submission_id in covers else s
            for s in lines
        ]

    def unidentified(self) -> list[SubmissionRecord]:
        """Files whose unit could not be read."""
        return [r for r in self._records(all_units=True) if r.unit_code is None]

    def counting(self, review: Review) -> list[tuple[int, Submission]]:
        """(submission id, Submission) of each unit's counting version, in the review's unit order."""

        counted = (UnitState.ON_TIME, UnitState.LATE)
        ids = [
            s.submission_id for s in self.statuses(review) if s.submission_id and s.state in counted
        ]
        return list(zip(ids, self._load(ids, review), strict=True))

    def submission(self, submission_id: int) -> Submission:
        """One stored submission, rebuilt with its values, sections, rows and findings."""
        return self._load([submission_id], self.review)[0]

    def _load(self, ids: list[int], review: Review | None) -> list[Submission]:
        if not ids:
            return []
        children: dict[type, dict[int, list[Any]]] = {}
        with self._reading() as session:
            heads = {
                r.id: r
                for r in session.scalars(select(SubmissionRow).where(SubmissionRow.id.in_(ids)))
            }
            missing = [i for i in ids if i not in heads]
            if missing:
                raise StoreError(f"Không có bản nộp số {missing[0]} trong kho tệp.")
            for table in (ValueRow, SectionRow, ListRowRow, FindingRow):
                # Plain Core rows, not ORM objects: 120,000 values load in a second, not ten.
                grouped: dict[int, list[Any]] = defaultdict(list)
                columns = table.__table__.c
                for start in range(0, len(ids), _IDS_PER_QUERY):
                    chunk = ids[start : start + _IDS_PER_QUERY]
                    query = (
                        select(*columns)
                        .where(columns.submission_id.in_(chunk))
                        .order_by(columns.id)
                    )
                    for child in session.execute(query):
                        grouped[child.submission_id].append(child)
                children[table] = grouped
            return [
                rebuild(
                    heads[i],
                    children[ValueRow][i],
                    children[SectionRow][i],
                    children[ListRowRow][i],
                    children[FindingRow][i],
                    review,
                )
                for i in ids
            ]

    def diff(self, unit_code: str, v1: int, v2: int) -> list[CellDiff]:
        """Cells that differ from version ``v1`` to version ``v2`` of ``unit_code``."""
        by_version = {r.version: r.submission_id for r in self._records(unit_code)}
        for v in (v1, v2):
            if v not in by_version:
                raise StoreError(
                    f"Đơn vị {unit_code} không có phiên bản {v} (có: {_listing(by_version)})."
                )
        old, new = self._load([by_version[v1], by_version[v2]], self.review)
        return diff_submissions(old, new)

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _locked(mark: UnitMark | None) -> int | None:
    return mark.submission_id if mark is not None and mark.locked else None


def _listing(by_version: dict[int | None, int]) -> str:
    versions = sorted(v for v in by_version if v is not None)
    return ", ".join(map(str, versions)) or "chưa có"


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's own first line (e.g. "connection refused"), without SQLAlchemy's help link."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return "(địa chỉ không hợp lệ)"


def default_url(project: Project, review_id: str) -> str:
    """``sqlite:///inputs/<review>/reportgen.sqlite`` of ``project``."""
    return f"sqlite:///{project.inputs / review_id / 'reportgen.sqlite'}"


def open_store(project: Project, review: Review, url: str | None = None) -> Store:
    """Open (creating and upgrading as needed) the store of ``review``.

    ``url`` is a SQLAlchemy URL (``postgresql://…``); without one, ``REPORTGEN_DB``, else a
    SQLite file in ``inputs/<review>/``.
    """
    root = project.inputs / review.id
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Không tạo được thư mục kho tệp {root}: {exc.strerror}") from exc
    url = url or os.environ.get("REPORTGEN_DB") or default_url(project, review.id)
    try:
        engine = make_engine(url)
        upgrade(engine)
    except SQLAlchemyError as exc:
        shown = _shown(url)
        raise StoreError(f"Không mở được cơ sở dữ liệu {shown}. Chi tiết: {_reason(exc)}") from exc
    archive = Archive(root)
    archive.clean_stale_temps()
    return Store(review, engine, archive)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; concurrent openers wait for each other."""
    # Alembic costs 0.3 s to import: only commands that open the store pay for it.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        lock_migrations(conn)
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
