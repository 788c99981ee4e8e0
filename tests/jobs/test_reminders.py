"""E-mail reminders, sent to an in-process SMTP server on loopback (never a real address)."""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from reportgen.definition import Review
from reportgen.errors import StoreError
from reportgen.jobs.reminders import SmtpConfig, remind
from reportgen.project import Project
from reportgen.store import open_store
from reportgen.store.review_flow import ReviewFlow
from tests.store.helpers import at, make_submission, workbook_bytes


class _Inbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[_Inbox, SmtpConfig]]:
    """A local SMTP server and the configuration that names it."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    env = {
        "REPORTGEN_SMTP_HOST": "127.0.0.1",
        "REPORTGEN_SMTP_PORT": str(controller.port),
        "REPORTGEN_SMTP_FROM": "van-phong@thanh-uy.test",
        "REPORTGEN_SMTP_SECURITY": "none",
    }
    yield inbox, SmtpConfig.from_env(env)
    controller.stop()


def _subject(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_units_that_owe_a_file_get_one_reminder_each(
    tmp_path: Path, hanoi: Review, smtp: tuple[_Inbox, SmtpConfig]
) -> None:
    inbox, config = smtp
    units = hanoi.units[:4]
    # A review whose first unit has a contact address, with a hostile name (header injection).
    named = units[0].model_copy(
        update={"contact": "ba-dinh@quan.test", "name": "Quận Ba Đình\r\nBcc: x@evil.test"}
    )
    review = hanoi.model_copy(update={"units": (named, *units[1:])})
    with open_store(Project(tmp_path), review) as store:
        for n, unit in enumerate(review.units[1:], start=1):
            data = workbook_bytes(review, unit.code, 0)
            sub = make_submission(review, unit.code, data, rejected=n == 1)
            result = store.submit(sub, data, received_at=at(2))
            if n == 2:
                ReviewFlow(store).return_(
                    unit.code, result.submission_id, "thu-ky", "Bổ sung mục 3"
                )
        results = remind(store, review, config, today=dt.date(2022, 12, 8))

    # 0: missing (address from units.csv); 1: rejected and 2: returned (address from the
    # workbook's reporter block); 3: sent an acceptable file, not reminded.
    assert [(r.mail.unit_code, r.mail.reason, r.sent) for r in results] == [
        (units[0].code, "chưa nộp", True),
        (units[1].code, "không hợp lệ", True),
        (units[2].code, "yêu cầu bổ sung", True),
    ]
    assert len(inbox.messages) == 3
    sender, rcpts, first = inbox.messages[0]
    assert sender == "van-phong@thanh-uy.test" and rcpts == ["ba-dinh@quan.test"]
    assert first["Bcc"] is None  # the CR/LF in the unit name did not become a header
    assert _subject(first).startswith("Nhắc nộp báo cáo (chưa nộp): ")
    body = first.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert "đã quá hạn ngày 05 tháng 12 năm 2022" in body
    assert [m[1] for m in inbox.messages[1:]] == [["an@example.vn"], ["an@example.vn"]]
    returned = inbox.messages[2][2].get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert "Nội dung cần bổ sung: Bổ sung mục 3" in returned


def test_a_unit_without_an_address_is_reported_and_a_missing_configuration_explained(
    tmp_path: Path, hanoi: Review, smtp: tuple[_Inbox, SmtpConfig]
) -> None:
    inbox, config = smtp
    review = hanoi.model_copy(update={"units": hanoi.units[:1]})
    with open_store(Project(tmp_path), review) as store:
        [result] = remind(store, review, config, today=dt.date(2022, 12, 1))
        [preview] = remind(store, review, None, today=dt.date(2022, 12, 1))
    assert not result.sent and result.error == "đơn vị chưa có địa chỉ thư điện tử"
    assert "hạn nộp là ngày 05 tháng 12 năm 2022" in result.mail.body
    assert preview.error == "chưa gửi (chỉ xem trước)"
    assert inbox.messages == []
    down = SmtpConfig("127.0.0.1", "a@b.test", port=_free_port(), security="none", timeout_s=5)
    named = review.units[0].model_copy(update={"contact": "don-vi@quan.test"})
    with (
        open_store(Project(tmp_path), review) as store,
        pytest.raises(StoreError, match=r"Không gửi được thư qua máy chủ 127\.0\.0\.1"),
    ):
        remind(store, review.model_copy(update={"units": (named,)}), down)
    with pytest.raises(StoreError, match="Chưa cấu hình máy chủ thư"):
        SmtpConfig.from_env({})
    with pytest.raises(StoreError, match="phải là starttls, ssl hoặc none"):
        SmtpConfig.from_env(
            {
                "REPORTGEN_SMTP_HOST": "h",
                "REPORTGEN_SMTP_FROM": "a@b.c",
                "REPORTGEN_SMTP_SECURITY": "x",
            }
        )
