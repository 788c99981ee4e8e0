"""The review workflow on the portal: duyệt, yêu cầu bổ sung, mở khóa, cover documents.

Each view parses the form and calls one :class:`~reportgen.store.review_flow.ReviewFlow`
transition; the rules (only the counting version, a comment required, locked units) are the
library's, and its Vietnamese refusal is shown as a 400 page. The unit acted on always comes
from the URL's unit code checked against the review, and a cover document's submission from the
principal's scope: unit A never reaches unit B's files.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from reportgen.definition.model import Unit
from reportgen.errors import StoreError
from reportgen.store import Role
from reportgen.store.review_flow import CoverRecord, FlowEvent, ReviewFlow
from reportgen.web.base import Portal, address, download, need, portal, redirect
from reportgen.web.submissions import scoped_record

__all__ = ["accept", "attach_cover", "cover_file", "return_unit", "unlock"]

_NOTE_LIMIT = 2000


def _unit(p: Portal, request: Request) -> Unit:
    unit = p.review.unit_by_code.get(request.path_params["code"])
    if unit is None:
        raise HTTPException(404)
    return unit


async def _fields(request: Request, *names: str) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=10, max_part_size=16 * 1024)
    return {n: str(form.get(n, "")).strip()[:_NOTE_LIMIT] for n in names}


def _submission_id(text: str) -> int:
    if not text.isdigit():
        raise HTTPException(
            400, "Thiếu bản nộp cần duyệt: hãy mở lại trang đơn vị và thao tác lại."
        )
    return int(text)


# One transition: the form's fields → one ReviewFlow call → its audit line → back to the unit.
_Act = Callable[[ReviewFlow, str, str, dict[str, str]], FlowEvent]


async def _transition(
    request: Request, action: str, fields: tuple[str, ...], act: _Act
) -> Response:
    p = portal(request)
    principal = need(request, Role.SECRETARIAT, write=True)
    unit = _unit(p, request)
    form = await _fields(request, *fields)
    try:
        event = act(ReviewFlow(p.store), unit.code, principal.name, form)
    except StoreError as exc:
        raise HTTPException(400, exc.message) from exc
    p.store.audit(principal.name, action, unit_code=unit.code, object_id=event.submission_id,
                  address=address(request), note=event.note)  # fmt: skip
    return redirect(f"/thu-ky/don-vi/{unit.code}#duyet")


async def accept(request: Request) -> Response:
    """Đã duyệt: the unit is locked on its counting submission."""
    return await _transition(
        request, "unit-accepted", ("ban", "ghi_chu"),
        lambda flow, code, actor, f: flow.accept(code, _submission_id(f["ban"]), actor, f["ghi_chu"]),
    )  # fmt: skip


async def return_unit(request: Request) -> Response:
    """Yêu cầu bổ sung, with the comment the unit sees on its home page."""
    return await _transition(
        request, "unit-returned", ("ban", "noi_dung"),
        lambda flow, code, actor, f: flow.return_(code, _submission_id(f["ban"]), actor, f["noi_dung"]),
    )  # fmt: skip


async def unlock(request: Request) -> Response:
    """Mở khóa an accepted unit (a note is required): its latest acceptable version counts again."""
    return await _transition(
        request, "unit-unlocked", ("ly_do",),
        lambda flow, code, actor, f: flow.unlock(code, actor, f["ly_do"]),
    )  # fmt: skip


def _name(filename: str) -> str:
    # Browsers send the bare name; some old ones the whole path. Keep the last part only.
    return (
        filename.replace("\\", "/").rsplit("/", 1)[-1].replace("%22", '"')[:200] or "cong-van.pdf"
    )


async def attach_cover(request: Request) -> Response:
    """Keep a signed PDF (công văn) byte for byte beside the submission's workbook."""
    p = portal(request)
    principal = need(request, Role.UNIT, Role.SECRETARIAT, write=True)
    record = scoped_record(p, principal, int(request.path_params["sid"]))
    if record.unit_code is None:
        raise HTTPException(
            400, "Tệp này chưa xác định được đơn vị nên chưa đính kèm công văn được."
        )
    form = await request.form(max_files=1, max_fields=5, max_part_size=16 * 1024)
    item = form.get("tep")
    if not isinstance(item, UploadFile) or not item.filename:
        raise HTTPException(400, "Hãy chọn tệp PDF công văn để đính kèm.")
    data = await item.read()
    await item.close()
    name = _name(item.filename)
    try:
        cover = ReviewFlow(p.store).attach_cover(
            record.unit_code, record.submission_id, data, name, principal.name
        )
    except StoreError as exc:
        raise HTTPException(400, exc.message) from exc
    p.store.audit(principal.name, "cover-attached", unit_code=record.unit_code,
                  object_id=record.submission_id, sha256=cover.sha256, address=address(request),
                  file_name=cover.file_name)  # fmt: skip
    return redirect(f"/ban-nop/{record.submission_id}#cong-van")


def covers_of(
    p: Portal, unit_code: str | None, submission_id: int | None = None
) -> list[CoverRecord]:
    """The unit's cover documents (of one submission when given), oldest first."""
    if unit_code is None:
        return []
    covers = ReviewFlow(p.store).covers(unit_code)
    return [c for c in covers if submission_id is None or c.submission_id == submission_id]


async def cover_file(request: Request) -> Response:
    """A cover document exactly as it was attached (always an attachment)."""
    p = portal(request)
    principal = need(request, Role.UNIT, Role.SECRETARIAT)
    record = scoped_record(p, principal, int(request.path_params["sid"]))
    cid = int(request.path_params["cid"])
    cover = next(
        (c for c in covers_of(p, record.unit_code, record.submission_id) if c.id == cid), None
    )
    if cover is None:
        raise HTTPException(404)
    data = p.store.archive.get(cover.stored_key)
    p.store.audit(principal.name, "cover-downloaded", unit_code=record.unit_code,
                  object_id=record.submission_id, sha256=cover.sha256, address=address(request),
                  file_name=cover.file_name)  # fmt: skip
    name = cover.file_name if cover.file_name.lower().endswith(".pdf") else cover.file_name + ".pdf"
    return download(data, name)
