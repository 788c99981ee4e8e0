"""The state of checking one workbook: what was read where, shared by validate and the rules.

:class:`Context` starts with the review, unit, layout and raw workbook; the structure rules
fill in how to read the file (rows found by code, list columns found by title, missing
sheets), then :mod:`reportgen.intake.validate` fills in every :class:`ReadCell`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from reportgen.blank.layout import CellKind, InputCell, WorkbookLayout
from reportgen.definition.model import Indicator, Review, Unit, ValueType
from reportgen.findings import Location
from reportgen.intake.read import RawWorkbook
from reportgen.numbers import format_number, format_percent

__all__ = ["BlankContent", "Context", "ReadCell", "show", "split_cell", "year_letter"]

_CELL = re.compile(r"([A-Z]+)(\d+)")


@dataclass(frozen=True, slots=True)
class BlankContent:
    """The non-empty cells of the unit's blank workbook, per sheet (what is *ours*)."""

    sheets: Mapping[str, frozenset[str]]


@dataclass(slots=True)
class ReadCell:
    """One input cell as found in the file."""

    spec: InputCell
    address: str  # where it is in the submitted file (rows may have moved)
    raw: object  # as read; None when empty
    value: object = None  # typed; None when empty or unreadable
    bad: bool = False  # unreadable (parse error, formula without value): no further checks

    @property
    def empty(self) -> bool:
        """Nothing typed (blank text counts as nothing)."""
        return self.raw is None or (isinstance(self.raw, str) and not self.raw.strip())

    def where(self) -> Location:
        """The finding location of this cell, at its place in the submitted file."""
        s = self.spec
        return Location(sheet=s.sheet, cell=self.address, indicator=s.indicator, year=s.year,
                        section=s.section, list=s.list, column=s.column, field=s.field,
                        row=split_cell(self.address)[1] if s.kind is CellKind.LIST else None)  # fmt: skip


@dataclass(slots=True)
class Context:
    """Everything the rules know about one workbook; filled in as the checks go."""

    review: Review
    unit: Unit
    layout: WorkbookLayout
    raw: RawWorkbook
    blank: BlankContent | None = None
    missing_sheets: set[str] = field(default_factory=set)
    indicator_rows: dict[str, int] = field(default_factory=dict)  # code → row in the file
    rows_moved: bool = False
    year_letters: dict[int, str] = field(default_factory=dict)  # year → column, when moved
    absent_years: set[int] = field(default_factory=set)  # year columns not found: not read
    absent_indicators: set[str] = field(default_factory=set)
    list_columns: dict[str, dict[str, str]] = field(default_factory=dict)  # list → column → letter
    indicators: dict[tuple[str, int], ReadCell] = field(default_factory=dict)
    sections: dict[str, ReadCell] = field(default_factory=dict)
    reporter: dict[str, ReadCell] = field(default_factory=dict)
    list_rows: dict[str, list[tuple[int, dict[str, ReadCell]]]] = field(default_factory=dict)


def year_letter(ctx: Context, year: int, blank_letter: str) -> str:
    """The column of ``year`` on the indicators sheet of the file (columns may have moved)."""
    return ctx.year_letters.get(year, blank_letter)


@cache  # a review's few hundred addresses, asked for on every file and by every rule
def split_cell(address: str) -> tuple[str, int]:
    """``"F12"`` → ``("F", 12)``."""
    m = _CELL.fullmatch(address)
    if m is None:
        return address, 0
    return m.group(1), int(m.group(2))


def show(value: object, ind: Indicator | None = None) -> str:
    """A value as users read it: ``1.234,5``, ``95,2%``, ``Có``."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float):
        if ind is not None and ind.type in (ValueType.PERCENT, ValueType.RATIO):
            return format_percent(value, 2)
        return format_number(value)
    return "" if value is None else str(value)
