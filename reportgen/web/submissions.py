"""Pages of one stored file, shared by units (their own files) and the secretariat (any file).

Every file is looked up through the principal's scope: a unit's account reaches only what its
unit sent (another unit's file answers 404, exactly like a file that does not exist).
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from reportgen.errors import StoreError
from reportgen.findings import Finding, Severity
from reportgen.intake import annotate, inspect_file
from reportgen.intake.pool import CHECK_FAILURES
from reportgen.messages import message_text
from reportgen.store import MAX_FILE_BYTES, Principal, Role, Store, describe_diff, finding_keys
from reportgen.store.audit import UploadNote
from reportgen.store.diff import CellDiff, format_value
from reportgen.store.justifications import MAX_TEXT, Justification
from reportgen.store.records import SubmissionRecord
from reportgen.store.review_flow import CoverRecord, ReviewFlow
from reportgen.store.upload import (
    counts,
    record_by_id,
    stored_findings,
    unit_may_see,
    visible_to_unit,
)
from reportgen.web.base import (
    Portal,
    address,
    download,
    need,
    page,
    portal,
    redirect,
    stream_download,
)

__all__ = [
    "Row",
    "Version",
    "annotated_html",
    "annotated_xlsx",
    "original_file",
    "save_justification",
    "scoped_record",
    "submission_page",
    "submit_justification",
    "versions_of",
]

_SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_ANYONE = (Role.UNIT, Role.SECRETARIAT)


@dataclass(frozen=True, slots=True)
class Row:
    """One finding as the table shows it."""

    severity: str
    label: str
    where: str
    code: str
    message: str
    key: str
    justification: Justification | None


@dataclass(frozen=True, slots=True)
class Version:
    """One line of a unit's history."""

    record: SubmissionRecord
    note: UploadNote | None
    why: str  # why it counts or not
    diff: list[CellDiff]
    diff_text: str


def scoped_record(p: Portal, principal: Principal, submission_id: int) -> SubmissionRecord:
    """The file if ``principal`` may see it (for a unit: one of :func:`visible_to_unit`), else 404."""
    found = record_by_id(p.store, submission_id)
    if found is not None and principal.role is Role.UNIT:
        assert principal.unit_code is not None
        if not unit_may_see(p.store, principal.unit_code, found):
            found = None
    if found is None:
        raise HTTPException(404)
    return found


def _sid(request: Request) -> int:
    return int(request.path_params["sid"])


def rows_of(
    store: Store, record: SubmissionRecord, findings: tuple[Finding, ...] | None = None
) -> list[tuple[str, list[Row]]]:
    """Findings grouped by sheet, sheets with errors first, errors first within a sheet."""
    if findings is None:
        findings = stored_findings(store, record.submission_id)
    keys = finding_keys(findings)
    pairs = store.warnings_of(record.submission_id, findings)
    done = {j.finding_key: j for _f, j in pairs if j is not None}
    rows = [
        (f, Row(str(f.severity), _SEVERITY_VI[str(f.severity)], f.location.describe() or "Toàn tệp",
                f.code, message_text(f), key, done.get(key)))
        for f, key in zip(findings, keys, strict=True)
    ]  # fmt: skip
    groups: dict[str, list[tuple[Finding, Row]]] = {}
    for f, row in rows:
        groups.setdefault(f.location.sheet or "Toàn tệp", []).append((f, row))
    ordered = sorted(groups.items(), key=lambda g: min(_ORDER[f.severity] for f, _ in g[1]))
    return [
        (sheet, [r for _f, r in sorted(items, key=lambda fr: _ORDER[fr[0].severity])])
        for sheet, items in ordered
    ]


