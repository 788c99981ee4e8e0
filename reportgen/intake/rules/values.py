"""Value rules: what was read, checked against the definition (required, ranges, ratios, rules…)."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterator
from typing import Any

from reportgen.blank.layout import REPORTER_FIELDS, SHEETS, IndicatorRow
from reportgen.definition.model import Indicator, RuleOp, ValueType
from reportgen.findings import Finding, Location, Severity
from reportgen.intake.context import Context, ReadCell, show, year_letter
from reportgen.intake.identify import text_of
from reportgen.intake.rules.base import norm, tag
from reportgen.messages import make_finding
from reportgen.numbers import format_number, format_percent

__all__ = [
    "check_cross_rules",
    "check_lists",
    "check_missing",
    "check_range",
    "check_ratio_cells",
    "check_ratios",
    "check_reporter",
    "check_sections",
    "check_text_length",
    "check_year_jumps",
]

_LABELS = {f: label for f, label, _ in REPORTER_FIELDS}
_OPS: dict[RuleOp, Callable[[float, float], bool]] = {
    RuleOp.LE: operator.le, RuleOp.LT: operator.lt, RuleOp.GE: operator.ge,
    RuleOp.GT: operator.gt, RuleOp.EQ: operator.eq,
}  # fmt: skip


def _what(ind: Indicator, year: int | None) -> dict[str, Any]:
    when = f" năm {year}" if year else ""
    return {
        "what": f'chỉ tiêu {ind.code} "{ind.name}"{when}',
        "what_en": f"indicator {ind.code}" + (f" ({year})" if year else ""),
    }


def _indicator_cells(ctx: Context) -> Iterator[tuple[Indicator, ReadCell]]:
    by_code = ctx.review.indicator_by_code
    for (code, _year), cell in ctx.indicators.items():
        yield by_code[code], cell


@tag("missing-value")
def check_missing(ctx: Context) -> Iterator[Finding]:
    """A required indicator cell is empty."""
    for ind, cell in _indicator_cells(ctx):
        if cell.spec.required and cell.empty and not cell.bad:
            yield make_finding("missing-value", cell.where(), **_what(ind, cell.spec.year))


def _range_text(lo: float | None, hi: float | None, ind: Indicator, lang: str) -> str:
    def fmt(v: float) -> str:
        return (
            show(v, ind)
            if lang == "vi"
            else (f"{v:g}%" if ind.type is ValueType.PERCENT else f"{v:g}")
        )

    if lo is not None and hi is not None:
        return f"từ {fmt(lo)} đến {fmt(hi)}" if lang == "vi" else f"{fmt(lo)} to {fmt(hi)}"
    if lo is not None:
        return f"từ {fmt(lo)} trở lên" if lang == "vi" else f"at least {fmt(lo)}"
    return f"không quá {fmt(hi or 0)}" if lang == "vi" else f"at most {fmt(hi or 0)}"


@tag("out-of-range")
def check_range(ctx: Context) -> Iterator[Finding]:
    """A number outside the indicator's bounds (0–100 for percents)."""
    for ind, cell in _indicator_cells(ctx):
        v = cell.value
        if cell.bad or isinstance(v, bool) or not isinstance(v, int | float):
            continue
        lo, hi = ind.bounds
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            yield make_finding(
                "out-of-range", cell.where(), value=cell.raw, shown=show(v, ind),
                range=_range_text(lo, hi, ind, "vi"), range_en=_range_text(lo, hi, ind, "en"),
                **_what(ind, cell.spec.year),
            )  # fmt: skip


@tag("text-too-long")
def check_text_length(ctx: Context) -> Iterator[Finding]:
    """Short texts (text indicators, list columns) over their maximum length."""
    for ind, cell in _indicator_cells(ctx):
        if ind.max_length and isinstance(cell.value, str) and len(cell.value) > ind.max_length:
            yield _too_long(cell, len(cell.value), ind.max_length)
    limits = {t.code: {c.code: c.max_length for c in t.columns} for t in ctx.review.lists}
    for code, rows in ctx.list_rows.items():
        for _row, cells in rows:
            for col, cell in cells.items():
                limit = limits[code].get(col)
                if limit and isinstance(cell.value, str) and len(cell.value) > limit:
                    yield _too_long(cell, len(cell.value), limit)


def _too_long(cell: ReadCell, length: int, limit: int) -> Finding:
    return make_finding(
        "text-too-long", cell.where(), length=length, limit=limit, over=length - limit
    )


def _number(cell: ReadCell | None) -> float | None:
    if (
        cell is None
        or cell.bad
        or isinstance(cell.value, bool)
        or not isinstance(cell.value, int | float)
    ):
        return None
    return float(cell.value)


