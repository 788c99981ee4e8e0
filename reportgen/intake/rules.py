"""The checks run on a submitted workbook: one small function per rule, tagged with its codes.

Every rule takes the :class:`Context` of one workbook and yields findings. *Structure* rules
run first and also decide how to read the file (rows found by code, list columns found by
title, sheets to skip); :mod:`reportgen.intake.validate` then reads and parses the input cells,
and the *value* rules check what was read. ``STRUCTURE_RULES`` and ``VALUE_RULES`` list them
in order; ``rule.codes`` says which finding codes a rule may yield.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from reportgen.blank.layout import (
    IND_HEADER_ROW,
    META_SHEET,
    REPORTER_FIELDS,
    SHEETS,
    CellKind,
    IndicatorRow,
)
from reportgen.definition.model import Indicator, RuleOp, ValueType
from reportgen.findings import Finding, Location, Severity
from reportgen.intake.context import Context, ReadCell, show, split_cell
from reportgen.intake.identify import text_of
from reportgen.messages import make_finding
from reportgen.numbers import format_number

__all__ = ["STRUCTURE_RULES", "VALUE_RULES"]

Rule = Callable[[Context], Iterator[Finding]]
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


def _tag(*codes: str) -> Callable[[Rule], Rule]:
    def mark(fn: Rule) -> Rule:
        fn.codes = codes  # type: ignore[attr-defined]
        return fn

    return mark


# -- structure ------------------------------------------------------------------------------
@_tag("sheet-missing", "extra-sheet")
def check_sheets(ctx: Context) -> Iterator[Finding]:
    """Sheets holding input cells must be there; sheets we did not make are not read."""
    needed = list(dict.fromkeys(c.sheet for c in ctx.layout.cells))
    for name in needed:
        if name not in ctx.raw.sheets:
            ctx.missing_sheets.add(name)
            yield make_finding("sheet-missing", Location(sheet=name))
    known = set(needed) | {SHEETS.guidance, META_SHEET}
    if ctx.blank is not None:
        known |= set(ctx.blank.sheets)
    for name in ctx.raw.sheets:
        if name not in known:
            yield make_finding("extra-sheet", Location(sheet=name))


@_tag("rows-moved", "indicator-missing")
def check_rows(ctx: Context) -> Iterator[Finding]:
    """Each indicator's code must be in column B of its row; else find the row by its code."""
    sheet = ctx.raw.sheets.get(SHEETS.indicators)
    if sheet is None:
        return
    cells = sheet.cells
    by_code: dict[str, int] = {}
    for address, value in cells.items():
        if address[0] == "B" and address[1:].isdigit() and int(address[1:]) > IND_HEADER_ROW:
            by_code.setdefault(text_of(value), int(address[1:]))
    moved = 0
    for r in ctx.layout.rows:
        if not isinstance(r, IndicatorRow):
            continue
        code = r.indicator.code
        if text_of(cells.get(f"B{r.row}")) == code:
            ctx.indicator_rows[code] = r.row
        elif code in by_code:
            ctx.indicator_rows[code] = by_code[code]
            moved += 1
        elif r.inputs:  # a computed ratio row holds nothing to read
            ctx.absent_indicators.add(code)
            yield make_finding("indicator-missing", Location(sheet=SHEETS.indicators, indicator=code),
                               name=r.indicator.name)  # fmt: skip
    if moved:
        ctx.rows_moved = True
        yield make_finding("rows-moved", Location(sheet=SHEETS.indicators), count=moved)


def _norm(text: object) -> str:
    return " ".join(text_of(text).casefold().replace("*", " ").split())


@_tag("list-column-missing")
def check_list_headers(ctx: Context) -> Iterator[Finding]:
    """Each list column's title must be in the header row; moved columns are found by title."""
    for area in ctx.layout.lists:
        sheet = ctx.raw.sheets.get(area.sheet)
        if sheet is None:
            continue
        header = {
            split_cell(a)[0]: _norm(v)
            for a, v in sheet.cells.items()
            if split_cell(a)[1] == area.header_row
        }
        columns: dict[str, str] = {}
        for col, (code, letter) in zip(area.table.columns, area.columns, strict=True):
            title = _norm(col.title)
            if header.get(letter) == title:
                columns[code] = letter
                continue
            found = [lt for lt, text in header.items() if text == title]
            if found:
                columns[code] = found[0]
                continue
            yield make_finding(
                "list-column-missing", Location(sheet=area.sheet, cell=f"{letter}{area.header_row}",
                                                list=area.table.code, column=code),
                title=area.table.title, column_title=col.title, row=area.header_row,
            )  # fmt: skip
        ctx.list_columns[area.table.code] = columns


