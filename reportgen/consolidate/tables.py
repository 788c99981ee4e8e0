"""The indicator sheets of the consolidated workbook: one per task area, and the last-year matrix.

Units are grouped by kind (in the order of ``review.unit_kinds``); each group ends with its
subtotal row and a coverage row ("28/30 đơn vị"), and the city total closes the table. A unit
that has not submitted shows "chưa nộp" in each of its cells — never 0 — and a cell the unit
left empty stays empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportgen.consolidate.aggregate import scopes_of
from reportgen.consolidate.model import ALL, Dataset
from reportgen.consolidate.sheets import (
    MISSING,
    RULE_LABELS,
    Styles,
    coverage,
    is_percent,
    page_setup,
    sheet_name,
    stamp,
    write_aggregate_value,
    write_header,
    write_titles,
    write_unit_value,
    write_value,
)
from reportgen.definition.model import Indicator, Unit, ValueType
from reportgen.numbers import format_number, format_percent

__all__ = ["write_area_sheets", "write_matrix"]

TOTAL_LABEL = "TỔNG CỘNG"
COVERAGE_LABEL = "Số đơn vị có số liệu"
MATRIX_PAGE_COLUMNS = 10


def _groups(dataset: Dataset, ind: Indicator | None = None) -> list[tuple[str, list[Unit]]]:
    """Units by kind, in scope order; only the kinds ``ind`` applies to."""
    review = dataset.review
    groups = []
    for kind in scopes_of(review)[1:]:
        if ind is not None and not ind.applies_to(kind):
            continue
        units = [u for u in review.units if u.kind == kind]
        if units:
            groups.append((kind, units))
    return groups


def _submitted(dataset: Dataset) -> set[str]:
    return set(dataset.submitted_units)


def _target_text(dataset: Dataset, ind: Indicator) -> str:
    target = ind.target
    if target is None:
        return ""
    shown = (
        format_percent(target.value)
        if ind.type in (ValueType.PERCENT, ValueType.RATIO)
        else format_number(target.value)
    )
    sign = "≤" if target.better.value == "lower" else "≥"
    text = f"Mục tiêu năm {target.year}: {sign} {shown}{' ' + ind.unit if ind.unit and ind.unit != '%' else ''}"
    if target.example:
        text += " (giá trị ví dụ)"
    last = dataset.review.period.last_year
    agg = dataset.aggregate(ind.code, last)
    if agg is not None and agg.units_meeting_target is not None:
        text += f"; số đơn vị đạt năm {last}: {agg.units_meeting_target}/{agg.units_expected}"
    return text


def write_area_sheets(wb: Any, dataset: Dataset, st: Styles, taken: set[str]) -> None:
    """One sheet per task area: for each indicator, a block of units × years."""
    review = dataset.review
    years = review.period.years
    submitted = _submitted(dataset)
    when = stamp(dataset.generated_at)
    for a_index, area in enumerate(review.areas, start=1):
        inds = [i for i in review.indicators if i.area == area.code]
        if not inds:
            continue
        ws = wb.add_worksheet(sheet_name(f"{a_index}. {area.title}", taken))
        last_col = 1 + len(years)
        ws.set_column(0, 0, 6)
        ws.set_column(1, 1, 34)
        ws.set_column(2, last_col, 13)
        write_titles(
            ws, st, f"{a_index}. {area.title}", f"{review.title}. Số liệu tổng hợp lúc {when}."
        )
        header_row = 3
        write_header(ws, header_row, ["TT", "Đơn vị", *[f"Năm {y}" for y in years]], st)
        ws.freeze_panes(header_row + 1, 2)
        page_setup(ws, header_row)
        row = header_row + 1
        for i_index, ind in enumerate(inds, start=1):
            row = _indicator_block(ws, row, dataset, ind, f"{a_index}.{i_index}", submitted, st) + 1


def _indicator_block(
    ws: Any,
    row: int,
    dataset: Dataset,
    ind: Indicator,
    number: str,
    submitted: set[str],
    st: Styles,
) -> int:
    """Write one indicator's block from ``row``; return the next free row."""
    review = dataset.review
    years = review.period.years
    asked = set(review.years_of(ind))
    cols = [(2 + n, y) for n, y in enumerate(years)]
    unit_text = f" ({ind.unit})" if ind.unit else ""
    heading = f"{number}. {ind.name}{unit_text} [{ind.code}] — Cách tổng hợp: {RULE_LABELS[ind.aggregate]}."
    target = _target_text(dataset, ind)
    if target:
        heading += " " + target + "."
    ws.set_row(
        row, 15 * (1 + len(heading) // 110)
    )  # the merged heading wraps; Excel does not grow it
    ws.merge_range(row, 0, row, 1 + len(years), "", st.heading)
    ws.write_string(row, 0, heading, st.heading)
    row += 1
    percent, number_format = is_percent(ind), st.indicator_format(ind)
    value_of = dataset.value
    tt = 0
    for kind, units in _groups(dataset, ind):
        ws.write_string(row, 0, "", st.group)
        ws.write_string(row, 1, review.kind_label(kind), st.group)
        for col, _y in cols:
            ws.write_blank(row, col, None, st.group)
        row += 1
        for unit in units:
            tt += 1
            ws.write_number(row, 0, tt, st.text)
            ws.write_string(row, 1, unit.name, st.text)
            for col, year in cols:
                if year not in asked:
                    ws.write_blank(row, col, None, st.not_asked)
                elif unit.code not in submitted:
                    ws.write_string(row, col, MISSING, st.missing)
                else:
                    write_value(
                        ws,
                        row,
                        col,
                        value_of(unit.code, ind.code, year),
                        percent,
                        number_format,
                        st,
                    )
            row += 1
        row = _aggregate_rows(
            ws, row, dataset, ind, kind, f"Cộng {review.kind_label(kind)}", cols, asked, st, "sub"
        )
    return _aggregate_rows(ws, row, dataset, ind, ALL, TOTAL_LABEL, cols, asked, st, "total")


def _aggregate_rows(
    ws: Any,
    row: int,
    dataset: Dataset,
    ind: Indicator,
    scope: str,
    label: str,
    cols: Sequence[tuple[int, int]],
    asked: set[int],
    st: Styles,
    level: str,
) -> int:
    """The aggregate row of ``scope`` and its coverage row; return the next free row."""
    label_format = getattr(st, f"{level}_label")
    text_format = getattr(st, f"{level}_text")
    ws.write_string(row, 0, "", label_format)
    ws.write_string(row, 1, label, label_format)
    found = [
        (col, dataset.aggregate(ind.code, year, scope) if year in asked else None)
        for col, year in cols
    ]
    # Rows are flushed in order (constant_memory): finish the value row before the coverage row.
    for col, agg in found:
        if agg is None:
            ws.write_blank(row, col, None, text_format)
        else:
            write_aggregate_value(ws, row, col, agg.value, ind, st, level)
    ws.write_string(row + 1, 0, "", st.coverage)
    ws.write_string(row + 1, 1, COVERAGE_LABEL, st.coverage)
    for col, agg in found:
        if agg is None:
            ws.write_blank(row + 1, col, None, st.coverage)
        else:
            ws.write_string(
                row + 1, col, coverage(agg.units_reported, agg.units_expected), st.coverage
            )
    return row + 2


def write_matrix(wb: Any, dataset: Dataset, st: Styles, taken: set[str]) -> None:
    """Units × indicators for the last year, with subtotals per kind and the total."""
    review = dataset.review
    year = review.period.last_year
    inds = list(review.indicators)
    submitted = _submitted(dataset)
    ws = wb.add_worksheet(sheet_name(f"Chỉ tiêu năm {year}", taken))
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 1 + len(inds), 12)
    write_titles(
        ws, st, f"Các chỉ tiêu năm {year} theo đơn vị",
        f"{review.title}. Số liệu tổng hợp lúc {stamp(dataset.generated_at)}.",
    )  # fmt: skip
    header_row = 3
    titles = ["TT", "Đơn vị"]
    for ind in inds:
        unit_text = f" ({ind.unit})" if ind.unit else ""
        titles.append(f"{ind.code}\n{ind.name}{unit_text}")
    ws.set_row(header_row, 120)
    write_header(ws, header_row, titles, st)
    ws.freeze_panes(header_row + 1, 2)
    # About 10 indicators per printed page width, unit names repeated on each.
    page_setup(ws, header_row, pages_wide=max(1, -(-len(inds) // MATRIX_PAGE_COLUMNS)))
    ws.repeat_columns(0, 1)
    row = header_row + 1
    tt = 0
    for kind, units in _groups(dataset):
        ws.write_string(row, 0, "", st.group)
        ws.write_string(row, 1, review.kind_label(kind), st.group)
        row += 1
        for unit in units:
            tt += 1
            ws.write_number(row, 0, tt, st.text)
            ws.write_string(row, 1, unit.name, st.text)
            for n, ind in enumerate(inds):
                col = 2 + n
                if not ind.applies_to(kind):
                    ws.write_blank(row, col, None, st.not_asked)
                elif unit.code not in submitted:
                    ws.write_string(row, col, MISSING, st.missing)
                else:
                    write_unit_value(
                        ws, row, col, dataset.value(unit.code, ind.code, year), ind, st
                    )
            row += 1
        row = _matrix_aggregates(
            ws, row, dataset, inds, kind, f"Cộng {review.kind_label(kind)}", st, "sub"
        )
    _matrix_aggregates(ws, row, dataset, inds, ALL, TOTAL_LABEL, st, "total")


def _matrix_aggregates(
    ws: Any,
    row: int,
    dataset: Dataset,
    inds: Sequence[Indicator],
    scope: str,
    label: str,
    st: Styles,
    level: str,
) -> int:
    year = dataset.review.period.last_year
    label_format = getattr(st, f"{level}_label")
    ws.write_string(row, 0, "", label_format)
    ws.write_string(row, 1, label, label_format)
    found = [dataset.aggregate(ind.code, year, scope) for ind in inds]
    # Rows are flushed in order (constant_memory): finish the value row before the coverage row.
    for n, (ind, agg) in enumerate(zip(inds, found, strict=True)):
        if agg is None:
            ws.write_blank(row, 2 + n, None, st.not_asked)
        else:
            write_aggregate_value(ws, row, 2 + n, agg.value, ind, st, level)
    ws.write_string(row + 1, 0, "", st.coverage)
    ws.write_string(row + 1, 1, COVERAGE_LABEL, st.coverage)
    for n, agg in enumerate(found):
        if agg is None:
            ws.write_blank(row + 1, 2 + n, None, st.not_asked)
        else:
            ws.write_string(
                row + 1, 2 + n, coverage(agg.units_reported, agg.units_expected), st.coverage
            )
    return row + 2
