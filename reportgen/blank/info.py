"""The "Thông tin" sheet: the unit's identity (locked) and the reporter's details (inputs)."""

from __future__ import annotations

from reportgen.blank.layout import IDENTITY_FIELDS, REPORTER_FIELDS, WorkbookLayout
from reportgen.blank.styles import NUMBER_FORMATS
from reportgen.blank.validation import reporter_validation
from reportgen.blank.writer import SheetWriter
from reportgen.definition.model import Review, Unit
from reportgen.numbers import format_date_long

__all__ = ["write_info"]


def identity_values(review: Review, unit: Unit) -> dict[str, str]:
    """Pre-filled identity fields, keyed like ``IDENTITY_FIELDS``."""
    return {
        "review_title": review.title,
        "unit_code": unit.code,
        "unit_name": unit.name,
        "unit_kind": review.kind_label(unit.kind),
        "deadline": format_date_long(review.deadline_of(unit)),
    }


def write_info(pen: SheetWriter, review: Review, unit: Unit, layout: WorkbookLayout) -> None:
    """Fill the information sheet at the rows ``layout.info_rows`` names."""
    ws = pen.ws
    ws.set_column("A:A", 3)
    ws.set_column("B:B", 32)
    ws.set_column("C:C", 62)
    pen.text("B1", "THÔNG TIN ĐƠN VỊ BÁO CÁO", "title")
    pen.text("B2", "Các ô nền xám đã điền sẵn; điền các ô nền vàng về người lập biểu.", "subtitle")
    rows = dict(layout.info_rows)
    values = identity_values(review, unit)
    for field, label in IDENTITY_FIELDS:
        r = rows[field]
        pen.text(f"B{r}", label, "cell", bold=True)
        pen.value(f"C{r}", values[field], "locked", text_wrap=True)
    reporter_rows = [rows[field] for field, _label, _typ in REPORTER_FIELDS]
    heading = reporter_rows[0] - 1
    pen.text(f"B{heading}", "NGƯỜI LẬP BIỂU", "bold")
    ws.set_row(rows["review_title"] - 1, 36)  # the long review title wraps onto two lines
    for field, label, typ in REPORTER_FIELDS:
        r = rows[field]
        pen.text(f"B{r}", label, "cell", bold=True)
        num_format = NUMBER_FORMATS["date"] if typ == "date" else None
        pen.input(f"C{r}", num_format, align="left")
        ws.data_validation(f"C{r}", reporter_validation(label, typ, f"C{r}"))
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(2)
