"""Which review, unit and definition a submitted workbook was made from.

The blank workbook carries a very hidden metadata sheet (format in :mod:`reportgen.blank.layout`):
review id, unit code, fingerprint of the definition and the cell map's digest. Reading it gives one
clear finding when something is off — wrong review, unknown unit, outdated workbook — instead
of hundreds of cell errors. When the sheet is gone (the unit copied everything into a new
workbook), the unit is found from its code on the "Thông tin" sheet and the data is read by
labels, if the indicator codes are still where the layout expects them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportgen.blank.layout import (
    IDENTITY_FIELDS,
    INFO_FIRST_ROW,
    MAP_SHEET,
    META_MARKER,
    META_SHEET,
    META_TABLE_ROW,
    SHEETS,
    IndicatorRow,
    WorkbookLayout,
    layout_for,
    xl_col_to_name,
)
from reportgen.blank.layout import map_text as text_of  # a cell value as stripped text
from reportgen.definition.model import Review, Unit
from reportgen.findings import Finding, Location, Severity
from reportgen.intake.read import RawSheet, RawWorkbook
from reportgen.messages import make_finding

__all__ = [
    "UNREAD_SHEETS",
    "Identity",
    "MetaSheet",
    "cached_layout",
    "file_name_unit",
    "identify",
    "read_meta",
    "text_of",
]

# The cell map's own sheet is never read: its digest in the metadata sheet says all (callers
# pass this to read_workbook's ``skip``).
UNREAD_SHEETS = (MAP_SHEET,)
_META_LETTERS = tuple(xl_col_to_name(i) for i in range(11))  # A..K: the cell-map columns
_UNIT_CODE_CELL = f"C{INFO_FIRST_ROW + [f for f, _ in IDENTITY_FIELDS].index('unit_code')}"
_UNIT_NAME_CELL = f"C{INFO_FIRST_ROW + [f for f, _ in IDENTITY_FIELDS].index('unit_name')}"


@dataclass(frozen=True, slots=True)
class MetaSheet:
    """What the metadata sheet of a workbook says: version, key/value rows (and, in layout
    version 1, the cell map itself)."""

    layout_version: str
    values: Mapping[str, str]
    sheet: RawSheet

    def rows(self) -> frozenset[tuple[str, ...]]:
        """A version-1 cell map, each row as the text of its 11 cells."""
        found, row, width = set(), META_TABLE_ROW + 1, len(_META_LETTERS)
        while (values := self.sheet.row_values(row, width))[0] is not None:
            found.add(tuple(text_of(v) for v in values))
            row += 1
        return frozenset(found)

    def matches(self, layout: WorkbookLayout) -> bool:
        """Whether the workbook's cell map is exactly ``layout``'s.

        From layout version 2 the metadata sheet carries the map's digest (``cell_map``) and
        the map sits on its own sheet, which intake does not read. A version-1 workbook has
        the map in this sheet: the raw rows of the last file that matched are compared first
        (one list comparison); only a file that differs pays for the text comparison.
        """
        digest = self.values.get("cell_map")
        if digest is not None:
            return digest == layout.cell_map
        key = (layout.review_id, layout.fingerprint, layout.unit_code)
        first, last = META_TABLE_ROW + 1, META_TABLE_ROW + len(layout.cells)
        width = len(_META_LETTERS)
        seen = _SEEN_MAPS.get(key)
        if seen is not None and self._raw_map(first, last + 1, width) == seen:
            return True
        if self.rows() != expected_rows(layout):
            return False
        _SEEN_MAPS[key] = self._raw_map(first, last + 1, width)
        return True

    def _raw_map(self, first: int, end: int, width: int) -> tuple[str, list[Any]]:
        """Rows ``first``..``end`` (the row after the map, which must stay empty) as read."""
        grid = self.sheet.rows
        if grid is not None:  # read in process: calamine's own rows, compared as lists
            return "grid", list(grid[first - 1 : end])
        return "cells", [self.sheet.row_values(r, width) for r in range(first, end + 1)]


_SEEN_MAPS: dict[tuple[str, str, str], tuple[str, list[Any]]] = {}


@dataclass(frozen=True, slots=True)
class Identity:
    """The outcome of identification: the unit and its current layout, or why not."""

    unit: Unit | None
    layout: WorkbookLayout | None  # None: stop here, the findings say why
    by_labels: bool = False
    findings: tuple[Finding, ...] = ()


def cached_layout(review: Review, unit: Unit) -> WorkbookLayout:
    """``layout_for`` memoised per review version and unit (layouts are pure; Review is not hashable)."""
    key = (review.id, review.fingerprint, unit.code)
    layout = _LAYOUTS.get(key)
    if layout is None:
        if len(_LAYOUTS) > 4096:  # many reviews in one long-lived process: start again
            _LAYOUTS.clear()
        layout = _LAYOUTS[key] = layout_for(review, unit)
    return layout


_LAYOUTS: dict[tuple[str, str, str], WorkbookLayout] = {}


def read_meta(sheet: RawSheet) -> MetaSheet | None:
    """Parse the metadata sheet; None when its marker is missing."""
    marker, version = sheet.row_values(1, 2)
    if text_of(marker) != META_MARKER:
        return None
    values = {}
    for r in range(2, META_TABLE_ROW):
        key, value = sheet.row_values(r, 2)
        if key is not None:
            values[text_of(key)] = text_of(value)
    return MetaSheet(text_of(version), values, sheet)


def expected_rows(layout: WorkbookLayout) -> frozenset[tuple[str, ...]]:
    """The cell map of ``layout`` as the metadata sheet's text (compared as a whole, cached)."""
    key = (layout.review_id, layout.fingerprint, layout.unit_code)
    found = _EXPECTED.get(key)
    if found is None:
        found = _EXPECTED[key] = frozenset(
            tuple(text_of(v) for v in c.as_row()) for c in layout.cells
        )
    return found


