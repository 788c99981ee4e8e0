"""Aggregates per indicator × year × scope, by each indicator's rule; missing is never zero."""

from __future__ import annotations

import random

import pytest

from reportgen.consolidate import build_dataset
from reportgen.consolidate.aggregate import scopes_of
from reportgen.consolidate.model import Dataset
from reportgen.definition import Review
from reportgen.intake.model import Submission
from tests.consolidate.submissions import make_submission

LAST = 2022


def _dataset(hanoi: Review, per_unit: dict[str, dict[tuple[str, int], object]]) -> Dataset:
    rng = random.Random(5)
    counting: list[tuple[int, Submission]] = []
    for n, (code, overrides) in enumerate(per_unit.items(), start=1):
        counting.append(
            (n, make_submission(hanoi, hanoi.unit_by_code[code], rng, overrides=overrides))
        )
    return build_dataset(hanoi, [], counting)


def _kind_units(hanoi: Review, kind: str) -> list[str]:
    return [u.code for u in hanoi.units if u.kind == kind]


def test_scopes_are_all_then_each_kind_present_in_definition_order(hanoi: Review) -> None:
    assert scopes_of(hanoi) == ["all", "quan", "huyen", "thi_xa", "so_nganh"]


def test_ratio_is_the_ratio_of_sums_not_the_mean_of_ratios(hanoi: Review) -> None:
    a, b = _kind_units(hanoi, "quan")[:2]
    ds = _dataset(
        hanoi,
        {
            a: {("NM01", LAST): 90, ("NM02", LAST): 100},
            b: {("NM01", LAST): 10, ("NM02", LAST): 1000},
        },
    )
    agg = ds.aggregate("NM03", LAST)
    assert agg is not None
    assert agg.value == pytest.approx(
        100 / 1100 * 100
    )  # 9.09%, while the mean of 90% and 1% is 45.5%
    assert agg.value != pytest.approx((90.0 + 1.0) / 2)
    assert (agg.numerator, agg.denominator, agg.units_reported, agg.units_expected) == (
        100,
        1100,
        2,
        30,
    )


def test_ratio_counts_only_units_that_reported_both_parts(hanoi: Review) -> None:
    a, b, c = _kind_units(hanoi, "quan")[:3]
    ds = _dataset(
        hanoi,
        {
            a: {("NM01", LAST): 50, ("NM02", LAST): 100},
            b: {("NM01", LAST): 70, ("NM02", LAST): None},  # no denominator: left out entirely
            c: {("NM01", LAST): 0, ("NM02", LAST): 0},  # both reported, zero: counted in the sums
        },
    )
    agg = ds.aggregate("NM03", LAST, "quan")
    assert agg is not None
    assert (agg.value, agg.numerator, agg.denominator, agg.units_reported, agg.units_expected) == (
        50.0,
        50,
        100,
        2,
        12,
    )


def test_missing_units_are_not_counted_as_zero(hanoi: Review) -> None:
    depts = _kind_units(hanoi, "so_nganh")
    ds = _dataset(hanoi, {depts[0]: {("KK03", LAST): 30.0}, depts[1]: {("KK03", LAST): 50.0}})
    mean = ds.aggregate("KK03", LAST)
    assert mean is not None
    assert (mean.value, mean.units_reported, mean.units_expected) == (40.0, 2, 6)
    nothing = ds.aggregate("KK03", LAST, "quan")
    assert nothing is None  # KK03 is not asked of districts: no such scope


def test_sum_min_max_and_count_yes_use_only_reported_values(hanoi: Review) -> None:
    d1, d2, d3 = _kind_units(hanoi, "quan")[:3]
    depts = _kind_units(hanoi, "so_nganh")
    ds = _dataset(
        hanoi,
        {
            d1: {("XT06", LAST): 3, ("SH06", LAST): True},
            d2: {("XT06", LAST): None, ("SH06", LAST): False},
            d3: {("XT06", LAST): 4, ("SH06", LAST): True},
            depts[0]: {("KK02", LAST): 200, ("XT06", LAST): 10},
            depts[1]: {("KK02", LAST): 250, ("XT06", LAST): 0},
        },
    )
    total = ds.aggregate("XT06", LAST)
    assert total is not None and (total.value, total.units_reported, total.units_expected) == (
        17,
        4,
        36,
    )
    assert isinstance(total.value, int)
    by_kind = ds.aggregate("XT06", LAST, "so_nganh")
    assert by_kind is not None and (
        by_kind.value,
        by_kind.units_reported,
        by_kind.units_expected,
    ) == (10, 2, 6)
    best = ds.aggregate("KK02", LAST)
    assert best is not None and (best.value, best.units_reported) == (250, 2)
    yes = ds.aggregate("SH06", LAST, "quan")
    assert yes is not None and (yes.value, yes.units_reported, yes.units_expected) == (2, 3, 12)


def test_aggregate_none_has_no_value_but_counts(hanoi: Review) -> None:
    d1, d2 = _kind_units(hanoi, "quan")[:2]
    ds = _dataset(hanoi, {d1: {("KK05", LAST): "Đang triển khai"}, d2: {("KK05", LAST): None}})
    agg = ds.aggregate("KK05", LAST)
    assert agg is not None and (agg.value, agg.units_reported, agg.units_expected) == (None, 1, 36)


def test_nobody_reported_gives_no_value_and_zero_coverage(hanoi: Review) -> None:
    ds = _dataset(hanoi, {})
    agg = ds.aggregate("NM01", 2017)
    assert agg is not None and (agg.value, agg.units_reported, agg.units_expected) == (None, 0, 30)
    ratio = ds.aggregate("NM03", LAST)
    assert ratio is not None and (ratio.value, ratio.numerator, ratio.units_reported) == (
        None,
        None,
        0,
    )
    assert ds.aggregate("SH06", 2017) is None  # asked for the last year only


def test_units_meeting_target_honours_lower_is_better_on_the_last_year_only(hanoi: Review) -> None:
    depts = _kind_units(hanoi, "so_nganh")
    # KK03 (PM2.5) target: 40, lower is better.
    values = {depts[0]: 38.0, depts[1]: 40.0, depts[2]: 55.5}
    ds = _dataset(
        hanoi, {code: {("KK03", LAST): v, ("KK03", 2021): 10.0} for code, v in values.items()}
    )
    last = ds.aggregate("KK03", LAST)
    assert last is not None and last.units_meeting_target == 2
    earlier = ds.aggregate("KK03", 2021)
    assert earlier is not None and earlier.units_meeting_target is None


def test_units_meeting_target_of_a_ratio_uses_each_units_own_ratio(hanoi: Review) -> None:
    d1, d2 = _kind_units(hanoi, "quan")[:2]
    # NM03 target: 95%, higher is better.
    ds = _dataset(
        hanoi,
        {
            d1: {("NM01", LAST): 96, ("NM02", LAST): 100},
            d2: {("NM01", LAST): 94, ("NM02", LAST): 100},
        },
    )
    agg = ds.aggregate("NM03", LAST, "quan")
    assert agg is not None and agg.units_meeting_target == 1
