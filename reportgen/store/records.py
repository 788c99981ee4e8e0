"""What the store says about stored files: the result of a submit, and one stored version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportgen.findings import Finding, Verdict
from reportgen.store.db import SubmissionRow

__all__ = ["SubmissionRecord", "SubmitResult", "record_of"]


@dataclass(frozen=True, slots=True)
class SubmitResult:
    """What happened to one submitted file."""

    submission_id: int
    version: int | None  # None for a file whose unit is unknown
    late: bool
    duplicate: bool  # the same bytes were already received: nothing new was recorded
    stored_path: Path
    verdict: Verdict
    days_late: int = 0
    findings: tuple[Finding, ...] = ()  # the store's own: late-submission, duplicate-submission


@dataclass(frozen=True, slots=True)
class SubmissionRecord:
    """One stored version, without its values."""

    submission_id: int
    unit_code: str | None
    version: int | None
    received_at: dt.datetime
    deadline: dt.date | None
    late: bool
    sha256: str
    size: int
    file_name: str
    stored_path: Path
    verdict: Verdict
    errors: int
    warnings: int
    counting: bool = False  # the unit's latest acceptable version


def record_of(row: SubmissionRow, root: Path) -> SubmissionRecord:
    return SubmissionRecord(
        submission_id=row.id,
        unit_code=row.unit_code,
        version=row.version,
        received_at=row.received_at,
        deadline=row.deadline,
        late=row.late,
        sha256=row.sha256,
        size=row.size,
        file_name=row.file_name,
        stored_path=root / row.stored_path,
        verdict=Verdict(row.verdict),
        errors=row.errors,
        warnings=row.warnings,
    )
