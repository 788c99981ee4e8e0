"""Messages for problems in a review definition (``templates/<review>/`` or its workbook).

``CELL_MESSAGES`` words the same codes for a definition read from the definition workbook
(``reportgen review import``): the location is then a sheet and a cell ("Chỉ tiêu!E14"),
not a file and a line, and ``{label}`` is the Vietnamese column header.
"""

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
    "definition-too-large": (
        "error",
        "{file} quá lớn ({size}; tối đa {limit}). Hãy bỏ bớt phần thừa (chú thích, mục không dùng).",
        "{file} is too large ({size}; at most {limit}). Remove what is not needed (comments, unused items).",
    ),
    "yaml-alias": (
        "error",
        "{file} dòng {line}: không dùng bí danh YAML (*tên) trong định nghĩa; hãy viết đầy đủ "
        "giá trị tại chỗ.",
        "{file} line {line}: YAML aliases (*name) are not allowed in a definition; write the "
        "value out in full.",
    ),
    "yaml-too-deep": (
        "error",
        "{file} dòng {line}: các nhóm trường lồng nhau quá {limit} cấp. Kiểm tra lại dấu "
        "ngoặc [ ] và { }.",
        "{file} line {line}: mappings and lists are nested more than {limit} levels deep. "
        "Check the [ ] and { } brackets.",
    ),
    "duplicate-key": (
        "error",
        "{file} dòng {line}: trường '{field}' được khai báo hai lần (lần đầu ở dòng "
        "{first_line}). Hãy xoá một trong hai dòng.",
        "{file} line {line}: field '{field}' is given twice (first at line {first_line}). "
        "Remove one of the two.",
    ),
    "bad-template": (
        "error",
        "{file} dòng {line}, trường '{field}': {detail}. Chỗ điền dùng được: {allowed}.",
        "{file} line {line}, field '{field}': cannot be filled in ({detail}). Slots: {allowed}.",
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
    # -- the definition workbook (reportgen review import) --------------------------------
    "definition-workbook-unreadable": (
        "error",
        "Không đọc được bảng định nghĩa {file}: {detail}. Hãy lưu lại dưới dạng Excel (.xlsx).",
        "Cannot read the definition workbook {file}: {detail}. Save it again as Excel (.xlsx).",
    ),
    "definition-sheet-missing": (
        "error",
        "Bảng định nghĩa không có sheet '{sheet}'.{hint}",
        "The definition workbook has no sheet '{sheet}'.{hint}",
    ),
    "definition-column-missing": (
        "warning",
        "{sheet}!{cell}: không có cột '{label}'; các giá trị của cột này được coi là để trống.",
        "{sheet}!{cell}: there is no column '{label}'; its values are taken as blank.",
    ),
    "definition-column-unknown": (
        "warning",
        "{sheet}!{cell}: cột '{value}' không thuộc mẫu định nghĩa nên không được đọc.",
        "{sheet}!{cell}: column '{value}' is not part of the definition and is not read.",
    ),
    "definition-row-unknown": (
        "warning",
        "{sheet}!{cell}: mục '{value}' không thuộc mẫu định nghĩa nên không được đọc.",
        "{sheet}!{cell}: item '{value}' is not part of the definition and is not read.",
    ),
    "definition-cell-type": (
        "error",
        "{sheet}!{cell} ({label}): '{value}' không phải {expected}.",
        "{sheet}!{cell} ({label}): '{value}' is not {expected_en}.",
    ),
    "definition-cell-choice": (
        "error",
        "{sheet}!{cell} ({label}): '{value}' không có trong danh sách chọn ({choices}).",
        "{sheet}!{cell} ({label}): '{value}' is not one of the choices ({choices}).",
    ),
}

