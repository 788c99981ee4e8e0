"""Read a definition workbook into plain definition data, remembering where each value sat.

Only what a cell holds is judged here (a number where a number belongs, a label from its
drop-down, a date); whether the definition makes sense is left to the loader, through
:mod:`.workbook_import`. The file is hostile until read: its size and unpacked size are
capped before python-calamine opens it, and every text is taken as text, never a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from reportgen.definition.load import Path_
from reportgen.definition.sheets import (
    INFO,
    INFO_ROWS,
    MAX_ROWS,
    NO,
    TABLES,
    YES,
    FieldKind,
    SheetField,
    Table,
    label_key,
)
from reportgen.findings import Finding, Location, Severity
from reportgen.messages import make_finding
from reportgen.numbers import parse_date_vi, parse_number

__all__ = ["MAX_BYTES", "Cell", "RawDefinition", "read_definition_workbook"]

MAX_BYTES = 10 * 1024 * 1024  # a definition workbook is a few hundred kilobytes
MAX_UNPACKED = 80 * 1024 * 1024
_REQUIRED_SHEETS = {INFO, "Loại đơn vị", "Đơn vị", "Nhóm nhiệm vụ", "Chỉ tiêu"}
_TRUE = {"có", "co", "c", "x", "yes", "y", "true", "1"}
_FALSE = {"không", "khong", "k", "no", "n", "false", "0"}
_EXPECTED = {
    FieldKind.INT: ("số nguyên", "a whole number"),
    FieldKind.NUMBER: ("số", "a number"),
    FieldKind.DATE: ("ngày dạng ngày/tháng/năm (ví dụ 05/12/2022)", "a date (dd/mm/yyyy)"),
    FieldKind.BOOL: (f"{YES} hoặc {NO}", f"{YES} or {NO}"),
}


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a value came from: ``Chỉ tiêu!E14``, under the header ``Nhóm nhiệm vụ``."""

    sheet: str
    cell: str
    label: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


@dataclass(slots=True)
class RawDefinition:
    """The workbook as plain data (the shape of review.yaml) plus where each value came from."""

    data: dict[str, Any] = field(default_factory=dict)
    units: list[dict[str, Any]] = field(default_factory=list)
    cells: dict[Path_, Cell] = field(default_factory=dict)  # review.yaml path → cell
    unit_cells: dict[tuple[int, str], Cell] = field(default_factory=dict)  # (unit, column)
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True  # False: nothing could be read, there is nothing to check


def read_definition_workbook(source: Path | str | bytes, name: str = "") -> RawDefinition:
    """Read the definition workbook at ``source`` (a path or the file's bytes)."""
    raw = RawDefinition()
    if isinstance(source, bytes):
        blob, name = source, name or "dinh-nghia.xlsx"
    else:
        path = Path(source)
        name = name or path.name
        try:
            if path.stat().st_size > MAX_BYTES:
                return _unreadable(raw, name, f"tệp lớn hơn {MAX_BYTES // 1024 // 1024} MB")
            blob = path.read_bytes()
        except OSError as exc:
            return _unreadable(raw, name, exc.strerror or str(exc))
    problem = _prescan(blob)
    if problem:
        return _unreadable(raw, name, problem)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(blob))
        sheets = {
            sheet: wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            for sheet in wb.sheet_names
        }
    except Exception as exc:  # calamine raises its own types for every kind of broken file
        return _unreadable(raw, name, f"tệp hỏng hoặc không phải bảng tính ({type(exc).__name__})")
    if INFO not in sheets:
        raw.findings.append(make_finding("definition-sheet-missing", Location(sheet=INFO), hint=""))
        raw.readable = False
        return raw
    _read_info(raw, sheets[INFO])
    for table in TABLES:
        if table.sheet not in sheets:
            optional = table.sheet not in _REQUIRED_SHEETS
            raw.findings.append(
                make_finding(
                    "definition-sheet-missing",
                    Location(sheet=table.sheet),
                    severity=Severity.WARNING if optional else None,
                    hint=" Phần này được coi là để trống." if optional else "",
                )
            )
            continue
        _read_table(raw, table, sheets[table.sheet])
    return raw


