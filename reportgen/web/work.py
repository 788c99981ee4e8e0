"""The secretariat's jobs: "Tổng hợp" and "Xuất báo cáo" from the board, the job list and page,
the jobs' files, and the live-draft switch.

Every job is looked up through this portal's review (another review's job is "not found"), and
a file only among the outputs the job itself listed (:func:`reportgen.jobs.desk.job_file`).
Without JavaScript an active job's page reloads itself (``<meta http-equiv="refresh">``).
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from reportgen.jobs import Job, JobKind, live_draft_enabled, set_live_draft
from reportgen.jobs.desk import STYLES, describe, job_file, start_job
from reportgen.jobs.queue import JobQueue
from reportgen.store import Role
from reportgen.web.base import Portal, address, download, need, page, portal, redirect

__all__ = ["board_panel", "job_download", "job_list", "job_page", "live_toggle", "start"]

STAFF = (Role.SECRETARIAT, Role.VIEWER)
KINDS = {"tong-hop": JobKind.CONSOLIDATE, "bao-cao": JobKind.RENDER}
REFRESH_S = 3  # an active job's page reloads itself this often


def _queue(p: Portal) -> JobQueue:
    if p.jobs is None:
        raise HTTPException(503, "Cổng thông tin chạy không kèm hàng đợi công việc; hãy dùng "
                                 "reportgen consolidate / reportgen render trên máy chủ.")  # fmt: skip
    return p.jobs


def board_panel(p: Portal) -> dict[str, Any]:
    """What the board shows about jobs: the recent ones, the newest draft, the live switch."""
    if p.jobs is None:
        return {"jobs_on": False}
    return {
        "jobs_on": True,
        "recent_jobs": p.jobs.recent(p.review.id, limit=5),
        "draft": p.jobs.latest_draft(p.review.id),
        "live_on": live_draft_enabled(p.store),
        "styles": {k: label for k, (_s, label) in STYLES.items()},
    }


async def start(request: Request) -> Response:
    """POST from the board → 303 to the job's page (the twin's, if the same job is active)."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT, write=True)
    queue = _queue(p)
    form = await request.form(max_files=0, max_fields=10, max_part_size=1024)
    kind = KINDS.get(str(form.get("loai", "")))
    style = STYLES.get(str(form.get("kieu", "cua-dot")))
    formats = tuple(f for f in ("docx", "pdf") if f in form.getlist("dinh_dang"))
    if kind is None or style is None:
        raise HTTPException(400, "Yêu cầu không hợp lệ: hãy chọn lại từ bảng theo dõi.")
    if kind is JobKind.RENDER and not formats:
        raise HTTPException(400, "Hãy chọn ít nhất một định dạng: DOCX hoặc PDF.")
    started = await run_in_threadpool(
        start_job, queue, p.job_review, kind, principal.name, formats=formats or ("docx", "pdf"),
        style=style[0], draft=str(form.get("ban", "du-thao")) != "chinh-thuc",
    )  # fmt: skip
    if not started.twin:
        p.store.audit(principal.name, "job-started", object_id=str(started.job.id),
                      address=address(request), kind=kind.label)  # fmt: skip
    return redirect(f"/thu-ky/cong-viec/{started.job.id}" + ("?trung=1" if started.twin else ""))


def _own(p: Portal, job_id: int) -> Job:
    job = _queue(p).get(job_id)
    if job is None or job.review_id != p.review.id:
        raise HTTPException(404, "Không có công việc này.")
    return job


async def job_list(request: Request) -> Response:
    """Every job of the review, newest first: when, who, what, state, step."""
    p = portal(request)
    principal = need(request, *STAFF)
    jobs = p.jobs.recent(p.review.id, limit=200) if p.jobs is not None else []
    active = any(not j.state.finished for j in jobs)
    return page(request, "jobs.html", principal=principal, jobs=jobs, jobs_on=p.jobs is not None,
                refresh=REFRESH_S if active else 0)  # fmt: skip


async def job_page(request: Request) -> Response:
    """One job: its state, step or reason, and its files once it has succeeded."""
    p = portal(request)
    principal = need(request, *STAFF)
    job = _own(p, request.path_params["jid"])
    files = [path.name for path in job.outputs] if job.output_dir else []
    return page(request, "job.html", principal=principal, job=job, files=files, describe=describe(job),
                twin=request.query_params.get("trung") == "1",
                refresh=0 if job.state.finished else REFRESH_S)  # fmt: skip


async def job_download(request: Request) -> Response:
    """One file of a finished job (only the files it listed, from its own folder)."""
    p = portal(request)
    principal = need(request, *STAFF)
    job = _own(p, request.path_params["jid"])
    path = job_file(job, request.path_params["name"])
    if path is None:
        raise HTTPException(404, "Công việc này không có tệp đó.")
    p.store.audit(principal.name, "output-downloaded", object_id=f"{job.id}/{path.name}",
                  address=address(request))  # fmt: skip
    return download(await run_in_threadpool(path.read_bytes), path.name)


async def live_toggle(request: Request) -> Response:
    """Turn the live draft on or off, then back to the board."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT, write=True)
    _queue(p)
    form = await request.form(max_files=0, max_fields=5, max_part_size=256)
    on = str(form.get("bat", "")) == "1"
    set_live_draft(p.store, on)
    p.store.audit(principal.name, "live-draft-changed", address=address(request),
                  live="bật" if on else "tắt")  # fmt: skip
    return redirect("/thu-ky#cong-viec")
