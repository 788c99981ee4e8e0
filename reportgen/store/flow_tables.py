"""Tables of the review workflow and per-review settings, and the queries the board needs.

The workflow is an append-only list of events per unit (``review_events``): *accept* (đã duyệt,
locks the unit on that submission), *return* (yêu cầu bổ sung, with the comment the unit sees),
*unlock* (mở khoá, with a note) and *cover* (a signed cover document was attached). A unit's
current mark is read from its events, so the trail and the state can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from reportgen.store.db import Base, UTCDateTime
from reportgen.store.records import SubmissionRecord
from reportgen.store.status import UnitStatus

__all__ = [
    "Action",
    "CoverRow",
    "Mark",
    "ReviewEventRow",
    "SettingRow",
    "UnitMark",
    "apply_mark",
    "cover_counts",
    "get_setting",
    "marks_of",
    "set_setting",
]


class Action(StrEnum):
    """What one workflow event did."""

    ACCEPT = "accept"
    RETURN = "return"
    UNLOCK = "unlock"
    COVER = "cover"

    @property
    def label(self) -> str:
        """Vietnamese label, as the history shows it."""
        return {
            "accept": "đã duyệt",
            "return": "yêu cầu bổ sung",
            "unlock": "mở khoá",
            "cover": "đính kèm công văn",
        }[self.value]


class Mark(StrEnum):
    """The secretariat's mark on a unit."""

    ACCEPTED = "accepted"  # đã duyệt: locked on one submission
    RETURNED = "returned"  # yêu cầu bổ sung: until a newer version arrives

    @property
    def label(self) -> str:
        """Vietnamese label."""
        return "đã duyệt" if self is Mark.ACCEPTED else "yêu cầu bổ sung"


class ReviewEventRow(Base):
    """One workflow transition (never updated, never deleted)."""

    __tablename__ = "review_events"
    __table_args__ = (Index("ix_review_events_unit", "review_id", "unit_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[str] = mapped_column(String(100))
    unit_code: Mapped[str] = mapped_column(String(100))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    action: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class CoverRow(Base):
    """A cover document (công văn, signed report) kept beside a submission's workbook."""

    __tablename__ = "cover_documents"
    __table_args__ = (
        UniqueConstraint("submission_id", "sha256", name="uq_cover_documents_submission_sha"),
        Index("ix_cover_documents_submission", "submission_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(Text)
    stored_path: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(200))


class SettingRow(Base):
    """A per-review setting (e.g. ``live_draft``), JSON-valued."""

    __tablename__ = "review_settings"

    review_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


@dataclass(frozen=True, slots=True)
class UnitMark:
    """A unit's current mark: which submission it is on, why, by whom, when."""

    mark: Mark
    submission_id: int | None
    note: str
    actor: str
    at: dt.datetime

    @property
    def locked(self) -> bool:
        """Accepted units are locked: only the accepted submission counts."""
        return self.mark is Mark.ACCEPTED


def marks_of(session: Session, review_id: str) -> dict[str, UnitMark]:
    """The current mark of each marked unit, replayed from its events in order."""
    marks: dict[str, UnitMark] = {}
    query = (
        select(ReviewEventRow)
        .where(ReviewEventRow.review_id == review_id, ReviewEventRow.action != Action.COVER)
        .order_by(ReviewEventRow.id)
    )
    for event in session.scalars(query):
        if event.action == Action.UNLOCK:
            marks.pop(event.unit_code, None)
            continue
        mark = Mark.ACCEPTED if event.action == Action.ACCEPT else Mark.RETURNED
        marks[event.unit_code] = UnitMark(
            mark, event.submission_id, event.note, event.actor, event.at
        )
    return marks


def cover_counts(session: Session, submission_ids: list[int]) -> dict[int, int]:
    """How many cover documents each of ``submission_ids`` has."""
    if not submission_ids:
        return {}
    query = (
        select(CoverRow.submission_id, func.count())
        .where(CoverRow.submission_id.in_(submission_ids))
        .group_by(CoverRow.submission_id)
    )
    return {int(row[0]): int(row[1]) for row in session.execute(query)}


def get_setting(session: Session, review_id: str, name: str, default: Any = None) -> Any:
    """A review's setting, or ``default``."""
    row = session.get(SettingRow, (review_id, name))
    return default if row is None else row.value


def set_setting(session: Session, review_id: str, name: str, value: Any) -> None:
    """Set (or replace) a review's setting in the session's transaction."""
    row = session.get(SettingRow, (review_id, name))
    if row is None:
        session.add(SettingRow(review_id=review_id, name=name, value=value))
    else:
        row.value = value


def apply_mark(
    status: UnitStatus, mark: UnitMark | None, records: Sequence[SubmissionRecord]
) -> UnitStatus:
    """The board line with the unit's workflow mark (a return clears once a newer version came)."""
    if mark is None:
        return status
    if mark.mark is Mark.RETURNED:
        newer = any(r.submission_id > (mark.submission_id or 0) for r in records)
        return status if newer else replace(status, mark=mark.mark.value, mark_note=mark.note)
    pinned = next((r for r in records if r.submission_id == mark.submission_id), None)
    held = sum(1 for r in records if pinned and (r.version or 0) > (pinned.version or 0))
    return replace(status, mark=mark.mark.value, mark_note=mark.note, held=held)