def _unreadable(raw: RawDefinition, name: str, detail: str) -> RawDefinition:
    raw.findings.append(
        make_finding("definition-workbook-unreadable", Location(file=name), detail=detail)
    )
    raw.readable = False
    return raw


def _prescan(blob: bytes) -> str | None:
    if len(blob) > MAX_BYTES:
        return f"tệp lớn hơn {MAX_BYTES // 1024 // 1024} MB"
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile:
        return "không phải tệp Excel .xlsx (hay .ods)"
    if unpacked > MAX_UNPACKED:
        return "tệp giải nén quá lớn"
    return None


def _address(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# -- the Thông tin sheet -----------------------------------------------------------------------


def _read_info(raw: RawDefinition, rows: list[list[Any]]) -> None:
    by_label = {label_key(r.field.header): r.field for r in INFO_ROWS}
    # Empty groups are kept, so that a blank "Số, ký hiệu" is reported as itself rather than
    # as a missing "subject" hiding every other blank of the group.
    for info in INFO_ROWS:
        parts = info.field.key.split(".")
        target = raw.data
        for part in parts[:-1]:
            target = target.setdefault(part, {})
    for r, row in enumerate(rows[1 : MAX_ROWS + 1], start=1):
        label = row[0] if row else None
        if _blank(label):
            continue
        f = by_label.get(label_key(str(label)))
        if f is None:
            raw.findings.append(
                make_finding(
                    "definition-row-unknown", Location(sheet=INFO, cell=_address(r, 0)), value=label
                )
            )
            continue
        cell = Cell(INFO, _address(r, 1), f.header)
        path: Path_ = tuple(f.key.split("."))
        for end in range(1, len(path) + 1):
            raw.cells.setdefault(path[:end], cell)
        value = _convert(raw, f, row[1] if len(row) > 1 else None, cell)
        if value is not None:
            _put(raw.data, f.key, value)


# -- table sheets ----------------------------------------------------------------------------


def _read_table(raw: RawDefinition, table: Table, rows: list[list[Any]]) -> None:
    sheet = table.sheet
    raw.cells.setdefault(tuple(table.path.split(".")), Cell(sheet, "A1", sheet))
    header = rows[0] if rows else []
    wanted = {label_key(f.header): f for f in table.all_fields}
    columns: dict[str, int] = {}
    for c, text in enumerate(header):
        if _blank(text):
            continue
        f = wanted.get(label_key(str(text)))
        if f is None:
            raw.findings.append(
                make_finding(
                    "definition-column-unknown",
                    Location(sheet=sheet, cell=_address(0, c)),
                    value=text,
                )
            )
        else:
            columns.setdefault(f.key, c)
    for f in table.all_fields:
        if f.key not in columns:
            cell = _address(0, len(header))
            raw.findings.append(
                make_finding(
                    "definition-column-missing", Location(sheet=sheet, cell=cell), label=f.header
                )
            )
    if len(rows) > MAX_ROWS + 1:
        raw.findings.append(
            make_finding(
                "definition-cell-type",
                Location(sheet=sheet, cell=_address(MAX_ROWS + 1, 0)),
                value=f"{len(rows) - 1} dòng",
                label=sheet,
                expected=f"tối đa {MAX_ROWS} dòng",
                expected_en=f"at most {MAX_ROWS} rows",
            )
        )
    code_field = table.all_fields[0]
    for r, row in enumerate(rows[1 : MAX_ROWS + 1], start=1):
        cells = {
            f.key: row[i] if i < len(row) else None
            for f in table.all_fields
            if (i := columns.get(f.key, -1)) >= 0
        }
        if all(_blank(v) for v in cells.values()):
            continue
        item: dict[str, Any] = {}
        where: dict[str, Cell] = {}
        for f in table.all_fields:
            # A column that is missing: point at the row's first cell instead.
            at = columns.get(f.key, columns.get(code_field.key, 0))
            place = Cell(sheet, _address(r, at), f.header)
            where[f.key] = place
            value = _convert(raw, f, cells.get(f.key), place)
            if value is not None:
                _put(item, f.key, value)
        _place(raw, table, item, where)


def _place(raw: RawDefinition, table: Table, item: dict[str, Any], where: dict[str, Cell]) -> None:
    """Put one row's item where it belongs in the data, and remember its cells."""
    first = where[table.all_fields[0].key]
    if table.path == "units":
        n = len(raw.units)
        raw.units.append(item)
        for key, cell in where.items():
            raw.unit_cells[(n, key)] = cell
        return
    if table.path == "issuer.recipients":
        recipients = raw.data.setdefault("issuer", {}).setdefault("recipients", [])
        if "" in item:
            raw.cells[("issuer", "recipients", len(recipients))] = first
            recipients.append(item[""])
        return
    if table.path == "unit_kinds":
        kinds = raw.data.setdefault("unit_kinds", {})
        code = item.get("code")
        if code is None:
            raw.findings.append(
                make_finding("missing-key", _loc(first), field="code", label=first.label)
            )
        elif code in kinds:
            raw.findings.append(
                make_finding(
                    "duplicate-code",
                    _loc(first),
                    value=code,
                    first_cell=str(raw.cells[("unit_kinds", code)]),
                )
            )
        else:
            kinds[code] = item.get("label", "")
            raw.cells[("unit_kinds", code)] = first
        return
    if table.path == "lists.columns":
        lists = raw.data.get("lists") or []
        code = item.pop("list", None)
        index = next((i for i, lt in enumerate(lists) if lt.get("code") == code), None)
        if index is None:
            raw.findings.append(
                make_finding(
                    "unknown-reference",
                    _loc(first),
                    value=code or "",
                    what="danh sách",
                    label=first.label,
                )
            )
            return
        columns = lists[index].setdefault("columns", [])
        prefix: Path_ = ("lists", index, "columns", len(columns))
        columns.append(item)
        where.pop("list")
        first = where[table.fields[0].key]
    else:
        items = raw.data.setdefault(table.path, [])
        prefix = (table.path, len(items))
        items.append(item)
    raw.cells[prefix] = first
    for key, cell in where.items():
        path = (*prefix, *key.split("."))
        for end in range(len(prefix) + 1, len(path) + 1):
            raw.cells.setdefault(path[:end], cell)


def _loc(cell: Cell) -> Location:
    return Location(sheet=cell.sheet, cell=cell.cell)


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".") if key else [""]
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


