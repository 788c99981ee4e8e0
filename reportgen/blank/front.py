"""An optional first sheet listing findings, each linked to the cell it is about.

Intake's annotated copy passes a :class:`FrontSheet`; the blank workbook has none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.blank.writer import SheetWriter

__all__ = ["FRONT_SHEET", "FrontRow", "FrontSheet", "write_front"]

FRONT_SHEET = "Kết quả kiểm tra"
_SEVERITY_LABEL = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}
_MESSAGE_WIDTH = 90
_SEVERITY_FILL = {"error": "#FF9C9C", "warning": "#FFEB84", "info": "#DCE6F1"}


@dataclass(frozen=True, slots=True)
class FrontRow:
    """One finding as listed: ``target`` (sheet, cell) becomes a link when given."""

    severity: str  # "error" | "warning" | "info" (a Severity works: it is a str)
    location: str  # e.g. "Chỉ tiêu!F7"
    code: str
    message: str
    target: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class FrontSheet:
    """The findings sheet: a title, a few summary lines, then one row per finding."""

    rows: Sequence[FrontRow]
    title: str = "KẾT QUẢ KIỂM TRA BIỂU MẪU"
    summary: Sequence[str] = ()
    name: str = FRONT_SHEET


def write_front(pen: SheetWriter, front: FrontSheet) -> None:
    """Fill the findings sheet."""
    ws = pen.ws
    for col, width in enumerate((12, 22, 22, _MESSAGE_WIDTH)):
        ws.set_column(col, col, width)
    pen.text("A1", front.title, "title")
    r = 2
    for line in front.summary:
        pen.merged_text(f"A{r}", f"D{r}", line, "wrap")
        r += 1
    r += 1
    header = r
    for letter, title in zip("ABCD", ("Mức độ", "Vị trí", "Mã", "Nội dung"), strict=True):
        pen.text(f"{letter}{header}", title, "header")
    if not front.rows:
        pen.merged_text(f"A{header + 1}", f"D{header + 1}", "Không phát hiện vấn đề nào.", "cell")
    for n, row in enumerate(front.rows, start=header + 1):
        severity = str(row.severity)
        pen.text(f"A{n}", _SEVERITY_LABEL.get(severity, severity), "cell",
                 bg_color=_SEVERITY_FILL.get(severity, "#FFFFFF"), bold=True)  # fmt: skip
        if row.target is not None:
            pen.link(f"B{n}", row.target[0], row.target[1], row.location)
        else:
            pen.text(f"B{n}", row.location, "cell")
        pen.text(f"C{n}", row.code, "cell")
        pen.text(f"D{n}", row.message, "cell")
        # Neither Excel nor LibreOffice grows a row for wrapped text written by a program, so
        # long messages would overlap: size the row for the message (≈1.1 characters per unit
        # of the 90-wide column, 16 points a line).
        ws.set_row(n - 1, 16 * max(1, math.ceil(len(row.message) / (_MESSAGE_WIDTH * 1.1))))
    ws.freeze_panes(header, 0)
    ws.autofilter(header - 1, 0, header - 1 + max(1, len(front.rows)), 3)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header - 1)
