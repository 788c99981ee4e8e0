"""The layout of the definition workbook: its sheets, columns, headers, notes and drop-downs.

One table of facts shared by the export (:mod:`.workbook_export`) and the import
(:mod:`.workbook_import`), so the two cannot drift apart. Codes, kinds and yes/no fields are
shown to clerks as Vietnamese labels; the import accepts the label or the raw code.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from reportgen.definition.kinds import (
    Aggregation,
    Better,
    ColumnType,
    DocStyle,
    ReviewKind,
    RuleOp,
    ValueType,
    YearsAsked,
)

__all__ = [
    "GUIDE",
    "INFO",
    "INFO_ROWS",
    "MAX_ROWS",
    "NO",
    "TABLES",
    "YES",
    "FieldKind",
    "InfoRow",
    "SheetField",
    "Table",
    "label_key",
    "table_of",
]

MAX_ROWS = 2000  # rows of a table sheet that carry drop-downs (and the most the import reads)
GUIDE = "Hướng dẫn"
INFO = "Thông tin"
YES, NO = "Có", "Không"
LIST_SEPARATOR = ";"  # between the choices of one cell: "Đã hoàn thành; Đang thực hiện"
CODE_SEPARATOR = ","  # between codes: "quan, huyen"


class FieldKind(StrEnum):
    """What one cell holds, and so how it is written and read back."""

    TEXT = "text"  # free text; never a formula
    CODE = "code"  # a short code, kept as text ("001" stays "001")
    INT = "int"
    NUMBER = "number"
    DATE = "date"
    BOOL = "bool"  # Có / Không
    ENUM = "enum"  # a drop-down of Vietnamese labels
    REF = "ref"  # a drop-down fed from column A of another sheet
    CODES = "codes"  # several codes in one cell, separated by commas
    CHOICES = "choices"  # several texts in one cell, separated by semicolons


def _enum(labels: dict[str, str]) -> MappingProxyType[str, str]:
    return MappingProxyType(labels)


REVIEW_KINDS = _enum({k.value: k.label for k in ReviewKind})
DOC_STYLES = _enum(
    {
        DocStyle.PARTY.value: "Đảng (Hướng dẫn 36-HD/VPTW)",
        DocStyle.STATE.value: "Nhà nước (Nghị định 30/2020/NĐ-CP)",
    }
)
VALUE_TYPES = _enum({k.value: k.label for k in ValueType})
YEARS = _enum({YearsAsked.ALL.value: "mọi năm của kỳ", YearsAsked.LAST.value: "chỉ năm cuối kỳ"})
AGGREGATIONS = _enum(
    {
        Aggregation.SUM.value: "cộng",
        Aggregation.RATIO_OF_SUMS.value: "tỷ lệ của các tổng",
        Aggregation.MEAN.value: "trung bình",
        Aggregation.MIN.value: "nhỏ nhất",
        Aggregation.MAX.value: "lớn nhất",
        Aggregation.COUNT_YES.value: "đếm số đơn vị trả lời Có",
        Aggregation.NONE.value: "không tổng hợp",
    }
)
BETTER = _enum({Better.HIGHER.value: "càng cao càng tốt", Better.LOWER.value: "càng thấp càng tốt"})
# No label starts with an operator: a text beginning with "=" could be taken for a formula.
RULE_OPS = _enum(
    {
        RuleOp.LE.value: "nhỏ hơn hoặc bằng (<=)",
        RuleOp.LT.value: "nhỏ hơn (<)",
        RuleOp.GE.value: "lớn hơn hoặc bằng (>=)",
        RuleOp.GT.value: "lớn hơn (>)",
        RuleOp.EQ.value: "bằng (==)",
    }
)
SEVERITIES = _enum({"error": "lỗi", "warning": "cảnh báo"})
COLUMN_TYPES = _enum(
    {
        ColumnType.TEXT.value: "văn bản",
        ColumnType.DATE.value: "ngày",
        ColumnType.INTEGER.value: "số nguyên",
        ColumnType.DECIMAL.value: "số thập phân",
        ColumnType.CHOICE.value: "chọn từ danh sách",
    }
)


@dataclass(frozen=True, slots=True)
class SheetField:
    """One column of a table sheet (or one row of the Thông tin sheet)."""

    key: str  # dotted path inside the item: "target.value"
    header: str  # Vietnamese column header
    note: str  # shown as the header's note and on the Hướng dẫn sheet
    kind: FieldKind = FieldKind.TEXT
    width: float = 14
    enum: MappingProxyType[str, str] | None = None  # stored value → label
    ref: str | None = None  # sheet whose column A feeds the drop-down


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet with a header row and one item per row below it."""

    sheet: str
    path: str  # where its items go in review.yaml ("indicators"), or "units"
    fields: tuple[SheetField, ...]
    intro: str = ""
    group: SheetField | None = field(default=None)  # Cột danh sách: the list a row belongs to

    @property
    def all_fields(self) -> tuple[SheetField, ...]:
        """The group column (if any) first, then the item's own fields."""
        return ((self.group,) if self.group else ()) + self.fields