_EXPECTED: dict[tuple[str, str, str], frozenset[tuple[str, ...]]] = {}


def identify(review: Review, raw: RawWorkbook) -> Identity:
    """Find the review, unit and layout of ``raw``; the findings explain any doubt."""
    meta_sheet = raw.sheets.get(META_SHEET)
    meta = read_meta(meta_sheet) if meta_sheet is not None else None
    if meta is None:
        return _identify_by_labels(review, raw)

    review_id = meta.values.get("review_id", "")
    if review_id != review.id:
        return Identity(None, None, findings=(
            make_finding("wrong-review", Location(sheet=META_SHEET, cell="B2"), value=review_id,
                         found=review_id, expected=review.id),
        ))  # fmt: skip
    unit_code = meta.values.get("unit_code", "")
    unit = review.unit_by_code.get(unit_code)
    if unit is None:
        return Identity(None, None, findings=(make_finding("unknown-unit", value=unit_code),))

    layout = cached_layout(review, unit)
    fingerprint = meta.values.get("fingerprint", "")
    same_map = meta.matches(layout)
    version = meta.values.get("review_version", "")
    if fingerprint == review.fingerprint and same_map and version == review.version:
        return Identity(unit, layout)
    if fingerprint == review.fingerprint and same_map:
        # The version was bumped after hand-out for a change that leaves the workbook as it
        # was (a target, a contact): read it, but say so, as a bump is meant to be noticed.
        finding = make_finding(
            "template-outdated", value=version, severity=Severity.WARNING,
            detail=f" (phiên bản {version or 'không rõ'}, hiện nay là {review.version}), nhưng "
            "các ô nhập liệu không đổi nên số liệu vẫn được đọc",
        )  # fmt: skip
        return Identity(unit, layout, findings=(finding,))
    if same_map:
        # The definition changed in ways that leave this unit's cells where they were
        # (a guidance text, a bound): the data can still be read, so only warn.
        finding = make_finding(
            "template-outdated", value=fingerprint, severity=Severity.WARNING,
            detail=", nhưng vị trí các ô nhập liệu vẫn đúng nên số liệu vẫn được đọc",
        )  # fmt: skip
        return Identity(unit, layout, findings=(finding,))
    detail = ": vị trí các ô nhập liệu đã thay đổi"
    return Identity(
        unit, None, findings=(make_finding("template-outdated", value=fingerprint, detail=detail),)
    )


def _find_unit(review: Review, raw: RawWorkbook) -> Unit | None:
    info = raw.sheets.get(SHEETS.info)
    if info is None:
        return None
    code = text_of(info.cells.get(_UNIT_CODE_CELL))
    if code in review.unit_by_code:
        return review.unit_by_code[code]
    if code.isdigit():  # "001" typed into a number cell of a copied workbook becomes 1
        for unit in review.units:
            if unit.code.isdigit() and int(unit.code) == int(code):
                return unit
    name = text_of(info.cells.get(_UNIT_NAME_CELL)).casefold()
    for unit in review.units:
        if name and unit.name.casefold() == name:
            return unit
    return None


def _identify_by_labels(review: Review, raw: RawWorkbook) -> Identity:
    unit = _find_unit(review, raw)
    if unit is None:
        detail = f"không tìm thấy mã đơn vị ở ô {SHEETS.info}!{_UNIT_CODE_CELL}"
        return Identity(None, None, findings=(make_finding("metadata-missing", detail=detail),))
    layout = cached_layout(review, unit)
    sheet = raw.sheets.get(SHEETS.indicators)
    if sheet is None:
        detail = f"không có trang '{SHEETS.indicators}'"
        return Identity(unit, None, findings=(make_finding("metadata-missing", detail=detail),))
    codes = {text_of(v) for k, v in sheet.cells.items() if k[0] == "B" and k[1:].isdigit()}
    wanted = {r.indicator.code for r in layout.rows if isinstance(r, IndicatorRow)}
    if not wanted <= codes:
        detail = f"mã chỉ tiêu ở cột B trang '{SHEETS.indicators}' không khớp với biểu mẫu"
        return Identity(unit, None, findings=(make_finding("metadata-missing", detail=detail),))
    return Identity(unit, layout, by_labels=True, findings=(make_finding("read-by-labels"),))


def file_name_unit(review: Review, unit: Unit, file_name: str) -> Finding | None:
    """A warning when the file is named after another unit (``002-….xlsx`` holding unit 001).

    Blank workbooks are named ``<code>-<name>.xlsx``; a unit that sends a colleague's file,
    or an office that renames files on receipt, is worth a second look.
    """
    stem = file_name.rsplit(".", 1)[0]
    prefix = stem.replace("_", "-").replace(" ", "-").split("-", 1)[0].strip()
    named = review.unit_by_code.get(prefix) or review.unit_by_code.get(prefix.upper())
    if named is None or named.code == unit.code:
        return None
    return make_finding(
        "file-name-other-unit", Location(file=file_name), value=prefix,
        named=named.code, named_name=named.name, unit=unit.code, unit_name=unit.name,
    )  # fmt: skip
