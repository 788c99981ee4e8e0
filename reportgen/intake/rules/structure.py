"""Structure rules: which sheets, rows and list columns are where, and what lies outside them.

They run before any cell is read and record in the context how to read the file: rows found by
their code in column B, list columns found by their title, sheets to skip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from reportgen.blank.layout import (
    IND_HEADER_ROW,
    MAP_SHEET,
    META_SHEET,
    SHEETS,
    CellKind,
    IndicatorRow,
)
from reportgen.findings import Finding, Location
from reportgen.intake.context import Context, split_cell, year_letter
from reportgen.intake.identify import text_of
from reportgen.intake.read import column_letters
from reportgen.intake.rules.base import norm, tag
from reportgen.messages import make_finding

__all__ = [
    "check_list_headers",
    "check_outside",
    "check_rows",
    "check_sheets",
    "check_year_columns",
]


@tag("sheet-missing", "extra-sheet")
def check_sheets(ctx: Context) -> Iterator[Finding]:
    """Sheets holding input cells must be there; sheets we did not make are not read."""
    needed = list(dict.fromkeys(c.sheet for c in ctx.layout.cells))
    for name in needed:
        if name not in ctx.raw.sheets:
            ctx.missing_sheets.add(name)
            yield make_finding("sheet-missing", Location(sheet=name))
    known = set(needed) | {SHEETS.guidance, META_SHEET, MAP_SHEET}
    if ctx.blank is not None:
        known |= set(ctx.blank.sheets)
    for name in ctx.raw.sheets:
        if name not in known:
            yield make_finding("extra-sheet", Location(sheet=name))


@tag("rows-moved", "indicator-missing")
def check_rows(ctx: Context) -> Iterator[Finding]:
    """Each indicator's code must be in column B of its row; else find the row by its code."""
    sheet = ctx.raw.sheets.get(SHEETS.indicators)
    if sheet is None:
        return
    cells = sheet.cells
    by_code: dict[str, int] | None = None  # column B read only once a code is not in its row
    moved = 0
    for r in ctx.layout.rows:
        if not isinstance(r, IndicatorRow):
            continue
        code = r.indicator.code
        if text_of(cells.get(f"B{r.row}")) == code:
            ctx.indicator_rows[code] = r.row
            continue
        if by_code is None:
            by_code = {}
            for address, value in cells.items():
                if (
                    address[0] == "B"
                    and address[1:].isdigit()
                    and int(address[1:]) > IND_HEADER_ROW
                ):
                    by_code.setdefault(text_of(value), int(address[1:]))
        if code in by_code:
            ctx.indicator_rows[code] = by_code[code]
            moved += 1
        elif r.inputs:  # a computed ratio row holds nothing to read
            ctx.absent_indicators.add(code)
            yield make_finding("indicator-missing", Location(sheet=SHEETS.indicators, indicator=code),
                               name=r.indicator.name)  # fmt: skip
    if moved:
        ctx.rows_moved = True
        yield make_finding("rows-moved", Location(sheet=SHEETS.indicators), count=moved)


_YEAR_HEADER = re.compile(r"năm\s*(\d{4})")
_HEADER_ROWS = range(1, IND_HEADER_ROW + 6)  # rows inserted above the header move it down


def _header_year(value: object) -> int | None:
    """2017 for a "Năm 2017" header cell, else None."""
    m = _YEAR_HEADER.fullmatch(norm(value)) if value is not None else None
    return int(m.group(1)) if m else None