# -- one cell --------------------------------------------------------------------------------


def _convert(raw: RawDefinition, f: SheetField, value: Any, cell: Cell) -> Any:
    """The cell's value as the definition wants it; None when blank or not understood."""
    if _blank(value):
        return None
    kind = f.kind
    if kind in (FieldKind.INT, FieldKind.NUMBER, FieldKind.DATE, FieldKind.BOOL):
        got = _typed(kind, value)
        if got is None:
            vi, en = _EXPECTED[kind]
            raw.findings.append(
                make_finding(
                    "definition-cell-type",
                    _loc(cell),
                    value=_shown(value),
                    label=cell.label,
                    expected=vi,
                    expected_en=en,
                )
            )
        return got
    text = _text(value)
    if kind is FieldKind.ENUM and f.enum is not None:
        wanted = label_key(text)
        for stored, label in f.enum.items():
            if wanted in (label_key(label), label_key(stored)):
                return stored
        raw.findings.append(
            make_finding(
                "definition-cell-choice",
                _loc(cell),
                value=text,
                label=cell.label,
                choices="; ".join(f.enum.values()),
            )
        )
        return None
    if kind is FieldKind.CODES:
        return [p.strip() for p in re.split(r"[,;\n]", text) if p.strip()]
    if kind is FieldKind.CHOICES:
        return [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
    return text


def _typed(kind: FieldKind, value: Any) -> Any:
    if kind is FieldKind.BOOL:
        if isinstance(value, bool):
            return value
        key = label_key(_text(value))
        return True if key in _TRUE else False if key in _FALSE else None
    if kind is FieldKind.DATE:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_date_vi(value) if isinstance(value, str) else None
    number: Any = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        number = parse_number(value).value
    if number is None:
        return None
    if kind is FieldKind.INT:
        return int(number) if float(number).is_integer() else None
    return float(number)


def _text(value: Any) -> str:
    """A cell as text: ``1.0`` typed in a code column is the code ``1``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return YES if value else NO
    return str(value).strip()


def _shown(value: Any) -> str:
    text = _text(value)
    return text if len(text) <= 60 else text[:59] + "…"
