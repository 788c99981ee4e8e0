"""Whether a review has been handed out: blank workbooks downloaded, files received.

A new version of the definition matters differently before and after this point: before,
nothing the units hold changes; after, every blank workbook already downloaded and every file
already received was made from the old version.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from reportgen.store.db import SubmissionRow
from reportgen.store.ledger import Store
from reportgen.store.portal_tables import AuditRow

__all__ = ["HandOut", "handed_out"]


@dataclass(frozen=True, slots=True)
class HandOut:
    """How far the running review has gone out to the units."""

    blanks_downloaded: int  # units whose blank workbook was downloaded from the portal
    units_with_files: int  # units with at least one file received
    files: int  # files received (every version, every channel)

    @property
    def started(self) -> bool:
        """Anything reached or came from a unit."""
        return bool(self.blanks_downloaded or self.files)


def handed_out(store: Store) -> HandOut:
    """What the store knows of the review's hand-out (``reportgen blank`` on disk is not seen)."""
    review_id = store.review.id
    with Session(store.engine) as session, session.begin():
        blanks = session.scalar(
            select(func.count(distinct(AuditRow.unit_code))).where(
                AuditRow.review_id == review_id, AuditRow.action == "blank-downloaded"
            )
        )
        units = session.scalar(
            select(func.count(distinct(SubmissionRow.unit_code))).where(
                SubmissionRow.review_id == review_id, SubmissionRow.unit_code.is_not(None)
            )
        )
        files = session.scalar(
            select(func.count())
            .select_from(SubmissionRow)
            .where(SubmissionRow.review_id == review_id)
        )
    return HandOut(int(blanks or 0), int(units or 0), int(files or 0))
