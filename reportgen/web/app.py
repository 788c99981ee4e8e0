"""The portal's ASGI app: the route table, the guards, and Vietnamese error pages.

:data:`ROUTES` is the one table of pages, with who may use each; the access-matrix test is
generated from it. Part 2 adds its job pages to the same table (a ``jobs`` section).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from reportgen.definition.model import Review
from reportgen.intake.pool import CheckPool
from reportgen.jobs import EmbeddedQueue, JobQueue, review_ref
from reportgen.jobs.factory import open_queue
from reportgen.numbers import format_number
from reportgen.project import Project
from reportgen.store import Role, Store
from reportgen.web import (
    auth,
    definition,
    reminders,
    review,
    secretariat,
    session,
    submissions,
    unit,
    work,
)
from reportgen.web.base import LoginRequired, Portal, cookie_name, make_env, page, redirect
from reportgen.web.guard import BodyLimit, CrossSite, Headers
from reportgen.web.settings import Settings

__all__ = ["ROUTES", "Page", "create_app"]

Endpoint = Callable[[Request], Awaitable[Response]]
U, S, V = Role.UNIT, Role.SECRETARIAT, Role.VIEWER


@dataclass(frozen=True, slots=True)
class Page:
    """One route: path, method, view, and the roles that may use it (empty: anyone)."""

    path: str
    method: str
    endpoint: Endpoint
    roles: tuple[Role, ...] = ()
    scoped: bool = False  # {sid} is a stored file: units reach only their own


ROUTES: tuple[Page, ...] = (
    Page("/", "GET", auth.home),
    Page("/dang-nhap", "GET", auth.login_form),
    Page("/dang-nhap", "POST", auth.login_submit),
    Page("/dang-xuat", "POST", auth.logout),
    Page("/doi-mat-khau", "GET", auth.password_form),
    Page("/doi-mat-khau", "POST", auth.password_submit),
    Page("/phien/gia-han", "POST", session.keep_alive, (U, S, V)),
    # a unit's own pages
    Page("/don-vi", "GET", unit.home, (U,)),
    Page("/don-vi/bieu-mau", "GET", unit.blank, (U,)),
    Page("/don-vi/gui", "POST", unit.upload, (U,)),
    Page("/don-vi/lich-su", "GET", unit.history, (U,)),
    # one stored file (a unit's own, or any for the secretariat)
    Page("/ban-nop/{sid:int}", "GET", submissions.submission_page, (U, S), True),
    Page("/ban-nop/{sid:int}/tep", "GET", submissions.original_file, (U, S), True),
    Page("/ban-nop/{sid:int}/danh-dau.xlsx", "GET", submissions.annotated_xlsx, (U, S), True),
    Page("/ban-nop/{sid:int}/danh-dau.html", "GET", submissions.annotated_html, (U, S), True),
    Page("/ban-nop/{sid:int}/giai-trinh", "POST", submissions.submit_justification, (U,), True),
    Page("/ban-nop/{sid:int}/cong-van", "POST", review.attach_cover, (U, S), True),
    Page("/ban-nop/{sid:int}/cong-van/{cid:int}", "GET", review.cover_file, (U, S), True),
    # secretariat and viewers
    Page("/thu-ky", "GET", secretariat.board, (S, V)),
    Page("/thu-ky/tep/{kind}", "GET", secretariat.output, (S, V)),
    Page("/thu-ky/don-vi/{code}", "GET", secretariat.unit_page, (S,)),
    Page("/thu-ky/don-vi/{code}/gui", "POST", secretariat.upload_for, (S,)),
    Page("/thu-ky/nhac-nop.xlsx", "GET", secretariat.reminders, (S,)),
    # the review workflow (issue 11): duyệt, yêu cầu bổ sung, mở khóa; e-mail reminders
    Page("/thu-ky/don-vi/{code}/duyet", "POST", review.accept, (S,)),
    Page("/thu-ky/don-vi/{code}/yeu-cau-bo-sung", "POST", review.return_unit, (S,)),
    Page("/thu-ky/don-vi/{code}/mo-khoa", "POST", review.unlock, (S,)),
    Page("/thu-ky/nhac-nop", "GET", reminders.reminder_page, (S,)),
    Page("/thu-ky/nhac-nop", "POST", reminders.send_reminders, (S,)),
    # the definition workbook (issue 14)
    Page("/thu-ky/dinh-nghia", "GET", definition.definition_page, (S,)),
    Page("/thu-ky/dinh-nghia", "POST", definition.upload_definition, (S,)),
    Page("/thu-ky/dinh-nghia.xlsx", "GET", definition.definition_xlsx, (S,)),
    Page("/thu-ky/dinh-nghia/van-ban.zip", "GET", definition.definition_zip, (S,)),
    Page("/thu-ky/dinh-nghia/ap-dung", "POST", definition.apply_definition, (S,)),
    Page("/thu-ky/nhat-ky", "GET", secretariat.audit, (S,)),
    Page("/thu-ky/nhat-ky.xlsx", "GET", secretariat.audit_export, (S,)),
    # jobs: Tổng hợp / Xuất báo cáo from the board, their pages and files, the live draft
    Page("/thu-ky/cong-viec", "GET", work.job_list, (S, V)),
    Page("/thu-ky/cong-viec", "POST", work.start, (S,)),
    Page("/thu-ky/cong-viec/{jid:int}", "GET", work.job_page, (S, V)),
    Page("/thu-ky/cong-viec/{jid:int}/tep/{name}", "GET", work.job_download, (S, V)),
    Page("/thu-ky/du-thao-tu-dong", "POST", work.live_toggle, (S,)),
)

_TITLES = {
    400: "Yêu cầu không hợp lệ",
    403: "Không được phép",
    404: "Không tìm thấy trang",
    405: "Không hỗ trợ thao tác này",
    409: "Tệp đã được nhận",
    413: "Tệp quá lớn",
    503: "Chưa lưu được tệp",
}


def create_app(
    project: Project,
    review: Review,
    store: Store,
    *,
    settings: Settings | None = None,
    review_dir: Path | None = None,
    checks: CheckPool | None = None,
    queue: JobQueue | None = None,
) -> Starlette:
    """The portal of ``review``, over an open ``store`` (the caller closes it).

    ``checks``: the process pool that checks uploads (the caller closes it); without one they
    are checked in the request thread. ``queue``: the job queue (the caller starts and closes
    it); without one, ``settings.jobs`` names the backend the app opens on start-up and closes
    on shutdown (none: no jobs).
    """
    settings = settings or Settings()
    env = make_env(review_dir, settings.template_dirs)

    def static_page(status: int, message: str) -> bytes:
        html = env.get_template("error.html").render(
            review=review, principal=None, settings=settings, status=status,
            title=_TITLES.get(status, "Lỗi"), message=message,
        )  # fmt: skip
        return html.encode()

    def too_large(limit: int) -> bytes:
        mb = format_number(settings.max_upload_bytes / 1024 / 1024, 0)
        return static_page(413, f"Tệp gửi lên vượt quá giới hạn {mb} MB. Biểu mẫu đã điền "
                                "thường chỉ vài trăm KB: hãy gửi đúng tệp biểu mẫu, không kèm ảnh.")  # fmt: skip

    def cross_site() -> bytes:
        return static_page(403, "Yêu cầu bị từ chối vì không gửi từ trang của cổng thông tin. "
                                "Hãy mở lại trang và thao tác lại.")  # fmt: skip

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 303:
            return redirect((exc.headers or {}).get("location", "/"))
        detail = exc.detail if exc.detail and exc.detail != _default_detail(exc.status_code) else ""
        message = detail or {
            404: "Trang hoặc tệp này không có, hoặc tài khoản của bạn không được xem.",
            405: "Thao tác này không dùng được ở đây.",
        }.get(exc.status_code, "")
        return page(request, "error.html", exc.status_code, status=exc.status_code,
                    title=_TITLES.get(exc.status_code, "Lỗi"), message=message)  # fmt: skip

    async def login_required(request: Request, exc: Exception) -> Response:
        if request.method == "POST" and request.cookies.get(cookie_name(request)):
            return await session.expired_post(request)  # the session ended under an open form
        return redirect("/dang-nhap")

    async def server_error(request: Request, exc: Exception) -> Response:
        return page(request, "error.html", 500, status=500, title="Lỗi máy chủ",
                    message="Có lỗi khi xử lý yêu cầu. Thư ký đã được ghi nhận; hãy thử lại sau.")  # fmt: skip

    routes: list[Route | Mount] = [
        Route(r.path, r.endpoint, methods=[r.method], name=f"{r.method} {r.path}") for r in ROUTES
    ]
    routes.append(
        Mount("/static", StaticFiles(directory=Path(__file__).with_name("static")), name="static")
    )
    owned = queue is None and settings.jobs.enabled
    if owned:
        url = store.engine.url.render_as_string(hide_password=False)
        queue = open_queue(project, url, backend=settings.jobs.backend,
                           workers=settings.jobs.workers, timeout_s=settings.jobs.timeout_s)  # fmt: skip

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if owned and isinstance(queue, EmbeddedQueue):
            queue.start()
        try:
            yield
        finally:
            if owned and queue is not None:
                queue.close()

    app = Starlette(
        lifespan=lifespan,
        routes=routes,
        middleware=[
            Middleware(Headers),
            Middleware(BodyLimit, limit=settings.body_limit, page=too_large),
            Middleware(CrossSite, page=cross_site),
        ],
        exception_handlers={
            HTTPException: http_error,
            LoginRequired: login_required,
            Exception: server_error,
        },
    )
    ref = review_ref(project, review_dir) if review_dir is not None else review.id
    app.state.portal = Portal(project, review, review_dir, store, settings, env, checks, queue, ref)
    return app


def _default_detail(status: int) -> str:
    return HTTPStatus(status).phrase