# The codes above as they read when the definition comes from the workbook: (Vietnamese, English).
CELL_MESSAGES: dict[str, tuple[str, str]] = {
    "unknown-key": (
        "{sheet}!{cell}: mục '{field}' không được hỗ trợ.",
        "{sheet}!{cell}: '{field}' is not supported.",
    ),
    "missing-key": (
        "{sheet}!{cell}: chưa điền '{label}' (bắt buộc).",
        "{sheet}!{cell}: '{label}' is required.",
    ),
    "bad-value": ("{sheet}!{cell} ({label}): {detail}.", "{sheet}!{cell} ({label}): {detail}."),
    "duplicate-code": (
        "{sheet}!{cell}: mã '{value}' bị trùng (đã dùng ở ô {first_cell}).",
        "{sheet}!{cell}: code '{value}' is used twice (first in {first_cell}).",
    ),
    "unknown-reference": (
        "{sheet}!{cell}: không có {what} mã '{value}'.",
        "{sheet}!{cell}: there is no {what} with code '{value}'.",
    ),
    "ratio-part-missing": (
        "{sheet}!{cell}: chỉ tiêu tỷ lệ '{indicator}' phải có '{label}' (mã chỉ tiêu).",
        "{sheet}!{cell}: ratio indicator '{indicator}' needs '{label}' (an indicator code).",
    ),
    "ratio-part-not-numeric": (
        "{sheet}!{cell}: '{label}' của chỉ tiêu '{indicator}' phải là chỉ tiêu kiểu số nguyên "
        "hoặc số thập phân, không phải '{value}'.",
        "{sheet}!{cell}: '{label}' of '{indicator}' must be an integer or decimal indicator, "
        "not '{value}'.",
    ),
    "range-invalid": (
        "{sheet}!{cell}: chỉ tiêu '{indicator}' có giá trị nhỏ nhất {min} lớn hơn giá trị lớn nhất {max}.",
        "{sheet}!{cell}: indicator '{indicator}' has min {min} greater than max {max}.",
    ),
    "target-out-of-range": (
        "{sheet}!{cell}: mục tiêu {value} của chỉ tiêu '{indicator}' nằm ngoài khoảng cho phép "
        "[{min}; {max}].",
        "{sheet}!{cell}: target {value} of '{indicator}' is outside the allowed range [{min}; {max}].",
    ),
    "target-not-allowed": (
        "{sheet}!{cell}: chỉ tiêu '{indicator}' kiểu '{value}' không thể có mục tiêu số.",
        "{sheet}!{cell}: indicator '{indicator}' of type '{value}' cannot have a numeric target.",
    ),
    "choices-missing": (
        "{sheet}!{cell}: '{indicator}' là kiểu chọn từ danh sách nhưng chưa điền 'Các lựa chọn'.",
        "{sheet}!{cell}: '{indicator}' is a choice but has no choices.",
    ),
    "aggregate-not-allowed": (
        "{sheet}!{cell}: cách tổng hợp '{value}' không dùng được cho chỉ tiêu kiểu '{type}'.",
        "{sheet}!{cell}: aggregation '{value}' does not suit an indicator of type '{type}'.",
    ),
    "period-invalid": (
        "{sheet}!{cell}: năm đầu kỳ {first} lớn hơn năm cuối kỳ {last}.",
        "{sheet}!{cell}: first year {first} is after last year {last}.",
    ),
    "unit-kind-unknown": (
        "{sheet}!{cell}: loại đơn vị '{value}' chưa có ở sheet Loại đơn vị.",
        "{sheet}!{cell}: unit kind '{value}' is not on the Loại đơn vị sheet.",
    ),
    "unit-kind-unused": (
        "{sheet}!{cell}: không có chỉ tiêu nào áp dụng cho loại đơn vị '{value}' "
        "({units} đơn vị sẽ nhận biểu mẫu không có chỉ tiêu).",
        "{sheet}!{cell}: no indicator applies to unit kind '{value}' ({units} units would get "
        "no indicators).",
    ),
    "unit-parent-unknown": (
        "{sheet}!{cell}: đơn vị cấp trên '{value}' không có trong sheet Đơn vị.",
        "{sheet}!{cell}: parent unit '{value}' is not on the Đơn vị sheet.",
    ),
    "rule-same-indicator": (
        "{sheet}!{cell}: quy tắc '{value}' so sánh một chỉ tiêu với chính nó.",
        "{sheet}!{cell}: rule '{value}' compares an indicator with itself.",
    ),
    "area-empty": (
        "{sheet}!{cell}: nhóm nhiệm vụ '{value}' chưa có chỉ tiêu nào.",
        "{sheet}!{cell}: task area '{value}' has no indicators.",
    ),
    "example-targets": (
        "{sheet}: {count} chỉ tiêu dùng mục tiêu ví dụ (cột 'Mục tiêu ví dụ' là Có), cần thay bằng "
        "mục tiêu thật trước khi phát hành.",
        "{sheet}: {count} indicators use example targets; replace them before issuing the report.",
    ),
}
