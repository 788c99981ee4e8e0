"""Where each unit stands: the store's knowledge of who sent what, when, and which version counts.

Consolidation and rendering read these; they live here because the store computes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["UnitState", "UnitStatus"]


class UnitState(StrEnum):
    """Where a unit stands for the review."""

    MISSING = "missing"  # chưa nộp
    REJECTED = "rejected"  # không hợp lệ (only rejected files so far)
    ON_TIME = "on_time"  # đã nộp
    LATE = "late"  # nộp muộn

    @property
    def label(self) -> str:
        """Vietnamese label."""
        return {
            "missing": "chưa nộp",
            "rejected": "không hợp lệ",
            "on_time": "đã nộp",
            "late": "nộp muộn",
        }[self.value]


@dataclass(frozen=True, slots=True)
class UnitStatus:
    """One line of the status board."""

    unit_code: str
    state: UnitState
    version: int | None = None  # counting version (latest acceptable), else latest
    versions: int = 0
    received_at: dt.datetime | None = None
    errors: int = 0
    warnings: int = 0
    submission_id: int | None = None
    file_hash: str | None = None
    # The review workflow (store/flow_tables.py): "accepted" (đã duyệt, locked on the counting
    # version), "returned" (yêu cầu bổ sung, until a newer version arrives), or None.
    mark: str | None = None
    mark_note: str = ""  # the secretariat's comment the unit sees
    held: int = 0  # versions received after the lock: kept, not counted until unlocked
    covers: int = 0  # cover documents attached to the counting version

    @property
    def mark_label(self) -> str:
        """``đã duyệt`` / ``yêu cầu bổ sung`` / empty."""
        return {"accepted": "đã duyệt", "returned": "yêu cầu bổ sung"}.get(self.mark or "", "")
