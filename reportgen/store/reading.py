"""Reading the record of received files: versions, the board's lines, stored submissions, diffs.

:class:`ReadingMixin` is the read half of :class:`reportgen.store.ledger.Store`; everything here
opens its own short read transaction, so pages and commands never hold a lock while they render.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from reportgen.definition.model import Review
from reportgen.errors import StoreError
from reportgen.findings import Finding
from reportgen.intake.model import Submission
from reportgen.store import board
from reportgen.store.blobs import BlobStore
from reportgen.store.db import FindingRow, ListRowRow, SectionRow, SubmissionRow, ValueRow
from reportgen.store.deadline import local_time
from reportgen.store.diff import CellDiff, diff_submissions
from reportgen.store.flow_tables import UnitMark, apply_mark, cover_counts, marks_of
from reportgen.store.records import SubmissionRecord, SubmitResult, UnidentifiedFile, record_of
from reportgen.store.rows import finding_of, rebuild
from reportgen.store.status import UnitState, UnitStatus

__all__ = ["ReadingMixin", "db_reason"]

_IDS_PER_QUERY = 5000  # SQLite allows 32,766 parameters per statement


class ReadingMixin:
    """Reads of one review's rows and files; the Store provides ``review``, ``engine``, ``archive``."""

    review: Review
    engine: Engine
    archive: BlobStore

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
        return self._lines([u.code for u in review.units], by_unit)

    def status(self, unit_code: str) -> UnitStatus:
        """The board line of one unit, reading only that unit's rows (a unit's home page)."""
        return self._lines([unit_code], {unit_code: self._records(unit_code)})[0]

    def _lines(
        self, codes: list[str], by_unit: dict[str | None, list[SubmissionRecord]]
    ) -> list[UnitStatus]:
        marks = self.marks()
        lines = []
        for code in codes:
            records, mark = by_unit.get(code, []), marks.get(code)
            line = board.unit_status(code, records, _locked(mark))
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
            raise _unreadable(record, exc) from exc

    def file_chunks(self, record: SubmissionRecord | SubmitResult) -> Iterator[bytes]:
        """The stored bytes of one version in 1 MiB chunks (a download of any size)."""
        return self.archive.chunks(record.stored_key)

    def stream_file(self, record: SubmissionRecord | SubmitResult) -> Iterator[bytes]:
        """:meth:`file_chunks`, with the first chunk already read: a missing or unreadable file
        is a Vietnamese :class:`StoreError` here, before a download has sent its headers."""
        try:
            chunks = iter(self.archive.chunks(record.stored_key))
            first = next(chunks, b"")
        except OSError as exc:
            raise _unreadable(record, exc) from exc
        return itertools.chain((first,), chunks)


def _unreadable(record: SubmissionRecord | SubmitResult, exc: OSError) -> StoreError:
    return StoreError(f"Không đọc được tệp đã lưu {record.stored_key}: {exc.strerror or exc}")


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
