"""How ``reportgen serve`` runs: which job queue, and several web processes on one socket.

Several web processes (``--workers N``) share the socket the parent bound; each builds its own
app from :data:`SPEC_ENV` (:func:`app_from_env`, uvicorn's factory), opens its own connections
to the same PostgreSQL and keeps nothing another process needs: sessions, throttling, jobs and
files are all in the database or the file storage.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reportgen.definition import load_review
from reportgen.errors import ProjectError
from reportgen.intake.pool import CheckPool
from reportgen.project import Project
from reportgen.store import open_store
from reportgen.store.db import normalise_url
from reportgen.web.app import create_app
from reportgen.web.settings import MIB, JobSettings, Settings

__all__ = [
    "PROCESS_HEADER",
    "SPEC_ENV",
    "ServeSpec",
    "app_from_env",
    "job_settings",
    "run_processes",
]

SPEC_ENV = "REPORTGEN_SERVE_SPEC"
PROCESS_HEADER = "x-reportgen-process"  # which web process answered (several-process mode only)
QUEUES = ("embedded", "procrastinate")


def job_settings(db_url: str, queue: str, job_workers: int | None, web_workers: int) -> JobSettings:
    """The job queue of ``reportgen serve``, or a Vietnamese refusal of a combination that cannot work."""
    postgres = normalise_url(db_url).startswith("postgresql")
    if queue not in QUEUES:
        raise ProjectError(f"Hàng đợi {queue!r} không có; chọn embedded hoặc procrastinate.")
    if queue == "procrastinate" and not postgres:
        raise ProjectError(
            "Hàng đợi procrastinate cần PostgreSQL: thêm --db postgresql://… (hoặc đặt biến "
            "REPORTGEN_DB), hoặc dùng --queue embedded."
        )
    if queue == "procrastinate" and job_workers is not None:
        raise ProjectError(
            "--job-workers chỉ dùng với --queue embedded. Với procrastinate, công việc chạy bằng "
            "reportgen worker; số việc chạy cùng lúc đặt bằng reportgen worker --concurrency."
        )
    if web_workers > 1 and not postgres:
        raise ProjectError(
            f"Chạy {web_workers} tiến trình web (--workers) cần PostgreSQL: SQLite chỉ phù hợp "
            "với một tiến trình. Thêm --db postgresql://… hoặc dùng --workers 1."
        )
    return JobSettings(backend=queue, workers=job_workers or 1)


@dataclass(frozen=True, slots=True)
class ServeSpec:
    """What each web process needs to build the same app (passed as JSON in the environment)."""

    root: str
    review_dir: str
    db_url: str
    max_upload_mb: int
    queue: str
    job_workers: int
    check_workers: int = 1
    check_timeout: int = 30

    def settings(self) -> Settings:
        """The portal settings every process uses."""
        jobs = JobSettings(backend=self.queue, workers=self.job_workers)
        return Settings(max_upload_bytes=self.max_upload_mb * MIB, jobs=jobs)


def app_from_env() -> ASGIApp:
    """The app of one web process (uvicorn calls this in each process it starts)."""
    spec = ServeSpec(**json.loads(os.environ[SPEC_ENV]))
    project, review_dir = Project(Path(spec.root)), Path(spec.review_dir)
    review = load_review(review_dir)
    store = open_store(project, review, spec.db_url)
    atexit.register(store.close)
    checks = CheckPool(review, spec.check_workers, timeout=spec.check_timeout)
    atexit.register(checks.close)
    app: Starlette = create_app(
        project, review, store, settings=spec.settings(), review_dir=review_dir, checks=checks
    )
    return _ProcessHeader(app)


class _ProcessHeader:
    """Adds the answering process's PID to every response (to see the load spread)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.pid = str(os.getpid()).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (PROCESS_HEADER.encode(), self.pid),
                ]
            await send(message)

        await self.app(scope, receive, tagged if scope["type"] == "http" else send)


def run_processes(sock: socket.socket, spec: ServeSpec, workers: int) -> None:
    """Serve ``sock`` with ``workers`` uvicorn processes (restarted if one dies) until stopped."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ[SPEC_ENV] = json.dumps(asdict(spec))
    config = uvicorn.Config(
        "reportgen.web.serving:app_from_env", factory=True, workers=workers,
        log_level="warning", proxy_headers=True, server_header=False,
    )  # fmt: skip
    Multiprocess(config, sockets=[sock]).run()
