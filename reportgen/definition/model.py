"""The typed review definition: Review, Unit, Indicator, Section, ListTable and their parts.

These are frozen pydantic models. They are built only by :func:`reportgen.definition.load_review`
(which adds line numbers to every problem) and handed, unchanged, to every later stage.
Percent values (ranges, targets) are percentage points: ``95`` means 95%.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cached_property
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from reportgen.definition import limits as lim
from reportgen.definition.kinds import (
    Aggregation,
    Better,
    ColumnType,
    DocStyle,
    ReviewKind,
    RuleOp,
    ValueType,
    YearsAsked,
)
from reportgen.definition.slots import NUMBER_SLOTS, RULE_SLOTS, slot_check

__all__ = [
    "Aggregation", "Area", "Better", "Column", "ColumnType", "Contact", "DocStyle", "Indicator",
    "Issuer", "ListTable", "Period", "Review", "ReviewKind", "Rule", "RuleOp", "Section",
    "Signer", "Subject", "Target", "Unit", "ValueType", "YearsAsked",
]  # fmt: skip


class _Frozen(BaseModel):
    # No NaN or infinity anywhere: `min: .nan` would pass every comparison and crash `blank`.
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )


# Excel keeps 15 significant digits; a bound or target beyond that is a typo, not a figure.
_Number = Annotated[float, Field(ge=-lim.MAX_NUMBER, le=lim.MAX_NUMBER)]
_Code = Annotated[str, Field(min_length=1, max_length=lim.MAX_CODE, pattern=r"^[A-Za-z0-9_.-]+$")]


class Subject(_Frozen):
    """The resolution or plan under review (e.g. Nghị quyết 11-NQ/TU)."""

    kind: str = Field(description="Nghị quyết, Kế hoạch, Chỉ thị…")
    number: str = Field(description="Số, ký hiệu, e.g. 11-NQ/TU")
    date: dt.date
    issuer: str = Field(description="Cơ quan ban hành, e.g. Thành ủy Hà Nội")
    title: str = Field(description="Trích yếu, starting with 'về …'")


class Period(_Frozen):
    """Years covered by the review, inclusive."""

    first_year: int = Field(ge=1990, le=2100)
    last_year: int = Field(ge=1990, le=2100)

    @property
    def years(self) -> tuple[int, ...]:
        """Every year of the period, in order."""
        return tuple(range(self.first_year, self.last_year + 1))


class Signer(_Frozen):
    """Signature block: T/M … / chức vụ / họ tên."""

    authority: str = Field(default="", description="T/M BAN THƯỜNG VỤ, TM. ỦY BAN NHÂN DÂN…")
    position: str
    name: str


class Contact(_Frozen):
    """Who units contact with questions."""

    name: str
    phone: str = ""
    email: str = ""


class Issuer(_Frozen):
    """The body issuing the consolidated report, and how its documents look."""

    name: str = Field(description="e.g. Thành ủy Hà Nội")
    superior: str | None = Field(default=None, description="Cơ quan cấp trên, if shown")
    # Explicit header lines, for names the default line-breaking rules split badly.
    name_lines: tuple[str, ...] = Field(
        default=(),
        description="Tên cơ quan ban hành theo từng dòng ở tiêu đề, e.g. [ỦY BAN NHÂN DÂN, THÀNH PHỐ HÀ NỘI]",
    )
    superior_lines: tuple[str, ...] = Field(
        default=(), description="Tên cơ quan cấp trên theo từng dòng ở tiêu đề"
    )
    place: str = Field(description="Địa danh, e.g. Hà Nội")
    style: DocStyle
    number_pattern: Annotated[str, AfterValidator(slot_check(NUMBER_SLOTS, NUMBER_SLOTS))] = Field(
        description="e.g. '{number}-BC/TU' or '{number}/BC-UBND'"
    )
    signer: Signer
    recipients: tuple[str, ...] = ()


class Unit(_Frozen):
    """A reporting unit (quận, huyện, sở…). Loaded from ``units.csv``."""

    code: str = Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=1, max_length=lim.MAX_NAME)
    kind: str
    parent: str | None = None
    contact: str | None = None
    deadline: dt.date | None = Field(default=None, description="Overrides the review deadline")


class Target(_Frozen):
    """What the resolution aims for."""

    value: _Number
    year: int = Field(ge=1990, le=2100)
    better: Better = Better.HIGHER
    example: bool = Field(default=False, description="True: a plausible value, not the real one")


class Area(_Frozen):
    """A task area (nhóm nhiệm vụ) that groups indicators."""

    code: _Code
    title: str


class Indicator(_Frozen):
    """One indicator (chỉ tiêu) asked of units."""

    code: str = Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_.-]+$")
    area: str
    name: str
    unit: str = Field(default="", description="Đơn vị tính, e.g. %, tấn/ngày")
    type: ValueType
    years: YearsAsked = YearsAsked.ALL
    kinds: tuple[str, ...] = Field(default=(), description="Unit kinds that answer; empty = all")
    required: bool = True
    min: _Number | None = None
    max: _Number | None = None
    target: Target | None = None
    aggregate: Aggregation = Aggregation.SUM
    numerator: str | None = Field(default=None, description="Ratio: code of the numerator")
    denominator: str | None = Field(default=None, description="Ratio: code of the denominator")
    choices: tuple[str, ...] = ()
    max_length: int | None = Field(default=None, ge=1, le=lim.MAX_TEXT)
    jump_factor: float | None = Field(
        default=None,
        gt=1,
        le=lim.MAX_FACTOR,
        description="Warn when a value changes more than this factor in a year",
    )
    guidance: str = ""
    decimals: int | None = Field(
        default=None,
        ge=0,
        le=4,
        description="Digits after the comma wherever the indicator's figures are shown "
        "(workbook, report text, tables, chart labels); default by type, see display_decimals",
    )

    @property
    def display_decimals(self) -> int:
        """The one display precision of this indicator's figures, units' and aggregates' alike.

        ``decimals`` when the definition gives it; otherwise 0 for whole numbers and yes/no
        counts (a mean of whole numbers too: one precision per indicator), 1 for percents,
        ratios and decimals (µg/m³, triệu đồng, tấn/ngày: the tenths reports print).
        """
        if self.decimals is not None:
            return self.decimals
        if self.type in (ValueType.INTEGER, ValueType.YES_NO):
            return 0
        return 1

    def applies_to(self, kind: str) -> bool:
        """Whether units of ``kind`` must answer this indicator."""
        return not self.kinds or kind in self.kinds

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """(min, max), with 0–100 implied for percents and ratios."""
        lo, hi = self.min, self.max
        if self.type in (ValueType.PERCENT, ValueType.RATIO):
            lo = 0.0 if lo is None else lo
            hi = 100.0 if hi is None else hi
        return lo, hi


class Rule(_Frozen):
    """A cross-field rule between two indicators of one unit and year: ``left op right``."""

    code: _Code
    left: str
    op: RuleOp
    right: str
    message: Annotated[str, AfterValidator(slot_check(RULE_SLOTS))] = Field(
        description="Vietnamese message shown when the rule fails; {left}, {right}, {year}"
    )
    message_en: Annotated[str, AfterValidator(slot_check(RULE_SLOTS))] = ""
    severity: str = Field(default="error", pattern="^(error|warning)$")


class Section(_Frozen):
    """A narrative section every unit writes."""

    code: _Code
    number: str = Field(description="I, II, 1, 2… as printed")
    title: str
    guidance: str = ""
    required: bool = True
    max_length: int = Field(default=8000, ge=1, le=32000)
    area: str | None = Field(
        default=None, description="Task area whose results this section reports"
    )


class Column(_Frozen):
    """A typed column of a list table."""

    code: _Code
    title: str
    type: ColumnType = ColumnType.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = Field(default=None, ge=1, le=lim.MAX_TEXT)
    width: float | None = Field(
        default=None, gt=0, le=lim.MAX_WIDTH, description="Column width in characters"
    )


class ListTable(_Frozen):
    """A list every unit fills (documents issued, projects, inspections…)."""

    code: _Code
    title: str
    sheet: str | None = Field(
        default=None, max_length=31, description="Short sheet name in the workbook"
    )
    guidance: str = ""
    required: bool = False
    max_rows: int = Field(default=50, ge=1, le=1000)
    columns: tuple[Column, ...] = Field(max_length=lim.MAX_COLUMNS)
    unique: tuple[str, ...] = Field(default=(), description="Columns that identify a row")


class Review(_Frozen):
    """A whole review definition, checked and frozen."""

    id: str = Field(min_length=1, max_length=lim.MAX_ID, pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str = Field(
        default="1", max_length=lim.MAX_VERSION, description="Bumped when the definition changes"
    )
    title: str
    kind: ReviewKind
    subject: Subject
    period: Period
    basis: str | None = Field(
        default=None,
        description="The document that ordered this review, cited first in the report: "
        "'Kế hoạch số 170-KH/TU, ngày 15/8/2022 của Ban Thường vụ Thành ủy về …'",
    )
    basis_example: bool = Field(
        default=False,
        description="True: the basis's number and date are examples, to be replaced; a draft "
        "highlights them and a final report leaves the basis out",
    )
    cutoff_date: dt.date
    deadline: dt.date
    report_due: dt.date
    issuer: Issuer
    contact: Contact
    protection_password: str | None = None
    max_year_change_factor: float = Field(default=10.0, gt=1, le=lim.MAX_FACTOR)
    unit_kinds: dict[str, str] = Field(description="kind code → Vietnamese label")
    areas: tuple[Area, ...]
    indicators: tuple[Indicator, ...] = Field(max_length=lim.MAX_INDICATORS)
    rules: tuple[Rule, ...] = Field(default=(), max_length=lim.MAX_RULES)
    sections: tuple[Section, ...] = Field(default=(), max_length=lim.MAX_SECTIONS)
    lists: tuple[ListTable, ...] = Field(default=(), max_length=lim.MAX_LISTS)
    units: tuple[Unit, ...] = Field(default=(), max_length=lim.MAX_UNITS)

    @cached_property
    def indicator_by_code(self) -> dict[str, Indicator]:
        """Indicators keyed by code."""
        return {i.code: i for i in self.indicators}

    @cached_property
    def unit_by_code(self) -> dict[str, Unit]:
        """Units keyed by code."""
        return {u.code: u for u in self.units}

    def indicators_for(self, unit: Unit) -> tuple[Indicator, ...]:
        """The indicators ``unit`` must answer, in definition order."""
        return tuple(i for i in self.indicators if i.applies_to(unit.kind))

    def years_of(self, indicator: Indicator) -> tuple[int, ...]:
        """The years ``indicator`` asks for."""
        if indicator.years is YearsAsked.LAST:
            return (self.period.last_year,)
        return self.period.years

    def deadline_of(self, unit: Unit) -> dt.date:
        """The unit's own deadline, else the review's."""
        return unit.deadline or self.deadline

    def kind_label(self, kind: str) -> str:
        """Vietnamese label of a unit kind."""
        return self.unit_kinds.get(kind, kind)

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of everything that shapes a unit's workbook.

        A returned workbook whose fingerprint differs was made from another version of the
        definition. Names of units and contact details are left out on purpose: fixing a
        typo in a unit's name must not invalidate the workbooks already handed out.
        """
        shape = {
            "id": self.id,
            "period": [self.period.first_year, self.period.last_year],
            "indicators": [
                # Display precision is not part of the shape: changing it keeps the workbooks.
                i.model_dump(mode="json", exclude={"guidance", "target", "decimals"})
                for i in self.indicators
            ],
            "sections": [[s.code, s.max_length, s.required] for s in self.sections],
            "lists": [
                lt.model_dump(mode="json", exclude={"guidance", "title"}) for lt in self.lists
            ],
        }
        blob = json.dumps(shape, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