@tag("columns-moved", "year-column-missing")
def check_year_columns(ctx: Context) -> Iterator[Finding]:
    """Each year's column must be under its "Năm …" header; moved ones are found by header.

    A unit that inserts a column ("Ghi chú") before the years shifts every year one column
    right: reading the blank's letters would give a cascade of errors, so the years are read
    where their headers are, with one warning. When a header cannot be found (deleted,
    renamed) while others can, that year is not read and one error says which column to
    restore. A sheet with no year header at all is read as laid out (nothing to go by).
    """
    sheet = ctx.raw.sheets.get(SHEETS.indicators)
    if sheet is None or not ctx.layout.year_columns:
        return
    cells = sheet.cells
    if all(
        _header_year(cells.get(f"{lt}{IND_HEADER_ROW}")) == y for y, lt in ctx.layout.year_columns
    ):
        return  # the usual case: a few lookups, no scan
    by_row: dict[int, dict[int, str]] = {}
    for address, value in sheet.cells.items():
        letter, row = split_cell(address)
        if row in _HEADER_ROWS and (year := _header_year(value)) is not None:
            by_row.setdefault(row, {}).setdefault(year, letter)
    if not by_row:
        return
    row = max(by_row, key=lambda r: (len(by_row[r]), r == IND_HEADER_ROW))
    found = by_row[row]
    moved = {y: found[y] for y, letter in ctx.layout.year_columns if found.get(y, letter) != letter}
    for year, letter in ctx.layout.year_columns:
        if year not in found:
            ctx.absent_years.add(year)
            yield make_finding(
                "year-column-missing", Location(sheet=SHEETS.indicators, cell=f"{letter}{row}",
                                                year=year), title=f"Năm {year}", row=row,
            )  # fmt: skip
    if moved:
        ctx.year_letters.update(moved)
        yield make_finding(
            "columns-moved", Location(sheet=SHEETS.indicators), count=len(moved), row=row
        )


@tag("list-column-missing")
def check_list_headers(ctx: Context) -> Iterator[Finding]:
    """Each list column's title must be in the header row; moved columns are found by title."""
    for area in ctx.layout.lists:
        sheet = ctx.raw.sheets.get(area.sheet)
        if sheet is None:
            continue
        row = sheet.row(area.header_row)
        header = {column_letters(c): norm(v) for c, v in enumerate(row, start=1) if v is not None}
        columns: dict[str, str] = {}
        for col, (code, letter) in zip(area.table.columns, area.columns, strict=True):
            title = norm(col.title)
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
    plain = (
        not ctx.rows_moved
        and not ctx.year_letters
        and all(
            ctx.list_columns.get(a.table.code, dict(a.columns)) == dict(a.columns)
            for a in ctx.layout.lists
        )
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
            letter = year_letter(ctx, c.year or 0, split_cell(c.cell)[0])
            inputs.setdefault(c.sheet, set()).add(f"{letter}{ctx.indicator_rows[c.indicator]}")
        elif c.kind is not CellKind.LIST:
            inputs.setdefault(c.sheet, set()).add(c.cell)
    # computed ratio cells are empty in the blank and hold the formula's result once filled
    year_letters = [year_letter(ctx, y, letter) for y, letter in ctx.layout.year_columns]
    for r in ctx.layout.rows:
        if isinstance(r, IndicatorRow) and not r.inputs:
            row = ctx.indicator_rows.get(r.indicator.code, r.row)
            inputs.setdefault(SHEETS.indicators, set()).update(f"{lt}{row}" for lt in year_letters)
    for area in ctx.layout.lists:
        # Columns found by title (moved or not), and where missing ones were: a column that
        # is gone already has its list-column-missing error. A column the unit inserted is
        # neither, so what is typed under it is reported as not read.
        found = ctx.list_columns.get(area.table.code, dict(area.columns))
        letters = set(found.values()) | {lt for code, lt in area.columns if code not in found}
        rows = range(area.first_row, area.last_row + 1)
        cells = inputs.setdefault(area.sheet, set())
        cells.update(f"{lt}{r}" for lt in letters for r in rows)
        cells.update(f"{lt}{area.header_row}" for lt in found.values())  # moved headers
    return inputs


@tag("content-outside-input")
def check_outside(ctx: Context) -> Iterator[Finding]:
    """Text typed outside the input cells is not read: say so once per sheet."""
    if ctx.blank is None:
        return
    inputs = _input_addresses(ctx)
    for name, sheet in ctx.raw.sheets.items():
        ours = ctx.blank.sheets.get(name)
        moved = ctx.rows_moved or bool(ctx.year_letters)
        if ours is None or name in (META_SHEET, MAP_SHEET) or (name == SHEETS.indicators and moved):
            continue  # moved rows and columns carry their labels: rows/columns-moved say it
        typed = inputs.get(name, frozenset())
        cells = sheet.cells
        # Set differences run in C; blank texts (spaces) left over are not content.
        outside = [a for a in cells.keys() - ours - typed if text_of(cells[a]) != ""]
        if outside:
            first = min(outside, key=lambda a: split_cell(a)[::-1])
            yield make_finding(
                "content-outside-input", Location(sheet=name, cell=first), count=len(outside)
            )
