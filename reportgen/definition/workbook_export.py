"""A review definition → the definition workbook a clerk edits in Excel or LibreOffice Calc.

One sheet per part (Thông tin, Nơi nhận, Loại đơn vị, Đơn vị, Nhóm nhiệm vụ, Chỉ tiêu, Quy tắc,
Phần thuyết minh, Danh sách, Cột danh sách), laid out by :mod:`.sheets`. Every header carries
a note; kinds and yes/no fields are drop-downs of Vietnamese labels; references to codes are
drop-downs fed from column A of the sheet that defines them, so a clerk picks a code that
exists. Numbers and dates are typed cells. Text is always written as text, never a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reportgen.definition.model import Review
from reportgen.definition.sheets import (
    CODE_SEPARATOR,
    GUIDE,
    INFO,
    INFO_ROWS,
    LIST_SEPARATOR,
    MAX_ROWS,
    NO,
    TABLES,
    YES,
    FieldKind,
    SheetField,
    Table,
)

__all__ = ["export_review_workbook", "table_rows", "write_definition_workbook"]

_FONT = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}
_NUMBER_FORMATS = {FieldKind.DATE: "dd/mm/yyyy", FieldKind.CODE: "@", FieldKind.REF: "@"}
_INPUT_FILL = "#FFF9E0"
_HEADER_FILL = "#DCE6F1"


def export_review_workbook(review: Review, target: Path | str | IO[bytes]) -> None:
    """Write the definition workbook of ``review`` to ``target`` (a path or a binary file)."""
    data = review.model_dump(mode="python", exclude={"units"})
    units = [u.model_dump(mode="python") for u in review.units]
    write_definition_workbook(data, units, target)


def write_definition_workbook(
    data: Mapping[str, Any], units: Sequence[Mapping[str, Any]], target: Path | str | IO[bytes]
) -> None:
    """Write the workbook from plain definition data (a draft may leave fields out)."""
    if isinstance(target, Path):
        target = str(target)
    wb = xlsxwriter.Workbook(target, {"in_memory": True})
    # A fixed creation date: the same definition gives the same bytes (the portal's download is
    # compared with `review export`), whatever the clock says.
    cutoff = data.get("cutoff_date")
    created = cutoff if isinstance(cutoff, dt.date) else dt.date(2000, 1, 1)
    wb.set_properties({"author": "reportgen", "created": dt.datetime.combine(created, dt.time())})
    try:
        fmt = _Formats(wb)
        _write_guide(wb.add_worksheet(GUIDE), fmt)
        _write_info(wb.add_worksheet(INFO), fmt, data)
        for table in TABLES:
            _write_table(wb.add_worksheet(table.sheet), fmt, table, table_rows(table, data, units))
    finally:
        wb.close()


def table_rows(
    table: Table, data: Mapping[str, Any], units: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The items of ``table`` as flat rows keyed by the table's field keys."""
    if table.path == "units":
        return [dict(u) for u in units]
    if table.path == "unit_kinds":
        kinds = data.get("unit_kinds") or {}
        return [{"code": k, "label": v} for k, v in kinds.items()]
    if table.path == "issuer.recipients":
        return [{"": r} for r in (data.get("issuer") or {}).get("recipients") or ()]
    if table.path == "lists.columns":
        return [
            {"list": lt.get("code"), **col}
            for lt in data.get("lists") or ()
            for col in lt.get("columns") or ()
        ]
    return [dict(item) for item in data.get(table.path) or ()]


def get(item: Mapping[str, Any], key: str) -> Any:
    """``item["target"]["value"]`` for the key ``target.value``; None when absent."""
    value: Any = item
    for part in key.split(".") if key else [""]:
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


class _Formats:
    def __init__(self, wb: Workbook) -> None:
        self._wb = wb
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}

    def __call__(self, **props: Any) -> Format:
        key = tuple(sorted({**_FONT, **props}.items()))
        if key not in self._cache:
            self._cache[key] = self._wb.add_format(dict(key))
        return self._cache[key]

    def column(self, f: SheetField, **extra: Any) -> Format:
        props: dict[str, Any] = {"text_wrap": True, **extra}
        if f.kind in _NUMBER_FORMATS:
            props["num_format"] = _NUMBER_FORMATS[f.kind]
        return self(**props)


def _write_guide(ws: Worksheet, fmt: _Formats) -> None:
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 2, 80)
    wrap = fmt(text_wrap=True)
    ws.write_string(0, 0, "Bảng định nghĩa đợt báo cáo", fmt(bold=True, font_size=14))
    steps = (
        "1. Điền sheet Thông tin (mỗi dòng một mục), rồi các sheet tiếp theo, mỗi dòng một mục.",
        "2. Ô có mũi tên chọn từ danh sách; mã ở các sheet khác được chọn từ cột A của sheet định nghĩa chúng.",
        "3. Ngày gõ dạng ngày/tháng/năm (05/12/2022); số thập phân dùng dấu phẩy (95,5).",
        "4. Có thể thêm dòng, chèn dòng giữa hai dòng; không đổi tên sheet và tiêu đề cột.",
        "5. Lưu tệp (.xlsx) rồi chạy: reportgen review import <tệp> --out <thư mục>.",
        "   Mọi lỗi được báo kèm sheet và ô, ví dụ Chỉ tiêu!B14; khi còn lỗi, không tệp nào bị ghi.",
    )
    for r, step in enumerate(steps, start=2):
        ws.write_string(r, 0, step)
    row = len(steps) + 3
    header = fmt(bold=True, bg_color=_HEADER_FILL, border=1, text_wrap=True)
    for c, title in enumerate(("Sheet", "Cột / mục", "Giải thích")):
        ws.write_string(row, c, title, header)
    tables = [(INFO, tuple(r.field for r in INFO_ROWS)), *((t.sheet, t.all_fields) for t in TABLES)]
    for sheet, fields in tables:
        for f in fields:
            row += 1
            ws.write_string(row, 0, sheet, wrap)
            ws.write_string(row, 1, f.header, wrap)
            ws.write_string(row, 2, _note(f), wrap)


