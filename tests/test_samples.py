"""Sample data: deterministic, plausible, consistent with the definition's rules."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from reportgen.blank.layout import SHEETS, CellKind, layout_for
from reportgen.definition import Review
from reportgen.definition.model import Unit
from reportgen.demo.samples import MISTAKES, sample_values, write_sample


def _by_indicator(hanoi: Review, unit: Unit, seed: int = 0) -> dict[tuple[str, int], object]:
    layout = layout_for(hanoi, unit)
    values = sample_values(hanoi, unit, seed)
    return {
        (c.indicator, c.year): values.get((c.sheet, c.cell))
        for c in layout.cells
        if c.kind is CellKind.INDICATOR and c.indicator and c.year
    }


def test_same_seed_same_values_other_seed_other_values(hanoi: Review, district: Unit) -> None:
    assert sample_values(hanoi, district, 7) == sample_values(hanoi, district, 7)
    assert sample_values(hanoi, district, 7) != sample_values(hanoi, district, 8)


def test_every_input_except_lists_gets_a_value(
    hanoi: Review, district: Unit, department: Unit
) -> None:
    for unit in (district, department):
        values = sample_values(hanoi, unit)
        missing = [
            (c.sheet, c.cell) for c in layout_for(hanoi, unit).cells
            if c.kind is not CellKind.LIST and (c.sheet, c.cell) not in values
        ]  # fmt: skip
        assert missing == []


def test_values_are_plausible_and_rules_hold(hanoi: Review) -> None:
    for unit in hanoi.units[:30]:
        v = _by_indicator(hanoi, unit, seed=1)
        for year in hanoi.period.years:
            assert isinstance(v[("NM02", year)], int) and 20_000 <= v[("NM02", year)] <= 150_000
            assert v[("NM01", year)] <= v[("NM02", year)]  # type: ignore[operator]
            assert v[("XT02", year)] <= v[("XT01", year)]  # type: ignore[operator]
            assert v[("XT05", year)] <= v[("XT04", year)]  # type: ignore[operator]
            assert v[("CT02", year)] <= v[("CT01", year)]  # type: ignore[operator]
            assert 100 <= v[("CT01", year)] <= 1500  # type: ignore[operator]
            assert 0.6 <= v[("CT04", year)] <= 1  # type: ignore[operator]
        assert v[("SH06", 2022)] in ("Có", "Không")


def test_lists_have_three_to_eight_documents_dated_in_the_period(
    hanoi: Review, district: Unit
) -> None:
    values = sample_values(hanoi, district, 2)
    area = layout_for(hanoi, district).lists[0]
    letters = dict(area.columns)
    numbers = [values[(area.sheet, f"{letters['so-ky-hieu']}{r}")] for r in range(area.first_row, area.last_row + 1)
               if (area.sheet, f"{letters['so-ky-hieu']}{r}") in values]  # fmt: skip
    assert 3 <= len(numbers) <= 8
    assert all(re.fullmatch(r"\d+-[A-ZĐa-z]+/QU", str(n)) for n in numbers), numbers
    assert len(set(numbers)) == len(numbers)
    date = values[(area.sheet, f"{letters['ngay']}{area.first_row}")]
    assert isinstance(date, dt.date) and hanoi.subject.date <= date <= hanoi.cutoff_date


def test_narrative_names_the_unit(hanoi: Review, district: Unit) -> None:
    values = sample_values(hanoi, district)
    sec = layout_for(hanoi, district).sections[0]
    assert "Quận Ba Đình" in str(values[(SHEETS.narrative, sec.cell)])


def test_each_mistake_lands_in_its_own_cell(hanoi: Review, district: Unit, tmp_path: Path) -> None:
    path = tmp_path / "wrong.xlsx"
    placed = write_sample(hanoi, district, path, seed=1, mistakes=list(MISTAKES))
    assert sorted(placed) == sorted(MISTAKES)
    assert len(set(placed.values())) == len(placed)
    wb = openpyxl.load_workbook(path)
    sheet, cell = placed["text-in-number"]
    assert wb[sheet][cell].value == "khoảng 120"
    sheet, cell = placed["percent-text"]
    assert wb[sheet][cell].value == "95 %"
    sheet, cell = placed["missing-required"]
    assert wb[sheet][cell].value is None
    sheet, cell = placed["section-too-long"]
    assert len(wb[sheet][cell].value) > layout_for(hanoi, district).sections[0].section.max_length


def test_unknown_mistake_is_refused(hanoi: Review, district: Unit, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="typo"):
        write_sample(hanoi, district, tmp_path / "x.xlsx", mistakes=["typo"])
