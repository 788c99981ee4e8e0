"""What the store says about stored files: the result of a submit, and one stored version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reportgen.findings import Finding, Verdict
from reportgen.store.db import SubmissionRow

__all__ = [
    "Recovery",
    "SetAside",
    "SubmissionRecord",
    "SubmitResult",
    "UnidentifiedFile",
    "record_of",
]


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
    stored_key: str = ""  # the key in the file storage (relative POSIX path), for Store.read_file
    location: str = ""  # where the file is, for people: a path, or s3://bucket/key


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
    stored_path: Path  # the local file: exists only with the local folder backend
    verdict: Verdict
    errors: int
    warnings: int
    counting: bool = False  # the unit's latest acceptable version
    recovered: bool = False  # its row was written by crash recovery from the archived file
    assigned_from: int | None = None  # a copy of this unidentified file, assigned to the unit
    stored_key: str = ""  # the key in the file storage; read through Store.read_file/file_chunks
    location: str = ""  # where the file is, for people: a path, or s3://bucket/key


@dataclass(frozen=True, slots=True)
class UnidentifiedFile:
    """A kept file whose unit could not be read, with the findings that say why."""

    record: SubmissionRecord
    findings: tuple[Finding, ...]


class _Storage(Protocol):
    root: Path

    def url(self, relative: str) -> str: ...


def record_of(row: SubmissionRow, storage: _Storage) -> SubmissionRecord:
    """The record of one submissions row; ``stored_path`` made absolute under the local root."""
    root = storage.root
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
        recovered=bool(row.recovered),
        assigned_from=row.assigned_from,
        stored_key=row.stored_path,
        location=storage.url(row.stored_path),
    )


@dataclass(frozen=True, slots=True)
class SetAside:
    """A file recovery moved to ``_tach-rieng/`` instead of recording it."""

    path: str  # relative to inputs/<review>/
    original: str  # where it was found
    reason: str  # Vietnamese
    moved_at: str  # ISO time


@dataclass(frozen=True, slots=True)
class Recovery:
    """What one recovery pass did."""

    temps_removed: int = 0
    adopted: tuple[str, ...] = ()  # relative paths that got their row
    set_aside: tuple[SetAside, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether there was anything to recover."""
        return bool(self.temps_removed or self.adopted or self.set_aside)