@dataclass(frozen=True, slots=True)
class InfoRow:
    """One label/value row of the Thông tin sheet."""

    field: SheetField
    required: bool = True


F = SheetField
K = FieldKind

INFO_ROWS: tuple[InfoRow, ...] = (
    InfoRow(F("id", "Mã đợt báo cáo", "Chữ thường không dấu, số và dấu '-', ví dụ: bao-cao-2024. Giữ nguyên khi đã phát biểu mẫu.", K.CODE)),
    InfoRow(F("version", "Phiên bản", "Tăng lên (ví dụ 2024.2) mỗi khi sửa định nghĩa sau khi đã phát biểu mẫu.", K.CODE)),
    InfoRow(F("title", "Tên đợt báo cáo", "Tên đầy đủ, in ở đầu báo cáo và biểu mẫu.")),
    InfoRow(F("kind", "Loại báo cáo", "Sơ kết, tổng kết hay báo cáo định kỳ.", K.ENUM, enum=REVIEW_KINDS)),
    InfoRow(F("subject.kind", "Loại văn bản được sơ kết", "Nghị quyết, Kế hoạch, Chỉ thị…")),
    InfoRow(F("subject.number", "Số, ký hiệu văn bản", "Ví dụ: 11-NQ/TU.", K.CODE)),
    InfoRow(F("subject.date", "Ngày ban hành văn bản", "Gõ dạng ngày/tháng/năm, ví dụ 31/05/2017.", K.DATE)),
    InfoRow(F("subject.issuer", "Cơ quan ban hành văn bản", "Ví dụ: Thành ủy Hà Nội.")),
    InfoRow(F("subject.title", "Trích yếu văn bản", "Bắt đầu bằng 'về …'.")),
    InfoRow(F("period.first_year", "Năm đầu kỳ", "Năm đầu tiên đơn vị phải báo cáo số liệu.", K.INT)),
    InfoRow(F("period.last_year", "Năm cuối kỳ", "Năm cuối cùng; bằng năm đầu nếu chỉ báo cáo một năm.", K.INT)),
    InfoRow(F("basis", "Văn bản yêu cầu báo cáo", "Kế hoạch, công văn yêu cầu báo cáo; trích dẫn ở đầu báo cáo. Có thể để trống."), required=False),
    InfoRow(F("cutoff_date", "Số liệu tính đến ngày", "Ngày chốt số liệu, dạng ngày/tháng/năm.", K.DATE)),
    InfoRow(F("deadline", "Hạn đơn vị nộp", "Ngày các đơn vị phải gửi biểu mẫu, dạng ngày/tháng/năm.", K.DATE)),
    InfoRow(F("report_due", "Hạn hoàn thành báo cáo", "Ngày phải xong báo cáo tổng hợp, dạng ngày/tháng/năm.", K.DATE)),
    InfoRow(F("issuer.name", "Cơ quan ban hành báo cáo", "Ví dụ: Thành ủy Hà Nội.")),
    InfoRow(F("issuer.superior", "Cơ quan cấp trên", "In phía trên tên cơ quan nếu thể thức yêu cầu. Có thể để trống."), required=False),
    InfoRow(F("issuer.place", "Địa danh", "In ở dòng địa danh, ngày tháng, ví dụ: Hà Nội.")),
    InfoRow(F("issuer.style", "Thể thức văn bản", "Văn bản Đảng hay văn bản Nhà nước.", K.ENUM, enum=DOC_STYLES)),
    InfoRow(F("issuer.number_pattern", "Mẫu số ký hiệu", "Giữ nguyên {number}, ví dụ: {number}-BC/TU hoặc {number}/BC-UBND.", K.CODE)),
    InfoRow(F("issuer.signer.authority", "Quyền hạn ký", "T/M BAN THƯỜNG VỤ, KT. BỘ TRƯỞNG… Có thể để trống."), required=False),
    InfoRow(F("issuer.signer.position", "Chức vụ người ký", "Ví dụ: PHÓ BÍ THƯ.")),
    InfoRow(F("issuer.signer.name", "Họ tên người ký", "Ví dụ: Nguyễn Văn A.")),
    InfoRow(F("contact.name", "Đầu mối liên hệ", "Nơi đơn vị hỏi khi điền biểu mẫu.")),
    InfoRow(F("contact.phone", "Điện thoại liên hệ", "Có thể để trống.", K.CODE), required=False),
    InfoRow(F("contact.email", "Thư điện tử liên hệ", "Có thể để trống.", K.CODE), required=False),
    InfoRow(F("protection_password", "Mật khẩu khóa biểu mẫu", "Để trống nếu không đặt mật khẩu.", K.CODE), required=False),
    InfoRow(F("max_year_change_factor", "Hệ số biến động năm", "Cảnh báo khi số liệu tăng/giảm quá số lần này giữa hai năm (mặc định 10).", K.NUMBER), required=False),
    InfoRow(F("basis_example", "Số, ngày văn bản yêu cầu là ví dụ", "Có: dự thảo tô nền vàng đoạn này, bản chính thức bỏ đi cho đến khi thay bằng số, ngày thật.", K.BOOL), required=False),
)  # fmt: skip

