"""Run the rules over a read workbook against its unit's layout → a :class:`Submission`.

Order: identify the unit (:mod:`.identify`); structure rules decide how to read the file;
every input cell is read and parsed (:func:`reportgen.intake.parse.parse_value`); value rules
check what was read. Findings come back sorted the way a clerk reads the workbook: the
whole-file findings first, then sheet by sheet, row by row.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reportgen.blank.layout import SHEETS, CellKind, InputCell, WorkbookLayout
from reportgen.definition.model import Review, Unit
from reportgen.findings import Finding, Location, Severity
from reportgen.intake.context import BlankContent, Context, ReadCell, split_cell, year_letter
from reportgen.intake.identify import file_name_unit, identify, text_of
from reportgen.intake.model import IndicatorValue, ListRow, Reporter, SectionText, Submission
from reportgen.intake.parse import NOT_QUICK, parse_value, quick_value
from reportgen.intake.read import RawWorkbook, read_workbook
from reportgen.intake.rules import STRUCTURE_RULES, VALUE_RULES
from reportgen.messages import make_finding

__all__ = ["Validated", "blank_content", "validate"]

log = logging.getLogger("reportgen.intake")


@dataclass(frozen=True, slots=True)
class Validated:
    """A checked submission plus the raw input values, as the annotated copy needs them."""

    submission: Submission
    raw_values: dict[tuple[str, str], object]  # (sheet, blank cell) → value as typed
    layout: WorkbookLayout | None = None


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_BLANKS: dict[tuple[str, str, str], BlankContent] = {}


def blank_content(review: Review, unit: Unit, layout: WorkbookLayout) -> BlankContent | None:
    """The non-empty cells of the unit's blank workbook, generated once per unit kind.

    The blank is written to memory with the real writer and read back with the real reader,
    so "what is ours" can never drift from what we hand out. The result is also kept on disk
    (:mod:`.blank_cache`, keyed by the review, the kind and reportgen's own code), so a new
    process checking one file does not write the blank again.
    """
    key = (review.id, review.fingerprint, unit.kind)
    found = _BLANKS.get(key)
    if found is None:
        from reportgen.intake import blank_cache

        sheets = blank_cache.load(key)
        if sheets is None:
            sheets = _written_blank(review, unit, layout)
            if sheets is None:  # pragma: no cover - our own blank always reads
                return None
            blank_cache.store(key, sheets)
        found = BlankContent(sheets)
        _BLANKS[key] = found
    return found


def _written_blank(
    review: Review, unit: Unit, layout: WorkbookLayout
) -> dict[str, frozenset[str]] | None:
    from reportgen.blank.workbook import write_workbook

    buffer = io.BytesIO()
    write_workbook(review, unit, buffer, layout=layout)
    raw, _ = read_workbook(buffer.getvalue(), "blank.xlsx")
    if raw is None:  # pragma: no cover - our own blank always reads
        log.warning("không đọc lại được biểu mẫu trống của đơn vị %s", unit.code)
        return None
    return {
        name: frozenset(a for a, v in s.cells.items() if text_of(v) != "")
        for name, s in raw.sheets.items()
    }


def validate(
    review: Review, raw: RawWorkbook, *, file_name: str, sha256: str, size: int
) -> Validated:
    """Check ``raw`` (already read) against ``review``; never raises for bad content."""
    identity = identify(review, raw)
    findings: list[Finding] = list(identity.findings)
    if identity.layout is None or identity.unit is None:
        unit_code = identity.unit.code if identity.unit else None
        stopped = Submission(
            review.id, unit_code, file_name, sha256, size, findings=tuple(findings)
        )
        return Validated(stopped, {})
    unit, layout = identity.unit, identity.layout
    if (named := file_name_unit(review, unit, file_name)) is not None:
        findings.append(named)
    ctx = Context(review, unit, layout, raw, blank=blank_content(review, unit, layout))
    for rule in STRUCTURE_RULES:
        findings.extend(rule(ctx))
    raw_values = _read_inputs(ctx, findings)
    for rule in VALUE_RULES:
        findings.extend(rule(ctx))
    submission = Submission(
        review.id,
        unit.code,
        file_name,
        sha256,
        size,
        reporter=_reporter(ctx),
        values=tuple(
            IndicatorValue(code, year, None if c.bad else c.value, f"{c.spec.sheet}!{c.address}")  # type: ignore[arg-type]
            for (code, year), c in ctx.indicators.items()
        ),
        sections=tuple(
            SectionText(code, c.value, f"{c.spec.sheet}!{c.address}")
            for code, c in ctx.sections.items()
            if isinstance(c.value, str) and c.value.strip()
        ),
        rows=tuple(
            ListRow(code, row, {col: (None if c.bad else c.value) for col, c in cells.items()})  # type: ignore[misc]
            for code, rows in ctx.list_rows.items()
            for row, cells in rows
        ),
        findings=tuple(sort_findings(findings, layout)),
    )
    return Validated(submission, raw_values, layout)


def _read_cell(
    ctx: Context,
    spec: InputCell,
    address: str,
    findings: list[Finding],
    cells: Mapping[str, object] | None = None,
) -> ReadCell:
    """Read and type the cell at ``address`` (``cells``: its sheet's, when the caller has them)."""
    raw = (ctx.raw.sheets[spec.sheet].cells if cells is None else cells).get(address)
    cell = ReadCell(spec, address, raw)
    uncalculated = ctx.raw.formula_cells_without_value
    if uncalculated and (spec.sheet, address) in uncalculated:
        cell.bad = True
        findings.append(make_finding("formula-no-value", cell.where()))
        return cell
    if raw is None:
        return cell
    choices: tuple[str, ...] = ()
    if spec.type == "choice":
        if spec.kind is CellKind.INDICATOR and spec.indicator:
            choices = ctx.review.indicator_by_code[spec.indicator].choices
        elif spec.kind is CellKind.LIST and spec.list and spec.column:
            choices = _column_choices(ctx.review, spec.list, spec.column)
    # Most cells are plain numbers: typed without building the location a finding would need.
    quick = quick_value(raw, spec.type, spec.type == "percent", choices)
    if quick is not NOT_QUICK:
        cell.value = quick
        return cell
    if cell.empty:
        return cell
    parsed = parse_value(
        cell.raw, spec.type, cell.where(), choices=choices, percent_cell=spec.type == "percent"
    )
    cell.value = parsed.value
    cell.bad = any(f.severity is Severity.ERROR for f in parsed.findings)
    findings.extend(parsed.findings)
    return cell


def _column_choices(review: Review, table: str, column: str) -> tuple[str, ...]:
    for t in review.lists:
        if t.code == table:
            for c in t.columns:
                if c.code == column:
                    return c.choices
    return ()


def _read_inputs(ctx: Context, findings: list[Finding]) -> dict[tuple[str, str], object]:
    """Read and parse every input cell into ``ctx``; returns raw values by their blank address."""
    raw_values: dict[tuple[str, str], object] = {}
    # Only the sheets holding input cells: the metadata sheet's cells are never needed.
    sheets = {
        name: ctx.raw.sheets[name].cells
        for name in {c.sheet for c in ctx.layout.cells}
        if name in ctx.raw.sheets
    }
    moved = ctx.rows_moved or bool(ctx.year_letters)  # else every cell is where the blank put it
    for spec in ctx.layout.cells:
        if spec.sheet in ctx.missing_sheets or spec.kind is CellKind.LIST:
            continue
        address = spec.cell
        if spec.kind is CellKind.INDICATOR:
            assert spec.indicator is not None and spec.year is not None
            if spec.indicator in ctx.absent_indicators or spec.year in ctx.absent_years:
                continue
            if moved:
                letter, blank_row = split_cell(spec.cell)
                row = ctx.indicator_rows.get(spec.indicator, blank_row)
                address = f"{year_letter(ctx, spec.year, letter)}{row}"
            cell = _read_cell(ctx, spec, address, findings, sheets[spec.sheet])
            ctx.indicators[(spec.indicator, spec.year)] = cell
        else:
            cell = _read_cell(ctx, spec, address, findings, sheets[spec.sheet])
            if spec.kind is CellKind.SECTION and spec.section:
                ctx.sections[spec.section] = cell
            elif spec.kind is CellKind.REPORTER and spec.field:
                ctx.reporter[spec.field] = cell
        if cell.raw is not None:
            raw_values[(spec.sheet, spec.cell)] = cell.raw
    for area in ctx.layout.lists:
        if area.sheet in ctx.missing_sheets:
            continue
        sheet = ctx.raw.sheets[area.sheet]
        letters = ctx.list_columns.get(area.table.code, dict(area.columns))
        specs = {
            c.column: c
            for c in ctx.layout.cells
            if c.kind is CellKind.LIST and c.list == area.table.code
        }
        blank_letters = dict(area.columns)
        rows: list[tuple[int, dict[str, ReadCell]]] = []
        wanted = set(letters.values())
        filled_rows = sorted(
            {
                int(digits)
                for a, v in sheet.cells.items()
                if (digits := a.lstrip(_LETTERS)) and a[: -len(digits)] in wanted and text_of(v)
            }
        )
        for r in filled_rows:
            if not area.first_row <= r <= area.last_row:
                continue
            cells = {
                code: _read_cell(ctx, specs[code], f"{lt}{r}", findings, sheet.cells)
                for code, lt in letters.items()
            }
            for code, c in cells.items():
                if c.raw is not None:
                    raw_values[(area.sheet, f"{blank_letters[code]}{r}")] = c.raw
            rows.append((r, cells))
        ctx.list_rows[area.table.code] = rows
    return raw_values


def _reporter(ctx: Context) -> Reporter:
    def text(name: str) -> str:
        c = ctx.reporter.get(name)
        return "" if c is None or c.bad or c.value is None else str(c.value)

    date = ctx.reporter.get("report_date")
    report_date = date.value if date is not None and not date.bad else None
    return Reporter(
        name=text("reporter_name"), position=text("reporter_position"), phone=text("reporter_phone"),
        email=text("reporter_email"), report_date=report_date,  # type: ignore[arg-type]
    )  # fmt: skip


def sort_findings(findings: Iterable[Finding], layout: WorkbookLayout | None) -> list[Finding]:
    """Whole-file findings first, then by sheet (workbook order), row, column."""
    order = {SHEETS.info: 1, SHEETS.indicators: 2, SHEETS.narrative: 3}
    if layout is not None:
        order.update({a.sheet: 4 + i for i, a in enumerate(layout.lists)})

    def key(f: Finding) -> tuple[int, int, int, str]:
        loc: Location = f.location
        if loc.sheet is None:
            return (0, 0, 0, "")
        letters, row = split_cell(loc.cell) if loc.cell else ("", 0)
        col = 0
        for ch in letters:
            col = col * 26 + ord(ch) - 64
        return (order.get(loc.sheet, 99), row, col, "")

    return sorted(findings, key=key)  # stable: equal places keep the rules' order
