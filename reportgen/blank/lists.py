"""List sheets: one Excel table per list (documents issued, inspections…) with typed columns."""

from __future__ import annotations

import re
from collections.abc import Callable

from xlsxwriter.utility import xl_col_to_name

from reportgen.blank.layout import ListArea
from reportgen.blank.styles import NUMBER_FORMATS
from reportgen.blank.validation import column_validation, needs_range
from reportgen.blank.writer import SheetWriter
from reportgen.definition.model import Column, ColumnType

__all__ = ["table_name", "write_list"]

_DEFAULT_WIDTH = {
    ColumnType.DATE: 14,
    ColumnType.INTEGER: 12,
    ColumnType.DECIMAL: 14,
    ColumnType.CHOICE: 18,
    ColumnType.TEXT: 30,
}
_FORMAT = {
    ColumnType.DATE: NUMBER_FORMATS["date"],
    ColumnType.INTEGER: NUMBER_FORMATS["integer"],
    ColumnType.DECIMAL: NUMBER_FORMATS["decimal"],
    ColumnType.TEXT: NUMBER_FORMATS["text"],
}


def table_name(code: str) -> str:
    """A valid Excel table name for list ``code`` (letters, digits, underscores)."""
    return "DS_" + re.sub(r"\W", "_", code, flags=re.ASCII)


def _width(col: Column) -> float:
    return col.width or _DEFAULT_WIDTH[col.type]


def write_list(
    pen: SheetWriter, area: ListArea, choice_source: Callable[[tuple[str, ...]], str]
) -> None:
    """Fill one list sheet: title, guidance, and the table at the rows ``area`` names."""
    ws, table = pen.ws, area.table
    columns = table.columns
    last_letter = xl_col_to_name(len(columns))
    ws.set_column(0, 0, 5)
    for i, col in enumerate(columns, start=1):
        ws.set_column(i, i, _width(col))
    pen.merged_text("A1", f"{last_letter}1", table.title.upper(), "title", text_wrap=True)
    ws.set_row(0, 36 if len(table.title) > 60 else 20)
    guidance = " ".join(
        part
        for part in (
            table.guidance,
            f"Tối đa {area.last_row - area.first_row + 1} dòng; mỗi dòng một mục, điền từ dòng đầu.",
            "Không bắt buộc: để trống nếu không có." if not table.required else "",
        )
        if part
    )
    pen.merged_text("A2", f"{last_letter}2", guidance, "note")
    ws.set_row(1, 34)

    header = [{"header": "TT"}] + [{"header": col.title} for col in columns]
    ws.add_table(
        area.header_row - 1, 0, area.last_row - 1, len(columns),
        {
            "name": table_name(table.code),
            "columns": header,
            "autofilter": False,
            "style": "Table Style Light 1",
            "header_row": True,
        },
    )  # fmt: skip
    # The table writes its header with the default format; rewrite it in ours.
    pen.text(f"A{area.header_row}", "TT", "header")
    for (col_code, letter), col in zip(area.columns, columns, strict=True):
        del col_code
        pen.text(f"{letter}{area.header_row}", col.title, "header")
    ws.set_row(area.header_row - 1, 32)

    rows = range(area.first_row, area.last_row + 1)
    numbers = pen.styles.get("locked", align="center")
    for n, r in enumerate(rows, start=1):
        pen.ws.write_number(r - 1, 0, n, numbers)  # "TT": plain numbering, locked
    for (_code, letter), col in zip(area.columns, columns, strict=True):
        wrap = col.type is ColumnType.TEXT and _width(col) >= 25
        pen.inputs((f"{letter}{r}" for r in rows), _FORMAT.get(col.type), text_wrap=wrap)
    for (_code, letter), col in zip(area.columns, columns, strict=True):
        source = (
            choice_source(col.choices)
            if col.type is ColumnType.CHOICE and needs_range(col.choices)
            else None
        )
        ws.data_validation(
            f"{letter}{area.first_row}:{letter}{area.last_row}", column_validation(col, source)
        )

    ws.freeze_panes(area.header_row, 0)
    ws.set_paper(9)
    if sum(_width(c) for c in columns) > 90:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(area.header_row - 1)
