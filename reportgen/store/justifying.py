"""Justifying a warning of a unit's counting version without the portal (``reportgen justify``).

A clerk who received a unit's explanation by e-mail or on paper writes it here; it is stored
exactly as the portal stores it (:meth:`Store.justify`) and appended to the audit log with the
``dòng lệnh`` channel. A warning is named by its number in ``reportgen status --unit X``
(1, 2, …) or by its full key (``code|{location}``, as the portal's form sends it).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.definition.model import Review
from reportgen.errors import StoreError
from reportgen.findings import Finding, Severity
from reportgen.store.justifications import Justification, finding_keys
from reportgen.store.ledger import Store
from reportgen.store.status import UnitState

__all__ = ["CHANNEL", "OpenWarning", "counting_warnings", "justify_warning"]

CHANNEL = "dòng lệnh"


@dataclass(frozen=True, slots=True)
class OpenWarning:
    """One warning of a unit's counting version, numbered from 1, with its latest justification."""

    number: int
    key: str
    submission_id: int
    version: int
    finding: Finding
    justification: Justification | None


def counting_warnings(store: Store, review: Review, unit_code: str) -> list[OpenWarning]:
    """Every warning of ``unit_code``'s counting version (empty when nothing counts)."""
    status = next((s for s in store.statuses(review) if s.unit_code == unit_code), None)
    if status is None or status.submission_id is None or status.version is None:
        return []
    if status.state not in (UnitState.ON_TIME, UnitState.LATE):
        return []
    findings = store.submission(status.submission_id).findings
    done = store.warnings_of(status.submission_id, findings)
    latest = {j.finding_key: j for _f, j in done if j is not None}
    out: list[OpenWarning] = []
    for f, key in zip(findings, finding_keys(findings), strict=True):
        if f.severity is Severity.WARNING:
            out.append(
                OpenWarning(
                    len(out) + 1,
                    key,
                    status.submission_id,
                    status.version,
                    f,
                    latest.get(key),
                )
            )
    return out


def justify_warning(
    store: Store, review: Review, unit_code: str, which: str, text: str, *, author: str
) -> Justification:
    """Keep ``text`` as the justification of warning ``which`` (number or key) of the unit."""
    warnings = counting_warnings(store, review, unit_code)
    if not warnings:
        raise StoreError(
            f"Đơn vị {unit_code} không có cảnh báo nào cần giải trình "
            "(chưa có phiên bản được tính, hoặc phiên bản được tính không có cảnh báo)."
        )
    which = which.strip()
    chosen = next((w for w in warnings if which in (str(w.number), w.key)), None)
    if chosen is None:
        raise StoreError(
            f"Không có cảnh báo '{which}' trong phiên bản được tính của đơn vị {unit_code}: "
            f"hãy dùng số thứ tự từ 1 đến {len(warnings)} (xem reportgen status --unit {unit_code})."
        )
    j = store.justify(
        review, chosen.submission_id, chosen.key, text, author=author, unit_code=unit_code
    )
    store.audit(
        author,
        "justification-written",
        unit_code=unit_code,
        object_id=j.submission_id,
        finding=j.code,
        cell=j.location.describe(),
        channel=CHANNEL,
    )
    return j
