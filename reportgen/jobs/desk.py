"""What the portal's job pages call: start a job, follow an upload, find a job's file.

Each function is one rule the web layer must not hold itself: a twin click is reported as such,
the live draft follows every counted upload (through :func:`reportgen.jobs.note_upload`), and a
download names only a file the job itself listed, inside its own folder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from reportgen.jobs.live import note_upload
from reportgen.jobs.model import Job, JobKind, JobRequest
from reportgen.jobs.queue import JobQueue
from reportgen.store import Store, SubmitResult

__all__ = ["STYLES", "Started", "describe", "follow_upload", "job_file", "start_job"]

log = logging.getLogger(__name__)

# form value → (style for JobRequest, Vietnamese label)
STYLES: dict[str, tuple[str | None, str]] = {
    "cua-dot": (None, "theo đợt báo cáo"),
    "dang": ("party", "văn bản của Đảng"),
    "nha-nuoc": ("state", "văn bản hành chính Nhà nước"),
}


@dataclass(frozen=True, slots=True)
class Started:
    """The job that answers a click, and whether it was already queued or running (a twin)."""

    job: Job
    twin: bool


def start_job(
    queue: JobQueue,
    review: str,
    kind: JobKind,
    started_by: str,
    *,
    formats: tuple[str, ...] = ("docx", "pdf"),
    style: str | None = None,
    draft: bool = True,
) -> Started:
    """Queue "Tổng hợp" or "Xuất báo cáo" for ``started_by``; an active twin is returned instead.

    ``review`` is the review folder as jobs name it (:func:`reportgen.jobs.review_ref`).
    """
    if kind is JobKind.DRAFT:
        raise ValueError("the live draft is started by uploads, not by hand")
    request = JobRequest(review, kind, formats=formats, style=style, draft=draft)
    job = queue.submit(request, started_by)
    # A new row answers one request; the twin's count grew when this click joined it.
    return Started(job, twin=job.requests > 1)


def follow_upload(
    queue: JobQueue | None, store: Store, result: SubmitResult, review: str
) -> Job | None:
    """After an upload through the portal: queue (or join) the live draft when it is on.

    The file is already kept whatever happens here, so a failure to queue the draft is logged
    and the upload still succeeds (the next upload, or a click on "Tổng hợp", catches up).
    """
    if queue is None:
        return None
    try:
        return note_upload(queue, store, result, review)
    except Exception:
        log.exception("live draft not queued after submission %s", result.submission_id)
        return None


def job_file(job: Job, name: str) -> Path | None:
    """The output ``name`` of ``job``: only a file the job listed, inside its own folder."""
    if job.output_dir is None or not name or "/" in name or "\\" in name:
        return None
    folder = job.output_dir.resolve()
    for path in job.outputs:
        if path.name == name:
            resolved = path.resolve()
            if resolved.parent == folder and resolved.is_file():
                return resolved
    return None


def describe(job: Job) -> str:
    """What was asked, in Vietnamese: ``DOCX, PDF; văn bản của Đảng; bản dự thảo``."""
    if job.kind is JobKind.CONSOLIDATE:
        return "workbook tổng hợp (.xlsx)"
    request = job.request
    style = next(label for value, label in STYLES.values() if value == request.style)
    kind = "bản dự thảo" if request.draft or job.kind is JobKind.DRAFT else "bản chính thức"
    parts = [", ".join(f.upper() for f in request.formats), style, kind]
    if job.kind is JobKind.DRAFT:
        parts.insert(0, "workbook tổng hợp")
    return "; ".join(parts)