def _input_addresses(ctx: Context) -> Mapping[str, frozenset[str] | set[str]]:
    """Every address a unit may type into, per sheet (cached while nothing moved)."""
    plain = not ctx.rows_moved and all(
        ctx.list_columns.get(a.table.code, dict(a.columns)) == dict(a.columns)
        for a in ctx.layout.lists
    )
    key = (ctx.layout.review_id, ctx.layout.fingerprint, ctx.layout.unit_code)
    if plain and key in _INPUTS:
        return _INPUTS[key]
    inputs = _compute_inputs(ctx)
    if plain:
        _INPUTS[key] = {name: frozenset(cells) for name, cells in inputs.items()}
    return inputs


_INPUTS: dict[tuple[str, str, str], dict[str, frozenset[str]]] = {}


def _compute_inputs(ctx: Context) -> dict[str, set[str]]:
    inputs: dict[str, set[str]] = {}
    for c in ctx.layout.cells:
        if c.kind is CellKind.INDICATOR and c.indicator in ctx.indicator_rows:
            inputs.setdefault(c.sheet, set()).add(
                f"{split_cell(c.cell)[0]}{ctx.indicator_rows[c.indicator]}"
            )
        elif c.kind is not CellKind.LIST:
            inputs.setdefault(c.sheet, set()).add(c.cell)
    # computed ratio cells are empty in the blank and hold the formula's result once filled
    year_letters = [letter for _, letter in ctx.layout.year_columns]
    for r in ctx.layout.rows:
        if isinstance(r, IndicatorRow) and not r.inputs:
            row = ctx.indicator_rows.get(r.indicator.code, r.row)
            inputs.setdefault(SHEETS.indicators, set()).update(f"{lt}{row}" for lt in year_letters)
    for area in ctx.layout.lists:
        letters = set(ctx.list_columns.get(area.table.code, dict(area.columns)).values())
        letters |= {letter for _, letter in area.columns}
        rows = range(area.first_row, area.last_row + 1)
        inputs.setdefault(area.sheet, set()).update(f"{lt}{r}" for lt in letters for r in rows)
    return inputs


@_tag("content-outside-input")
def check_outside(ctx: Context) -> Iterator[Finding]:
    """Text typed outside the input cells is not read: say so once per sheet."""
    if ctx.blank is None:
        return
    inputs = _input_addresses(ctx)
    for name, sheet in ctx.raw.sheets.items():
        ours = ctx.blank.sheets.get(name)
        if ours is None or name == META_SHEET or (name == SHEETS.indicators and ctx.rows_moved):
            continue  # moved rows carry their labels along: rows-moved already says it
        typed = inputs.get(name, frozenset())
        outside = [
            a
            for a, v in sheet.cells.items()
            if a not in ours and a not in typed and text_of(v) != ""
        ]
        if outside:
            first = min(outside, key=lambda a: split_cell(a)[::-1])
            yield make_finding(
                "content-outside-input", Location(sheet=name, cell=first), count=len(outside)
            )


# -- values ---------------------------------------------------------------------------------
def _indicator_cells(ctx: Context) -> Iterator[tuple[Indicator, ReadCell]]:
    by_code = ctx.review.indicator_by_code
    for (code, _year), cell in ctx.indicators.items():
        yield by_code[code], cell


@_tag("missing-value")
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


@_tag("out-of-range")
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


@_tag("text-too-long")
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


@_tag("numerator-exceeds-denominator", "zero-denominator")
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


@_tag("rule-violated")
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


@_tag("year-jump")
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


@_tag("section-empty", "section-too-long")
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


@_tag("list-empty", "list-missing-value", "list-duplicate-row")
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
                _norm(c.value if c.value is not None else c.raw) for c in key_cells if c is not None
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


@_tag("reporter-missing")
def check_reporter(ctx: Context) -> Iterator[Finding]:
    """Who filled the workbook, so the office can call back."""
    for name, cell in ctx.reporter.items():
        if cell.spec.required and cell.empty and not cell.bad:
            yield make_finding("reporter-missing", cell.where(), label=_LABELS.get(name, name))


STRUCTURE_RULES: tuple[Rule, ...] = (check_sheets, check_rows, check_list_headers, check_outside)
VALUE_RULES: tuple[Rule, ...] = (
    check_missing, check_range, check_text_length, check_ratios, check_cross_rules,
    check_year_jumps, check_sections, check_lists, check_reporter,
)  # fmt: skip
