"""Pre-scan of an xlsx's sheet XML, before python-calamine allocates anything.

calamine builds a dense grid from A1 to the farthest cell, so a 5 KB file with one cell at
XFD1048576 asks for 512 GB. A regex pass over each sheet finds the real extent first, and in
the same pass the formulas that have no cached value and the Excel error cells that calamine
would read as empty strings.

Most sheets are small: when no cell address has two column letters or four row digits, the
sheet's grid is at most Z999, which one regex search proves without building a Python object
per cell. The exact extent is computed only when those bounds could exceed ``max_cells``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["XlsxScan", "column_number", "scan_xlsx", "sheet_parts"]

_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
# An open (not self-closing) cell tag: the cells calamine puts in its grid. Self-closing
# <c r="B1" s="1"/> are formatted empty cells, which calamine skips (so do we).
_FILLED_CELL = re.compile(rb"<(?:\w+:)?c(?:\s([^>]*?[^/>]))?>")
# A filled cell whose first attribute is r="..." (cell attributes never contain "/").
_FILLED_WITH_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>/]*>')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="([0-9]{1,7})"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# The same without a namespace prefix: it starts with a literal, which re searches fast.
_FORMULA_PLAIN = re.compile(rb"<f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>\s*[^<\s]")
_R_ATTR = re.compile(rb'(?:^|\s)r="([A-Z]{1,3})([0-9]{1,7})"')
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s([^>]*\st="e"[^>]*)>')
_VALUE_TEXT = re.compile(rb"<(?:\w+:)?v>([^<]{1,40})<")
_T_ATTR = re.compile(rb'(?:^|\s)t="(\w+)"')
# A cell tag that does not start with r="A1" .. r="Z999" (an address beyond Z999, none at all,
# or an odd one): it sends the sheet to the exact count. One pass over the sheet finds both.
_NOT_SMALL_CELL = re.compile(rb'<c(?! r="[A-Z][0-9]{1,3}")[\s>/]')
_PREFIXED_CELL = re.compile(rb":c[\s>/]")  # <x:c ...>: a namespace prefix
_SMALL_SHEET = (999, 26)


@dataclass(frozen=True, slots=True)
class XlsxScan:
    """What the pre-scan found in an xlsx's sheets.

    ``grid_cells`` and ``largest`` are exact whenever they exceed a limit given to
    :func:`scan_xlsx`; within the limits they may be an upper bound (a small sheet counts as
    Z999).
    """

    grid_cells: int
    largest: tuple[int, int]  # the most rows and the most columns of any sheet
    formulas: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    # (sheet, cell) → "#DIV/0!": calamine's to_python() turns error cells into "".
    errors: Mapping[tuple[str, str], str] = field(default_factory=dict)


def _attrs(tag: bytes) -> dict[str, str]:
    return {
        k.decode(): html.unescape(v.decode("utf-8", "replace"))
        if b"&" in v
        else v.decode("utf-8", "replace")
        for k, v in _ATTR.findall(tag)
    }


def sheet_parts(members: Mapping[str, bytes]) -> Mapping[str, str] | None:
    """Sheet name → worksheet part name, from workbook.xml and its rels.

    Files made from the same blank share both parts byte for byte: the answer is kept by
    their content (a dict key compares the bytes, so only identical parts share it).
    """
    workbook = members.get("xl/workbook.xml")
    rels = members.get("xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        return None
    if len(workbook) + len(rels) > 65536:  # not worth keeping
        return _parse_sheet_parts(workbook, rels)
    key = (workbook, rels)
    if key in _PARTS:
        return _PARTS[key]
    if len(_PARTS) >= 64:
        _PARTS.clear()
    found = _PARTS[key] = _parse_sheet_parts(workbook, rels)
    return found


_PARTS: dict[tuple[bytes, bytes], Mapping[str, str] | None] = {}


def _parse_sheet_parts(workbook: bytes, rels: bytes) -> Mapping[str, str] | None:
    targets: dict[str, str] = {}
    for tag in _REL_TAG.findall(rels):
        a = _attrs(tag)
        target = a.get("Target", "")
        targets[a.get("Id", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    parts: dict[str, str] = {}
    for tag in _SHEET_TAG.findall(workbook):
        a = _attrs(tag)
        rid = next((v for k, v in a.items() if k.endswith(":id")), "")
        part = targets.get(rid)
        if part is None:
            return None
        parts[a.get("name", "")] = part
    return MappingProxyType(parts)


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def scan_xlsx(
    members: Mapping[str, bytes],
    max_cells: int | None = None,
    max_rows: int | None = None,
    max_cols: int | None = None,
    *,
    skip: Collection[str] = (),
) -> XlsxScan | None:
    """Bound the A1-based grid calamine will build, and find uncalculated formulas.

    Returns None when a worksheet part cannot be found (the caller then reads in the sandbox).
    With the limits given, small sheets are bounded cheaply when the bounds are within all
    of them (see :class:`XlsxScan`); otherwise every sheet is counted exactly. Sheets named in
    ``skip`` are left out: calamine is not asked to build their grids.
    """
    parts = sheet_parts(members)
    if parts is None:
        return None
    sheets: list[tuple[str, bytes]] = []
    for name, part in parts.items():
        if name in skip:
            continue
        xml = members.get(part)
        if xml is None:
            if "worksheets/" in part:
                return None
            continue  # chart sheet or dialog sheet: calamine reads no cells from it
        sheets.append((name, xml))
    quick = (
        max_cells is not None
        and (max_rows is None or _SMALL_SHEET[0] <= max_rows)
        and (max_cols is None or _SMALL_SHEET[1] <= max_cols)
    )
    sizes = [_quick_size(xml) if quick else None for _, xml in sheets]
    if max_cells is None or sum(r * c for r, c in filter(None, sizes)) > max_cells:
        sizes = [None] * len(sheets)  # bounds too loose to decide: count every sheet exactly
    total = 0
    formulas: set[tuple[str, str]] = set()
    errors: dict[tuple[str, str], str] = {}
    largest = (0, 0)
    for (name, xml), size in zip(sheets, sizes, strict=True):
        rows, columns = size or _grid_size(xml)
        total += rows * columns
        largest = (max(largest[0], rows), max(largest[1], columns))
        formulas.update((name, ref) for ref in _uncalculated(xml))
        if b't="e"' in xml:
            errors.update(((name, ref), text) for ref, text in _error_cells(xml))
    return XlsxScan(total, largest, frozenset(formulas), errors)


def _error_cells(xml: bytes) -> list[tuple[str, str]]:
    """(address, "#N/A") of cells holding an Excel error value (``t="e"``)."""
    found: list[tuple[str, str]] = []
    for tag in _ERROR_CELL.finditer(xml):
        end = xml.find(b"c>", tag.end())
        value = _VALUE_TEXT.search(xml, tag.end(), end if end > 0 else len(xml))
        ref = _R_ATTR.search(tag.group(1))
        if value and ref:
            found.append(((ref.group(1) + ref.group(2)).decode(), value.group(1).decode()))
    return found


def _quick_size(xml: bytes) -> tuple[int, int] | None:
    """(999, 26) when every cell of the sheet is addressed within Z999, else None (count it)."""
    if _PREFIXED_CELL.search(xml) or _NOT_SMALL_CELL.search(xml):
        return None
    return _SMALL_SHEET


def _grid_size(xml: bytes) -> tuple[int, int]:
    """(rows, columns) from A1 to the farthest filled cell (an upper bound when cells lack ``r``)."""
    cells = xml.count(b"<c ") + xml.count(b"<c>")
    if cells == xml.count(b'<c r="') and b":c " not in xml:  # every cell starts with r="..."
        filled = _FILLED_WITH_REF.findall(xml)
        if not filled:
            return 0, 0
        columns, rows = zip(*filled, strict=True)
        return max(map(int, rows)), max(map(column_number, set(columns)))
    return _grid_size_slow(xml)  # namespace prefixes, or cells without an address


def _grid_size_slow(xml: bytes) -> tuple[int, int]:
    max_row = max_col = filled = 0
    unaddressed = False
    for attrs in _FILLED_CELL.findall(xml):
        filled += 1
        ref = _R_ATTR.search(attrs)
        if ref is None:
            unaddressed = True
            continue
        max_row = max(max_row, int(ref.group(2)))
        max_col = max(max_col, column_number(ref.group(1)))
    if unaddressed:  # calamine places such cells one after another: assume the worst
        rows = [int(r) for r in _ROW_REF.findall(xml)]
        max_row = max(max_row, filled, *rows) if rows else max(max_row, filled)
        max_col = max(max_col, filled)
    return max_row, max_col


def _uncalculated(xml: bytes) -> list[str]:
    """Addresses of formula cells with no cached value (a string result has ``t="str"``)."""
    found: list[str] = []
    for formula in (_FORMULA if b":f" in xml else _FORMULA_PLAIN).finditer(xml):
        if _valued(xml, formula.start()):
            continue
        start = max(xml.rfind(b"<c ", 0, formula.start()), xml.rfind(b":c ", 0, formula.start()))
        end = xml.find(b"c>", formula.start())
        if start < 0 or end < 0:
            continue
        open_end = xml.find(b">", start)
        attrs, body = xml[start + 2 : open_end], xml[open_end:end]
        if _VALUE.search(body):
            continue
        kind = _T_ATTR.search(attrs)
        if kind and kind.group(1) in (b"str", b"inlineStr"):
            continue  # calculated, to an empty string
        ref = _R_ATTR.search(attrs)
        if ref:
            found.append((ref.group(1) + ref.group(2)).decode())
    return found


def _valued(xml: bytes, at: int) -> bool:
    """Whether the formula element at ``at`` is followed at once by a non-blank ``<v>``.

    How Excel, LibreOffice and xlsxwriter write a calculated formula; any other shape is
    judged by the full look at the cell in :func:`_uncalculated`.
    """
    close = xml.find(b">", at)
    if close < 0:
        return False
    if xml[close - 1] == 0x2F:  # "/": <f t="shared" si="0"/>
        after = close + 1
    else:
        end = xml.find(b"</f>", close)
        if end < 0:
            return False
        after = end + 4
    first = xml[after + 3 : after + 4]
    return xml.startswith(b"<v>", after) and first != b"<" and first.strip() != b""
