"""Which input cells of the units' workbooks move between two versions of a definition.

:func:`reportgen.definition.compare.compare_reviews` says *what* changed; this says *where* the
units' blank workbooks change: an indicator inserted between two others pushes every row under it
down, so the same figure is asked in another cell. One layout per unit kind is compared (the
layout depends on the unit only through its kind).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.blank.layout import CellKind, layout_for
from reportgen.definition.model import Review, Unit

__all__ = ["CellMove", "IndicatorMove", "moved_cells", "moves_by_indicator"]


@dataclass(frozen=True, slots=True)
class CellMove:
    """An indicator's input cell for one year, in the old and the new workbook ("" = not asked)."""

    kind: str  # unit kind (its Vietnamese label is review.kind_label(kind))
    indicator: str
    year: int
    old: str  # "Chỉ tiêu!F8"
    new: str


def _cells(review: Review, unit: Unit) -> dict[tuple[str, int], str]:
    return {
        (c.indicator, c.year): f"{c.sheet}!{c.cell}"
        for c in layout_for(review, unit).cells
        if c.kind is CellKind.INDICATOR and c.indicator is not None and c.year is not None
    }


def _one_per_kind(review: Review) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for unit in review.units:
        units.setdefault(unit.kind, unit)
    return units


def moved_cells(old: Review, new: Review) -> tuple[CellMove, ...]:
    """Input cells that moved, appeared or went away, per unit kind present in both versions."""
    before, after = _one_per_kind(old), _one_per_kind(new)
    moves: list[CellMove] = []
    for kind, unit in after.items():
        if kind not in before:
            continue
        a, b = _cells(old, before[kind]), _cells(new, unit)
        for key in [*a, *(k for k in b if k not in a)]:
            if a.get(key) != b.get(key):
                moves.append(CellMove(kind, key[0], key[1], a.get(key, ""), b.get(key, "")))
    return tuple(moves)


@dataclass(frozen=True, slots=True)
class IndicatorMove:
    """The moves of one indicator for one unit kind, as one line: ``F8…K8`` → ``F9…K9``."""

    kind: str
    indicator: str
    years: tuple[int, ...]
    old: str
    new: str


def _span(cells: list[str]) -> str:
    cells = [c for c in cells if c]
    if not cells:
        return ""
    return cells[0] if len(cells) == 1 else f"{cells[0]}…{cells[-1].rpartition('!')[2]}"


def moves_by_indicator(moves: tuple[CellMove, ...]) -> list[IndicatorMove]:
    """:func:`moved_cells` grouped per (unit kind, indicator), in their order."""
    groups: dict[tuple[str, str], list[CellMove]] = {}
    for m in moves:
        groups.setdefault((m.kind, m.indicator), []).append(m)
    return [
        IndicatorMove(
            kind,
            code,
            tuple(m.year for m in ms),
            _span([m.old for m in ms]),
            _span([m.new for m in ms]),
        )
        for (kind, code), ms in groups.items()
    ]
