"""Review × Unit → WorkbookLayout: where every input cell of a unit's workbook is.

The layout is the contract between the blank workbook and the intake. The writer places
cells where the layout says; the layout is also serialised into two very hidden sheets of the
workbook, so that intake — or any other tool — can tell which review, unit and definition a
returned workbook was made from, and read it without guessing.

Metadata sheet ``_reportgen`` (very hidden; layout version 2)::

    A1 "reportgen-meta"   B1 <layout version>
    A2.. key / value rows: review_id, review_version, unit_code, fingerprint, cell_map
    N1.. drop-down lists too long to write inline in a validation (one column each)

Cell-map sheet ``_reportgen_map`` (very hidden)::

    row 1 header: sheet | cell | kind | indicator | year | section | list | column | field | type | required
    row 2.. one row per input cell (list columns: the first data cell; rows continue below)

``cell_map`` is :func:`map_digest` of those rows. Intake computes the layout itself, so it
compares the digest and never parses the map (a third of the workbook's XML); the map is
there for other tools. Layout version 1 (blanks handed out before) kept the map in
``_reportgen`` itself, header at row ``META_TABLE_ROW``, and had no digest.
"""

from __future__ import annotations

import builtins
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from reportgen.definition.model import (
    Area,
    Indicator,
    ListTable,
    Review,
    Section,
    Unit,
    ValueType,
    YearsAsked,
)

__all__ = [
    "LAYOUT_VERSION",
    "MAP_SHEET",
    "META_MARKER",
    "META_SHEET",
    "META_TABLE_ROW",
    "AreaRow",
    "CellKind",
    "IndicatorRow",
    "InputCell",
    "ListArea",
    "SectionRows",
    "SheetNames",
    "WorkbookLayout",
    "layout_for",
    "list_sheet_name",
    "map_digest",
    "map_text",
    "sheet_title",
]


def xl_col_to_name(col: int) -> str:
    """Column letters of a zero-based column index (0 → A, 26 → AA), as xlsxwriter spells them.

    Local, so that reading a file (which needs the layout, not the writer) never imports
    xlsxwriter: ``reportgen check FILE`` starts faster.
    """
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


LAYOUT_VERSION = "2"
META_SHEET = "_reportgen"
MAP_SHEET = "_reportgen_map"
META_MARKER = "reportgen-meta"
META_TABLE_ROW = 10  # layout version 1: 1-based row of the cell-map header in META_SHEET
META_COLUMNS = (
    "sheet",
    "cell",
    "kind",
    "indicator",
    "year",
    "section",
    "list",
    "column",
    "field",
    "type",
    "required",
)

# Fixed geometry. Rows are 1-based, as users see them in Excel.
INFO_FIRST_ROW = 4  # "Thông tin": identity rows start here, label in B, value in C
IND_HEADER_ROW = 5  # "Chỉ tiêu": header row; data from the next row
IND_FIRST_YEAR_COL = 5  # 0-based column index of the first year (F… after A:E)
NARR_FIRST_ROW = 4  # "Thuyết minh": first section title row
LIST_HEADER_ROW = 4  # list sheets: Excel table header row

REPORTER_FIELDS: tuple[tuple[str, str, str], ...] = (
    # (field, Vietnamese label, type)
    ("reporter_name", "Họ và tên người lập biểu", "text"),
    ("reporter_position", "Chức vụ", "text"),
    ("reporter_phone", "Điện thoại", "text"),
    ("reporter_email", "Thư điện tử (email)", "email"),
    ("report_date", "Ngày lập báo cáo", "date"),
)
IDENTITY_FIELDS: tuple[tuple[str, str], ...] = (
    ("review_title", "Đợt báo cáo"),
    ("unit_code", "Mã đơn vị"),
    ("unit_name", "Tên đơn vị"),
    ("unit_kind", "Loại đơn vị"),
    ("deadline", "Hạn nộp"),
)


class CellKind(StrEnum):
    """What an input cell holds."""

    REPORTER = "reporter"
    INDICATOR = "indicator"
    SECTION = "section"
    LIST = "list"


@dataclass(frozen=True, slots=True)
class SheetNames:
    """Names of the workbook's sheets (Vietnamese, ≤ 31 characters)."""

    guidance: str = "Hướng dẫn"
    info: str = "Thông tin"
    indicators: str = "Chỉ tiêu"
    narrative: str = "Thuyết minh"
    meta: str = META_SHEET
    cell_map: str = MAP_SHEET


SHEETS = SheetNames()