@tag("numerator-exceeds-denominator", "zero-denominator")
def check_ratios(ctx: Context) -> Iterator[Finding]:
    """A ratio's numerator above its denominator, or a zero denominator under a numerator."""
    by_code = ctx.review.indicator_by_code
    for ind in ctx.review.indicators_for(ctx.unit):
        if ind.type is not ValueType.RATIO or not ind.numerator or not ind.denominator:
            continue
        num_ind, den_ind = by_code[ind.numerator], by_code[ind.denominator]
        for year in ctx.layout.years:
            num_cell = ctx.indicators.get((num_ind.code, year))
            den_cell = ctx.indicators.get((den_ind.code, year))
            num, den = _number(num_cell), _number(den_cell)
            if num is None or den is None or num_cell is None or den_cell is None:
                continue
            if den == 0 and num > 0:
                params = _ratio_params(ind, num_ind, den_ind, num, den)
                yield make_finding(
                    "zero-denominator", den_cell.where(), value=den_cell.raw, **params
                )
            elif den > 0 and ind.bounds[1] == 100.0 and num > den:
                params = _ratio_params(ind, num_ind, den_ind, num, den)
                yield make_finding(
                    "numerator-exceeds-denominator", num_cell.where(), value=num_cell.raw, **params
                )


def _ratio_params(
    ind: Indicator, num_ind: Indicator, den_ind: Indicator, num: float, den: float
) -> dict[str, Any]:
    return {
        "ratio": ind.code, "ratio_name": ind.name, "numerator": show(num), "denominator": show(den),
        "numerator_code": num_ind.code, "numerator_name": num_ind.name,
        "denominator_code": den_ind.code, "denominator_name": den_ind.name,
    }  # fmt: skip


@tag("ratio-typed-over")
def check_ratio_cells(ctx: Context) -> Iterator[Finding]:
    """A value typed over a locked ratio formula (sheet unprotected) is not used: say so.

    The ratio is always computed from its numerator and denominator, so the typed value is
    ignored; the warning shows both. An intact formula's cached result equals the computed
    ratio exactly (same double division), so only a real override is reported.
    """
    sheet = ctx.raw.sheets.get(SHEETS.indicators)
    if sheet is None:
        return
    for r in ctx.layout.rows:
        ind = r.indicator if isinstance(r, IndicatorRow) else None
        row = ctx.indicator_rows.get(ind.code) if ind is not None else None
        if ind is None or row is None or ind.type is not ValueType.RATIO:
            continue
        for year, blank_letter in ctx.layout.year_columns:
            num_cell = ctx.indicators.get((ind.numerator or "", year))
            den_cell = ctx.indicators.get((ind.denominator or "", year))
            address = f"{year_letter(ctx, year, blank_letter)}{row}"
            typed = sheet.cells.get(address)
            if (
                num_cell is None  # no formula in a year the ratio is not asked for
                or den_cell is None
                or text_of(typed) == ""
                or (SHEETS.indicators, address) in ctx.raw.formula_cells_without_value
                or num_cell.bad  # the formula's own result is then anyone's guess
                or den_cell.bad
            ):
                continue
            num, den = _number(num_cell), _number(den_cell)
            computed = num / den if num is not None and den is not None and den > 0 else None
            value = _number_or_none(typed)
            shows = _formula_result(num_cell, den)
            if value is not None and shows is not None and math.isclose(value, shows, rel_tol=1e-9):
                continue
            shown = format_percent(value * 100, 2) if value is not None else f"'{text_of(typed)}'"
            yield make_finding(
                "ratio-typed-over", Location(sheet=SHEETS.indicators, cell=address,
                                             indicator=ind.code, year=year),
                value=text_of(typed), ratio=ind.code, ratio_name=ind.name, typed=shown,
                computed=_computed(computed, "vi"), computed_en=_computed(computed, "en"),
            )  # fmt: skip


def _formula_result(num_cell: ReadCell, den: float | None) -> float | None:
    """What the intact ``=IF(AND(ISNUMBER(d),d>0),n/d,"")`` shows (an empty n counts as 0)."""
    if den is None or den <= 0:
        return None
    num = 0.0 if num_cell.empty else _number(num_cell)
    return None if num is None else num / den


def _number_or_none(raw: object) -> float | None:
    return float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None


def _computed(ratio: float | None, lang: str) -> str:
    if ratio is not None:
        return format_percent(ratio * 100, 2)
    if lang == "vi":
        return "chưa tính được (thiếu tử số, mẫu số hoặc mẫu số bằng 0)"
    return "none yet (numerator or denominator missing, or a zero denominator)"


