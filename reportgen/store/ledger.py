"""The append-only record of received files: submit, versions, the counting version, diffs.

A submit is atomic: the file is streamed to a locked temporary name, the rows are inserted,
the file is linked to its final name and only then is the transaction committed. If anything
fails (an exception, Ctrl-C) the transaction rolls back and both names are removed. A crash
(SIGKILL, power loss) can leave a temporary file, or a final file without a row; neither is
ever counted (the database decides what counts), and :mod:`reportgen.store.recovery` clears
both on the next open. The steps are named for the crash tests (:mod:`reportgen.store.crash`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from reportgen.definition.model import Review
from reportgen.errors import StoreError
from reportgen.findings import Finding, Location, Verdict, count, verdict_of
from reportgen.intake.model import Submission
from reportgen.messages import make_finding
from reportgen.numbers import format_date_long
from reportgen.store import board
from reportgen.store.access import AccessMixin
from reportgen.store.archive import Staged
from reportgen.store.audit import AuditMixin
from reportgen.store.blobs import BlobStore
from reportgen.store.crash import crash_point
from reportgen.store.db import (
    FindingRow,
    ListRowRow,
    SectionRow,
    SubmissionRow,
    ValueRow,
    insert_rows,
    lock_unit,
)
from reportgen.store.deadline import LOCAL_TZ, days_late, end_of_day, local_time
from reportgen.store.diff import CellDiff, diff_submissions
from reportgen.store.flow_tables import UnitMark, apply_mark, cover_counts, marks_of
from reportgen.store.justifications import JustificationsMixin
from reportgen.store.records import (
    Recovery,
    SubmissionRecord,
    SubmitResult,
    UnidentifiedFile,
    record_of,
)
from reportgen.store.rows import child_rows, finding_of, rebuild, reporter_json
from reportgen.store.status import UnitState, UnitStatus

__all__ = ["Store", "db_reason"]

_IDS_PER_QUERY = 5000  # SQLite allows 32,766 parameters per statement


class Store(
    AccessMixin, AuditMixin, JustificationsMixin
):  # portal methods: access, audit, justifications
    """The submissions of one review: its files (:mod:`.blobs`) and their database rows."""

    def __init__(self, review: Review, engine: Engine, archive: BlobStore) -> None:
        self.review = review
        self.engine = engine
        self.archive = archive
        self.last_recovery = Recovery()  # what crash recovery did when this store was opened

    # -- writing ---------------------------------------------------------------------------

    def submit(
        self, submission: Submission, data: bytes, *, received_at: dt.datetime | None = None
    ) -> SubmitResult:
        """Keep ``data`` and record ``submission`` as the unit's next version (or say it is a duplicate)."""
        self._check_review(submission)
        return self.commit(submission, self.archive.stage([data], keep_up_to=0), received_at)

    def _check_review(self, submission: Submission) -> None:
        if submission.review_id != self.review.id:
            raise StoreError(
                f"Tệp {submission.file_name} thuộc đợt báo cáo '{submission.review_id}', "
                f"không phải '{self.review.id}'."
            )

    def commit(
        self, submission: Submission, staged: Staged, received_at: dt.datetime | None = None
    ) -> SubmitResult:
        """Record a file already streamed to the archive (:meth:`Archive.stage`); consumes it.

        Whatever happens, ``staged`` ends up either placed under its final name with its row
        committed, or removed.
        """
        try:
            self._check_review(submission)
            if staged.sha256 != submission.sha256 or staged.size != submission.size:
                raise StoreError(
                    f"Nội dung tệp {submission.file_name} không khớp với kết quả kiểm tra (mã băm khác)."
                )
            crash_point("staged")
            when = (
                local_time(received_at)
                if received_at
                else dt.datetime.now(dt.UTC).replace(microsecond=0)
            )
            relative = self.archive.relative_path(
                submission.unit_code, when, staged.sha256, submission.file_name
            )
            for attempt in (1, 2):
                try:
                    return self._write(submission, staged, when, relative)
                except IntegrityError as exc:
                    # Another process recorded the same bytes (or version) between our check and insert.
                    if attempt == 2:
                        raise StoreError(
                            f"Không ghi được tệp {submission.file_name} vào kho: {db_reason(exc)}"
                        ) from exc
                except SQLAlchemyError as exc:
                    raise StoreError(
                        f"Không ghi được tệp {submission.file_name} vào kho: {db_reason(exc)}"
                    ) from exc
            raise AssertionError("unreachable")  # pragma: no cover
        except BaseException:
            # Roll back the file half too: neither half of a failed submit remains.
            self.archive.discard(staged)
            raise

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
        self, submission: Submission, staged: Staged, when: dt.datetime, relative: str
    ) -> SubmitResult:
        placed: str | None = None
        try:
            with Session(self.engine) as session, session.begin():
                lock_unit(session, self.review.id, submission.unit_code)
                existing = self._received(session, submission.sha256)
                if existing is not None:
                    result = self._duplicate(existing)
                    self.archive.discard(staged)
                    return result
                row, own = self.insert(session, submission, when, relative)
                own += self._held(session, submission.unit_code, Verdict(row.verdict))
                crash_point("rows-written")
                self._place(staged, relative)
                placed = relative
                crash_point("placed")
                result = SubmitResult(
                    row.id,
                    row.version,
                    row.late,
                    False,
                    self.archive.root / relative,
                    Verdict(row.verdict),
                    days_late(when, row.deadline) if row.late and row.deadline else 0,
                    own,
                    relative,
                    self.archive.url(relative),
                )
        except BaseException:
            if placed is not None:  # the temporary name stays, for a retry
                self.archive.remove(placed)
            raise
        crash_point("committed")
        self.archive.finish(staged)
        return result

    def _place(self, staged: Staged, relative: str) -> None:
        try:
            self.archive.place(staged, relative)
            return
        except FileExistsError:
            pass
        # A crash left these very bytes under this name without a row (recovery had not seen
        # them yet): the row we are writing describes them, so take the name over. On S3 the
        # same bytes are enough (no lock to test; the unit's lock keeps a twin submit out).
        with self.archive.claim(relative) as dead:
            if (dead or self.archive.local_path(relative) is None) and self.archive.same_bytes(
                relative, staged
            ):
                self.archive.remove(relative)
                self.archive.place(staged, relative)
                return
        raise StoreError(
            f"Trong kho đã có một tệp khác tên {relative}; không ghi đè. Hãy nộp lại sau một giây."
        )

    def _received(self, session: Session, sha256: str) -> SubmissionRow | None:
        """The received (not assigned) row of these bytes, if any."""
        return session.scalars(
            select(SubmissionRow).where(
                SubmissionRow.review_id == self.review.id,
                SubmissionRow.sha256 == sha256,
                SubmissionRow.assigned_from.is_(None),
            )
        ).first()

    def insert(
        self,
        session: Session,
        submission: Submission,
        when: dt.datetime,
        relative: str,
        **extra: Any,
    ) -> tuple[SubmissionRow, tuple[Finding, ...]]:
        """Insert the rows of ``submission`` as the unit's next version (file placed by the caller).

        Returns the row and the store's own findings (late-submission). ``extra`` sets the
        recovery and assignment columns.
        """
        deadline, late_days, own = self._lateness(submission.unit_code, when)
        findings = (*submission.findings, *own)
        errors, warnings = count(findings)
        row = SubmissionRow(
            review_id=self.review.id,
            unit_code=submission.unit_code,
            version=self._next_version(session, submission.unit_code),
            received_at=when,
            deadline=deadline,
            late=late_days > 0,
            sha256=submission.sha256,
            size=submission.size,
            file_name=submission.file_name,
            stored_path=relative,
            verdict=str(verdict_of(findings)),
            errors=errors,
            warnings=warnings,
            reporter=reporter_json(submission.reporter),
            **extra,
        )
        session.add(row)
        session.flush()
        insert_rows(session, child_rows(row.id, submission, findings))
        return row, own

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
            row.stored_path,
            self.archive.url(row.stored_path),
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
            return [record_of(r, self.archive) for r in rows]

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        try:
            with Session(self.engine) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(
                f"Không đọc được cơ sở dữ liệu của kho tệp. Chi tiết: {db_reason(exc)}"
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

    def unidentified(self) -> list[UnidentifiedFile]:
        """Files whose unit could not be read and that nobody has assigned to a unit yet."""
        records = self._records(all_units=True)
        assigned = {r.assigned_from for r in records if r.assigned_from is not None}
        waiting = [r for r in records if r.unit_code is None and r.submission_id not in assigned]
        ids = [r.submission_id for r in waiting]
        found: dict[int, list[Finding]] = defaultdict(list)
        with self._reading() as session:
            for start in range(0, len(ids), _IDS_PER_QUERY):
                query = select(FindingRow).where(
                    FindingRow.submission_id.in_(ids[start : start + _IDS_PER_QUERY])
                )
                for row in session.scalars(query.order_by(FindingRow.id)):
                    found[row.submission_id].append(finding_of(row))
        return [UnidentifiedFile(r, tuple(found[r.submission_id])) for r in waiting]

    def stored_paths(self) -> set[str]:
        """``stored_path`` of every row of this review (relative to ``inputs/<review>/``)."""
        with self._reading() as session:
            query = select(SubmissionRow.stored_path).where(
                SubmissionRow.review_id == self.review.id
            )
            return set(session.scalars(query))

    def knows(self, relative: str, sha256: str | None = None) -> bool:
        """Whether a row has this stored path (or, with ``sha256``, has received these bytes)."""
        with self._reading() as session:
            query = select(SubmissionRow.id).where(SubmissionRow.review_id == self.review.id)
            if sha256 is None:
                query = query.where(SubmissionRow.stored_path == relative)
            else:
                query = query.where(
                    SubmissionRow.sha256 == sha256, SubmissionRow.assigned_from.is_(None)
                )
            return session.scalars(query.limit(1)).first() is not None

    def record(self, submission_id: int) -> SubmissionRecord:
        """One stored version of this review, by id."""
        with self._reading() as session:
            row = session.get(SubmissionRow, submission_id)
            if row is None or row.review_id != self.review.id:
                raise StoreError(f"Không có bản nộp số {submission_id} trong kho tệp.")
            return record_of(row, self.archive)

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

    def read_file(self, record: SubmissionRecord | SubmitResult) -> bytes:
        """The stored bytes of one version, from whichever storage holds them."""
        try:
            return self.archive.get(record.stored_key)
        except OSError as exc:
            raise StoreError(
                f"Không đọc được tệp đã lưu {record.stored_key}: {exc.strerror or exc}"
            ) from exc

    def file_chunks(self, record: SubmissionRecord | SubmitResult) -> Iterator[bytes]:
        """The stored bytes of one version in 1 MiB chunks (a download of any size)."""
        return self.archive.chunks(record.stored_key)

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


def db_reason(exc: SQLAlchemyError) -> str:
    """The driver's own first line (e.g. "connection refused"), without SQLAlchemy's help link."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__