@dataclass(frozen=True, slots=True)
class InputCell:
    """One input cell (or, for lists, the first cell of an input column)."""

    sheet: str
    cell: str
    kind: CellKind
    type: str  # ValueType / ColumnType value, or text/email/date for reporter fields
    indicator: str | None = None
    year: int | None = None
    section: str | None = None
    list: str | None = None
    column: str | None = None
    field: str | None = None
    required: bool = False

    def as_row(self) -> builtins.list[object]:
        """The metadata-sheet row for this cell."""
        return [
            self.sheet, self.cell, str(self.kind), self.indicator or "", self.year or "",
            self.section or "", self.list or "", self.column or "", self.field or "", self.type,
            1 if self.required else 0,
        ]  # fmt: skip

    @classmethod
    def from_row(cls, row: Sequence[object]) -> InputCell:
        """Inverse of :meth:`as_row`; raises ValueError on a malformed row."""
        cells = [("" if v is None else v) for v in (list(row) + [""] * 11)[:11]]
        sheet, cell, kind, indicator, year, section, lst, column, field, typ, required = cells
        return cls(
            sheet=str(sheet),
            cell=str(cell),
            kind=CellKind(str(kind)),
            type=str(typ),
            indicator=str(indicator) or None,
            year=int(float(str(year))) if str(year) != "" else None,
            section=str(section) or None,
            list=str(lst) or None,
            column=str(column) or None,
            field=str(field) or None,
            required=str(required) not in ("", "0", "0.0", "False", "false"),
        )


@dataclass(frozen=True, slots=True)
class AreaRow:
    """A task-area heading row on the indicators sheet."""

    area: Area
    row: int


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """An indicator's row on the indicators sheet; ``inputs`` maps asked years to cells."""

    indicator: Indicator
    row: int
    number: str  # "1.2" as printed in column A
    inputs: tuple[tuple[int, str], ...]  # (year, cell address); empty for computed ratios


@dataclass(frozen=True, slots=True)
class SectionRows:
    """Rows of one narrative section: title, guidance, input."""

    section: Section
    title_row: int
    input_row: int

    @property
    def cell(self) -> str:
        """Address of the input cell."""
        return f"B{self.input_row}"


@dataclass(frozen=True, slots=True)
class ListArea:
    """Where a list table sits: header row, data rows, one column letter per column."""

    table: ListTable
    sheet: str
    header_row: int
    first_row: int
    last_row: int
    columns: tuple[tuple[str, str], ...]  # (column code, letter); column A holds "TT"


@dataclass(frozen=True, slots=True)
class WorkbookLayout:
    """Everything about where things are in one unit's workbook."""

    review_id: str
    review_version: str
    unit_code: str
    fingerprint: str
    layout_version: str
    years: tuple[int, ...]
    year_columns: tuple[tuple[int, str], ...]  # (year, column letter) on the indicators sheet
    info_rows: tuple[tuple[str, int], ...]  # (identity or reporter field, row)
    rows: tuple[AreaRow | IndicatorRow, ...]
    sections: tuple[SectionRows, ...]
    lists: tuple[ListArea, ...]
    cells: tuple[InputCell, ...]
    cell_map: str  # map_digest(cells)

    @property
    def meta(self) -> tuple[tuple[str, str], ...]:
        """The key/value pairs written at the top of the metadata sheet."""
        return (
            ("review_id", self.review_id),
            ("review_version", self.review_version),
            ("unit_code", self.unit_code),
            ("fingerprint", self.fingerprint),
            ("cell_map", self.cell_map),
        )

    def year_column(self, year: int) -> str:
        """Column letter of ``year`` on the indicators sheet."""
        return dict(self.year_columns)[year]

    def cell_of(self, indicator: str, year: int) -> InputCell | None:
        """The input cell of ``indicator`` for ``year``, if the unit is asked for it."""
        for c in self.cells:
            if c.kind is CellKind.INDICATOR and c.indicator == indicator and c.year == year:
                return c
        return None


