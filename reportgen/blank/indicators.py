"""The "Chỉ tiêu" sheet: one row per indicator the unit's kind answers, one column per year.

Ratio indicators get no input: their row holds a locked formula per year computing
numerator ÷ denominator from the rows where those are typed, shown as a percent.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

from xlsxwriter.utility import xl_col_to_name

from reportgen.blank.layout import (
    IND_FIRST_YEAR_COL,
    IND_HEADER_ROW,
    AreaRow,
    IndicatorRow,
    WorkbookLayout,
)
from reportgen.blank.styles import NUMBER_FORMATS
from reportgen.blank.validation import indicator_validation, needs_range
from reportgen.blank.writer import SheetWriter
from reportgen.definition.model import Better, Indicator, Review, Unit, ValueType
from reportgen.numbers import format_number, format_percent

__all__ = ["ratio_formula", "target_text", "write_indicators"]

NAME_WIDTH = 52
YEAR_WIDTH = 13

_INPUT_FORMAT = {
    ValueType.INTEGER: NUMBER_FORMATS["integer"],
    ValueType.DECIMAL: NUMBER_FORMATS["decimal"],
    ValueType.PERCENT: NUMBER_FORMATS["percent"],
    ValueType.TEXT: NUMBER_FORMATS["text"],
}


@lru_cache(maxsize=1024)
def target_text(ind: Indicator) -> str:
    """The target as printed: ``95%``, ``≤ 40``, ``95% (ví dụ)`` for a placeholder, or blank."""
    if ind.target is None:
        return ""
    percent = ind.type in (ValueType.PERCENT, ValueType.RATIO) or ind.unit == "%"
    text = format_percent(ind.target.value) if percent else format_number(ind.target.value)
    text = ("≤ " if ind.target.better is Better.LOWER else "") + text
    # A placeholder target must never look official to the unit filling the workbook.
    return f"{text} (ví dụ)" if ind.target.example else text


def ratio_formula(numerator: str, denominator: str) -> str:
    """The locked formula of a ratio cell: blank unless the denominator is a positive number."""
    d = denominator
    return f'=IF(AND(ISNUMBER({d}),{d}>0),{numerator}/{d},"")'


def _lines(text: str, width: float) -> int:
    """Estimated wrapped lines of ``text`` in a column ``width`` characters wide."""
    return max(1, math.ceil(len(text) / (width * 1.15)))  # TNR 12: ≈1.15 characters per width unit


def write_indicators(
    pen: SheetWriter,
    review: Review,
    unit: Unit,
    layout: WorkbookLayout,
    choice_source: Callable[[tuple[str, ...]], str],
) -> None:
    """Fill the indicators sheet at the rows and columns the layout names."""
    ws = pen.ws
    last_col = IND_FIRST_YEAR_COL + len(layout.years) - 1
    last_letter = xl_col_to_name(last_col)
    header = IND_HEADER_ROW
    for col, width in enumerate((5, 8, NAME_WIDTH, 11, 10)):
        ws.set_column(col, col, width)
    ws.set_column(IND_FIRST_YEAR_COL, last_col, YEAR_WIDTH)

    pen.merged_text("A1", f"{last_letter}1", "SỐ LIỆU CÁC CHỈ TIÊU", "title", align="center")
    pen.merged_text("A2", f"{last_letter}2", f"{unit.name} — giai đoạn {layout.years[0]}–{layout.years[-1]}",
                    "subtitle", align="center")  # fmt: skip
    pen.merged_text(
        "A3", f"{last_letter}3",
        "Nhập số liệu vào ô nền vàng. Ô xám: năm không hỏi hoặc tỷ lệ tự tính từ tử số và mẫu số.",
        "note",
    )  # fmt: skip
    ws.set_row(2, 18)
    titles = [
        "TT",
        "Mã",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Mục tiêu",
        *(f"Năm {y}" for y in layout.years),
    ]
    for col, title in enumerate(titles):
        pen.text(f"{xl_col_to_name(col)}{header}", title, "header")
    ws.set_row(header - 1, 32)

    by_code = {r.indicator.code: r for r in layout.rows if isinstance(r, IndicatorRow)}
    area_number = {a.code: i for i, a in enumerate(review.areas, start=1)}
    for row in layout.rows:
        if isinstance(row, AreaRow):
            r = row.row
            pen.text(f"A{r}", str(area_number[row.area.code]), "area", align="center")
            pen.merged_text(f"B{r}", f"{last_letter}{r}", row.area.title, "area")
            ws.set_row(r - 1, 16.5 * _lines(row.area.title, NAME_WIDTH + 60))
            continue
        _write_row(pen, layout, row, by_code, choice_source)


def _write_row(
    pen: SheetWriter,
    layout: WorkbookLayout,
    row: IndicatorRow,
    by_code: dict[str, IndicatorRow],
    choice_source: Callable[[tuple[str, ...]], str],
) -> None:
    ind, r = row.indicator, row.row
    is_ratio = ind.type is ValueType.RATIO
    name = ind.name + (" (tự tính)" if is_ratio else "")
    pen.value(f"A{r}", row.number, "cell", align="center")
    pen.value(f"B{r}", ind.code, "cell", align="center")
    pen.value(f"C{r}", name, "cell", bold=is_ratio)
    pen.value(f"D{r}", ind.unit, "cell", align="center")
    pen.value(f"E{r}", target_text(ind), "cell", align="center")
    pen.ws.set_row(r - 1, 16.5 * _lines(name, NAME_WIDTH))

    asked = dict(row.inputs)
    if is_ratio:
        _write_ratio(pen, layout, row, by_code)
    else:
        for year, column in layout.year_columns:
            cell = asked.get(year)
            if cell is None:
                pen.blank(f"{column}{r}", "locked")
            else:
                center = ind.type in (ValueType.YES_NO, ValueType.CHOICE)
                pen.input(cell, _INPUT_FORMAT.get(ind.type), align="center" if center else "right")
    if row.inputs:
        source = (
            choice_source(ind.choices)
            if ind.type is ValueType.CHOICE and needs_range(ind.choices)
            else None
        )
        first, last = row.inputs[0][1], row.inputs[-1][1]
        pen.ws.data_validation(f"{first}:{last}", indicator_validation(ind, source))


def _write_ratio(
    pen: SheetWriter, layout: WorkbookLayout, row: IndicatorRow, by_code: dict[str, IndicatorRow]
) -> None:
    ind, r = row.indicator, row.row
    num = by_code.get(ind.numerator or "")
    den = by_code.get(ind.denominator or "")
    for year, column in layout.year_columns:
        cell = f"{column}{r}"
        n_cell = dict(num.inputs).get(year) if num else None
        d_cell = dict(den.inputs).get(year) if den else None
        if n_cell is None or d_cell is None:
            pen.blank(cell, "locked")
            continue
        n, d = pen_value(pen, n_cell), pen_value(pen, d_cell)
        cached: object = n / d if n is not None and d is not None and d > 0 else ""
        pen.formula(cell, ratio_formula(n_cell, d_cell), cached, "locked",
                    num_format=NUMBER_FORMATS["percent"], align="right", bold=True)  # fmt: skip


def pen_value(pen: SheetWriter, cell: str) -> float | None:
    """The prefilled number in ``cell``, for a formula's cached result (None if not a number)."""
    value = pen.prefill.get(cell)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