@tag("rule-violated")
def check_cross_rules(ctx: Context) -> Iterator[Finding]:
    """The review's own rules between two indicators of the same year (``left op right``)."""
    for rule in ctx.review.rules:
        for year in ctx.layout.years:
            left_cell = ctx.indicators.get((rule.left, year))
            right_cell = ctx.indicators.get((rule.right, year))
            left, right = _number(left_cell), _number(right_cell)
            if left is None or right is None or left_cell is None or _OPS[rule.op](left, right):
                continue
            yield make_finding(
                "rule-violated", left_cell.where(), value=left_cell.raw, severity=Severity(rule.severity),
                rule=rule.code, left=show(left), right=show(right),
                message_vi=rule.message, message_en=rule.message_en or rule.message,
            )  # fmt: skip


@tag("year-jump")
def check_year_jumps(ctx: Context) -> Iterator[Finding]:
    """A value more than ``jump_factor`` times (or less than 1/…) the year before."""
    for ind in ctx.review.indicators_for(ctx.unit):
        if ind.type not in (ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT):
            continue
        factor = ind.jump_factor or ctx.review.max_year_change_factor
        previous: tuple[int, float] | None = None
        for year in ctx.layout.years:
            cell = ctx.indicators.get((ind.code, year))
            v = _number(cell)
            if cell is None or v is None:
                previous = None
                continue
            if previous is not None and previous[1] > 0 and v > 0:
                ratio = max(v, previous[1]) / min(v, previous[1])
                if ratio > factor:
                    yield make_finding(
                        "year-jump", cell.where(), value=cell.raw, shown=show(v, ind),
                        previous=show(previous[1], ind), previous_year=previous[0],
                        factor=format_number(factor), **_what(ind, None),
                    )  # fmt: skip
            previous = (year, v)


@tag("section-empty", "section-too-long")
def check_sections(ctx: Context) -> Iterator[Finding]:
    """Required narrative sections written, and within their length."""
    for sec in ctx.review.sections:
        cell = ctx.sections.get(sec.code)
        if cell is None or cell.bad:
            continue
        text = cell.value if isinstance(cell.value, str) else text_of(cell.raw)
        params: dict[str, Any] = {"number": sec.number, "title": sec.title}
        if not text.strip():
            if sec.required:
                yield make_finding("section-empty", cell.where(), **params)
        elif len(text) > sec.max_length:
            yield make_finding("section-too-long", cell.where(), length=len(text), limit=sec.max_length,
                               over=len(text) - sec.max_length, **params)  # fmt: skip


@tag("list-empty", "list-missing-value", "list-duplicate-row")
def check_lists(ctx: Context) -> Iterator[Finding]:
    """Required columns filled, no duplicate rows on the table's key, required lists not empty."""
    for area in ctx.layout.lists:
        table = area.table
        if area.sheet in ctx.missing_sheets:
            continue
        rows = ctx.list_rows.get(table.code, [])
        if table.required and not rows:
            yield make_finding(
                "list-empty", Location(sheet=area.sheet, list=table.code), title=table.title
            )
        seen: dict[tuple[str, ...], int] = {}
        titles = {c.code: c.title for c in table.columns}
        for row, cells in rows:
            for col in table.columns:
                cell = cells.get(col.code)
                if col.required and cell is not None and cell.empty and not cell.bad:
                    yield make_finding("list-missing-value", cell.where(), title=table.title,
                                       row=row, column_title=col.title)  # fmt: skip
            if not table.unique:
                continue
            key_cells = [cells.get(c) for c in table.unique]
            if any(c is None or c.empty for c in key_cells):
                continue
            key = tuple(
                norm(c.value if c.value is not None else c.raw) for c in key_cells if c is not None
            )
            if key in seen:
                first = key_cells[0]
                assert first is not None
                shown = ", ".join(
                    f"{titles[c]}: {text_of(k.raw)}"
                    for c, k in zip(table.unique, key_cells, strict=True)
                    if k
                )
                yield make_finding("list-duplicate-row", first.where(), title=table.title, row=row,
                                   first_row=seen[key], key=shown)  # fmt: skip
            else:
                seen[key] = row


@tag("reporter-missing")
def check_reporter(ctx: Context) -> Iterator[Finding]:
    """Who filled the workbook, so the office can call back."""
    for name, cell in ctx.reporter.items():
        if cell.spec.required and cell.empty and not cell.bad:
            yield make_finding("reporter-missing", cell.where(), label=_LABELS.get(name, name))