def _why(record: SubmissionRecord, latest_ok: SubmissionRecord | None, locked: bool = False) -> str:
    if record.counting:
        if locked:
            return "được tính: phiên bản đã được thư ký duyệt"
        return "được tính: phiên bản hợp lệ mới nhất"
    if record.version is None:
        return "không được tính: không xác định được đơn vị của tệp"
    if not record.verdict.acceptable:
        return "không được tính: có lỗi"
    if locked and latest_ok and (record.version or 0) > (latest_ok.version or 0):
        return (
            f"không được tính cho đến khi thư ký mở khóa (đơn vị đã được duyệt ở phiên bản "
            f"{latest_ok.version})"
        )
    return f"không được tính: đã có phiên bản {latest_ok.version} mới hơn" if latest_ok else ""


def versions_of(p: Portal, unit_code: str) -> list[Version]:
    """The unit's history, newest first, with the cell diff to the previous version."""
    records = visible_to_unit(p.store, unit_code)
    notes = p.store.upload_notes([r.submission_id for r in records])
    latest_ok = next((r for r in records if r.counting), None)
    mark = p.store.marks().get(unit_code)
    locked = mark is not None and mark.locked
    diffs: dict[int, list[CellDiff]] = {}
    numbered = [r for r in records if r.version is not None]
    for old, new in itertools.pairwise(numbered):
        assert old.version is not None and new.version is not None
        diffs[new.submission_id] = p.store.diff(unit_code, old.version, new.version)
    out = []
    for r in records:
        d = diffs.get(r.submission_id, [])
        text = describe_diff(d) if r.submission_id in diffs else ""
        out.append(Version(r, notes.get(r.submission_id), _why(r, latest_ok, locked), d[:50], text))
    # newest first; ids break ties (received_at is kept to the second)
    return sorted(out, key=lambda v: (v.record.received_at, v.record.submission_id), reverse=True)


async def submission_page(request: Request) -> Response:
    """The findings of one stored file: verdict, the table by sheet, downloads, justifications."""
    p = portal(request)
    principal = need(request, *_ANYONE)
    record = scoped_record(p, principal, _sid(request))
    note = p.store.upload_notes([record.submission_id]).get(record.submission_id)
    counting = counts(p.store, record)
    unit = p.review.unit_by_code.get(record.unit_code or "")
    findings = stored_findings(p.store, record.submission_id)
    return page(
        request,
        "submission.html",
        principal=principal,
        record=record,
        unit=unit,
        note=note,
        counting=counting,
        groups=rows_of(p.store, record, findings),
        unchecked=any(f.code in CHECK_FAILURES for f in findings),
        can_justify=counting and principal.role is Role.UNIT,
        covers=_covers(p, record),
        can_attach=record.unit_code is not None and principal.can_write,
        max_text=MAX_TEXT,
        error=request.query_params.get("loi", "")[:200],
        saved=request.query_params.get("da-luu") == "1",
    )


async def submit_justification(request: Request) -> Response:
    """Keep the unit's explanation of one warning; back to the findings page."""
    p = portal(request)
    principal = need(request, Role.UNIT, write=True)
    form = await request.form(max_files=0, max_fields=10, max_part_size=16 * 1024)
    j = save_justification(p, principal, _sid(request), str(form.get("khoa", "")),
                           str(form.get("giai_trinh", "")), address(request))  # fmt: skip
    return redirect(f"/ban-nop/{j.submission_id}#giai-trinh")


def save_justification(
    p: Portal, principal: Principal, submission_id: int, key: str, text: str, addr: str
) -> Justification:
    """``store.justify`` on a file in the principal's scope (404 otherwise), and its audit line.

    Also used to save a text carried through signing in again after the session ended.
    """
    record = scoped_record(p, principal, submission_id)
    try:
        j = p.store.justify(p.review, record.submission_id, key, text, author=principal.name,
                            unit_code=principal.unit_code)  # fmt: skip
    except StoreError as exc:
        raise HTTPException(400, exc.message) from exc
    p.store.audit(principal.name, "justification-written", unit_code=j.unit_code,
                  object_id=j.submission_id, address=addr, finding=j.code,
                  cell=j.location.describe())  # fmt: skip
    return j


