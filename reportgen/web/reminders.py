"""E-mail reminders from the portal: the plan first (who, why, which address), then the sending.

The plan and the sending are :func:`reportgen.jobs.reminders.remind` (the same as ``reportgen
jobs remind [--send]``); which units are reminded is
:func:`reportgen.store.board.reminder_reason`, the rule the .xlsx list uses too. Each sent (or
failed) reminder is one audit line carrying the batch it belongs to, so the results page after
POST → 303 → GET is read back from the audit log, not from memory.
"""

from __future__ import annotations

import datetime as dt
import secrets

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from reportgen.errors import StoreError
from reportgen.jobs.reminders import SmtpConfig, remind
from reportgen.store import AuditEntry, Role
from reportgen.web.base import address, need, page, portal, redirect

__all__ = ["reminder_page", "send_reminders"]

_ACTION = "reminder-emailed"


def _config() -> tuple[SmtpConfig | None, str]:
    try:
        return SmtpConfig.from_env(), ""
    except StoreError as exc:
        return None, exc.message


def _batch(entries: list[AuditEntry], batch: str) -> list[AuditEntry]:
    if not batch and entries:
        batch = str(entries[0].detail.get("batch", ""))
    return sorted(
        (e for e in entries if e.detail.get("batch") == batch), key=lambda e: e.unit_code or ""
    )


async def reminder_page(request: Request) -> Response:
    """Who would be reminded, why and at which address; the results of the last sending."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT)
    config, problem = _config()
    plan = await run_in_threadpool(remind, p.store, p.review, None)
    sent = _batch(
        p.store.audit_log(action=_ACTION, limit=5000), request.query_params.get("lan", "")[:40]
    )
    return page(request, "reminders.html", principal=principal, plan=[r.mail for r in plan],
                config=config, problem=problem, sent=sent,
                addressed=sum(1 for r in plan if r.mail.address))  # fmt: skip


async def send_reminders(request: Request) -> Response:
    """Send the planned reminders through the configured SMTP server; then show the results."""
    p = portal(request)
    principal = need(request, Role.SECRETARIAT, write=True)
    await request.form(max_files=0, max_fields=5, max_part_size=1024)
    config, problem = _config()
    if config is None:
        raise HTTPException(400, problem)
    try:
        results = await run_in_threadpool(remind, p.store, p.review, config)
    except StoreError as exc:
        raise HTTPException(503, exc.message) from exc
    batch = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S") + "-" + secrets.token_hex(3)
    for r in results:
        p.store.audit(principal.name, _ACTION, unit_code=r.mail.unit_code,
                      outcome="sent" if r.sent else "not-sent", address=address(request),
                      batch=batch, address_to=r.mail.address or "", reason=r.mail.reason,
                      error=r.error or "")  # fmt: skip
    return redirect(f"/thu-ky/nhac-nop?lan={batch}")
