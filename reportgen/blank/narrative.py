"""The "Thuyết minh" sheet: per section a title row with its guidance, then one large input cell."""

from __future__ import annotations

from reportgen.blank.layout import WorkbookLayout
from reportgen.blank.validation import format_number, section_validation
from reportgen.blank.writer import SheetWriter

__all__ = ["INPUT_HEIGHT", "write_narrative"]

INPUT_HEIGHT = 220  # points (Excel allows up to 409): about 14 lines of wrapped text
TEXT_COLUMNS = ("B", "D")  # the input cell spans B:D


def write_narrative(pen: SheetWriter, layout: WorkbookLayout) -> None:
    """Fill the narrative sheet at the rows ``layout.sections`` names."""
    ws = pen.ws
    ws.set_column("A:A", 7)
    ws.set_column("B:D", 30)
    ws.set_column("E:E", 34)
    pen.merged_text("A1", "E1", "THUYẾT MINH KẾT QUẢ THỰC HIỆN", "title", align="center")
    pen.merged_text(
        "A2", "E2",
        "Viết nội dung mỗi phần vào ô lớn nền vàng ngay dưới tiêu đề phần; xuống dòng trong ô bằng "
        "Alt+Enter. Gợi ý nội dung ở cột bên phải.",
        "note",
    )  # fmt: skip
    ws.set_row(1, 34)
    first, last = TEXT_COLUMNS
    for rows in layout.sections:
        sec, t, i = rows.section, rows.title_row, rows.input_row
        pen.text(f"A{t}", sec.number, "bold", align="center")
        pen.merged_text(f"{first}{t}", f"{last}{t}", sec.title, "bold", text_wrap=True)
        ws.set_row(t - 1, 33 if len(sec.title) > 80 else 18)
        hints = [sec.guidance] if sec.guidance else []
        hints.append(f"Tối đa {format_number(sec.max_length)} ký tự.")
        if not sec.required:
            hints.append("Không bắt buộc.")
        pen.merged_text(f"E{t}", f"E{i}", " ".join(hints), "note")
        pen.merged_input(f"{first}{i}", f"{last}{i}", text_wrap=True, valign="top", num_format="@")
        ws.set_row(i - 1, INPUT_HEIGHT)
        ws.data_validation(f"{first}{i}:{last}{i}", section_validation(sec))
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(2)