def _covers(p: Portal, record: SubmissionRecord) -> list[CoverRecord]:
    if record.unit_code is None:
        return []
    return [c for c in ReviewFlow(p.store).covers(record.unit_code)
            if c.submission_id == record.submission_id]  # fmt: skip


def _stem(p: Portal, record: SubmissionRecord) -> str:
    unit = record.unit_code or "khong-xac-dinh"
    version = f"phien-ban-{record.version}" if record.version else f"tep-{record.submission_id}"
    return f"{p.review.id}-{unit}-{version}"


async def original_file(request: Request) -> Response:
    """The file exactly as it was received (always as an attachment)."""
    p = portal(request)
    principal = need(request, *_ANYONE)
    record = scoped_record(p, principal, _sid(request))
    try:  # local folder or S3; a kept file of any size is streamed, never read whole
        chunks = p.store.stream_file(record)
    except StoreError as exc:
        raise HTTPException(503, exc.message) from exc
    p.store.audit(principal.name, "file-downloaded", unit_code=record.unit_code,
                  object_id=record.submission_id, sha256=record.sha256, address=address(request))  # fmt: skip
    return stream_download(chunks, record.file_name, record.size)


def _annotated(p: Portal, record: SubmissionRecord) -> tuple[Path | None, Path]:
    """The annotated copy and its page, written once into outputs/<review>/portal/."""
    out = p.project.outputs / p.review.id / "portal" / "danh-dau" / str(record.submission_id)
    stem = _stem(p, record)
    xlsx, html = out / f"{stem}-kiem-tra.xlsx", out / f"{stem}-kiem-tra.html"
    if html.exists():
        return (xlsx if xlsx.exists() else None), html
    stored = p.store.submission(record.submission_id)  # the stored findings, incl. the store's
    if any(f.code in CHECK_FAILURES for f in stored.findings):
        # The pool could not check it; reading it here would put the web process at risk.
        raise HTTPException(404, "Tệp này chưa kiểm tra được nên chưa có bản đánh dấu lỗi.")
    local = p.store.archive.local_path(record.stored_key)
    if local is not None:  # read bounded from disk: a 2 GB file is hashed, not loaded
        checked = inspect_file(p.review, local)
    elif record.size <= MAX_FILE_BYTES:
        checked = inspect_file(p.review, Path(record.file_name), data=p.store.read_file(record))
    else:  # too big to read on S3: the stored findings (file-too-large) below are what shows
        checked = inspect_file(p.review, Path(record.file_name), data=b"")
    sub = dataclasses.replace(checked.submission, findings=stored.findings,
                              unit_code=stored.unit_code, file_name=record.file_name)  # fmt: skip
    copy = annotate(p.review, dataclasses.replace(checked, submission=sub), out, stem=stem)
    return copy.xlsx_path, copy.html_path


async def annotated_xlsx(request: Request) -> Response:
    """The unit's values in a fresh workbook, each finding marked at its cell."""
    p = portal(request)
    principal = need(request, *_ANYONE)
    record = scoped_record(p, principal, _sid(request))
    xlsx, _html = _annotated(p, record)
    if xlsx is None:
        raise HTTPException(404, "Tệp này không xác định được đơn vị nên không có bản đánh dấu.")
    p.store.audit(principal.name, "annotated-downloaded", unit_code=record.unit_code,
                  object_id=record.submission_id, address=address(request))  # fmt: skip
    return download(xlsx.read_bytes(), xlsx.name)


async def annotated_html(request: Request) -> Response:
    """The findings as a standalone page, to keep or print."""
    p = portal(request)
    principal = need(request, *_ANYONE)
    record = scoped_record(p, principal, _sid(request))
    _xlsx, html = _annotated(p, record)
    return download(html.read_bytes(), html.name)


def value_text(value: object) -> str:
    """A diff value as users read it (exported for the templates)."""
    return format_value(value)  # type: ignore[arg-type]
