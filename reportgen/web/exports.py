"""Workbooks the portal hands out: the access-code list, the reminder list, the audit log.

Every cell is written as a string or a number, never as a formula: text that starts with
``= + - @`` (unit names, file names, anything a user typed) stays text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from reportgen.definition.model import Review
from reportgen.store import AuditEntry, IssuedCode
from reportgen.store.board import reminder_rows
from reportgen.store.deadline import LOCAL_TZ
from reportgen.store.status import UnitStatus

__all__ = ["audit_xlsx", "distribution_xlsx", "reminders_xlsx"]


def _book(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})  # fmt: skip
    ws = wb.add_worksheet(title[:31])
    bold = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    cell = wb.add_format({"border": 1, "valign": "top", "text_wrap": True})
    for c, name in enumerate(header):
        ws.write_string(0, c, name, bold)
        ws.set_column(c, c, 14 if c == 0 else 28)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(r, c, value, cell)
            else:
                ws.write_string(r, c, "" if value is None else str(value), cell)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
    wb.close()
    return out.getvalue()


def distribution_xlsx(review: Review, issued: Sequence[IssuedCode], url: str) -> bytes:
    """Unit, account, access code, portal address: the list the secretariat sends out."""
    rows = [(i.unit_code, i.unit_name, i.account, i.code, url) for i in issued]
    return _book(
        "Mã truy cập",
        ["Mã đơn vị", "Đơn vị", "Tên đăng nhập", "Mã truy cập (dùng một lần)", "Địa chỉ cổng"],
        rows,
    )


def reminders_xlsx(review: Review, board: Sequence[UnitStatus]) -> bytes:
    """The reminder list as a workbook."""
    return _book(
        "Nhắc nộp",
        ["Mã đơn vị", "Đơn vị", "Tình trạng", "Hạn nộp", "Liên hệ"],
        reminder_rows(review, board),
    )


def audit_xlsx(entries: Sequence[AuditEntry]) -> bytes:
    """The audit log as a workbook (Vietnam time)."""
    rows = [
        (e.at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M:%S"), e.actor, e.label,
         e.unit_code or "", e.object_id or "", e.sha256 or "", e.outcome_label, e.address,
         "; ".join(f"{k}: {v}" for k, v in e.details()))
        for e in entries
    ]  # fmt: skip
    return _book(
        "Nhật ký",
        ["Thời điểm", "Tài khoản", "Hành động", "Đơn vị", "Đối tượng", "SHA-256", "Kết quả",
         "Địa chỉ", "Chi tiết"],
        rows,
    )  # fmt: skip
