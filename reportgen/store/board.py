"""The status board: each unit's state, and completeness and timeliness as DHIS2 reports them.

DHIS2's reporting rate is reports received / reports expected, and its "on time" rate is
reports received by the deadline / reports expected. Here a report counts as received when the
unit sent an acceptable file (a rejected file does not count), so:

* expected  — units in the review;
* received  — units that sent any file, even a rejected one;
* accepted  — units with an acceptable (counting) version: the completeness rate;
* on time   — units that sent an acceptable file by their deadline: the timeliness rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.definition.model import Review
from reportgen.numbers import format_percent
from reportgen.store.records import SubmissionRecord
from reportgen.store.status import UnitState, UnitStatus

__all__ = [
    "BoardSummary",
    "counting_record",
    "next_step",
    "reminder_reason",
    "reminder_rows",
    "summarize",
    "unit_status",
]


def counting_record(
    records: Sequence[SubmissionRecord], locked: int | None = None
) -> SubmissionRecord | None:
    """The latest acceptable version among ``records`` (one unit's), if any.

    ``locked`` is the submission id an accepted (đã duyệt) unit is locked on: it counts, and
    newer versions are kept but do not count until the unit is unlocked.
    """
    if locked is not None:
        pinned = [r for r in records if r.submission_id == locked]
        if pinned:
            return pinned[0]
    acceptable = [r for r in records if r.verdict.acceptable and r.version is not None]
    return max(acceptable, key=lambda r: r.version or 0, default=None)


def reminder_reason(status: UnitStatus) -> str | None:
    """Why ``status``'s unit is reminded (``yêu cầu bổ sung``, ``chưa nộp``, ``không hợp lệ``), or None.

    The one rule behind the reminder list (.xlsx) and the e-mail reminders: a unit is reminded
    while it still owes an acceptable file (nothing sent, only rejected files) or the
    secretariat returned its counting file. A unit that sent an acceptable file, even late,
    owes nothing more and is not reminded.
    """
    if status.mark == "returned":
        return "yêu cầu bổ sung"
    if status.state is UnitState.MISSING:
        return "chưa nộp"
    if status.state is UnitState.REJECTED:
        return "không hợp lệ"
    return None


def reminder_rows(review: Review, statuses: Sequence[UnitStatus]) -> list[tuple[str, ...]]:
    """The reminder list: code, name, reason, deadline (dd/mm/yyyy), contact of each reminded unit."""
    rows: list[tuple[str, ...]] = []
    for s in statuses:
        reason = reminder_reason(s)
        unit = review.unit_by_code.get(s.unit_code)
        if reason is None or unit is None:
            continue
        deadline = review.deadline_of(unit).strftime("%d/%m/%Y")
        rows.append((unit.code, unit.name, reason, deadline, unit.contact or ""))
    return rows


def unit_status(
    unit_code: str, records: Sequence[SubmissionRecord], locked: int | None = None
) -> UnitStatus:
    """The board line of one unit from all its versions (``locked``: see counting_record)."""

    if not records:
        return UnitStatus(unit_code, UnitState.MISSING)
    chosen = counting_record(records, locked)
    if chosen is None:
        chosen = max(records, key=lambda r: r.version or 0)
        state = UnitState.REJECTED
    else:
        # A correction sent after the deadline does not make a unit late if it had already sent
        # an acceptable file in time.
        in_time = any(r.verdict.acceptable and not r.late for r in records)
        state = UnitState.ON_TIME if in_time else UnitState.LATE
    return UnitStatus(
        unit_code=unit_code,
        state=state,
        version=chosen.version,
        versions=len(records),
        received_at=chosen.received_at,
        errors=chosen.errors,
        warnings=chosen.warnings,
        submission_id=chosen.submission_id,
        file_hash=chosen.sha256,
    )


@dataclass(frozen=True, slots=True)
class BoardSummary:
    """Counts of units by state, and the DHIS2 rates (percentage points)."""

    expected: int
    received: int
    accepted: int
    on_time: int
    late: int
    rejected: int
    missing: int

    def rate(self, part: int) -> float:
        """``part`` as percentage points of the expected units."""
        return 100.0 * part / self.expected if self.expected else 0.0

    @property
    def completeness(self) -> float:
        """Accepted / expected, in percentage points."""
        return self.rate(self.accepted)

    @property
    def timeliness(self) -> float:
        """On time / expected, in percentage points."""
        return self.rate(self.on_time)

    def line(self) -> str:
        """``28/36 đơn vị đã nộp, 3 nộp muộn, 5 chưa nộp`` (rejected named when there are any)."""
        text = f"{self.accepted}/{self.expected} đơn vị đã nộp, {self.late} nộp muộn"
        if self.rejected:
            text += f", {self.rejected} không hợp lệ"
        return text + f", {self.missing} chưa nộp"

    def rates(self) -> str:
        """``Đã gửi 33/36 (91,7%); hợp lệ 28/36 (77,8%); đúng hạn 25/36 (69,4%)``."""
        parts = [
            ("Đã gửi", self.received),
            ("hợp lệ (đầy đủ)", self.accepted),
            ("đúng hạn", self.on_time),
        ]
        return "; ".join(
            f"{label} {n}/{self.expected} ({format_percent(self.rate(n))})" for label, n in parts
        )

    def as_json(self) -> dict[str, int | float]:
        """Machine-readable counts and rates."""
        return {
            "expected": self.expected,
            "received": self.received,
            "accepted": self.accepted,
            "on_time": self.on_time,
            "late": self.late,
            "rejected": self.rejected,
            "missing": self.missing,
            "completeness": round(self.completeness, 1),
            "timeliness": round(self.timeliness, 1),
            "received_rate": round(self.rate(self.received), 1),
        }


def summarize(statuses: Sequence[UnitStatus]) -> BoardSummary:
    """Counts and rates of a status board."""

    by_state = {state: sum(1 for s in statuses if s.state is state) for state in UnitState}
    on_time, late = by_state[UnitState.ON_TIME], by_state[UnitState.LATE]
    return BoardSummary(
        expected=len(statuses),
        received=len(statuses) - by_state[UnitState.MISSING],
        accepted=on_time + late,
        on_time=on_time,
        late=late,
        rejected=by_state[UnitState.REJECTED],
        missing=by_state[UnitState.MISSING],
    )


def next_step(status: UnitStatus, unjustified: int) -> str:
    """What the unit should do now, in one Vietnamese sentence."""
    if status.mark == "returned":
        return "Ban thư ký yêu cầu bổ sung (xem nội dung bên dưới): sửa tệp rồi gửi phiên bản mới."
    if status.mark == "accepted":
        return "Ban thư ký đã duyệt bản nộp của đơn vị. Tệp gửi thêm được lưu nhưng không được tính cho đến khi thư ký mở khóa."
    if status.state is UnitState.MISSING:
        return "Tải biểu mẫu của đơn vị, điền số liệu rồi gửi lại tệp tại trang này."
    if status.state is UnitState.REJECTED:
        return "Tệp gửi gần nhất có lỗi nên chưa được tính: xem lỗi, sửa trong tệp rồi gửi lại."
    if unjustified:
        return f"Đã nộp. Còn {unjustified} cảnh báo chưa giải trình: hãy viết giải trình cho từng cảnh báo."
    return "Đã nộp đầy đủ. Nếu cần sửa số liệu, hãy gửi tệp mới; phiên bản hợp lệ mới nhất sẽ được tính."