def _note(f: SheetField) -> str:
    note = f.note
    if f.enum:
        note += " Chọn: " + "; ".join(f.enum.values()) + "."
    elif f.kind is FieldKind.BOOL:
        note += f" Chọn {YES} hoặc {NO}."
    return note


def _write_info(ws: Worksheet, fmt: _Formats, data: Mapping[str, Any]) -> None:
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 2, 60)
    header = fmt(bold=True, bg_color=_HEADER_FILL, border=1)
    for c, title in enumerate(("Mục", "Giá trị", "Giải thích")):
        ws.write_string(0, c, title, header)
    ws.write_comment(0, 1, "Điền giá trị ở cột này; không sửa cột Mục.", {"x_scale": 2})
    ws.freeze_panes(1, 1)
    label, note = fmt(bold=True, text_wrap=True), fmt(italic=True, text_wrap=True)
    for r, row in enumerate(INFO_ROWS, start=1):
        f = row.field
        ws.write_string(r, 0, f.header, label)
        ws.write_string(r, 2, _note(f), note)
        cell = fmt.column(f, locked=False, bg_color=_INPUT_FILL, border=1)
        value = get(data, f.key)
        if not _write_value(ws, r, 1, f, value, cell):
            ws.write_blank(r, 1, None, cell)
        rule = _validation(f)
        if rule:
            ws.data_validation(r, 1, r, 1, rule)
    # Labels are how the import finds each row: lock them, leave the values free.
    ws.protect("", {"format_columns": True, "format_rows": True})


def _write_table(ws: Worksheet, fmt: _Formats, table: Table, rows: list[dict[str, Any]]) -> None:
    fields = table.all_fields
    header = fmt(bold=True, bg_color=_HEADER_FILL, border=1, text_wrap=True, align="center")
    for c, f in enumerate(fields):
        ws.set_column(c, c, f.width, fmt.column(f))
        ws.write_string(0, c, f.header, header)
        ws.write_comment(0, c, _note(f), {"x_scale": 2.5, "y_scale": 1.5})
        rule = _validation(f)
        if rule:
            ws.data_validation(1, c, MAX_ROWS, c, rule)
    ws.set_row(0, 32)
    ws.freeze_panes(1, 1)
    for r, item in enumerate(rows, start=1):
        for c, f in enumerate(fields):
            _write_value(ws, r, c, f, get(item, f.key), fmt.column(f))


def _write_value(ws: Worksheet, r: int, c: int, f: SheetField, value: Any, cell: Format) -> bool:
    """Write one typed value; False when there is nothing to write."""
    if value is None or value == "" or value == () or value == []:
        return False
    kind = f.kind
    if kind is FieldKind.BOOL:
        ws.write_string(r, c, YES if value else NO, cell)
    elif kind in (FieldKind.INT, FieldKind.NUMBER) and isinstance(value, int | float):
        ws.write_number(r, c, value, cell)
    elif kind is FieldKind.DATE and isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), cell)
    elif kind is FieldKind.ENUM and f.enum is not None:
        raw = getattr(value, "value", value)
        ws.write_string(r, c, f.enum.get(str(raw), str(raw)), cell)
    elif kind is FieldKind.CODES and isinstance(value, list | tuple):
        ws.write_string(r, c, f"{CODE_SEPARATOR} ".join(str(v) for v in value), cell)
    elif kind is FieldKind.CHOICES and isinstance(value, list | tuple):
        ws.write_string(r, c, f"{LIST_SEPARATOR} ".join(str(v) for v in value), cell)
    else:
        ws.write_string(r, c, str(getattr(value, "value", value)), cell)
    return True


def _validation(f: SheetField) -> dict[str, Any] | None:
    if f.kind is FieldKind.ENUM and f.enum is not None:
        source: Any = list(f.enum.values())
    elif f.kind is FieldKind.BOOL:
        source = [YES, NO]
    elif f.kind is FieldKind.REF and f.ref is not None:
        source = f"='{f.ref}'!$A$2:$A${MAX_ROWS + 1}"
    else:
        return None
    return {
        "validate": "list",
        "source": source,
        "dropdown": True,
        "error_type": "stop",
        "error_title": "Giá trị không có trong danh sách",
        "error_message": (
            f"Chọn một mã có ở cột A của sheet {f.ref}."
            if f.ref
            else "Chọn một giá trị trong danh sách."
        ),
    }
