"""Which backend serves a database: procrastinate on PostgreSQL, the embedded pool otherwise."""

from __future__ import annotations

import os

from reportgen.definition.model import Review
from reportgen.jobs.book import DEFAULT_TIMEOUT_S
from reportgen.jobs.pg import ProcrastinateQueue
from reportgen.jobs.queue import EmbeddedQueue, JobQueue
from reportgen.project import Project
from reportgen.store.db import normalise_url
from reportgen.store.opening import default_url

__all__ = ["backend_for", "open_queue", "resolve_url"]


def resolve_url(project: Project, review: Review, db_url: str | None) -> str:
    """``db_url``, else ``REPORTGEN_DB``, else the review's SQLite file (as the store does)."""
    url = db_url or os.environ.get("REPORTGEN_DB")
    if url:
        return url
    (project.inputs / review.id).mkdir(parents=True, exist_ok=True)
    return default_url(project, review.id)


def backend_for(db_url: str, backend: str | None = None) -> str:
    """``procrastinate`` for PostgreSQL unless ``REPORTGEN_JOBS=embedded`` (or asked), else embedded."""
    chosen = backend or os.environ.get("REPORTGEN_JOBS")
    if chosen in ("embedded", "procrastinate"):
        return chosen
    return "procrastinate" if normalise_url(db_url).startswith("postgresql") else "embedded"


def open_queue(
    project: Project,
    db_url: str,
    *,
    backend: str | None = None,
    timeout_s: int = DEFAULT_TIMEOUT_S,
    workers: int = 2,
) -> JobQueue:
    """The job queue of ``db_url`` (its dispatcher, for the embedded one, not yet started)."""
    if backend_for(db_url, backend) == "procrastinate":
        return ProcrastinateQueue(project, db_url, timeout_s=timeout_s)
    return EmbeddedQueue(project, db_url, workers=workers, timeout_s=timeout_s)
