"""E-mail reminders to units that have not sent an acceptable file, through a configured SMTP server.

Who is reminded: units still *missing* (chưa nộp), with only *rejected* files (không hợp lệ), or
*returned* (yêu cầu bổ sung, with the secretariat's comment). The address is the unit's
``contact`` in units.csv when it is an e-mail address, else the reporter's e-mail from the
unit's latest workbook. Units without an address are reported, never guessed.

Unit names and comments are hostile text: headers get them without CR/LF (no header
injection), the body is plain text.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from reportgen.definition.model import Review
from reportgen.errors import StoreError
from reportgen.numbers import format_date_long
from reportgen.store import Store
from reportgen.store.board import reminder_reason
from reportgen.store.deadline import LOCAL_TZ
from reportgen.store.status import UnitStatus

__all__ = ["Reminder", "ReminderMail", "SmtpConfig", "plan_reminders", "remind", "send_reminders"]

_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")
_LINE_BREAKS = re.compile(r"[\r\n\x00-\x1f\x7f]+")


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """Where reminders go out: the SMTP server named in the configuration."""

    host: str
    sender: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    security: str = "starttls"  # "starttls", "ssl" or "none" (a relay on the local network)
    timeout_s: float = 30

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpConfig:
        """``REPORTGEN_SMTP_HOST``, ``_PORT``, ``_FROM``, ``_USER``, ``_PASSWORD``, ``_SECURITY``."""
        env = os.environ if env is None else env
        host, sender = env.get("REPORTGEN_SMTP_HOST"), env.get("REPORTGEN_SMTP_FROM")
        if not host or not sender:
            raise StoreError(
                "Chưa cấu hình máy chủ thư: đặt REPORTGEN_SMTP_HOST và REPORTGEN_SMTP_FROM "
                "(và nếu cần REPORTGEN_SMTP_PORT, REPORTGEN_SMTP_USER, REPORTGEN_SMTP_PASSWORD, "
                "REPORTGEN_SMTP_SECURITY=starttls|ssl|none)."
            )
        security = env.get("REPORTGEN_SMTP_SECURITY", "starttls")
        if security not in ("starttls", "ssl", "none"):
            raise StoreError(
                f"REPORTGEN_SMTP_SECURITY phải là starttls, ssl hoặc none (đang là '{security}')."
            )
        port = env.get("REPORTGEN_SMTP_PORT") or ("465" if security == "ssl" else "587")
        if not port.isdigit():
            raise StoreError(f"REPORTGEN_SMTP_PORT phải là một số (đang là '{port}').")
        return cls(
            host=host,
            sender=sender,
            port=int(port),
            username=env.get("REPORTGEN_SMTP_USER") or None,
            password=env.get("REPORTGEN_SMTP_PASSWORD") or None,
            security=security,
        )


@dataclass(frozen=True, slots=True)
class ReminderMail:
    """One reminder to send (or that could not be addressed: ``address`` is None)."""

    unit_code: str
    unit_name: str
    address: str | None
    reason: str  # chưa nộp / không hợp lệ / yêu cầu bổ sung
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class Reminder:
    """What happened to one reminder."""

    mail: ReminderMail
    sent: bool
    error: str | None = None


def _clean(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip()


def plan_reminders(
    review: Review,
    statuses: Sequence[UnitStatus],
    reporter_emails: Mapping[str, str],
    today: dt.date,
) -> list[ReminderMail]:
    """The reminders due for ``statuses`` (one per unit that still owes an acceptable file)."""
    mails = []
    units = {u.code: u for u in review.units}
    for status in statuses:
        reason = reminder_reason(status)
        unit = units.get(status.unit_code)
        if reason is None or unit is None:
            continue
        contact = (unit.contact or "").strip()
        address = contact if _EMAIL.match(contact) else reporter_emails.get(unit.code)
        if address is not None and not _EMAIL.match(address):
            address = None
        deadline = review.deadline_of(unit)
        when = "đã quá hạn" if today > deadline else "hạn nộp là"
        lines = [
            f"Kính gửi: {_clean(unit.name)}",
            "",
            f"Đợt báo cáo: {_clean(review.title)}.",
            f"Tình trạng của đơn vị: {reason}; {when} {format_date_long(deadline)}.",
        ]
        if status.mark == "returned" and status.mark_note:
            lines += ["", f"Nội dung cần bổ sung: {status.mark_note}"]
        lines += [
            "",
            "Đề nghị đơn vị gửi biểu mẫu Excel đã điền qua cổng thông tin hoặc theo hướng dẫn.",
            f"Liên hệ: {_clean(review.contact.name)}"
            + (f", điện thoại {review.contact.phone}" if review.contact.phone else "")
            + (f", thư điện tử {review.contact.email}" if review.contact.email else "")
            + ".",
        ]
        mails.append(
            ReminderMail(
                unit_code=unit.code,
                unit_name=unit.name,
                address=address,
                reason=reason,
                subject=_clean(f"Nhắc nộp báo cáo ({reason}): {review.title} — {unit.name}"),
                body="\n".join(lines) + "\n",
            )
        )
    return mails


def send_reminders(config: SmtpConfig, mails: Sequence[ReminderMail]) -> list[Reminder]:
    """Send every addressed reminder over one SMTP connection; each result says what happened."""
    results: list[Reminder] = []
    addressed = [m for m in mails if m.address]
    results += [
        Reminder(m, False, "đơn vị chưa có địa chỉ thư điện tử") for m in mails if not m.address
    ]
    if not addressed:
        return results
    try:
        with _connect(config) as smtp:
            for mail in addressed:
                try:
                    smtp.send_message(_message(config, mail))
                    results.append(Reminder(mail, True))
                except smtplib.SMTPException as exc:
                    results.append(Reminder(mail, False, f"máy chủ thư từ chối: {exc}"))
    except (OSError, smtplib.SMTPException) as exc:
        raise StoreError(
            f"Không gửi được thư qua máy chủ {config.host}:{config.port}: {exc}"
        ) from exc
    return results


def _connect(config: SmtpConfig) -> smtplib.SMTP:
    if config.security == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            config.host, config.port, timeout=config.timeout_s, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout_s)
        if config.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if config.username:
        smtp.login(config.username, config.password or "")
    return smtp


def _message(config: SmtpConfig, mail: ReminderMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = formataddr((_clean(mail.unit_name), mail.address or ""))
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain=config.sender.rpartition("@")[2] or None)
    message.set_content(mail.body, charset="utf-8")
    return message


def remind(
    store: Store,
    review: Review,
    config: SmtpConfig | None,
    *,
    today: dt.date | None = None,
) -> list[Reminder]:
    """Plan the reminders from the store's board and send them (``config`` None: plan only)."""
    statuses = store.statuses(review)
    emails = {}
    for status in statuses:
        owes = reminder_reason(status) is not None and status.versions
        versions = store.versions(status.unit_code) if owes else []
        if versions:
            latest = store.submission(versions[-1].submission_id)
            if latest.reporter.email:
                emails[status.unit_code] = latest.reporter.email.strip()
    mails = plan_reminders(review, statuses, emails, today or dt.datetime.now(LOCAL_TZ).date())
    if config is None:
        return [Reminder(m, False, "chưa gửi (chỉ xem trước)") for m in mails]
    return send_reminders(config, mails)
