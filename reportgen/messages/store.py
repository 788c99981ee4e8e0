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
    "held-while-accepted": (
        "info",
        "Đơn vị {unit} đã được ban thư ký duyệt: tệp này được lưu nhưng chưa được tính cho đến khi ban thư ký mở khoá.",
        "Unit {unit} has been accepted by the secretariat: this file is kept but does not count until the secretariat unlocks the unit.",
    ),
}
