"""The append-only record of received files: submit and commit (reads: :mod:`.reading`).

A submit is atomic: the file is streamed to a locked temporary name, the rows are inserted,
the file is linked to its final name and only then is the transaction committed. If anything
fails (an exception, Ctrl-C) the transaction rolls back and both names are removed. A crash
(SIGKILL, power loss) can leave a temporary file, or a final file without a row; neither is
ever counted (the database decides what counts), and :mod:`reportgen.store.recovery` clears
both on the next open. The steps are named for the crash tests (:mod:`reportgen.store.crash`).
"""

from __future__ import annotations

import datetime as dt
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
from reportgen.store.access import AccessMixin
from reportgen.store.archive import Staged
from reportgen.store.audit import AuditMixin
from reportgen.store.blobs import BlobStore
from reportgen.store.crash import crash_point
from reportgen.store.db import (
    SubmissionRow,
    insert_rows,
    lock_unit,
)
from reportgen.store.deadline import LOCAL_TZ, days_late, end_of_day, local_time
from reportgen.store.flow_tables import marks_of
from reportgen.store.justifications import JustificationsMixin
from reportgen.store.reading import ReadingMixin, db_reason
from reportgen.store.records import (
    Recovery,
    SubmitResult,
)
from reportgen.store.rows import child_rows, reporter_json

__all__ = ["Store", "db_reason"]


class Store(
    ReadingMixin, AccessMixin, AuditMixin, JustificationsMixin
):  # reads; portal methods: access, audit, justifications
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

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
