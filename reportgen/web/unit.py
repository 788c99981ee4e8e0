"""A unit's own pages: home, its blank workbook, upload, history."""

from __future__ import annotations

import io
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from reportgen.blank import blank_file_name, write_workbook
from reportgen.definition.model import Unit
from reportgen.errors import StoreError
from reportgen.jobs.desk import follow_upload
from reportgen.store import Principal, Role
from reportgen.store.board import next_step
from reportgen.store.review_flow import ReviewFlow
from reportgen.store.status import UnitStatus
from reportgen.store.upload import Upload, receive_upload
from reportgen.web.base import (
    Portal,
    address,
    deadline_text,
    download,
    need,
    page,
    portal,
    redirect,
    today_vn,
)
from reportgen.web.review import covers_of
from reportgen.web.submissions import versions_of

__all__ = [
    "blank",
    "history",
    "home",
    "read_upload",
    "store_upload",
    "upload",
    "upload_result",
]

ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")


def _unit(p: Portal, principal: Principal) -> Unit:
    assert principal.unit_code is not None
    unit = p.review.unit_by_code.get(principal.unit_code)
    if unit is None:  # the unit was removed from units.csv since the code was issued
        raise HTTPException(404)
    return unit


def status_of(p: Portal, unit_code: str) -> UnitStatus:
    """The unit's line of the board."""
    return p.store.status(unit_code)


async def home(request: Request) -> Response:
    """The review, the deadline, the unit's status, which version counts, what to do next."""
    p = portal(request)
    principal = need(request, Role.UNIT)
    unit = _unit(p, principal)
    status = status_of(p, unit.code)
    warnings = p.store.warnings_to_justify(p.review, unit.code)
    unjustified = sum(1 for _f, j in warnings if j is None)
    deadline = p.review.deadline_of(unit)
    return page(
        request,
        "unit_home.html",
        principal=principal,
        unit=unit,
        status=status,
        deadline=deadline,
        deadline_text=deadline_text(deadline, today_vn()),
        next_step=next_step(status, unjustified),
        unjustified=unjustified,
        versions=versions_of(p, unit.code)[:3],
    )


async def blank(request: Request) -> Response:
    """The unit's blank workbook: the same bytes as ``reportgen blank --unit X``."""
    p = portal(request)
    principal = need(request, Role.UNIT)
    unit = _unit(p, principal)
    buffer = io.BytesIO()
    write_workbook(p.review, unit, buffer)
    p.store.audit(principal.name, "blank-downloaded", unit_code=unit.code, address=address(request))
    return download(buffer.getvalue(), blank_file_name(unit))


async def read_upload(request: Request, *fields: str) -> tuple[str, bytes, dict[str, str]]:
    """The one file of an upload form, and its other fields (limited in number and size)."""
    form = await request.form(max_files=1, max_fields=10, max_part_size=16 * 1024)
    item = form.get("tep")
    if not isinstance(item, UploadFile) or not item.filename:
        raise HTTPException(400, "Hãy chọn một tệp bảng tính để gửi.")
    data = await item.read()
    await item.close()
    return item.filename, data, {f: str(form.get(f, "")) for f in fields}


async def upload(request: Request) -> Response:
    """Check and keep one file, exactly as ``reportgen submit``; then show its findings."""
    p = portal(request)
    principal = need(request, Role.UNIT, write=True)
    unit = _unit(p, principal)
    name, data, _ = await read_upload(request)
    receipt = await store_upload(
        p, name, data, account=principal.name, for_unit=unit.code, address=address(request)
    )
    return upload_result(receipt.result.submission_id, receipt.visible)


async def store_upload(p: Portal, name: str, data: bytes, **kwargs: Any) -> Upload:
    """:func:`receive_upload` off the event loop, the check itself in the portal's process
    pool when it has one (so other requests go on meanwhile); a store failure becomes a
    Vietnamese 503 page. Then the live draft follows the upload
    (:func:`reportgen.jobs.desk.follow_upload`)."""
    check = p.checks.check if p.checks is not None else None
    try:
        receipt = await run_in_threadpool(
            receive_upload, p.store, p.review, name, data, check=check, **kwargs
        )
    except StoreError as exc:
        raise HTTPException(503, exc.message) from exc
    await run_in_threadpool(
        follow_upload, p.jobs, p.store, receipt.result, p.job_review
    )  # live draft
    return receipt


def upload_result(submission_id: int, visible: bool) -> Response:
    """303 to the findings page, or a plain note when the bytes were another unit's."""
    if not visible:
        raise HTTPException(409, "Tệp này đã được nhận trước đó; không ghi nhận lại.")
    return redirect(f"/ban-nop/{submission_id}")


async def history(request: Request) -> Response:
    """Every version sent, by whom, its verdict, which counts and why, and the cell diffs."""
    p = portal(request)
    principal = need(request, Role.UNIT)
    unit = _unit(p, principal)
    return page(request, "history.html", principal=principal, unit=unit,
                versions=versions_of(p, unit.code), events=ReviewFlow(p.store).events(unit.code),
                covers=covers_of(p, unit.code))  # fmt: skip
