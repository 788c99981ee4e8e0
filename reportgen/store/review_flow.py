"""The secretariat's review of each unit: duyệt (accept), yêu cầu bổ sung (return), mở khoá.

Every transition is one row of ``review_events`` (see :mod:`reportgen.store.flow_tables`), and
the unit's current mark is replayed from them, so the audit trail *is* the state. Rules:

* only a unit's counting submission can be accepted or returned, and only by naming the unit it
  belongs to (the web layer passes the unit from the signed-in principal: unit A can never act
  on unit B's submission);
* an accepted unit is locked: later uploads are kept but the accepted version keeps counting
  until the secretariat unlocks it, with a note;
* a returned unit shows "yêu cầu bổ sung" with the comment until it sends a newer version;
* a cover document (PDF công văn, signed report) is kept byte for byte beside the workbook.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from reportgen.errors import StoreError
from reportgen.store import board
from reportgen.store.archive import safe_name
from reportgen.store.db import SubmissionRow, lock_unit
from reportgen.store.flow_tables import Action, CoverRow, ReviewEventRow, marks_of
from reportgen.store.ledger import Store
from reportgen.store.records import SubmissionRecord, record_of

__all__ = ["MAX_COVER_BYTES", "CoverRecord", "FlowEvent", "ReviewFlow"]

MAX_COVER_BYTES = 20 * 1024 * 1024  # the portal's one body-size limit
_PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True, slots=True)
class FlowEvent:
    """One recorded transition, as the unit's history and the audit trail show it."""

    id: int
    unit_code: str
    submission_id: int | None
    action: Action
    note: str
    actor: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class CoverRecord:
    """A stored cover document."""

    id: int
    submission_id: int
    sha256: str
    size: int
    file_name: str
    stored_path: Path  # the local file: exists only with the local folder backend
    received_at: dt.datetime
    actor: str
    stored_key: str = ""  # the key in the file storage: read with store.archive.get(key)


