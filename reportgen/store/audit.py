"""The append-only audit log, and who sent each file through the portal (and by which channel).

Nothing here updates or deletes a row of ``audit_log``: the store only appends. A production
database can enforce it by granting the application role INSERT and SELECT only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reportgen.definition.model import Review
from reportgen.store.portal_tables import AuditRow, UploadRow

__all__ = ["ACTIONS", "CHANNELS", "DETAILS", "OUTCOMES", "AuditEntry", "AuditMixin", "UploadNote"]

# action → Vietnamese label (the audit page and its export show the label).
ACTIONS: dict[str, str] = {
    "login-ok": "đăng nhập",
    "login-failed": "đăng nhập sai",
    "login-throttled": "đăng nhập bị chặn tạm thời",
    "logout": "đăng xuất",
    "password-set": "đặt mật khẩu",
    "blank-downloaded": "tải biểu mẫu trống",
    "file-uploaded": "gửi tệp",
    "file-downloaded": "tải lại tệp đã gửi",
    "annotated-downloaded": "tải bản đánh dấu",
    "justification-written": "viết giải trình",
    "output-downloaded": "tải tệp tổng hợp/báo cáo",
    "reminders-exported": "xuất danh sách nhắc nộp",
    "audit-exported": "xuất nhật ký",
    "codes-issued": "cấp mã truy cập",
    "unit-revoked": "thu hồi quyền truy cập",
    "staff-added": "tạo tài khoản cán bộ",
    "job-started": "bắt đầu công việc (tổng hợp / xuất báo cáo)",
    "live-draft-changed": "bật/tắt bản dự thảo tự động",
    "unit-accepted": "duyệt bản nộp",
    "unit-returned": "yêu cầu bổ sung",
    "unit-unlocked": "mở khóa đơn vị",
    "cover-attached": "đính kèm công văn",
    "cover-downloaded": "tải công văn",
    "reminder-emailed": "gửi thư nhắc nộp",
    "definition-downloaded": "tải bảng định nghĩa",
    "definition-uploaded": "tải lên bảng định nghĩa",
    "definition-applied": "áp dụng định nghĩa mới",
}

# outcome → Vietnamese (file verdicts, sign-in refusals)
OUTCOMES: dict[str, str] = {
    "accepted": "hợp lệ",
    "accepted_with_warnings": "hợp lệ có cảnh báo",
    "rejected": "không hợp lệ",
    "duplicate": "trùng tệp đã nhận",
    "refused": "bị từ chối",
    "sent": "đã gửi",
    "not-sent": "chưa gửi được",
}

# detail key → Vietnamese
DETAILS: dict[str, str] = {
    "file_name": "tên tệp",
    "channel": "kênh",
    "finding": "mã phát hiện",
    "cell": "ô",
    "units": "đơn vị",
    "accounts": "số tài khoản",
    "account": "tài khoản",
    "role": "vai trò",
    "kind": "loại công việc",
    "live": "bản dự thảo tự động",
    "note": "ghi chú",
    "address_to": "địa chỉ nhận",
    "reason": "lý do nhắc",
    "error": "lỗi",
    "batch": "lần gửi",
    "backup": "bản cũ lưu tại",
    "version": "phiên bản",
}

# How a file reached the secretariat when it uploads on a unit's behalf.
CHANNELS: dict[str, str] = {
    "email": "thư điện tử",
    "eoffice": "E-Office",
    "paper": "văn bản giấy / USB",
    "other": "khác",
}


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit log."""

    at: dt.datetime
    actor: str
    action: str
    unit_code: str | None = None
    object_id: str | None = None
    sha256: str | None = None
    outcome: str = ""
    address: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The action in Vietnamese."""
        return ACTIONS.get(self.action, self.action)

    @property
    def outcome_label(self) -> str:
        """The outcome in Vietnamese."""
        return OUTCOMES.get(self.outcome, self.outcome)

    def details(self) -> list[tuple[str, str]]:
        """(Vietnamese key, value) of the details that are set."""
        return [(DETAILS.get(k, k), v) for k, v in sorted(self.detail.items()) if v]


@dataclass(frozen=True, slots=True)
class UploadNote:
    """Who sent a file through the portal; ``channel`` set when the secretariat sent it for a unit."""

    submission_id: int
    account: str
    for_unit: str | None
    channel: str
    note: str
    at: dt.datetime

    @property
    def channel_label(self) -> str:
        """``thư điện tử``, ``E-Office``…; empty when the unit uploaded it itself."""
        return CHANNELS.get(self.channel, self.channel)


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        row.at,
        row.actor,
        row.action,
        row.unit_code,
        row.object_id,
        row.sha256,
        row.outcome,
        row.address,
        dict(row.detail or {}),
    )


class AuditMixin:
    """Audit log and upload notes of one review (mixed into Store)."""

    engine: Engine
    review: Review

    def audit(
        self,
        actor: str,
        action: str,
        *,
        unit_code: str | None = None,
        object_id: str | int | None = None,
        sha256: str | None = None,
        outcome: str = "",
        address: str = "",
        **detail: Any,
    ) -> None:
        """Append one line to the audit log (never a password or an access code)."""
        row = self._audit_row(actor, action, unit_code=unit_code, object_id=object_id,
                              sha256=sha256, outcome=outcome, address=address, **detail)  # fmt: skip
        with Session(self.engine) as session, session.begin():
            session.add(row)

    def _audit_row(
        self,
        actor: str,
        action: str,
        *,
        unit_code: str | None = None,
        object_id: str | int | None = None,
        sha256: str | None = None,
        outcome: str = "",
        address: str = "",
        **detail: Any,
    ) -> AuditRow:
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        return AuditRow(
            review_id=self.review.id,
            at=dt.datetime.now(dt.UTC),
            actor=actor[:100],
            action=action,
            unit_code=unit_code,
            object_id=None if object_id is None else str(object_id),
            sha256=sha256,
            outcome=outcome[:50],
            address=address[:100],
            detail={k: str(v)[:500] for k, v in detail.items()},
        )

    def audit_log(
        self,
        *,
        limit: int | None = None,
        unit_code: str | None = None,
        action: str | None = None,
    ) -> list[AuditEntry]:
        """The newest lines first (all of them without ``limit``; of one ``action`` if given)."""
        query = select(AuditRow).where(AuditRow.review_id == self.review.id)
        if unit_code is not None:
            query = query.where(AuditRow.unit_code == unit_code)
        if action is not None:
            query = query.where(AuditRow.action == action)
        query = query.order_by(AuditRow.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with Session(self.engine) as session, session.begin():
            return [_entry(r) for r in session.scalars(query)]

    def record_upload(
        self,
        submission_id: int,
        account: str,
        *,
        for_unit: str | None = None,
        channel: str = "",
        note: str = "",
        audit: dict[str, Any] | None = None,
    ) -> None:
        """Remember who sent a stored file (the first sender of the same bytes is kept).

        ``audit``: the keyword arguments of :meth:`audit` for the line saying so, written in
        the same transaction (one commit, one fsync, per upload instead of two).
        """
        if channel and channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        line = self._audit_row(**audit) if audit is not None else None
        with Session(self.engine) as session, session.begin():
            if line is not None:
                session.add(line)
            if session.get(UploadRow, submission_id) is None:
                session.add(
                    UploadRow(
                        submission_id=submission_id,
                        account=account[:100],
                        for_unit=for_unit,
                        channel=channel,
                        note=note.strip()[:500],
                        at=dt.datetime.now(dt.UTC),
                    )
                )

    def sent_for(self, unit_code: str) -> list[int]:
        """Stored files sent through the portal for ``unit_code`` (whatever unit they name)."""
        with Session(self.engine) as session, session.begin():
            return list(
                session.scalars(
                    select(UploadRow.submission_id).where(UploadRow.for_unit == unit_code)
                )
            )

    def upload_notes(self, submission_ids: list[int]) -> dict[int, UploadNote]:
        """Upload notes of the given stored files (files sent with the CLI have none)."""
        if not submission_ids:
            return {}
        with Session(self.engine) as session, session.begin():
            rows = session.scalars(
                select(UploadRow).where(UploadRow.submission_id.in_(submission_ids))
            )
            return {
                r.submission_id: UploadNote(
                    r.submission_id, r.account, r.for_unit, r.channel, r.note, r.at
                )
                for r in rows
            }
