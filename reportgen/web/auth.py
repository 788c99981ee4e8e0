"""Sign-in, sign-out and choosing a password."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from reportgen.errors import StoreError
from reportgen.store import Principal, Role
from reportgen.store.accounts import MIN_PASSWORD
from reportgen.web import session
from reportgen.web.base import (
    LoginRequired,
    address,
    cookie_name,
    current,
    page,
    portal,
    redirect,
    secure,
)

__all__ = ["home", "login_form", "login_submit", "logout", "password_form", "password_submit"]

_MAX_FIELD = 200
_CARRIED = ("giu_ban_nop", "giu_khoa", "giu_giai_trinh")  # see reportgen.web.session


def home_of(principal: Principal) -> str:
    """Where an account lands after signing in."""
    return "/don-vi" if principal.role is Role.UNIT else "/thu-ky"


async def home(request: Request) -> Response:
    """``/``: the account's home, or the sign-in page."""
    principal = current(request)
    if principal is None:
        return redirect("/dang-nhap")
    if principal.must_set_password:
        return redirect("/doi-mat-khau")
    return redirect(home_of(principal))


async def login_form(request: Request) -> Response:
    """The sign-in page."""
    return page(request, "login.html", name="", error="")


def _start_session(request: Request, principal: Principal, target: str) -> Response:
    p = portal(request)
    old = request.cookies.get(cookie_name(request))
    if old:  # a new session id at every sign-in (no fixation)
        p.store.close_session(old)
    token = p.store.open_session(principal, address=address(request))
    response = redirect(target)
    response.set_cookie(
        cookie_name(request),
        token,
        max_age=int(p.settings.session_absolute.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure(request),
        path="/",
    )
    return response


async def login_submit(request: Request) -> Response:
    """Check the name and the code or password; the refusal never says which was wrong."""
    p = portal(request)
    form = await request.form(max_files=0, max_fields=10, max_part_size=4096)
    name = str(form.get("ten", ""))[:_MAX_FIELD]
    secret = str(form.get("ma", ""))[:_MAX_FIELD]
    # Argon2id takes tens of milliseconds of CPU: off the event loop.
    result = await run_in_threadpool(
        p.store.sign_in, name, secret, address=address(request), throttle=p.settings.throttle
    )
    if result.principal is None:
        action = "login-throttled" if result.throttled else "login-failed"
        p.store.audit(name[:100] or "(trống)", action, address=address(request), outcome="refused")
        status = 429 if result.throttled else 401
        keep = {k: str(form.get(k, "")) for k in _CARRIED if form.get(k)}  # still carried
        return page(request, "login.html", status, name=name, error=result.reason, keep=keep)
    principal = result.principal
    p.store.audit(
        principal.name, "login-ok", unit_code=principal.unit_code, address=address(request)
    )
    target = "/doi-mat-khau" if principal.must_set_password else home_of(principal)
    # a justification carried from a form sent after the session ended is saved now
    target = await session.resume(request, principal, form) or target
    return _start_session(request, principal, target)


async def logout(request: Request) -> Response:
    """End this browser's session."""
    p = portal(request)
    principal = current(request)
    token = request.cookies.get(cookie_name(request))
    if token:
        p.store.close_session(token)
    if principal is not None:
        p.store.audit(
            principal.name, "logout", unit_code=principal.unit_code, address=address(request)
        )
    response = redirect("/dang-nhap")
    response.delete_cookie(cookie_name(request), path="/")
    return response


async def password_form(request: Request) -> Response:
    """Choose a password (required after signing in with an access code)."""
    principal = current(request)
    if principal is None:
        raise LoginRequired
    return page(request, "password.html", principal=principal, error="", minimum=MIN_PASSWORD)


async def password_submit(request: Request) -> Response:
    """Set the password, sign out everywhere else, and start a fresh session here."""
    p = portal(request)
    principal = current(request)
    if principal is None:
        raise LoginRequired
    form = await request.form(max_files=0, max_fields=10, max_part_size=4096)
    first = str(form.get("mat_khau", ""))[:_MAX_FIELD]
    second = str(form.get("nhap_lai", ""))[:_MAX_FIELD]
    error = "Hai lần nhập mật khẩu không giống nhau." if first != second else ""
    if not error:
        try:
            principal = await run_in_threadpool(p.store.set_password, principal.account_id, first)
        except StoreError as exc:
            error = exc.message
    if error:
        return page(
            request, "password.html", 400, principal=principal, error=error, minimum=MIN_PASSWORD
        )
    p.store.audit(
        principal.name, "password-set", unit_code=principal.unit_code, address=address(request)
    )
    return _start_session(request, principal, home_of(principal))
