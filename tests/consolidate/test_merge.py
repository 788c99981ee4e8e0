"""Counting submissions → data points with provenance, narratives and list entries."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from reportgen.consolidate import build_dataset
from reportgen.definition import Review
from reportgen.definition.model import Unit
from reportgen.intake.model import IndicatorValue, SectionText
from tests.consolidate.submissions import list_row, make_submission, sha_of, statuses_for


def test_every_value_becomes_a_point_with_submission_hash_and_cell(hanoi: Review) -> None:
    unit = hanoi.unit_by_code["001"]
    sub = make_submission(hanoi, unit, random.Random(1), overrides={("NM01", 2022): 1234})
    ds = build_dataset(hanoi, [], [(41, sub)])
    point = next(p for p in ds.points if (p.indicator, p.year) == ("NM01", 2022))
    assert (point.unit_code, point.value, point.submission_id, point.file_hash) == (
        "001",
        1234,
        41,
        sha_of("001"),
    )
    assert point.cell.startswith("Chỉ tiêu!")
    assert ds.value("001", "NM01", 2022) == 1234
    assert ds.submitted_units == ("001",)


def test_ratio_points_are_computed_per_unit_and_none_when_denominator_is_zero_or_missing(
    hanoi: Review,
) -> None:
    unit = hanoi.unit_by_code["001"]
    overrides = {("NM01", 2021): 45, ("NM02", 2021): 60, ("NM01", 2022): 5, ("NM02", 2022): 0,
                 ("NM01", 2020): 7, ("NM02", 2020): None}  # fmt: skip
    ds = build_dataset(
        hanoi, [], [(1, make_submission(hanoi, unit, random.Random(1), overrides=overrides))]
    )
    assert ds.value("001", "NM03", 2021) == 75.0
    assert ds.value("001", "NM03", 2022) is None
    assert ds.value("001", "NM03", 2020) is None
    ratio = next(p for p in ds.points if (p.indicator, p.year) == ("NM03", 2021))
    assert (ratio.submission_id, ratio.cell) == (1, "")


def test_values_not_asked_of_the_unit_and_unknown_units_are_left_out(
    hanoi: Review, department: Unit
) -> None:
    sub = make_submission(hanoi, department, random.Random(1))
    # A department is not asked NM01; a stray value for it (and for a year outside the period) is dropped.
    stray = (
        IndicatorValue("NM01", 2022, 5, "Chỉ tiêu!F9"),
        IndicatorValue("XT06", 2010, 5, "Chỉ tiêu!F9"),
    )
    sub = replace(sub, values=sub.values + stray)
    stranger = make_submission(hanoi, hanoi.unit_by_code["001"], random.Random(2))
    stranger = replace(stranger, unit_code="XYZ")
    ds = build_dataset(hanoi, [], [(1, sub), (2, stranger)])
    assert ds.value(department.code, "NM01", 2022) is None
    assert {p.unit_code for p in ds.points} == {department.code}
    assert all(p.year >= 2017 for p in ds.points)


def test_the_later_submission_counts_when_a_unit_appears_twice(
    hanoi: Review, district: Unit
) -> None:
    old = make_submission(hanoi, district, random.Random(1), overrides={("NM01", 2022): 1})
    new = make_submission(hanoi, district, random.Random(1), overrides={("NM01", 2022): 2})
    ds = build_dataset(hanoi, [], [(9, new), (3, old)])
    assert ds.value(district.code, "NM01", 2022) == 2


def test_narratives_follow_section_order_then_unit_order_and_skip_empty_text(hanoi: Review) -> None:
    first, second = hanoi.units[0], hanoi.units[1]
    a = make_submission(
        hanoi, second, random.Random(1), sections={"han-che": "B hạn chế", "lanh-dao": "B lãnh đạo"}
    )
    b = make_submission(
        hanoi, first, random.Random(1), sections={"lanh-dao": "A lãnh đạo", "han-che": "  "}
    )
    ds = build_dataset(hanoi, [], [(1, a), (2, b)])
    assert [(n.section, n.unit_code, n.text) for n in ds.narratives] == [
        ("lanh-dao", first.code, "A lãnh đạo"),
        ("lanh-dao", second.code, "B lãnh đạo"),
        ("han-che", second.code, "B hạn chế"),
    ]
    assert isinstance(a.sections[0], SectionText)


def test_list_entries_carry_their_unit_in_list_then_unit_then_row_order(hanoi: Review) -> None:
    first, second = hanoi.units[0], hanoi.units[1]
    rows_b = [list_row(hanoi, "van-ban", 7, so_ky_hieu="2/KH"), list_row(hanoi, "van-ban", 5, so_ky_hieu="1/KH"),
              list_row(hanoi, "kiem-tra", 5, doi_tuong="Công ty X")]  # fmt: skip
    a = make_submission(hanoi, second, random.Random(1), rows=rows_b)
    b = make_submission(
        hanoi, first, random.Random(1), rows=[list_row(hanoi, "van-ban", 5, so_ky_hieu="9/NQ")]
    )
    ds = build_dataset(hanoi, [], [(1, a), (2, b)])
    assert [(e.list, e.unit_code, e.row, e.values.get("so-ky-hieu")) for e in ds.entries] == [
        ("van-ban", first.code, 5, "9/NQ"),
        ("van-ban", second.code, 5, "1/KH"),
        ("van-ban", second.code, 7, "2/KH"),
        ("kiem-tra", second.code, 5, None),
    ]


def test_statuses_and_generation_time_are_passed_through(hanoi: Review) -> None:
    statuses = statuses_for(hanoi, {"001": 1})
    when = dt.datetime(2022, 12, 10, 3, tzinfo=dt.UTC)
    ds = build_dataset(hanoi, statuses, [], generated_at=when)
    assert ds.statuses == tuple(statuses)
    assert ds.generated_at == when
    assert ds.points == () and ds.submitted_units == ()
