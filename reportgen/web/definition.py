"""The definition workbook on the portal: download it, upload an edited one, confirm it.

Upload = ``reportgen review import`` without writing: the workbook is checked, its findings are
shown at their sheet and cell, and — when there is no error — what changed against the running
review (:func:`~reportgen.definition.compare.compare_reviews`), flagged when the review was
already handed out. The new ``review.yaml`` / ``units.csv`` can be downloaded as a zip; a
separate confirm POST writes them into the review folder after copying the old files into
``phien-ban-cu/<time>/``. The running portal keeps serving the definition it started with
until it is restarted (``reportgen serve`` reads the folder once).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from reportgen.blank.moves import moved_cells, moves_by_indicator
from reportgen.definition.compare import compare_reviews
from reportgen.definition.install import ImportedDefinition, install, read_upload, stage, staged
from reportgen.definition.workbook_export import export_review_workbook
from reportgen.errors import ReportgenError
from reportgen.findings import Severity
from reportgen.messages import message_text
from reportgen.store import Role
from reportgen.store.handout import handed_out
from reportgen.web.base import Portal, address, download, need, page, portal, redirect

__all__ = [
    "apply_definition",
    "definition_page",
    "definition_xlsx",
    "definition_zip",
    "upload_definition",
]

_SUFFIXES = (".xlsx", ".xlsm")


def _folder(p: Portal) -> Path:
    return p.outputs() / "portal" / "dinh-nghia"


async def _imported(p: Portal, key: str) -> tuple[ImportedDefinition, str]:
    if not key:
        raise HTTPException(400, "Chưa chọn bảng định nghĩa đã tải lên; hãy tải lên lại.")
    found = staged(_folder(p), key)
    if found is None:
        raise HTTPException(404, "Không còn bảng định nghĩa đã tải lên này; hãy tải lên lại.")
    data, name = found
    return await run_in_threadpool(read_upload, data, name), name


async def definition_page(request: Request) -> Response:
    """Download / upload forms; with ``?ban=<key>``, the findings and changes of that upload."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT)
    key = request.query_params.get("ban", "")[:64]
    context: dict[str, object] = {"key": "", "imported": None, "changes": None, "name": ""}
    if key:
        imported, name = await _imported(p, key)
        rows = [
            (str(f.severity), {"error": "Lỗi", "warning": "Cảnh báo"}.get(str(f.severity), "Lưu ý"),
             f.location.describe() or "Toàn tệp", f.code, message_text(f))
            for f in sorted(imported.findings, key=lambda f: f.severity is not Severity.ERROR)
        ]  # fmt: skip
        changes = compare_reviews(p.review, imported.review) if imported.review else None
        moves = (
            moves_by_indicator(moved_cells(p.review, imported.review)) if imported.review else []
        )
        context = {"key": key, "imported": imported, "changes": changes, "name": name,
                   "rows": rows, "moves": moves}  # fmt: skip
    return page(request, "definition.html", principal=principal, handout=handed_out(p.store),
                review_dir=p.review_dir, applied=request.query_params.get("da-ap-dung", "")[:40],
                **context)  # fmt: skip


async def definition_xlsx(request: Request) -> Response:
    """The running review's definition workbook (``reportgen review export``)."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT)
    buffer = io.BytesIO()
    await run_in_threadpool(export_review_workbook, p.review, buffer)
    p.store.audit(principal.name, "definition-downloaded", address=address(request),
                  version=p.review.version)  # fmt: skip
    return download(buffer.getvalue(), f"dinh-nghia-{p.review.id}.xlsx")


async def upload_definition(request: Request) -> Response:
    """Keep the uploaded workbook (nothing else is written) and show its check."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT, write=True)
    form = await request.form(max_files=1, max_fields=5, max_part_size=16 * 1024)
    item = form.get("tep")
    if not isinstance(item, UploadFile) or not item.filename:
        raise HTTPException(400, "Hãy chọn tệp bảng định nghĩa (.xlsx) để tải lên.")
    data = await item.read()
    await item.close()
    name = item.filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
    if not name.lower().endswith(_SUFFIXES):
        raise HTTPException(400, f"Tệp {name} không phải bảng Excel .xlsx; hãy tải lên bảng "
                                 "định nghĩa đã tải về từ trang này.")  # fmt: skip
    key = stage(_folder(p), data, name)
    p.store.audit(principal.name, "definition-uploaded", sha256=key, address=address(request),
                  file_name=name)  # fmt: skip
    return redirect(f"/thu-ky/dinh-nghia?ban={key}")


async def definition_zip(request: Request) -> Response:
    """``review.yaml`` + ``units.csv`` generated from an uploaded workbook without errors."""
    p = portal(request)
    need(request, Role.SECRETARIAT)
    imported, _name = await _imported(p, request.query_params.get("ban", "")[:64])
    if not imported.ok or imported.review is None:
        raise HTTPException(400, "Bảng định nghĩa còn lỗi nên chưa tạo được tệp văn bản.")
    return download(
        imported.zip_bytes(), f"dinh-nghia-{imported.review.id}-{imported.review.version}.zip"
    )


async def apply_definition(request: Request) -> Response:
    """Confirmed: back up the review folder's two files, then write the new ones."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT, write=True)
    form = await request.form(max_files=0, max_fields=5, max_part_size=1024)
    if p.review_dir is None:
        raise HTTPException(400, "Cổng này không chạy từ một thư mục đợt báo cáo nên không ghi "
                                 "được định nghĩa; hãy tải tệp .zip và chép vào thư mục đợt.")  # fmt: skip
    if form.get("xac_nhan") != "1":
        raise HTTPException(400, "Hãy đánh dấu ô xác nhận trước khi áp dụng định nghĩa mới.")
    imported, _name = await _imported(p, str(form.get("ban", ""))[:64])
    try:
        backup = install(p.review_dir, imported, dt.datetime.now(dt.UTC))
    except ReportgenError as exc:
        raise HTTPException(400, exc.message) from exc
    version = imported.review.version if imported.review else ""
    p.store.audit(principal.name, "definition-applied", address=address(request),
                  version=version, backup=str(backup.relative_to(p.review_dir)))  # fmt: skip
    return redirect(f"/thu-ky/dinh-nghia?da-ap-dung={backup.name}")