def map_text(value: object) -> str:
    """A cell-map field as the text a reader sees: whole floats lose their ``.0``, ends stripped.

    Excel and LibreOffice may hand ``1`` back as ``1.0``; the digest and the comparison of a
    version-1 map both go through this.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def map_digest(cells: Iterable[InputCell]) -> str:
    """16 hex digits of SHA-256 over the cell map's rows as text (order kept): ``cell_map``."""
    digest = hashlib.sha256()
    for cell in cells:
        digest.update("\x1f".join(map_text(v) for v in cell.as_row()).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()[:16]


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A valid sheet name for ``text``, unique among ``taken`` (Excel compares names ignoring case).

    At most 31 characters, none of ``[]:*?/\\'``; a long text is cut at a word boundary, so no
    sheet is called "…nước mặt v".
    """
    name = "".join(ch for ch in text if ch not in "[]:*?/\\'").strip()
    if len(name) > 31:
        cut = name[:32]
        name = cut[: cut.rfind(" ")] if " " in cut else name[:31]
    name = name.rstrip(" ,.;-") or "Sheet"
    used = {t.lower() for t in taken}
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    return name


def list_sheet_name(table: ListTable, taken: Iterable[str] = ()) -> str:
    """The sheet of a list table: its short ``sheet`` name, else its title."""
    return sheet_title(table.sheet or table.title, taken)


def layout_for(review: Review, unit: Unit) -> WorkbookLayout:
    """Compute the layout of ``unit``'s workbook. Pure and deterministic."""
    years = review.period.years
    year_columns = tuple((y, xl_col_to_name(IND_FIRST_YEAR_COL + i)) for i, y in enumerate(years))
    ycol = dict(year_columns)
    cells: list[InputCell] = []

    info_rows: list[tuple[str, int]] = []
    r = INFO_FIRST_ROW
    for field, _label in IDENTITY_FIELDS:
        info_rows.append((field, r))
        r += 1
    r += 1  # a blank row, then the reporter block under its own heading
    r += 1
    for field, _label, typ in REPORTER_FIELDS:
        info_rows.append((field, r))
        cells.append(
            InputCell(SHEETS.info, f"C{r}", CellKind.REPORTER, typ, field=field, required=True)
        )
        r += 1

    rows: list[AreaRow | IndicatorRow] = []
    applicable = review.indicators_for(unit)
    r = IND_HEADER_ROW + 1
    for a_index, area in enumerate(review.areas, start=1):
        inds = [i for i in applicable if i.area == area.code]
        if not inds:
            continue
        rows.append(AreaRow(area, r))
        r += 1
        for i_index, ind in enumerate(inds, start=1):
            inputs: tuple[tuple[int, str], ...] = ()
            if ind.type is not ValueType.RATIO:
                asked = (years[-1],) if ind.years is YearsAsked.LAST else years
                inputs = tuple((y, f"{ycol[y]}{r}") for y in asked)
                for y, address in inputs:
                    cells.append(
                        InputCell(
                            SHEETS.indicators, address, CellKind.INDICATOR, ind.type.value,
                            indicator=ind.code, year=y, required=ind.required,
                        )
                    )  # fmt: skip
            rows.append(IndicatorRow(ind, r, f"{a_index}.{i_index}", inputs))
            r += 1

    sections: list[SectionRows] = []
    r = NARR_FIRST_ROW
    for sec in review.sections:
        # title row, then the input row (guidance sits in the title row's note column)
        sections.append(SectionRows(sec, r, r + 1))
        cells.append(
            InputCell(
                SHEETS.narrative,
                f"B{r + 1}",
                CellKind.SECTION,
                "text",
                section=sec.code,
                required=sec.required,
            )
        )
        r += 3

    lists: list[ListArea] = []
    taken = {
        SHEETS.guidance, SHEETS.info, SHEETS.indicators, SHEETS.narrative, SHEETS.meta,
        SHEETS.cell_map,
    }  # fmt: skip
    for table in review.lists:
        sheet = list_sheet_name(table, taken)
        taken.add(sheet)
        columns = tuple((col.code, xl_col_to_name(1 + i)) for i, col in enumerate(table.columns))
        first = LIST_HEADER_ROW + 1
        list_area = ListArea(
            table, sheet, LIST_HEADER_ROW, first, first + table.max_rows - 1, columns
        )
        lists.append(list_area)
        for col, (code, letter) in zip(table.columns, columns, strict=True):
            cells.append(
                InputCell(
                    sheet,
                    f"{letter}{first}",
                    CellKind.LIST,
                    col.type.value,
                    list=table.code,
                    column=code,
                    required=col.required,
                )
            )

    return WorkbookLayout(
        review_id=review.id,
        review_version=review.version,
        unit_code=unit.code,
        fingerprint=review.fingerprint,
        layout_version=LAYOUT_VERSION,
        years=years,
        year_columns=year_columns,
        info_rows=tuple(info_rows),
        rows=tuple(rows),
        sections=tuple(sections),
        lists=tuple(lists),
        cells=tuple(cells),
        cell_map=map_digest(cells),
    )
