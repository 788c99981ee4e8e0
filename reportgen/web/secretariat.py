"""The secretariat's and the viewers' pages: board, per-unit page, uploads on behalf, outputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from reportgen.render.collation import vn_sort_key
from reportgen.store import Role, UploadNote, summarize
from reportgen.store.audit import CHANNELS
from reportgen.store.review_flow import ReviewFlow
from reportgen.store.status import UnitState, UnitStatus
from reportgen.web.base import Portal, address, download, need, page, portal
from reportgen.web.exports import audit_xlsx, reminders_xlsx
from reportgen.web.review import covers_of
from reportgen.web.submissions import versions_of
from reportgen.web.unit import read_upload, store_upload, upload_result
from reportgen.web.work import board_panel

__all__ = ["audit", "audit_export", "board", "output", "reminders", "unit_page", "upload_for"]

STAFF = (Role.SECRETARIAT, Role.VIEWER)
FILTERS = {
    "": "tất cả",
    "muon": "nộp muộn",
    "chua-nop": "chưa nộp",
    "khong-hop-le": "không hợp lệ",
    "chua-giai-trinh": "còn cảnh báo chưa giải trình",
}
SORTS = {"ma": "mã đơn vị", "ten": "tên đơn vị (A → Z)", "tinh-trang": "tình trạng"}


@dataclass(frozen=True, slots=True)
class BoardLine:
    """One unit on the board."""

    status: UnitStatus
    name: str
    unjustified: int
    note: UploadNote | None


def board_lines(p: Portal) -> list[BoardLine]:
    """Every unit's line, with unjustified warnings and the channel of its counting file."""
    statuses = p.store.statuses(p.review)
    justified: dict[int, int] = {}
    for j in p.store.justifications(p.review):
        justified[j.submission_id] = justified.get(j.submission_id, 0) + 1
    ids = [s.submission_id for s in statuses if s.submission_id]
    notes = p.store.upload_notes(ids)
    lines = []
    for s in statuses:
        counted = s.state in (UnitState.ON_TIME, UnitState.LATE)
        open_ = max(0, s.warnings - justified.get(s.submission_id or 0, 0)) if counted else 0
        lines.append(BoardLine(s, p.review.unit_by_code[s.unit_code].name, open_,
                               notes.get(s.submission_id or 0)))  # fmt: skip
    return lines


def _filtered(lines: list[BoardLine], which: str, sort: str) -> list[BoardLine]:
    keep: Callable[[BoardLine], bool] | None = {
        "muon": lambda b: b.status.state is UnitState.LATE,
        "chua-nop": lambda b: b.status.state is UnitState.MISSING,
        "khong-hop-le": lambda b: b.status.state is UnitState.REJECTED,
        "chua-giai-trinh": lambda b: b.unjustified > 0,
    }.get(which)
    chosen = [b for b in lines if keep is None or keep(b)]
    if sort == "ten":
        chosen.sort(key=lambda b: vn_sort_key(b.name))
    elif sort == "tinh-trang":
        order = [UnitState.REJECTED, UnitState.MISSING, UnitState.LATE, UnitState.ON_TIME]
        chosen.sort(key=lambda b: (order.index(b.status.state), vn_sort_key(b.name)))
    return chosen


async def board(request: Request) -> Response:
    """The same figures as ``reportgen status``, filterable and sortable."""
    p = portal(request)
    principal = need(request, *STAFF)
    which = request.query_params.get("loc", "")
    which = which if which in FILTERS else ""
    sort = request.query_params.get("xep", "ma")
    sort = sort if sort in SORTS else "ma"
    lines = board_lines(p)
    summary = summarize([b.status for b in lines])
    outputs = [(kind, path.name) for kind, path in _outputs(p).items() if path.is_file()]
    return page(request, "board.html", principal=principal, lines=_filtered(lines, which, sort),
                summary=summary, filters=FILTERS, which=which, sorts=SORTS, sort=sort,
                outputs=outputs, unjustified=sum(1 for b in lines if b.unjustified),
                **board_panel(p))  # fmt: skip


async def unit_page(request: Request) -> Response:
    """Every version of one unit with findings, justifications and diffs; upload on its behalf."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT)
    unit = p.review.unit_by_code.get(request.path_params["code"])
    if unit is None:
        raise HTTPException(404)
    justifications = p.store.justifications(p.review, unit.code)
    return page(request, "unit_page.html", principal=principal, unit=unit,
                events=ReviewFlow(p.store).events(unit.code), covers=covers_of(p, unit.code),
                status=p.store.status(unit.code),
                versions=versions_of(p, unit.code), justifications=justifications,
                channels=CHANNELS, deadline=p.review.deadline_of(unit),
                max_bytes=p.settings.max_upload_bytes)  # fmt: skip


async def upload_for(request: Request) -> Response:
    """A file the unit sent by e-mail or E-Office, uploaded by the secretariat with the channel."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT, write=True)
    unit = p.review.unit_by_code.get(request.path_params["code"])
    if unit is None:
        raise HTTPException(404)
    name, data, fields = await read_upload(request, "kenh", "ghi_chu")
    channel = fields["kenh"] if fields["kenh"] in CHANNELS else "other"
    receipt = await store_upload(p, name, data, account=principal.name, for_unit=unit.code,
                                 channel=channel, note=fields["ghi_chu"][:500],
                                 address=address(request))  # fmt: skip
    return upload_result(receipt.result.submission_id, receipt.visible)


def _outputs(p: Portal) -> dict[str, Path]:
    base = p.outputs()
    return {
        "tong-hop": base / f"tong-hop-{p.review.id}.xlsx",
        "bao-cao-docx": base / f"bao-cao-{p.review.id}.docx",
        "bao-cao-pdf": base / f"bao-cao-{p.review.id}.pdf",
    }


async def output(request: Request) -> Response:
    """The current consolidated workbook or report, if it has been produced."""
    p = portal(request)
    principal = need(request, *STAFF)
    path = _outputs(p).get(request.path_params["kind"])
    if path is None or not path.is_file():
        raise HTTPException(404, "Chưa có tệp này: hãy chạy reportgen consolidate / render.")
    p.store.audit(
        principal.name, "output-downloaded", object_id=path.name, address=address(request)
    )
    return download(path.read_bytes(), path.name)


async def reminders(request: Request) -> Response:
    """The units :func:`~reportgen.store.board.reminder_reason` names, with contacts, as .xlsx."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT)
    p.store.audit(principal.name, "reminders-exported", address=address(request))
    data = reminders_xlsx(p.review, p.store.statuses(p.review))
    return download(data, f"nhac-nop-{p.review.id}.xlsx")


async def audit(request: Request) -> Response:
    """The newest 500 lines of the audit log."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT)
    return page(request, "audit.html", principal=principal, entries=p.store.audit_log(limit=500))


async def audit_export(request: Request) -> Response:
    """The whole audit log as .xlsx."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT)
    p.store.audit(principal.name, "audit-exported", address=address(request))
    return download(audit_xlsx(p.store.audit_log()), f"nhat-ky-{p.review.id}.xlsx")
