"""Messages for problems in a review definition (``templates/<review>/``)."""

MESSAGES: dict[str, tuple[str, str, str]] = {
    # code: (severity, Vietnamese, English)
    "definition-missing": (
        "error",
        "Không tìm thấy tệp định nghĩa {file}.",
        "The definition file {file} was not found.",
    ),
    "yaml-syntax": (
        "error",
        "{file} dòng {line}: lỗi cú pháp YAML ({detail}). Kiểm tra thụt lề và dấu ':'.",
        "{file} line {line}: YAML syntax error ({detail}). Check indentation and ':'.",
    ),
    "csv-unreadable": (
        "error",
        "Không đọc được {file}: {detail}. Hãy lưu lại dưới dạng CSV UTF-8.",
        "Cannot read {file}: {detail}. Save it again as CSV UTF-8.",
    ),
    "csv-missing-column": (
        "error",
        "{file} thiếu cột '{field}' ở dòng tiêu đề.",
        "{file} has no '{field}' column in its header row.",
    ),
    "unknown-key": (
        "error",
        "{file} dòng {line}: trường '{field}' không được hỗ trợ.{hint}",
        "{file} line {line}: unknown field '{field}'.{hint}",
    ),
    "missing-key": (
        "error",
        "{file} dòng {line}: thiếu trường bắt buộc '{field}'.",
        "{file} line {line}: required field '{field}' is missing.",
    ),
    "bad-value": (
        "error",
        "{file} dòng {line}, trường '{field}': {detail}.",
        "{file} line {line}, field '{field}': {detail}.",
    ),
    "duplicate-code": (
        "error",
        "{file} dòng {line}: mã '{value}' bị trùng (đã dùng ở dòng {first_line}).",
        "{file} line {line}: code '{value}' is used twice (first at line {first_line}).",
    ),
    "unknown-reference": (
        "error",
        "{file} dòng {line}, trường '{field}': không có {what} mã '{value}'.",
        "{file} line {line}, field '{field}': there is no {what} with code '{value}'.",
    ),
    "ratio-part-missing": (
        "error",
        "{file} dòng {line}: chỉ tiêu tỷ lệ '{indicator}' phải có '{field}' (mã chỉ tiêu tử số/mẫu số).",
        "{file} line {line}: ratio indicator '{indicator}' needs '{field}' (an indicator code).",
    ),
    "ratio-part-not-numeric": (
        "error",
        "{file} dòng {line}: '{field}' của chỉ tiêu '{indicator}' phải là chỉ tiêu kiểu số "
        "nguyên hoặc số thập phân, không phải '{value}'.",
        "{file} line {line}: '{field}' of '{indicator}' must be an integer or decimal "
        "indicator, not '{value}'.",
    ),
    "range-invalid": (
        "error",
        "{file} dòng {line}: chỉ tiêu '{indicator}' có giá trị nhỏ nhất {min} lớn hơn giá trị lớn nhất {max}.",
        "{file} line {line}: indicator '{indicator}' has min {min} greater than max {max}.",
    ),
    "target-out-of-range": (
        "error",
        "{file} dòng {line}: mục tiêu {value} của chỉ tiêu '{indicator}' nằm ngoài khoảng cho phép "
        "[{min}; {max}].",
        "{file} line {line}: target {value} of '{indicator}' is outside the allowed range "
        "[{min}; {max}].",
    ),
    "target-not-allowed": (
        "error",
        "{file} dòng {line}: chỉ tiêu '{indicator}' kiểu '{value}' không thể có mục tiêu số.",
        "{file} line {line}: indicator '{indicator}' of type '{value}' cannot have a numeric target.",
    ),
    "choices-missing": (
        "error",
        "{file} dòng {line}: '{indicator}' là kiểu lựa chọn nhưng chưa có danh sách 'choices'.",
        "{file} line {line}: '{indicator}' is a choice but has no 'choices' list.",
    ),
    "aggregate-not-allowed": (
        "error",
        "{file} dòng {line}: cách tổng hợp '{value}' không dùng được cho chỉ tiêu kiểu '{type}'.",
        "{file} line {line}: aggregation '{value}' does not suit an indicator of type '{type}'.",
    ),
    "period-invalid": (
        "error",
        "{file} dòng {line}: năm đầu kỳ {first} lớn hơn năm cuối kỳ {last}.",
        "{file} line {line}: first year {first} is after last year {last}.",
    ),
    "unit-kind-unknown": (
        "error",
        "{file} dòng {line}: loại đơn vị '{value}' chưa được khai báo trong 'unit_kinds' của review.yaml.",
        "{file} line {line}: unit kind '{value}' is not declared in 'unit_kinds' of review.yaml.",
    ),
    "unit-kind-unused": (
        "error",
        "review.yaml: không có chỉ tiêu nào áp dụng cho loại đơn vị '{value}' "
        "({units} đơn vị sẽ nhận biểu mẫu không có chỉ tiêu).",
        "review.yaml: no indicator applies to unit kind '{value}' ({units} units would get no indicators).",
    ),
    "unit-parent-unknown": (
        "error",
        "{file} dòng {line}: đơn vị cấp trên '{value}' không có trong danh sách đơn vị.",
        "{file} line {line}: parent unit '{value}' is not in the unit list.",
    ),
    "rule-same-indicator": (
        "error",
        "{file} dòng {line}: quy tắc '{value}' so sánh một chỉ tiêu với chính nó.",
        "{file} line {line}: rule '{value}' compares an indicator with itself.",
    ),
    "area-empty": (
        "warning",
        "review.yaml: nhóm nhiệm vụ '{value}' chưa có chỉ tiêu nào.",
        "review.yaml: task area '{value}' has no indicators.",
    ),
    "example-targets": (
        "info",
        "review.yaml: {count} chỉ tiêu dùng mục tiêu ví dụ (example: true), cần thay bằng mục tiêu thật "
        "trước khi phát hành.",
        "review.yaml: {count} indicators use example targets (example: true); replace them before "
        "issuing the report.",
    ),
    "example-basis": (
        "info",
        "review.yaml: số, ngày của văn bản căn cứ (basis) là giá trị ví dụ (basis_example: true): "
        "'{value}'. Dự thảo tô nền vàng đoạn này; bản chính thức bỏ đoạn này cho đến khi thay "
        "bằng số, ngày thật.",
        "review.yaml: the number and date of the basis are examples (basis_example: true): "
        "'{value}'. Drafts highlight it; final reports leave it out until it is replaced.",
    ),
}