_KINDS = "Loại đơn vị"
_UNITS = "Đơn vị"
_AREAS = "Nhóm nhiệm vụ"
_INDICATORS = "Chỉ tiêu"
_LISTS = "Danh sách"

TABLES: tuple[Table, ...] = (
    Table("Nơi nhận", "issuer.recipients", (
        F("", "Nơi nhận", "Mỗi dòng một nơi nhận, đúng như in ở cuối báo cáo.", width=70),
    ), "Danh sách nơi nhận của báo cáo tổng hợp, mỗi dòng một nơi."),
    Table(_KINDS, "unit_kinds", (
        F("code", "Mã loại", "Mã ngắn không dấu, ví dụ: quan, huyen, so_nganh.", K.CODE),
        F("label", "Tên loại", "Ví dụ: Quận, Huyện, Sở, ngành.", width=30),
    ), "Các loại đơn vị báo cáo; chỉ tiêu có thể chỉ áp dụng cho một số loại."),
    Table(_UNITS, "units", (
        F("code", "Mã đơn vị", "Mã ngắn, không trùng, ví dụ 001 hoặc STNMT.", K.CODE, 12),
        F("name", "Tên đơn vị", "Tên đầy đủ của đơn vị.", width=40),
        F("kind", "Loại đơn vị", "Chọn một mã ở sheet Loại đơn vị.", K.REF, 14, ref=_KINDS),
        F("parent", "Đơn vị cấp trên", "Mã đơn vị cấp trên (nếu có), chọn ở cột A của sheet này.", K.REF, 14, ref=_UNITS),
        F("contact", "Người liên hệ", "Có thể để trống.", width=24),
        F("deadline", "Hạn nộp riêng", "Chỉ điền khi đơn vị này có hạn khác hạn chung, dạng ngày/tháng/năm.", K.DATE),
    ), "Mỗi dòng một đơn vị nhận biểu mẫu."),
    Table(_AREAS, "areas", (
        F("code", "Mã nhóm", "Mã ngắn không dấu, ví dụ: nuoc-mat.", K.CODE),
        F("title", "Tên nhóm nhiệm vụ", "In làm tiêu đề nhóm chỉ tiêu.", width=70),
    ), "Nhóm nhiệm vụ gom các chỉ tiêu (và phần thuyết minh) theo lĩnh vực."),
    Table(_INDICATORS, "indicators", (
        F("code", "Mã chỉ tiêu", "Mã ngắn không dấu, không trùng, ví dụ NM01.", K.CODE, 10),
        F("area", "Nhóm nhiệm vụ", "Chọn một mã ở sheet Nhóm nhiệm vụ.", K.REF, 12, ref=_AREAS),
        F("name", "Tên chỉ tiêu", "Tên đầy đủ, như in trong biểu mẫu.", width=50),
        F("unit", "Đơn vị tính", "Ví dụ: hộ, %, tấn/ngày. Có thể để trống.", width=10),
        F("type", "Kiểu số liệu", "Số nguyên, số thập phân, tỷ lệ %, tỷ lệ tính từ tử số và mẫu số, Có/Không, chọn từ danh sách, văn bản ngắn.", K.ENUM, 18, enum=VALUE_TYPES),
        F("years", "Năm hỏi", "Hỏi số liệu mọi năm của kỳ, hay chỉ năm cuối kỳ.", K.ENUM, 14, enum=YEARS),
        F("kinds", "Áp dụng cho loại đơn vị", "Mã loại đơn vị, cách nhau dấu phẩy, ví dụ: quan, huyen. Để trống: mọi loại.", K.CODES, 16),
        F("required", "Bắt buộc", "Có: đơn vị phải điền.", K.BOOL, 9),
        F("min", "Giá trị nhỏ nhất", "Để trống nếu không giới hạn.", K.NUMBER, 10),
        F("max", "Giá trị lớn nhất", "Để trống nếu không giới hạn.", K.NUMBER, 10),
        F("target.value", "Mục tiêu", "Giá trị mục tiêu (tỷ lệ ghi theo phần trăm: 95 là 95%). Để trống nếu không có.", K.NUMBER, 10),
        F("target.year", "Năm mục tiêu", "Năm phải đạt mục tiêu.", K.INT, 9),
        F("target.better", "Hướng mục tiêu", "Càng cao càng tốt hay càng thấp càng tốt.", K.ENUM, 16, enum=BETTER),
        F("target.example", "Mục tiêu ví dụ", "Có: mục tiêu chỉ là ví dụ, phải thay trước khi phát hành.", K.BOOL, 9),
        F("aggregate", "Cách tổng hợp", "Cách cộng dồn số liệu các đơn vị.", K.ENUM, 16, enum=AGGREGATIONS),
        F("numerator", "Tử số", "Chỉ tiêu tỷ lệ: mã chỉ tiêu tử số.", K.REF, 10, ref=_INDICATORS),
        F("denominator", "Mẫu số", "Chỉ tiêu tỷ lệ: mã chỉ tiêu mẫu số.", K.REF, 10, ref=_INDICATORS),
        F("choices", "Các lựa chọn", "Kiểu chọn từ danh sách: các lựa chọn cách nhau dấu chấm phẩy (;).", K.CHOICES, 30),
        F("max_length", "Độ dài tối đa", "Kiểu văn bản: số ký tự tối đa.", K.INT, 9),
        F("jump_factor", "Hệ số biến động", "Cảnh báo khi số liệu thay đổi quá số lần này giữa hai năm. Để trống: dùng hệ số chung.", K.NUMBER, 10),
        F("guidance", "Hướng dẫn điền", "Giải thích cho đơn vị, hiện trong biểu mẫu.", width=40),
    ), "Mỗi dòng một chỉ tiêu, theo thứ tự in trong biểu mẫu."),
    Table("Quy tắc", "rules", (
        F("code", "Mã quy tắc", "Mã ngắn, không trùng, ví dụ R01.", K.CODE, 10),
        F("left", "Chỉ tiêu bên trái", "Chọn mã chỉ tiêu.", K.REF, 12, ref=_INDICATORS),
        F("op", "Phép so sánh", "Chỉ tiêu bên trái so với chỉ tiêu bên phải.", K.ENUM, 20, enum=RULE_OPS),
        F("right", "Chỉ tiêu bên phải", "Chọn mã chỉ tiêu.", K.REF, 12, ref=_INDICATORS),
        F("message", "Thông báo khi sai", "Câu báo cho đơn vị; {left} và {right} là hai số liệu.", width=60),
        F("message_en", "Thông báo tiếng Anh", "Có thể để trống.", width=30),
        F("severity", "Mức độ", "Lỗi: không nhận biểu mẫu; cảnh báo: vẫn nhận.", K.ENUM, 10, enum=SEVERITIES),
    ), "Quy tắc so sánh hai chỉ tiêu của cùng đơn vị, cùng năm."),
    Table("Phần thuyết minh", "sections", (
        F("code", "Mã phần", "Mã ngắn không dấu, ví dụ: han-che.", K.CODE, 12),
        F("number", "Số thứ tự", "Như in trong báo cáo: I, II.1, 2…", K.CODE, 8),
        F("title", "Tiêu đề", "Tiêu đề phần thuyết minh.", width=60),
        F("area", "Nhóm nhiệm vụ", "Nếu phần này báo cáo kết quả một nhóm nhiệm vụ.", K.REF, 12, ref=_AREAS),
        F("required", "Bắt buộc", "Có: đơn vị phải viết phần này.", K.BOOL, 9),
        F("max_length", "Số ký tự tối đa", "Mặc định 8000.", K.INT, 10),
        F("guidance", "Hướng dẫn viết", "Gợi ý nội dung cho đơn vị.", width=50),
    ), "Các phần thuyết minh mỗi đơn vị phải viết, theo thứ tự."),
    Table(_LISTS, "lists", (
        F("code", "Mã danh sách", "Mã ngắn không dấu, ví dụ: van-ban.", K.CODE, 12),
        F("title", "Tên danh sách", "Tiêu đề in trong biểu mẫu.", width=50),
        F("sheet", "Tên sheet", "Tên ngắn của sheet trong biểu mẫu (tối đa 31 ký tự). Có thể để trống.", width=20),
        F("required", "Bắt buộc", "Có: đơn vị phải kê ít nhất một dòng.", K.BOOL, 9),
        F("max_rows", "Số dòng tối đa", "Mặc định 50.", K.INT, 10),
        F("unique", "Cột không trùng", "Mã các cột xác định một dòng, cách nhau dấu phẩy.", K.CODES, 16),
        F("guidance", "Hướng dẫn", "Giải thích cho đơn vị.", width=50),
    ), "Các danh sách đơn vị kê (văn bản, đề án…); các cột của chúng ở sheet Cột danh sách."),
    Table("Cột danh sách", "lists.columns", (
        F("code", "Mã cột", "Mã ngắn không dấu, không trùng trong một danh sách.", K.CODE, 12),
        F("title", "Tiêu đề cột", "Như in trong biểu mẫu.", width=36),
        F("type", "Kiểu", "Văn bản, ngày, số nguyên, số thập phân hay chọn từ danh sách.", K.ENUM, 16, enum=COLUMN_TYPES),
        F("required", "Bắt buộc", "Có: mỗi dòng phải điền cột này.", K.BOOL, 9),
        F("choices", "Các lựa chọn", "Kiểu chọn từ danh sách: các lựa chọn cách nhau dấu chấm phẩy (;).", K.CHOICES, 30),
        F("max_length", "Độ dài tối đa", "Kiểu văn bản: số ký tự tối đa.", K.INT, 9),
        F("width", "Độ rộng", "Độ rộng cột trong biểu mẫu (số ký tự).", K.NUMBER, 9),
    ), "Mỗi dòng một cột của một danh sách, theo thứ tự.",
        group=F("list", "Danh sách", "Chọn mã danh sách ở sheet Danh sách.", K.REF, 12, ref=_LISTS)),
)  # fmt: skip

INFO_TABLE = Table(INFO, "", tuple(r.field for r in INFO_ROWS))


def table_of(sheet: str) -> Table:
    """The table laid out on ``sheet`` (the Thông tin sheet included)."""
    for table in (INFO_TABLE, *TABLES):
        if table.sheet == sheet:
            return table
    raise KeyError(sheet)


def label_key(text: str) -> str:
    """How a label or header is compared: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())
