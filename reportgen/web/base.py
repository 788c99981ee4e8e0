"""What every page shares: the portal object, the signed-in principal, pages and downloads.

Pages are Jinja2 templates with autoescape on; a review can override any of them by putting a
file of the same name in ``templates/<review>/web/`` (``{% extends "default:base.html" %}``
reaches the built-in one), the way report templates are overridden.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from reportgen.definition.model import Review
from reportgen.intake.pool import CheckPool
from reportgen.jobs import JobQueue
from reportgen.numbers import format_date_long, format_date_short, format_number
from reportgen.project import Project
from reportgen.store import Principal, Role, Store
from reportgen.store.access import SessionPolicy
from reportgen.store.deadline import LOCAL_TZ
from reportgen.web.guard import client_address
from reportgen.web.settings import Settings

__all__ = [
    "COOKIE",
    "LoginRequired",
    "Portal",
    "content_disposition",
    "deadline_text",
    "download",
    "need",
    "page",
    "portal",
    "redirect",
    "stream_download",
]

COOKIE = "rg_phien"
SECURE_COOKIE = "__Host-rg_phien"  # the __Host- prefix: Secure, Path=/, no Domain
_DEFAULT_TEMPLATES = Path(__file__).with_name("templates")


class LoginRequired(Exception):
    """No live session: the page answers with a redirect to the sign-in page."""


@dataclass(frozen=True, slots=True)
class Portal:
    """Everything the pages need; one per app (the store is a handle to the database)."""

    project: Project
    review: Review
    review_dir: Path | None
    store: Store
    settings: Settings
    env: jinja2.Environment
    checks: CheckPool | None = None  # None: files are checked in the request's thread
    jobs: JobQueue | None = None  # the job queue (settings.jobs), None when jobs are off
    job_review: str = ""  # the review as jobs name it (folder relative to the project)

    @property
    def policy(self) -> SessionPolicy:
        """Session lifetimes from the settings."""
        return SessionPolicy(self.settings.session_idle, self.settings.session_absolute)

    def outputs(self) -> Path:
        """``outputs/<review>/`` (consolidated workbook and report, if produced)."""
        return self.project.outputs / self.review.id


def make_env(review_dir: Path | None, extra: tuple[Path, ...]) -> jinja2.Environment:
    """Jinja2 with the review's overrides first, and ``default:`` for the built-ins."""
    dirs = [*extra]
    if review_dir is not None and (review_dir / "web").is_dir():
        dirs.append(review_dir / "web")
    default = jinja2.FileSystemLoader(_DEFAULT_TEMPLATES)
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(d) for d in dirs]),
            jinja2.PrefixLoader({"default": default}, delimiter=":"),
            default,
        ]
    )
    env = jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True
    )
    env.filters.update(
        number=format_number,
        date_long=format_date_long,
        date_short=format_date_short,
        vn_time=vn_time,
    )
    return env


def vn_time(value: dt.datetime | None) -> str:
    """``09:30 06/12/2022`` in Vietnam time."""
    if value is None:
        return ""
    local = value.astimezone(LOCAL_TZ)
    return f"{local:%H:%M} {format_date_short(local.date())}"


def deadline_text(deadline: dt.date, today: dt.date) -> str:
    """``còn 3 ngày``, ``hôm nay là hạn cuối`` or ``đã quá hạn 2 ngày``."""
    days = (deadline - today).days
    if days > 0:
        return f"còn {days} ngày"
    if days == 0:
        return "hôm nay là hạn cuối"
    return f"đã quá hạn {-days} ngày"


def today_vn() -> dt.date:
    """Today's date in Vietnam."""
    return dt.datetime.now(LOCAL_TZ).date()


def portal(request: Request) -> Portal:
    """The portal of this app."""
    found: Portal = request.app.state.portal
    return found


def address(request: Request) -> str:
    """The client address (for throttling and the audit log)."""
    return client_address(request.scope)


def cookie_name(request: Request) -> str:
    """The session cookie's name: ``__Host-`` prefixed when it is Secure."""
    return SECURE_COOKIE if secure(request) else COOKIE


def secure(request: Request) -> bool:
    """Whether cookies get the Secure flag (HTTPS, or forced by the settings)."""
    forced = portal(request).settings.secure_cookies
    return forced if forced is not None else request.url.scheme == "https"


def current(request: Request) -> Principal | None:
    """The signed-in principal, or None."""
    token = request.cookies.get(cookie_name(request), "")
    if not token:
        return None
    p = portal(request)
    return p.store.principal_for(token, p.policy)


def need(request: Request, *roles: Role, write: bool = False) -> Principal:
    """The principal, if its role is among ``roles``; else sign-in, 404 or 403.

    Another role's page answers 404 (it does not exist for you); a viewer sending a form gets
    403. An account that signed in with its access code must first choose a password.
    """
    principal = current(request)
    if principal is None:
        raise LoginRequired
    if principal.must_set_password:
        raise HTTPException(303, headers={"location": "/doi-mat-khau"})
    if write and not principal.can_write:
        raise HTTPException(403, "Tài khoản lãnh đạo chỉ được xem, không được thay đổi.")
    if principal.role not in roles:
        raise HTTPException(404)
    return principal


def page(request: Request, template: str, code: int = 200, /, **context: Any) -> HTMLResponse:
    """Render ``template`` with the common context, answering HTTP ``code``."""
    p = portal(request)
    principal = context.pop("principal", None)
    context.setdefault("notice", "")
    context.setdefault("keep", {})
    html = p.env.get_template(template).render(
        review=p.review, principal=principal, settings=p.settings, session_left=seconds_left(principal),
        here=request.url.path if request.method == "GET" else "/", **context,
    )  # fmt: skip
    return HTMLResponse(html, status_code=code)


def seconds_left(principal: Principal | None) -> int | None:
    """Whole seconds until the principal's session ends (None when there is none)."""
    if principal is None or principal.expires_at is None:
        return None
    return max(0, int((principal.expires_at - dt.datetime.now(dt.UTC)).total_seconds()))


def redirect(url: str) -> RedirectResponse:
    """POST → 303 → GET: a reload never sends the form again."""
    return RedirectResponse(url, status_code=303)


_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def ascii_name(name: str) -> str:
    """The ASCII fallback: diacritics dropped (đ → d), quotes, slashes and controls removed."""
    text = name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _ASCII_UNSAFE.sub("_", text).strip(" .") or "tep"
    return text[:150]


def content_disposition(name: str) -> str:
    """RFC 6266: an ASCII ``filename`` and the exact UTF-8 name in ``filename*``."""
    clean = "".join(ch for ch in name if ch.isprintable() and ch not in "/\\").strip() or "tep"
    return f"attachment; filename=\"{ascii_name(clean)}\"; filename*=UTF-8''{quote(clean, safe='')}"


_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".xls": "application/vnd.ms-excel",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
}


def stream_download(chunks: Iterator[bytes], name: str, size: int) -> Response:
    """:func:`download` of a stored file of any size, sent as it is read (never whole in memory)."""
    media = _TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
    headers = {"content-disposition": content_disposition(name), "cache-control": "no-store",
               "content-length": str(size)}  # fmt: skip
    return StreamingResponse(chunks, media_type=media, headers=headers)


def download(data: bytes, name: str) -> Response:
    """An attachment (never shown inline), typed by the name's extension."""
    media = _TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
    return Response(
        data,
        media_type=media,
        headers={"content-disposition": content_disposition(name), "cache-control": "no-store"},
    )
