"""Assigning an unidentified file to a unit: the secretariat's decision, recorded, never overwriting.

A file whose unit could not be read (too large, a zip bomb, corrupt, an unknown unit code) is
kept in ``_khong-xac-dinh/`` with a row whose unit is empty. When the secretariat knows whose
it is, :func:`assign` re-checks the same stored file and records the result as that unit's
next version: a new row pointing to the same file, with ``assigned_from`` set to the original
row, who decided and why. The original row stays as it was. A file whose workbook still names
no unit (intake cannot be told which unit to read it as) is recorded for the unit with the
findings it has, so the unit shows "không hợp lệ" with the reason instead of "chưa nộp".
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from reportgen.errors import StoreError
from reportgen.findings import Location, Verdict
from reportgen.messages import make_finding
from reportgen.store.db import lock_unit
from reportgen.store.ledger import Store, db_reason
from reportgen.store.receive import submission_of
from reportgen.store.records import SubmitResult
from reportgen.store.recovery import read_stored

__all__ = ["assign"]


def assign(
    store: Store, submission_id: int, unit_code: str, *, by: str, note: str = ""
) -> SubmitResult:
    """Record the unidentified file ``submission_id`` as the next version of ``unit_code``."""
    if unit_code not in store.review.unit_by_code:
        raise StoreError(f"Không có đơn vị mã '{unit_code}' trong đợt báo cáo.")
    if not by.strip():
        raise StoreError("Hãy cho biết ai quyết định gán tệp (tên người hoặc bộ phận).")
    original = store.record(submission_id)
    if original.unit_code is not None:
        raise StoreError(
            f"Bản nộp số {submission_id} đã thuộc đơn vị {original.unit_code}; chỉ gán được tệp "
            "chưa xác định được đơn vị."
        )
    relative = original.stored_key
    try:
        staged = read_stored(store.archive, relative)
    except OSError as exc:
        raise StoreError(f"Không đọc được tệp đã lưu {relative}: {exc.strerror or exc}") from exc
    checked = submission_of(store.review, original.file_name, staged)
    if checked.sha256 != original.sha256:
        raise StoreError(f"Tệp đã lưu {relative} không còn khớp mã băm đã ghi; không gán.")
    shown_note = f" ({note.strip()})" if note.strip() else ""
    mark = make_finding(
        "assigned-to-unit",
        Location(file=original.file_name),
        note=shown_note,
        note_en=shown_note,
        original=submission_id,
        by=by.strip(),
    )
    submission = replace(checked, unit_code=unit_code, findings=(*checked.findings, mark))
    try:
        with Session(store.engine) as session, session.begin():
            lock_unit(session, store.review.id, unit_code)
            row, own = store.insert(
                session,
                submission,
                original.received_at,
                relative,
                assigned_from=submission_id,
                assigned_by=by.strip(),
                note=note.strip() or None,
            )
            result = SubmitResult(
                row.id, row.version, row.late, False, original.stored_path, Verdict(row.verdict),
                0, (*own, mark), relative, original.location,
            )  # fmt: skip
    except IntegrityError as exc:
        raise StoreError(f"Bản nộp số {submission_id} đã được gán cho một đơn vị rồi.") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"Không ghi được việc gán tệp vào kho: {db_reason(exc)}") from exc
    return result
