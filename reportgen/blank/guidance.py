"""The "Hướng dẫn" sheet: what to fill, how, by when, and whom to ask — in Vietnamese."""

from __future__ import annotations

import math

from reportgen.blank.layout import SHEETS, WorkbookLayout
from reportgen.blank.writer import SheetWriter
from reportgen.definition.model import Review, Unit
from reportgen.numbers import format_date_long

__all__ = ["guidance_lines", "write_guidance"]

WIDTH = 80  # one wrapped column as wide as an A4 portrait page (checked in LibreOffice)


def guidance_lines(review: Review, unit: Unit, layout: WorkbookLayout) -> list[tuple[str, str]]:
    """The sheet's lines as (style, text); style is "title", "heading" or "text"."""
    deadline = format_date_long(review.deadline_of(unit))
    years = review.period.years
    contact = review.contact
    reach = "; ".join(
        part
        for part in (
            contact.name,
            f"điện thoại {contact.phone}" if contact.phone else "",
            f"thư điện tử {contact.email}" if contact.email else "",
        )
        if part
    )
    sheets = [
        (SHEETS.info, "thông tin đơn vị (đã điền sẵn) và người lập biểu"),
        (SHEETS.indicators, f"số liệu các chỉ tiêu, mỗi năm một cột ({years[0]}–{years[-1]})"),
        (SHEETS.narrative, "nội dung thuyết minh, mỗi phần một ô lớn"),
        *((area.sheet, f"danh sách: {area.table.title}") for area in layout.lists),
    ]
    lines: list[tuple[str, str]] = [
        ("title", "HƯỚNG DẪN ĐIỀN BIỂU MẪU"),
        ("text", review.title),
        ("text", f"Đơn vị: {unit.name} (mã {unit.code})"),
        ("heading", "1. Thời hạn và đầu mối"),
        (
            "text",
            f"Đơn vị gửi lại tệp này (định dạng .xlsx, không đổi tên sheet) chậm nhất {deadline}.",
        ),
        ("text", f"Số liệu tính đến {format_date_long(review.cutoff_date)}."),
        ("text", f"Đầu mối liên hệ khi cần hỏi: {reach}."),
        ("heading", "2. Các sheet cần điền"),
        *(("text", f"• Sheet “{name}”: {what}.") for name, what in sheets),
        ("heading", "3. Cách điền"),
        (
            "text",
            "• Chỉ nhập vào các ô nền vàng nhạt; các ô khác đã khóa. Ô nền xám là năm không hỏi hoặc ô tự tính.",
        ),
        (
            "text",
            "• Khi chọn một ô nhập liệu, Excel hiện gợi ý cách nhập; nếu gõ sai kiểu, Excel báo lỗi và không nhận.",
        ),
        (
            "text",
            "• Số: chỉ gõ con số, không gõ chữ hay đơn vị tính (đơn vị tính đã ghi ở cột D). "
            "Dấu phẩy ngăn phần thập phân, dấu chấm ngăn hàng nghìn, ví dụ 1.234,5.",
        ),
        ("text", "• Tỷ lệ phần trăm: gõ kèm dấu %, ví dụ 95% hoặc 95,5%."),
        (
            "text",
            "• Tỷ lệ tính từ tử số và mẫu số (dòng ghi “tự tính”) do biểu mẫu tự tính; chỉ nhập tử số và mẫu số.",
        ),
        ("text", "• Ngày: gõ theo dạng ngày/tháng/năm, ví dụ 05/12/2022."),
        ("text", "• Có/Không và các ô có danh sách: bấm mũi tên bên phải ô để chọn."),
        (
            "text",
            "• Chưa có số liệu thì để trống ô, không gõ 0 hay dấu gạch; ghi rõ lý do trong phần thuyết minh.",
        ),
        (
            "text",
            "• Thuyết minh: viết vào ô lớn dưới tiêu đề mỗi phần; xuống dòng trong ô bằng Alt+Enter.",
        ),
        (
            "text",
            "• Danh sách: mỗi dòng một mục, điền từ dòng đầu tiên, không bỏ dòng trống ở giữa.",
        ),
        ("heading", "4. Không được"),
        (
            "text",
            "• Không đổi tên, xóa, thêm hoặc sắp xếp lại các sheet; không chèn hay xóa dòng, cột.",
        ),
        (
            "text",
            "• Không sao chép cả biểu mẫu của đơn vị khác: mỗi tệp mang mã riêng của một đơn vị.",
        ),
        (
            "text",
            "• Không dán công thức hay định dạng từ tệp khác vào ô nhập liệu (dùng Dán giá trị).",
        ),
    ]
    return lines


def write_guidance(pen: SheetWriter, review: Review, unit: Unit, layout: WorkbookLayout) -> None:
    """Fill the guidance sheet."""
    ws = pen.ws
    ws.set_column(0, 0, WIDTH)
    for row, (style, text) in enumerate(guidance_lines(review, unit, layout), start=1):
        if style == "title":
            pen.text(f"A{row}", text, "title")
            ws.set_row(row - 1, 24)
        elif style == "heading":
            pen.text(f"A{row}", text, "bold")
            ws.set_row(row - 1, 22)
        else:
            pen.text(f"A{row}", text, "wrap")
            # explicit heights, so both Excel and LibreOffice show every wrapped line;
            # Times New Roman 12 fits about 1.1 characters per unit of column width
            ws.set_row(row - 1, 16.5 * math.ceil(len(text) / (WIDTH * 1.1)))
    ws.hide_gridlines(2)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
