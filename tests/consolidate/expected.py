"""Aggregates recomputed independently of reportgen.consolidate, to check the workbook against.

Plain loops over the submissions themselves (not over the Dataset), in the workbook's units:
percents as fractions, coverage as text, missing units as "chưa nộp".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from reportgen.definition import Review
from reportgen.intake.model import Submission


def table_of(subs: Mapping[str, Submission]) -> dict[tuple[Any, ...], Any]:
    table: dict[tuple[Any, ...], Any] = {}
    for code, sub in subs.items():
        for v in sub.values:
            if v.value is not None:
                table[(code, v.indicator, v.year)] = v.value
    return table


def expected_totals(
    hanoi: Review, subs: Mapping[str, Submission], code: str
) -> dict[str, dict[int, tuple[Any, str]]]:
    ind = hanoi.indicator_by_code[code]
    table = table_of(subs)
    years = [hanoi.period.last_year] if ind.years.value == "last" else list(hanoi.period.years)
    groups: dict[str, list[str]] = {"TỔNG CỘNG": []}
    for unit in hanoi.units:
        if ind.kinds and unit.kind not in ind.kinds:
            continue
        groups["TỔNG CỘNG"].append(unit.code)
        groups.setdefault("Cộng " + hanoi.unit_kinds[unit.kind], []).append(unit.code)
    out: dict[str, dict[int, tuple[Any, str]]] = {}
    for label, members in groups.items():
        out[label] = {}
        for year in years:
            if ind.type.value == "ratio":
                top = bottom = 0.0
                n = 0
                for u in members:
                    a, b = (
                        table.get((u, ind.numerator, year)),
                        table.get((u, ind.denominator, year)),
                    )
                    if a is not None and b is not None:
                        top, bottom, n = top + a, bottom + b, n + 1
                value = top / bottom if n and bottom else None
            else:
                got = [table[(u, code, year)] for u in members if (u, code, year) in table]
                n = len(got)
                rule = ind.aggregate.value
                if rule == "count_yes":
                    value = len([g for g in got if g is True])
                elif not got or rule == "none":
                    value = None
                elif rule == "sum":
                    value = sum(got)
                elif rule == "mean":
                    value = sum(got) / len(got)
                else:
                    value = min(got) if rule == "min" else max(got)
                if value is not None and ind.type.value == "percent":
                    value = value / 100
            out[label][year] = (value, f"{n}/{len(members)} đơn vị")
    return out


def expected_unit_cell(
    hanoi: Review,
    subs: Mapping[str, Submission],
    unit_code: str,
    code: str,
    year: int,
    table: Mapping[Any, Any] | None = None,
) -> Any:
    if unit_code not in subs:
        return "chưa nộp"
    ind = hanoi.indicator_by_code[code]
    table = table_of(subs) if table is None else table
    if ind.type.value == "ratio":
        a, b = (
            table.get((unit_code, ind.numerator, year)),
            table.get((unit_code, ind.denominator, year)),
        )
        return a / b if a is not None and b else None
    value = table.get((unit_code, code, year))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if value is not None and ind.type.value == "percent":
        return value / 100
    return value


def same(found: Any, expected: Any) -> bool:
    if isinstance(expected, float) and isinstance(found, int | float):
        return bool(found == pytest.approx(expected, rel=1e-9))
    return bool(found == expected)