class ReviewFlow:
    """Workflow transitions of one store's review."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.review_id = store.review.id

    # -- transitions ------------------------------------------------------------------------

    def accept(self, unit_code: str, submission_id: int, actor: str, note: str = "") -> FlowEvent:
        """Mark ``unit_code``'s counting submission "đã duyệt" and lock the unit on it."""
        with self._writing(unit_code) as session:
            self._require_counting(session, unit_code, submission_id)
            mark = marks_of(session, self.review_id).get(unit_code)
            if mark is not None and mark.locked:
                raise StoreError(f"Đơn vị {unit_code} đã được duyệt; mở khoá trước khi duyệt lại.")
            return self._record(session, unit_code, submission_id, Action.ACCEPT, note, actor)

    def return_(self, unit_code: str, submission_id: int, actor: str, comment: str) -> FlowEvent:
        """Return the counting submission "yêu cầu bổ sung" with ``comment`` for the unit."""
        if not comment.strip():
            raise StoreError("Yêu cầu bổ sung cần ghi rõ nội dung để đơn vị biết cần sửa gì.")
        with self._writing(unit_code) as session:
            mark = marks_of(session, self.review_id).get(unit_code)
            if mark is not None and mark.locked:
                raise StoreError(
                    f"Đơn vị {unit_code} đã được duyệt (đang khoá); mở khoá trước khi yêu cầu bổ sung."
                )
            self._require_counting(session, unit_code, submission_id)
            return self._record(
                session, unit_code, submission_id, Action.RETURN, comment.strip(), actor
            )

    def unlock(self, unit_code: str, actor: str, note: str) -> FlowEvent:
        """Unlock an accepted unit (a note is required): its latest acceptable version counts again."""
        if not note.strip():
            raise StoreError("Mở khoá cần ghi lý do.")
        with self._writing(unit_code) as session:
            mark = marks_of(session, self.review_id).get(unit_code)
            if mark is None or not mark.locked:
                raise StoreError(f"Đơn vị {unit_code} chưa được duyệt nên không cần mở khoá.")
            return self._record(
                session, unit_code, mark.submission_id, Action.UNLOCK, note.strip(), actor
            )

    def attach_cover(
        self, unit_code: str, submission_id: int, data: bytes, file_name: str, actor: str
    ) -> CoverRecord:
        """Keep ``data`` (a PDF) byte for byte beside the submission's workbook; listed in history."""
        if len(data) > MAX_COVER_BYTES:
            raise StoreError(
                f"Tệp công văn {file_name} quá lớn ({len(data):,} byte); giới hạn là 20 MB.".replace(
                    ",", "."
                )
            )
        if not data.startswith(_PDF_MAGIC):
            raise StoreError(f"Tệp công văn {file_name} không phải tệp PDF.")
        digest = hashlib.sha256(data).hexdigest()
        when = dt.datetime.now(dt.UTC).replace(microsecond=0)
        relative = self.store.archive.relative_path(
            unit_code, when, digest, f"cong-van-{safe_name(file_name)}"
        )
        if not relative.endswith(".pdf"):
            relative += ".pdf"
        # Through the file storage interface (local folder or S3): written whole, never over
        # an existing file; removed again if the database half fails.
        files = self.store.archive
        written = False
        try:
            with self._writing(unit_code) as session:
                self._require_own(session, unit_code, submission_id)
                same = session.scalars(
                    select(CoverRow).where(
                        CoverRow.submission_id == submission_id, CoverRow.sha256 == digest
                    )
                ).first()
                if same is not None:  # the same bytes again: nothing new to keep
                    return self._cover(same)
                row = CoverRow(
                    submission_id=submission_id,
                    sha256=digest,
                    size=len(data),
                    file_name=file_name,
                    stored_path=relative,
                    received_at=when,
                    actor=actor,
                )
                session.add(row)
                session.flush()
                self._record(session, unit_code, submission_id, Action.COVER, file_name, actor)
                files.put(relative, data)
                written = True
                return self._cover(row)
        except BaseException:
            if written:
                files.delete(relative)
            raise

    # -- reading ----------------------------------------------------------------------------

    def events(self, unit_code: str | None = None) -> list[FlowEvent]:
        """Every transition (of ``unit_code``, or of the whole review), oldest first."""
        query = select(ReviewEventRow).where(ReviewEventRow.review_id == self.review_id)
        if unit_code is not None:
            query = query.where(ReviewEventRow.unit_code == unit_code)
        with self.store._reading() as session:
            return [_event(r) for r in session.scalars(query.order_by(ReviewEventRow.id))]

    def covers(self, unit_code: str) -> list[CoverRecord]:
        """The cover documents of ``unit_code``'s submissions, oldest first."""
        query = (
            select(CoverRow)
            .join(SubmissionRow, SubmissionRow.id == CoverRow.submission_id)
            .where(SubmissionRow.review_id == self.review_id, SubmissionRow.unit_code == unit_code)
            .order_by(CoverRow.id)
        )
        with self.store._reading() as session:
            return [self._cover(r) for r in session.scalars(query)]

    def history(self, unit_code: str) -> list[SubmissionRecord | FlowEvent | CoverRecord]:
        """The unit's versions, workflow events and cover documents, in the order they happened."""
        entries: list[SubmissionRecord | FlowEvent | CoverRecord] = [
            *self.store.versions(unit_code),
            *self.events(unit_code),
            *self.covers(unit_code),
        ]

        def when(entry: SubmissionRecord | FlowEvent | CoverRecord) -> dt.datetime:
            return entry.at if isinstance(entry, FlowEvent) else entry.received_at

        return sorted(entries, key=when)

    # -- helpers ----------------------------------------------------------------------------

    def _writing(self, unit_code: str) -> _Writing:
        return _Writing(self.store, unit_code)

    def _require_own(self, session: Session, unit_code: str, submission_id: int) -> SubmissionRow:
        row = session.get(SubmissionRow, submission_id)
        if row is None or row.review_id != self.review_id or row.unit_code != unit_code:
            # The same words whether it does not exist or belongs to another unit (no probing).
            raise StoreError(f"Đơn vị {unit_code} không có bản nộp số {submission_id}.")
        return row

    def _require_counting(self, session: Session, unit_code: str, submission_id: int) -> None:
        self._require_own(session, unit_code, submission_id)
        rows = session.scalars(
            select(SubmissionRow).where(
                SubmissionRow.review_id == self.review_id, SubmissionRow.unit_code == unit_code
            )
        )
        records = [record_of(r, self.store.archive) for r in rows]
        mark = marks_of(session, self.review_id).get(unit_code)
        locked = mark.submission_id if mark is not None and mark.locked else None
        counting = board.counting_record(records, locked)
        if counting is None or counting.submission_id != submission_id:
            shown = f"phiên bản {counting.version}" if counting else "chưa có bản hợp lệ"
            raise StoreError(
                f"Bản nộp số {submission_id} không phải bản đang được tính của đơn vị "
                f"{unit_code} ({shown}); chỉ duyệt hoặc yêu cầu bổ sung bản đang được tính."
            )

    def _record(
        self,
        session: Session,
        unit_code: str,
        submission_id: int | None,
        action: Action,
        note: str,
        actor: str,
    ) -> FlowEvent:
        row = ReviewEventRow(
            review_id=self.review_id,
            unit_code=unit_code,
            submission_id=submission_id,
            action=action.value,
            note=note,
            actor=actor,
            at=dt.datetime.now(dt.UTC),
        )
        session.add(row)
        session.flush()
        return _event(row)

    def _cover(self, row: CoverRow) -> CoverRecord:
        return CoverRecord(
            row.id,
            row.submission_id,
            row.sha256,
            row.size,
            row.file_name,
            self.store.archive.root / row.stored_path,
            row.received_at,
            row.actor,
            row.stored_path,
        )


class _Writing:
    """A write transaction serialised per unit, with database errors in Vietnamese."""

    def __init__(self, store: Store, unit_code: str) -> None:
        self.store, self.unit_code = store, unit_code
        self.session = Session(store.engine)

    def __enter__(self) -> Session:
        self.session.begin()
        lock_unit(self.session, self.store.review.id, self.unit_code)
        return self.session

    def __exit__(self, exc_type: object, exc: BaseException | None, _tb: object) -> None:
        try:
            if exc is None:
                self.session.commit()
            else:
                self.session.rollback()
        except (IntegrityError, SQLAlchemyError) as error:
            self.session.rollback()
            raise StoreError(f"Không ghi được thao tác duyệt vào kho: {error}") from error
        finally:
            self.session.close()


def _event(row: ReviewEventRow) -> FlowEvent:
    return FlowEvent(
        row.id,
        row.unit_code,
        row.submission_id,
        Action(row.action),
        row.note,
        row.actor,
        row.at,
    )
