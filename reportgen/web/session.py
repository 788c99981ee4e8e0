"""The idle timeout as users meet it: when the session ends, staying signed in, expired forms.

Every signed-in page says when its session ends (Vietnam time) and has a "Giữ đăng nhập"
button (a plain POST, no JavaScript needed); ``static/session.js`` adds a warning a few minutes
before and renews the session in the background when the user asks.

A form sent after the session ended is not lost silently: the sign-in page says that the action
was not done, and a justification's text rides along in the sign-in form (hidden fields). Once
signed in again, it is saved through the same scoped path as the justification form, so it can
only land on a file the newly signed-in account may justify.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from reportgen.store import Principal, Role
from reportgen.store.justifications import MAX_TEXT
from reportgen.web.base import address, need, page, portal, redirect, seconds_left, vn_time
from reportgen.web.submissions import save_justification

__all__ = ["expired_post", "keep_alive", "resume"]

_JUSTIFY = re.compile(r"^/ban-nop/(\d{1,12})/giai-trinh$")
_LOCAL = re.compile(r"^/[A-Za-z0-9/_.\-]*$")  # where "Giữ đăng nhập" may send the user back


async def keep_alive(request: Request) -> Response:
    """Renew the session (reading the principal refreshes its idle clock), then go back.

    The script asks for JSON; the plain form gets a 303 to the page it came from.
    """
    principal = need(request, Role.UNIT, Role.SECRETARIAT, Role.VIEWER)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(
            {"con_lai": seconds_left(principal), "het_han": vn_time(principal.expires_at)},
            headers={"cache-control": "no-store"},
        )
    form = await request.form(max_files=0, max_fields=5, max_part_size=1024)
    back = str(form.get("tiep", ""))
    return redirect(back if _LOCAL.match(back) and not back.startswith("//") else "/")


async def expired_post(request: Request) -> Response:
    """A form sent with a session that has ended: the sign-in page, saying what was not done.

    A justification's text is carried in the sign-in form, to be saved once signed in.
    """
    found = _JUSTIFY.match(request.url.path)
    keep: dict[str, str] = {}
    if found:
        form = await request.form(max_files=0, max_fields=10, max_part_size=16 * 1024)
        text = str(form.get("giai_trinh", ""))[:MAX_TEXT]
        if text.strip():
            keep = {"giu_ban_nop": found.group(1), "giu_khoa": str(form.get("khoa", ""))[:2000],
                    "giu_giai_trinh": text}  # fmt: skip
    if keep:
        notice = ("Phiên đăng nhập đã hết hạn nên giải trình chưa được lưu. Hãy đăng nhập lại: "
                  "giải trình bạn vừa viết được giữ trong trang này và sẽ được lưu ngay sau khi "
                  "đăng nhập.")  # fmt: skip
    else:
        notice = ("Phiên đăng nhập đã hết hạn (quá lâu không thao tác) nên thao tác vừa rồi chưa "
                  "được thực hiện (tệp chưa được gửi, nội dung chưa được lưu). Hãy đăng nhập lại "
                  "rồi làm lại.")  # fmt: skip
    return page(request, "login.html", 401, name="", error="", notice=notice, keep=keep)


async def resume(request: Request, principal: Principal, form: FormData) -> str | None:
    """After signing in again: save the justification the expired form carried.

    Returns where to go next (its findings page), or None when nothing was carried.
    """
    sid = str(form.get("giu_ban_nop", ""))
    if not sid.isdigit() or principal.role is not Role.UNIT or principal.must_set_password:
        return None
    try:
        save_justification(
            portal(request),
            principal,
            int(sid),
            str(form.get("giu_khoa", "")),
            str(form.get("giu_giai_trinh", "")),
            address(request),
        )
    except HTTPException as exc:
        if exc.status_code == 404:  # not a file this account may justify
            return None
        return f"/ban-nop/{sid}?loi={quote(str(exc.detail)[:200], safe='')}#giai-trinh"
    return f"/ban-nop/{sid}?da-luu=1#giai-trinh"
