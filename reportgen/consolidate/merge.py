"""Counting submissions → tidy rows with their source: data points, narratives, list entries.

Only units of the review count, each with one submission (its counting version, chosen by the
store). Values outside what the review asks of a unit (an indicator that does not apply to its
kind, a year not asked) are left out. Ratio indicators are computed here, per unit and year,
from their numerator and denominator; a missing or zero denominator gives ``None``, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reportgen.consolidate.model import DataPoint, ListEntry, NarrativeExcerpt
from reportgen.definition.model import Indicator, Review, ValueType
from reportgen.intake.model import Submission

__all__ = ["Counted", "counted_by_unit", "data_points", "list_entries", "narratives", "ratio_of"]


@dataclass(frozen=True, slots=True)
class Counted:
    """The submission that counts for one unit, with the store's id for it."""

    submission_id: int
    submission: Submission


def counted_by_unit(
    review: Review, counting: Iterable[tuple[int, Submission]]
) -> dict[str, Counted]:
    """The counting submission of every unit that has one, keyed by unit code.

    Submissions of units the review does not know are dropped. Should the store ever hand over
    two versions for one unit, the one with the higher id (the later one) counts.
    """
    chosen: dict[str, Counted] = {}
    for submission_id, submission in counting:
        code = submission.unit_code
        if code is None or code not in review.unit_by_code:
            continue
        previous = chosen.get(code)
        if previous is None or submission_id > previous.submission_id:
            chosen[code] = Counted(submission_id, submission)
    return chosen


def ratio_of(numerator: object, denominator: object) -> float | None:
    """``numerator / denominator × 100``; None when either is missing or the denominator is 0."""
    if not _is_number(numerator) or not _is_number(denominator) or denominator == 0:
        return None
    return float(numerator) / float(denominator) * 100.0  # type: ignore[arg-type]


def _is_number(value: object) -> bool:
    # bool is an int subclass; a yes/no answer is never a quantity.
    return isinstance(value, int | float) and not isinstance(value, bool)


def data_points(review: Review, counted: Mapping[str, Counted]) -> list[DataPoint]:
    """One point per unit × indicator × year that has a value, in unit then indicator order.

    Ratio indicators get a point for every year they ask for, computed from the unit's own
    numerator and denominator (value None when it cannot be computed); its ``cell`` is empty
    because no cell holds it.
    """
    points: list[DataPoint] = []
    indicator_order = {ind.code: n for n, ind in enumerate(review.indicators)}
    for unit in review.units:
        entry = counted.get(unit.code)
        if entry is None:
            continue
        applicable = {ind.code: ind for ind in review.indicators_for(unit)}
        asked = {code: set(review.years_of(ind)) for code, ind in applicable.items()}
        sid, sha = entry.submission_id, entry.submission.sha256
        own: dict[tuple[str, int], DataPoint] = {}
        for v in entry.submission.values:
            ind = applicable.get(v.indicator)
            if ind is None or ind.type is ValueType.RATIO or v.year not in asked[v.indicator]:
                continue
            if v.value is None:
                continue
            own[(v.indicator, v.year)] = DataPoint(
                unit.code, v.indicator, v.year, v.value, sid, sha, v.cell
            )
        for ind in applicable.values():
            if ind.type is ValueType.RATIO:
                for year in review.years_of(ind):
                    own[(ind.code, year)] = DataPoint(
                        unit.code, ind.code, year, _unit_ratio(ind, own, year), sid, sha, ""
                    )
        points.extend(sorted(own.values(), key=lambda p: (indicator_order[p.indicator], p.year)))
    return points


def _unit_ratio(
    ind: Indicator, own: Mapping[tuple[str, int], DataPoint], year: int
) -> float | None:
    num = own.get((ind.numerator or "", year))
    den = own.get((ind.denominator or "", year))
    if num is None or den is None:
        return None
    return ratio_of(num.value, den.value)


def narratives(review: Review, counted: Mapping[str, Counted]) -> list[NarrativeExcerpt]:
    """Every non-empty section text, in the review's section order, then unit order."""
    texts: dict[tuple[str, str], str] = {}
    for code, entry in counted.items():
        for s in entry.submission.sections:
            if s.text and s.text.strip():
                texts[(s.section, code)] = s.text
    return [
        NarrativeExcerpt(section.code, unit.code, texts[(section.code, unit.code)])
        for section in review.sections
        for unit in review.units
        if (section.code, unit.code) in texts
    ]


def list_entries(review: Review, counted: Mapping[str, Counted]) -> list[ListEntry]:
    """Every list row with its unit, in the review's list order, then unit order, then row."""
    entries: list[ListEntry] = []
    for table in review.lists:
        for unit in review.units:
            entry = counted.get(unit.code)
            if entry is None:
                continue
            for r in sorted(
                (r for r in entry.submission.rows if r.list == table.code), key=lambda r: r.row
            ):
                entries.append(ListEntry(table.code, unit.code, r.row, r.values))
    return entries
