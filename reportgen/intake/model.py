"""What intake hands to the store: a typed Submission with its findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from reportgen.findings import Finding, Verdict, verdict_of

__all__ = ["IndicatorValue", "ListRow", "Reporter", "SectionText", "Submission", "Value"]

Value = float | int | bool | str | dt.date | None


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """A unit's value for one indicator and year (ratio indicators are computed later)."""

    indicator: str
    year: int
    value: float | int | bool | str | None  # percent: percentage points; yes/no: bool
    cell: str  # "Chỉ tiêu!F7"


@dataclass(frozen=True, slots=True)
class SectionText:
    """A unit's text for one narrative section."""

    section: str
    text: str
    cell: str


@dataclass(frozen=True, slots=True)
class ListRow:
    """One filled row of a list table; ``values`` maps column code → typed value."""

    list: str
    row: int  # sheet row number, as the unit sees it
    values: Mapping[str, Value] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Reporter:
    """Who filled the workbook."""

    name: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""
    report_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Submission:
    """One received file, read and checked. ``unit_code`` is None when it cannot be identified."""

    review_id: str
    unit_code: str | None
    file_name: str
    sha256: str
    size: int
    reporter: Reporter = field(default_factory=Reporter)
    values: tuple[IndicatorValue, ...] = ()
    sections: tuple[SectionText, ...] = ()
    rows: tuple[ListRow, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def verdict(self) -> Verdict:
        """Rejected if any finding is an error."""
        return verdict_of(self.findings)
