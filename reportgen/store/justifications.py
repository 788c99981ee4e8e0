"""Justifications: a unit's explanation of a warning of its submission ("Giải trình").

A justification belongs to one finding of one stored submission, named by a stable
``finding_key``. Writing again adds a row, so the history stays; readers take the latest.
Only warnings can be justified; an error has to be corrected instead.

Public API (used by the portal, and by consolidation and rendering to carry the texts into
the consolidated workbook and the report)::

    store.justify(review, submission_id, finding_key, text, *, author) -> Justification
    store.justifications(review, unit_code=None) -> list[Justification]
    store.warnings_to_justify(review, unit_code) -> list[tuple[Finding, Justification | None]]
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reportgen.definition.model import Review
from reportgen.errors import StoreError
from reportgen.findings import Finding, Location, Severity
from reportgen.intake.model import Submission
from reportgen.store.db import SubmissionRow
from reportgen.store.portal_tables import JustificationRow
from reportgen.store.status import UnitState, UnitStatus

__all__ = ["MAX_TEXT", "Justification", "JustificationsMixin", "finding_keys"]

MAX_TEXT = 2000  # characters of one justification


@dataclass(frozen=True, slots=True)
class Justification:
    """The latest (or one historic) explanation of one warning."""

    unit_code: str
    submission_id: int
    version: int
    code: str
    location: Location
    finding_key: str
    text: str
    author: str
    written_at: dt.datetime  # UTC


def finding_keys(findings: Sequence[Finding]) -> list[str]:
    """A stable key per finding of one submission: ``code|{location}``, ``#2`` on repeats."""
    keys: list[str] = []
    seen: dict[str, int] = defaultdict(int)
    for f in findings:
        base = f.code + "|" + json.dumps(f.location.as_dict(), sort_keys=True, ensure_ascii=False)
        seen[base] += 1
        keys.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return keys


def clean_text(text: str) -> str:
    """The text as kept: stripped, line ends normalised, control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or ch == "\t" or ch.isprintable())
    return text.strip()


class JustificationsMixin:
    """Justifications of one review (mixed into Store)."""

    engine: Engine
    review: Review

    def submission(self, submission_id: int) -> Submission:  # provided by Store
        raise NotImplementedError

    def statuses(self, review: Review, *, now: dt.datetime | None = None) -> list[UnitStatus]:
        raise NotImplementedError  # provided by Store

    def _head(self, submission_id: int) -> SubmissionRow:
        with Session(self.engine) as session, session.begin():
            row = session.get(SubmissionRow, submission_id)
            if row is None or row.review_id != self.review.id or row.unit_code is None:
                raise StoreError(f"Không có bản nộp số {submission_id} trong kho tệp.")
            session.expunge(row)
            return row

    def justify(
        self,
        review: Review,
        submission_id: int,
        finding_key: str,
        text: str,
        *,
        author: str,
        unit_code: str | None = None,
    ) -> Justification:
        """Keep ``text`` as the justification of a warning; ``unit_code`` limits it to one unit."""
        head = self._head(submission_id)
        if unit_code is not None and head.unit_code != unit_code:
            raise StoreError(f"Không có bản nộp số {submission_id} trong kho tệp.")
        findings = self.submission(submission_id).findings
        keyed = dict(zip(finding_keys(findings), findings, strict=True))
        finding = keyed.get(finding_key)
        if finding is None or finding.severity is not Severity.WARNING:
            raise StoreError("Chỉ giải trình được cảnh báo của chính bản nộp này.")
        text = clean_text(text)
        if not text:
            raise StoreError("Hãy viết nội dung giải trình.")
        if len(text) > MAX_TEXT:
            raise StoreError(f"Giải trình dài quá {MAX_TEXT} ký tự; hãy viết gọn lại.")
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        with Session(self.engine) as session, session.begin():
            session.add(
                JustificationRow(
                    submission_id=submission_id,
                    finding_key=finding_key,
                    text=text,
                    author=author[:100],
                    written_at=now,
                )
            )
        assert head.unit_code is not None and head.version is not None
        return Justification(
            head.unit_code,
            submission_id,
            head.version,
            finding.code,
            finding.location,
            finding_key,
            text,
            author[:100],
            now,
        )

    def _justified(
        self,
        submission_ids: list[int],
        *,
        history: bool = False,
        known: dict[int, Sequence[Finding]] | None = None,
    ) -> list[Justification]:
        if not submission_ids:
            return []
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            heads = {
                r.id: (r.unit_code, r.version)
                for r in session.scalars(
                    select(SubmissionRow).where(SubmissionRow.id.in_(submission_ids))
                )
            }
            rows = list(
                session.scalars(
                    select(JustificationRow)
                    .where(JustificationRow.submission_id.in_(submission_ids))
                    .order_by(JustificationRow.id)
                )
            )
        latest: dict[tuple[int, str], JustificationRow] = {}
        chosen: list[JustificationRow] = []
        for r in rows:
            if history:
                chosen.append(r)
            else:
                latest[(r.submission_id, r.finding_key)] = r
        if not history:
            chosen = list(latest.values())
        out: list[Justification] = []
        by_submission: dict[int, dict[str, Finding]] = {}
        for r in chosen:
            if r.submission_id not in by_submission:
                given = (known or {}).get(r.submission_id)
                found = given if given is not None else self.submission(r.submission_id).findings
                by_submission[r.submission_id] = dict(zip(finding_keys(found), found, strict=True))
            finding = by_submission[r.submission_id].get(r.finding_key)
            unit_code, version = heads[r.submission_id]
            if finding is None or unit_code is None or version is None:
                continue
            out.append(
                Justification(
                    unit_code,
                    r.submission_id,
                    version,
                    finding.code,
                    finding.location,
                    r.finding_key,
                    r.text,
                    r.author,
                    r.written_at,
                )
            )
        return out

    def justifications(self, review: Review, unit_code: str | None = None) -> list[Justification]:
        """The latest justification of each warning of each unit's counting version, unit order."""
        counted = (UnitState.ON_TIME, UnitState.LATE)
        ids = [
            s.submission_id
            for s in self.statuses(review)
            if s.submission_id and s.state in counted and unit_code in (None, s.unit_code)
        ]
        return self._justified(ids)

    def justification_history(self, submission_id: int) -> list[Justification]:
        """Every text ever written for the warnings of one submission, oldest first."""
        return self._justified([submission_id], history=True)

    def warnings_to_justify(
        self, review: Review, unit_code: str
    ) -> list[tuple[Finding, Justification | None]]:
        """Each warning of the unit's counting version with its latest justification (or None)."""
        status = next((s for s in self.statuses(review) if s.unit_code == unit_code), None)
        if status is None or status.submission_id is None:
            return []
        if status.state not in (UnitState.ON_TIME, UnitState.LATE):
            return []
        return self.warnings_of(status.submission_id)

    def warnings_of(
        self, submission_id: int, findings: Sequence[Finding] | None = None
    ) -> list[tuple[Finding, Justification | None]]:
        """Each warning of one submission with its latest justification (or None).

        ``findings`` saves loading the submission again when the caller has its findings.
        """
        if findings is None:
            findings = self.submission(submission_id).findings
        known = {submission_id: findings}
        done = {j.finding_key: j for j in self._justified([submission_id], known=known)}
        return [
            (f, done.get(key))
            for f, key in zip(findings, finding_keys(findings), strict=True)
            if f.severity is Severity.WARNING
        ]
