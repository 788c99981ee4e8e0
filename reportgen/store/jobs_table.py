"""The ``jobs`` table: consolidation and render jobs, as :mod:`reportgen.jobs` runs them.

It lives with the store's other tables so one metadata describes one database (the migration
test compares them); the rules about jobs live in :mod:`reportgen.jobs`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reportgen.store.db import Base, UTCDateTime

__all__ = ["JobRow"]


class JobRow(Base):
    """One job: what was asked, by whom, where it stands, and what it wrote."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_review_state", "review_id", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    options_key: Mapped[str] = mapped_column(String(64))
    # Set while the job is queued or running, NULL after: a unique key refuses a twin.
    active_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    state: Mapped[str] = mapped_column(String(20))
    step: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str | None] = mapped_column(Text)
    started_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    timeout_s: Mapped[int] = mapped_column(Integer)
    worker_host: Mapped[str | None] = mapped_column(String(200))
    worker_pid: Mapped[int | None] = mapped_column(Integer)
    backend: Mapped[str] = mapped_column(String(20))
    backend_id: Mapped[int | None] = mapped_column(Integer)
    live: Mapped[bool] = mapped_column(Boolean, default=False)
    requests: Mapped[int] = mapped_column(Integer, default=1)
    output_dir: Mapped[str | None] = mapped_column(Text)
    outputs: Mapped[list[str]] = mapped_column(JSON, default=list)
    units_included: Mapped[int | None] = mapped_column(Integer)
    units_expected: Mapped[int | None] = mapped_column(Integer)
