"""The portal's settings: one object, passed to :func:`reportgen.web.create_app`.

Everything a worker needs is here or in the database; nothing about users lives in process
memory, so several workers (part 2) can serve the same review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.store.accounts import Throttle

__all__ = ["JobSettings", "Settings"]

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class JobSettings:
    """Background jobs (Tổng hợp, Xuất báo cáo, the live draft): which queue the portal uses.

    ``backend``: ``None`` (no jobs: the board only offers downloads), ``"embedded"`` (a pool of
    ``workers`` processes inside each web process) or ``"procrastinate"`` (PostgreSQL; the
    jobs run in ``reportgen worker``, here or on other machines).
    """

    backend: str | None = None
    workers: int = 1
    timeout_s: int = 15 * 60

    @property
    def enabled(self) -> bool:
        """Whether the portal has a job queue."""
        return self.backend is not None


@dataclass(frozen=True, slots=True)
class Settings:
    """How the portal behaves; defaults suit one process on an intranet."""

    max_upload_bytes: int = 20 * MIB  # same number as nginx client_max_body_size
    session_idle: dt.timedelta = dt.timedelta(minutes=60)
    session_absolute: dt.timedelta = dt.timedelta(hours=12)
    throttle: Throttle = field(default_factory=Throttle)
    # None: Secure cookies when the request came over HTTPS (uvicorn --proxy-headers behind nginx).
    secure_cookies: bool | None = None
    public_url: str = ""  # shown in the distribution list, e.g. https://baocao.example.gov.vn
    template_dirs: tuple[Path, ...] = ()  # searched before the review's web/ folder and built-ins
    jobs: JobSettings = field(default_factory=JobSettings)

    @property
    def body_limit(self) -> int:
        """Bytes a request body may hold: the file plus room for the form's other fields."""
        return self.max_upload_bytes + 64 * 1024
