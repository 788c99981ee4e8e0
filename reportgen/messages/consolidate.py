"""Messages for findings of the consolidate stage."""

MESSAGES: dict[str, tuple[str, str, str]] = {
    # code: (severity, Vietnamese, English)
    "no-submissions": (
        "warning",
        "Chưa có đơn vị nào nộp báo cáo hợp lệ: workbook tổng hợp ghi mọi đơn vị là “chưa nộp”.",
        "No unit has submitted a valid report yet: the consolidated workbook shows every unit as missing.",
    ),
    "units-missing": (
        "info",
        "{missing}/{expected} đơn vị chưa có bản nộp hợp lệ, không được tính vào số tổng hợp: {units}.",
        "{missing} of {expected} units have no valid submission and are not counted: {units}.",
    ),
    "ratio-denominator-zero": (
        "warning",
        "{unit}: mẫu số {denominator} năm {year} bằng 0 nên không tính được tỷ lệ {indicator}.",
        "{unit}: denominator {denominator} is 0 in {year}, so ratio {indicator} cannot be computed.",
    ),
}
