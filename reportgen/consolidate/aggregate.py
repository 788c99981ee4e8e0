"""Data points → aggregates per indicator × year × scope, by each indicator's rule.

A scope is ``all`` (every unit) or one unit kind. Only units that reported a value count: a
unit that did not submit, or left a cell empty, is *missing*, never zero, and every aggregate
says how many units it covers (``units_reported`` of ``units_expected``, the units of the scope
the indicator applies to).

Rules (``Indicator.aggregate``):

* ``sum``, ``mean``, ``min``, ``max`` over the numbers reported;
* ``ratio_of_sums`` (ratio indicators): Σ numerators / Σ denominators × 100 over the units
  that reported **both** — never the mean of the units' percentages;
* ``count_yes``: how many units answered "Có";
* ``none``: no value, only the counts.

``units_meeting_target`` is set on the last year's aggregates of indicators with a target: the
units whose value that year reaches it (``>=`` when higher is better, ``<=`` when lower is).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportgen.consolidate.model import ALL, Aggregate, DataPoint, Dataset
from reportgen.definition.model import Aggregation, Better, Indicator, Review, ValueType

__all__ = ["YearComparison", "aggregates", "like_for_like", "scopes_of"]

Number = int | float


@dataclass(frozen=True, slots=True)
class YearComparison:
    """An indicator in two years over the units that reported both (:func:`like_for_like`)."""

    first: Aggregate
    last: Aggregate
    units_common: int  # units with a value in both years
    units_expected: int  # units the indicator applies to
    same_units: bool  # the same units reported in both years: the all-unit figures compare


def scopes_of(review: Review) -> list[str]:
    """``all``, then every unit kind that has units, in the order of ``review.unit_kinds``."""
    present = {u.kind for u in review.units}
    ordered = [k for k in review.unit_kinds if k in present]
    ordered += sorted(present.difference(ordered))
    return [ALL, *ordered]


def _number(value: object) -> Number | None:
    # bool is an int subclass; a yes/no answer is never a quantity.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return None


def aggregates(review: Review, points: Iterable[DataPoint]) -> list[Aggregate]:
    """Every aggregate of the review, in indicator, year, scope order.

    Scopes where an indicator applies to no unit (a kind it does not ask) are left out; the
    ``all`` scope is always there.
    """
    values: dict[tuple[str, int], dict[str, object]] = {}
    for p in points:
        if p.value is not None:
            values.setdefault((p.indicator, p.year), {})[p.unit_code] = p.value

    scopes = scopes_of(review)
    result: list[Aggregate] = []
    for ind in review.indicators:
        members = {
            scope: [
                u.code for u in review.units if ind.applies_to(u.kind) and scope in (ALL, u.kind)
            ]
            for scope in scopes
        }
        for year in review.years_of(ind):
            own = values.get((ind.code, year), {})
            for scope in scopes:
                units = members[scope]
                if not units and scope != ALL:
                    continue
                result.append(_aggregate(review, ind, year, scope, units, own, values))
    return result


def _aggregate(
    review: Review,
    ind: Indicator,
    year: int,
    scope: str,
    units: Sequence[str],
    own: dict[str, object],
    values: dict[tuple[str, int], dict[str, object]],
) -> Aggregate:
    expected = len(units)
    meeting = _meeting_target(review, ind, year, units, own)
    if ind.aggregate is Aggregation.RATIO_OF_SUMS:
        if ind.type is not ValueType.RATIO or not ind.numerator or not ind.denominator:
            # The definition check refuses this; count what was reported and compute nothing.
            reported = sum(1 for u in units if own.get(u) is not None)
            return Aggregate(
                ind.code, year, scope, None, reported, expected, units_meeting_target=meeting
            )
        nums = values.get((ind.numerator, year), {})
        dens = values.get((ind.denominator, year), {})
        pairs = [(_number(nums.get(u)), _number(dens.get(u))) for u in units]
        both = [(n, d) for n, d in pairs if n is not None and d is not None]
        if not both:
            return Aggregate(ind.code, year, scope, None, 0, expected, units_meeting_target=meeting)
        num = math.fsum(n for n, _ in both)
        den = math.fsum(d for _, d in both)
        value = num / den * 100.0 if den != 0 else None
        return Aggregate(ind.code, year, scope, value, len(both), expected, num, den, meeting)

    if ind.aggregate is Aggregation.COUNT_YES:
        answers = [own[u] for u in units if isinstance(own.get(u), bool)]
        yes = sum(1 for a in answers if a is True)
        return Aggregate(
            ind.code, year, scope, yes, len(answers), expected, units_meeting_target=meeting
        )

    if ind.aggregate is Aggregation.NONE:
        reported = sum(1 for u in units if own.get(u) is not None)
        return Aggregate(
            ind.code, year, scope, None, reported, expected, units_meeting_target=meeting
        )

    numbers = [n for n in (_number(own.get(u)) for u in units) if n is not None]
    return Aggregate(
        ind.code, year, scope, _combine(ind.aggregate, numbers), len(numbers), expected,
        units_meeting_target=meeting,
    )  # fmt: skip


def _combine(rule: Aggregation, numbers: Sequence[Number]) -> Number | None:
    if not numbers:
        return None
    if rule is Aggregation.SUM:
        if all(isinstance(n, int) for n in numbers):
            return sum(numbers)
        return math.fsum(numbers)
    if rule is Aggregation.MEAN:
        return math.fsum(numbers) / len(numbers)
    if rule is Aggregation.MIN:
        return min(numbers)
    if rule is Aggregation.MAX:
        return max(numbers)
    return None


def _meeting_target(
    review: Review, ind: Indicator, year: int, units: Sequence[str], own: dict[str, object]
) -> int | None:
    target = ind.target
    if target is None or year != review.period.last_year or not ind.type.is_numeric:
        return None
    numbers = [n for n in (_number(own.get(u)) for u in units) if n is not None]
    if target.better is Better.LOWER:
        return sum(1 for n in numbers if n <= target.value)
    return sum(1 for n in numbers if n >= target.value)


def _reported(dataset: Dataset, ind: Indicator, unit: str, year: int) -> bool:
    if ind.type is ValueType.RATIO and ind.numerator and ind.denominator:
        return all(
            _number(dataset.value(unit, code, year)) is not None
            for code in (ind.numerator, ind.denominator)
        )
    value = dataset.value(unit, ind.code, year)
    if ind.aggregate is Aggregation.COUNT_YES:
        return isinstance(value, bool)
    return _number(value) is not None


def like_for_like(dataset: Dataset, ind: Indicator, first: int, last: int) -> YearComparison:
    """``ind`` in ``first`` and ``last`` over the same units: those that reported both years.

    Sums over different sets of units are not comparable (10 units one year, 11 the next): a
    change in coverage is not a change in the indicator.
    """
    review = dataset.review
    units = [u.code for u in review.units if ind.applies_to(u.kind)]
    before = {u for u in units if _reported(dataset, ind, u, first)}
    after = {u for u in units if _reported(dataset, ind, u, last)}
    common = [u for u in units if u in before and u in after]
    codes = [c for c in (ind.code, ind.numerator, ind.denominator) if c]
    values: dict[tuple[str, int], dict[str, object]] = {}
    for code in codes:
        for year in (first, last):
            own = {u: dataset.value(u, code, year) for u in common}
            values[(code, year)] = {u: v for u, v in own.items() if v is not None}
    first_agg, last_agg = (
        _aggregate(review, ind, year, ALL, common, values[(ind.code, year)], values)
        for year in (first, last)
    )
    return YearComparison(first_agg, last_agg, len(common), len(units), before == after)
