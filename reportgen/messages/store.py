"""Messages for findings of the store stage."""

MESSAGES: dict[str, tuple[str, str, str]] = {
    # code: (severity, Vietnamese, English)
    "late-submission": (
        "warning",
        "Nộp muộn {days} ngày so với hạn {deadline}.",
        "Submitted {days} day(s) after the deadline {deadline_iso}.",
    ),
    "duplicate-submission": (
        "info",
        "Tệp này đã được nhận lúc {received} ({what}); không ghi nhận lại.",
        "This file was already received at {received} ({what_en}); nothing new recorded.",
    ),
    "upload-other-unit": (
        "error",
        "Tệp này là biểu mẫu của đơn vị {other} — {other_name}, không phải của đơn vị {unit}. Tệp được lưu lại nhưng không được tính; hãy gửi đúng biểu mẫu của đơn vị mình.",
        "This file is the workbook of unit {other} — {other_name}, not of unit {unit}. It is kept but does not count; send your own unit's workbook.",
    ),
    "recovered-after-crash": (
        "info",
        "Tệp nhận lúc {received} được ghi nhận lại khi mở kho, sau một sự cố (máy tắt, tiến trình bị dừng).",
        "This file, received at {received}, was recorded when the store was next opened, after a crash.",
    ),
    "assigned-to-unit": (
        "info",
        "Tệp chưa xác định được đơn vị (bản nộp số {original}) được {by} gán cho đơn vị này{note}.",
        "This file, whose unit could not be read (submission {original}), was assigned to this unit by {by}{note_en}.",
    ),
    "held-while-accepted": (
        "info",
        "Đơn vị {unit} đã được ban thư ký duyệt: tệp này được lưu nhưng chưa được tính cho đến khi ban thư ký mở khoá.",
        "Unit {unit} has been accepted by the secretariat: this file is kept but does not count until the secretariat unlocks the unit.",
    ),
}
