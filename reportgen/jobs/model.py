"""What a job is: its kind, what was asked, where it stands — small typed objects, no I/O."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from reportgen.numbers import format_date_long
from reportgen.store.deadline import LOCAL_TZ

__all__ = ["DraftInfo", "Job", "JobKind", "JobRequest", "JobState"]


class JobState(StrEnum):
    """queued → running → succeeded | failed | timed_out."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    TIMED_OUT = "timed_out"

    @property
    def label(self) -> str:
        """Vietnamese label."""
        return {
            "queued": "đang chờ",
            "running": "đang chạy",
            "succeeded": "hoàn tất",
            "failed": "thất bại",
            "timed_out": "quá thời gian",
        }[self.value]

    @property
    def finished(self) -> bool:
        """Whether the job is over (the page stops polling)."""
        return self not in (JobState.QUEUED, JobState.RUNNING)


class JobKind(StrEnum):
    """What a job does."""

    CONSOLIDATE = "consolidate"  # Tổng hợp: the tổng hợp workbook
    RENDER = "render"  # Xuất báo cáo: DOCX and/or PDF, Party or State style, draft or final
    DRAFT = "draft"  # the live draft: workbook + draft DOCX and PDF after accepted uploads

    @property
    def label(self) -> str:
        """Vietnamese label, as on the board's buttons."""
        return {
            "consolidate": "Tổng hợp",
            "render": "Xuất báo cáo",
            "draft": "Bản dự thảo tự động",
        }[self.value]


_FORMATS = ("docx", "pdf")


@dataclass(frozen=True, slots=True)
class JobRequest:
    """What the secretariat asks for. ``review`` is the review folder (relative to the project)."""

    review: str
    kind: JobKind
    formats: tuple[str, ...] = _FORMATS
    style: str | None = None  # "party" / "state"; None: the review's own (issuer.style)
    draft: bool = True
    number: str | None = None
    report_date: dt.date | None = None

    def __post_init__(self) -> None:
        wanted = tuple(f for f in _FORMATS if f in self.formats)
        if not wanted or len(wanted) != len(set(self.formats)):
            raise ValueError(f"formats must be among {_FORMATS}: {self.formats!r}")
        if self.style not in (None, "party", "state"):
            raise ValueError(f"style must be party or state: {self.style!r}")
        object.__setattr__(self, "formats", wanted)

    def options(self) -> dict[str, Any]:
        """The options as stored in the job row (JSON)."""
        options: dict[str, Any] = {"review": self.review}
        if self.kind is not JobKind.CONSOLIDATE:
            options |= {
                "formats": list(self.formats),
                "style": self.style,
                "draft": self.draft or self.kind is JobKind.DRAFT,
                "number": self.number,
                "report_date": self.report_date.isoformat() if self.report_date else None,
            }
        return options

    def options_key(self) -> str:
        """A digest of kind + options: two requests with the same key are the same job."""
        text = json.dumps([self.kind.value, self.options()], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    @classmethod
    def from_options(cls, kind: str, options: dict[str, Any]) -> JobRequest:
        """The request back from a stored row."""
        date = options.get("report_date")
        return cls(
            review=str(options["review"]),
            kind=JobKind(kind),
            formats=tuple(options.get("formats") or _FORMATS),
            style=options.get("style"),
            draft=bool(options.get("draft", True)),
            number=options.get("number"),
            report_date=dt.date.fromisoformat(date) if date else None,
        )


@dataclass(frozen=True, slots=True)
class Job:
    """One job as the board shows it."""

    id: int
    review_id: str
    kind: JobKind
    request: JobRequest
    state: JobState
    step: str
    reason: str | None
    started_by: str
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    backend: str = "embedded"
    worker_host: str | None = None
    worker_pid: int | None = None
    live: bool = False
    requests: int = 1  # how many clicks / uploads this job answers (duplicates and debounce)
    output_dir: Path | None = None
    outputs: tuple[Path, ...] = field(default=())
    units_included: int | None = None
    units_expected: int | None = None

    @property
    def status_line(self) -> str:
        """``Xuất báo cáo: đang chạy — Dựng PDF`` / ``… thất bại — <lý do>``."""
        text = f"{self.kind.label}: {self.state.label}"
        detail = self.reason if self.state.finished and self.reason else self.step
        return f"{text} — {detail}" if detail else text


def _when(at: dt.datetime) -> str:
    local = at.astimezone(LOCAL_TZ)
    return f"{local:%H:%M} {format_date_long(local.date())}"


@dataclass(frozen=True, slots=True)
class DraftInfo:
    """The newest draft report: when it was made and how many units it includes."""

    job_id: int
    at: dt.datetime
    included: int
    expected: int
    outputs: tuple[Path, ...]

    def line(self) -> str:
        """``bản dự thảo cập nhật lúc 14:05 ngày 05 tháng 12 năm 2022, gồm 30/36 đơn vị``."""
        return (
            f"bản dự thảo cập nhật lúc {_when(self.at)}, gồm {self.included}/{self.expected} đơn vị"
        )
