"""What consolidation hands to rendering: a Dataset with aggregates and provenance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from reportgen.definition.model import Review
from reportgen.findings import Location
from reportgen.intake.model import Value
from reportgen.store.status import UnitStatus

__all__ = [
    "Aggregate",
    "DataPoint",
    "Dataset",
    "JustificationNote",
    "ListEntry",
    "NarrativeExcerpt",
]

ALL = "all"  # scope of a city-wide aggregate; other scopes are unit kinds


@dataclass(frozen=True, slots=True)
class DataPoint:
    """One unit × indicator × year value, with where it came from."""

    unit_code: str
    indicator: str
    year: int
    value: float | int | bool | str | None
    submission_id: int
    file_hash: str
    cell: str = ""


@dataclass(frozen=True, slots=True)
class Aggregate:
    """An indicator combined over units for one year and scope (``all`` or a unit kind)."""

    indicator: str
    year: int
    scope: str
    value: float | int | None
    units_reported: int
    units_expected: int
    numerator: float | None = None
    denominator: float | None = None
    units_meeting_target: int | None = None


@dataclass(frozen=True, slots=True)
class NarrativeExcerpt:
    """A unit's text for a section."""

    section: str
    unit_code: str
    text: str


@dataclass(frozen=True, slots=True)
class ListEntry:
    """A list-table row with the unit it came from."""

    list: str
    unit_code: str
    row: int
    values: Mapping[str, Value] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class JustificationNote:
    """A unit's justification ("Giải trình") of one warning of its counting version."""

    unit_code: str
    version: int
    submission_id: int
    code: str  # the finding's code
    location: Location  # sheet!cell, and indicator and year where the warning has them
    message: str  # the finding's Vietnamese message
    cell_text: str | None  # the finding's value: what the cell held, as the unit typed it
    text: str
    author: str
    written_at: dt.datetime  # UTC


@dataclass(frozen=True)
class Dataset:
    """Everything the report needs, derived from the counting submission of every unit."""

    review: Review
    statuses: tuple[UnitStatus, ...]
    points: tuple[DataPoint, ...]
    aggregates: tuple[Aggregate, ...]
    narratives: tuple[NarrativeExcerpt, ...] = ()
    entries: tuple[ListEntry, ...] = ()
    generated_at: dt.datetime | None = None
    submitted_units: tuple[str, ...] = ()  # units with a counting submission, in review order
    justifications: tuple[JustificationNote, ...] = ()  # review order, then finding order

    def has_submitted(self, unit_code: str) -> bool:
        """Whether ``unit_code`` has a counting submission (else it is "chưa nộp", never 0)."""
        return unit_code in self.submitted_units

    def aggregate(self, indicator: str, year: int, scope: str = ALL) -> Aggregate | None:
        """The aggregate of ``indicator`` for ``year`` and ``scope``, if any."""
        return self._aggregates.get((indicator, year, scope))

    def value(self, unit_code: str, indicator: str, year: int) -> float | int | bool | str | None:
        """A unit's value (ratio indicators included, computed from their parts)."""
        point = self._points.get((unit_code, indicator, year))
        return None if point is None else point.value

    @property
    def _aggregates(self) -> Mapping[tuple[str, int, str], Aggregate]:
        cache = self.__dict__.get("_agg_index")
        if cache is None:
            cache = MappingProxyType({(a.indicator, a.year, a.scope): a for a in self.aggregates})
            self.__dict__["_agg_index"] = cache
        return cache

    @property
    def _points(self) -> Mapping[tuple[str, str, int], DataPoint]:
        cache = self.__dict__.get("_point_index")
        if cache is None:
            cache = MappingProxyType({(p.unit_code, p.indicator, p.year): p for p in self.points})
            self.__dict__["_point_index"] = cache
        return cache
