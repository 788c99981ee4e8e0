"""Messages for findings of the intake stage."""

MESSAGES: dict[str, tuple[str, str, str]] = {
    # code: (severity, Vietnamese, English)
    # --- file checks (reportgen/intake/guard.py, zipcheck.py, read.py) ---
    "file-empty": (
        "error",
        "Tệp {file} rỗng (0 byte). Hãy gửi lại tệp Excel đã điền.",
        "The file {file} is empty (0 bytes). Send the filled-in Excel file again.",
    ),
    "file-too-large": (
        "error",
        "Tệp {file} quá lớn ({size}; tối đa {limit}). Hãy gửi đúng biểu mẫu đã điền, "
        "không kèm ảnh hay dữ liệu khác.",
        "The file {file} is too large ({size}; at most {limit}). Send only the filled-in "
        "workbook, without pictures or other data.",
    ),
    "file-not-spreadsheet": (
        "error",
        "Tệp {file} không phải là bảng tính Excel ({detail}). Hãy mở biểu mẫu bằng Excel "
        "hoặc LibreOffice, điền rồi lưu dạng .xlsx.",
        "The file {file} is not a spreadsheet ({detail}). Open the blank workbook in Excel "
        "or LibreOffice, fill it in and save it as .xlsx.",
    ),
    "file-type-mismatch": (
        "warning",
        "Tệp {file} có đuôi .{extension} nhưng thực chất là tệp .{actual}; đã đọc theo "
        "dạng .{actual}. Lần sau hãy lưu lại dạng .xlsx.",
        "The file {file} is named .{extension} but is really a .{actual} file; it was read "
        "as .{actual}. Next time save it as .xlsx.",
    ),
    "file-corrupt": (
        "error",
        "Tệp {file} bị hỏng, không đọc được ({detail}). Hãy mở lại bằng Excel, lưu lại "
        "dạng .xlsx rồi gửi lại.",
        "The file {file} is damaged and cannot be read ({detail}). Open it in Excel, save "
        "it again as .xlsx and send it again.",
    ),
    "file-zip-bomb": (
        "error",
        "Tệp {file} bị từ chối vì khi giải nén quá lớn ({detail}). Hãy gửi đúng biểu mẫu đã điền.",
        "The file {file} was refused because it unpacks to too much data ({detail}). Send "
        "only the filled-in workbook.",
    ),
    "file-encrypted": (
        "error",
        "Tệp {file} có đặt mật khẩu mở tệp nên không đọc được. Hãy bỏ mật khẩu (Tệp → "
        "Thông tin → Bảo vệ sổ làm việc) rồi gửi lại.",
        "The file {file} is password-protected and cannot be read. Remove the password "
        "and send it again.",
    ),
    "file-has-macros": (
        "warning",
        "Tệp {file} có chứa macro (VBA). Macro không được chạy; chỉ đọc dữ liệu. Lần sau "
        "hãy lưu dạng .xlsx.",
        "The file {file} contains macros (VBA). They are never run; only the data is "
        "read. Next time save it as .xlsx.",
    ),
    "file-too-many-cells": (
        "error",
        "Tệp {file} có quá nhiều ô ({detail}). Hãy xoá các dòng, cột thừa hoặc dùng lại "
        "biểu mẫu gốc.",
        "The file {file} has too many cells ({detail}). Delete the extra rows and columns "
        "or start again from the blank workbook.",
    ),
    # --- cell values (reportgen/intake/parse.py) ---
    "excel-error-value": (
        "error",
        "Ô {sheet}!{cell}: chứa lỗi Excel '{value}'. Hãy sửa công thức hoặc nhập trực "
        "tiếp giá trị.",
        "Cell {sheet}!{cell}: holds the Excel error '{value}'. Fix the formula or type the value.",
    ),
    "not-a-number": (
        "error",
        "Ô {sheet}!{cell}: '{value}' không phải là số. Hãy nhập một số, ví dụ 1.234,5 "
        "(không kèm chữ).",
        "Cell {sheet}!{cell}: '{value}' is not a number. Type a number, e.g. 1.234,5 (no words).",
    ),
    "not-an-integer": (
        "error",
        "Ô {sheet}!{cell}: '{value}' không phải là số nguyên. Hãy nhập số nguyên, ví dụ {example}.",
        "Cell {sheet}!{cell}: '{value}' is not a whole number. Type a whole number, "
        "e.g. {example}.",
    ),
    "ambiguous-number": (
        "error",
        "Ô {sheet}!{cell}: '{value}' chưa rõ nghĩa: bạn muốn {reading_a} hay {reading_b}? {hint}",
        "Cell {sheet}!{cell}: '{value}' is unclear: {reading_a} or {reading_b}? {hint_en}",
    ),
    "percent-over-100": (
        "error",
        "Ô {sheet}!{cell}: tỷ lệ đang là {reading_a}, có lẽ ý bạn là {reading_b}? Ô này "
        "định dạng phần trăm: hãy nhập {example} (gõ cả dấu %).",
        "Cell {sheet}!{cell}: the percentage reads as {reading_a}; did you mean "
        "{reading_b}? The cell is formatted as a percentage: type {example} (with the % sign).",
    ),
    "number-from-text": (
        "warning",
        "Ô {sheet}!{cell}: '{value}' được nhập dạng chữ, đã đọc thành {reading}{note}. "
        "Hãy kiểm tra lại.",
        "Cell {sheet}!{cell}: '{value}' was typed as text and read as {reading}{note_en}. "
        "Please check it.",
    ),
    "bad-date": (
        "error",
        "Ô {sheet}!{cell}: '{value}' không phải là ngày hợp lệ. Hãy nhập ngày dạng "
        "ngày/tháng/năm, ví dụ 05/12/2022.",
        "Cell {sheet}!{cell}: '{value}' is not a valid date. Type it as day/month/year, "
        "e.g. 05/12/2022.",
    ),
    "date-from-text": (
        "warning",
        "Ô {sheet}!{cell}: '{value}' không ở dạng ngày của Excel, đã đọc thành ngày "
        "{reading}. Hãy kiểm tra lại.",
        "Cell {sheet}!{cell}: '{value}' is not an Excel date; it was read as {reading}. "
        "Please check it.",
    ),
    "bad-yes-no": (
        "error",
        "Ô {sheet}!{cell}: '{value}' không phải Có/Không. Hãy chọn 'Có' hoặc 'Không' "
        "trong danh sách.",
        "Cell {sheet}!{cell}: '{value}' is not Yes/No. Pick 'Có' (yes) or 'Không' (no) "
        "from the list.",
    ),
    "choice-not-in-list": (
        "error",
        "Ô {sheet}!{cell}: '{value}' không có trong danh sách. Hãy chọn một trong: {choices}.",
        "Cell {sheet}!{cell}: '{value}' is not in the list. Pick one of: {choices}.",
    ),
    "value-normalised": (
        "warning",
        "Ô {sheet}!{cell}: '{value}' đã được hiểu là '{reading}'. Lần sau hãy chọn từ danh sách.",
        "Cell {sheet}!{cell}: '{value}' was taken as '{reading}'. Next time pick from the list.",
    ),
    "text-normalised": (
        "warning",
        "Ô {sheet}!{cell}: đã bỏ {detail} trong nội dung. Hãy kiểm tra lại.",
        "Cell {sheet}!{cell}: removed {detail_en} from the text. Please check it.",
    ),
    "bad-email": (
        "warning",
        "Ô {sheet}!{cell}: '{value}' có vẻ không phải địa chỉ thư điện tử (ví dụ: "
        "ten@hanoi.gov.vn).",
        "Cell {sheet}!{cell}: '{value}' does not look like an e-mail address (e.g. "
        "name@hanoi.gov.vn).",
    ),
    # --- end of file/parse codes; checks (reportgen/intake/validate) below ---
}


# ---------------------------------------------------------------------------------------------
# Identification and checks (intake/identify.py, validate.py, rules.py, check.py).
# Kept in their own dict so the file/parse codes above can grow without merge conflicts.
# ---------------------------------------------------------------------------------------------
_CHECK_MESSAGES: dict[str, tuple[str, str, str]] = {
    "wrong-review": (
        "error",
        "Tệp này là biểu mẫu của đợt báo cáo khác ('{found}'), không phải '{expected}'. "
        "Hãy nhập số liệu vào đúng biểu mẫu của đợt báo cáo này.",
        "This workbook belongs to another review ('{found}'), not '{expected}'. "
        "Fill in the workbook of this review.",
    ),
    "unknown-unit": (
        "error",
        "Mã đơn vị '{value}' trong tệp không có trong danh sách đơn vị của đợt báo cáo. "
        "Hãy dùng đúng biểu mẫu đã gửi cho đơn vị mình.",
        "Unit code '{value}' in the file is not a unit of this review. "
        "Use the workbook that was sent to your unit.",
    ),
    "template-outdated": (
        "error",
        "Biểu mẫu được tạo từ phiên bản định nghĩa cũ{detail}. "
        "Hãy tải biểu mẫu mới và chép số liệu sang.",
        "The workbook was made from an older version of the definition{detail}. "
        "Download the new workbook and copy the data across.",
    ),
    "metadata-missing": (
        "error",
        "Không nhận ra biểu mẫu: tệp không còn trang thông tin ẩn của biểu mẫu gốc và "
        "{detail}. Hãy nhập số liệu vào đúng biểu mẫu đã gửi, không chép sang tệp mới.",
        "Workbook not recognised: the hidden metadata sheet is gone and {detail}. "
        "Fill in the workbook that was sent; do not copy it into a new file.",
    ),
    "read-by-labels": (
        "warning",
        "Tệp không còn trang thông tin ẩn của biểu mẫu gốc (có thể đã chép sang tệp mới); "
        "số liệu đã được đọc theo mã đơn vị và mã chỉ tiêu. Lần sau hãy dùng đúng biểu mẫu gốc.",
        "The hidden metadata sheet is gone (copied into a new file?); the data was read "
        "by unit and indicator codes. Next time, use the original workbook.",
    ),
    "sheet-missing": (
        "error",
        "Thiếu trang '{sheet}' (bị xóa hoặc đổi tên). Hãy giữ nguyên tên các trang của biểu mẫu.",
        "Sheet '{sheet}' is missing (deleted or renamed). Keep the workbook's sheet names.",
    ),
    "rows-moved": (
        "warning",
        "Trang '{sheet}' có dòng bị chèn, xóa hoặc di chuyển ({count} chỉ tiêu không ở đúng "
        "dòng); số liệu đã được đọc theo mã chỉ tiêu ở cột B. Không chèn hay xóa dòng trong biểu mẫu.",
        "Rows were inserted, deleted or moved on sheet '{sheet}' ({count} indicators are not "
        "on their row); values were read by the indicator codes in column B. "
        "Do not insert or delete rows.",
    ),
    "columns-moved": (
        "warning",
        "Trang '{sheet}' có cột bị chèn, xóa hoặc di chuyển ({count} cột năm không ở đúng chỗ); "
        "số liệu đã được đọc theo tiêu đề năm ở dòng {row}. Nội dung trong cột thêm vào không "
        "được đọc. Không chèn hay xóa cột trong biểu mẫu.",
        "Columns were inserted, deleted or moved on sheet '{sheet}' ({count} year columns are "
        "not in their place); values were read by the year headers in row {row}. Inserted "
        "columns are not read. Do not insert or delete columns.",
    ),
    "year-column-missing": (
        "error",
        "Trang '{sheet}': không thấy cột '{title}' ở dòng tiêu đề {row} (cột bị xóa hoặc tiêu đề "
        "bị sửa) nên số liệu năm {year} chưa được đọc. Hãy khôi phục cột này như biểu mẫu gốc.",
        "Sheet '{sheet}': no '{title}' column in header row {row} (deleted, or its header "
        "changed), so the {year} values were not read. Restore the column as in the blank workbook.",
    ),
    "ratio-typed-over": (
        "warning",
        "Ô {sheet}!{cell}: tỷ lệ '{ratio_name}' năm {year} là công thức tự tính nhưng đã bị gõ "
        "đè thành {typed}. Số liệu dùng tỷ lệ tính từ tử số và mẫu số: {computed}. Đừng gõ vào "
        "ô tỷ lệ; hãy sửa tử số hoặc mẫu số.",
        "Cell {sheet}!{cell}: ratio {ratio} ({year}) is a formula but {typed} was typed over it. "
        "The ratio computed from numerator and denominator is used: {computed_en}. Do not type "
        "into ratio cells; correct the numerator or denominator.",
    ),
    "indicator-missing": (
        "error",
        "Không tìm thấy dòng của chỉ tiêu {indicator} ({name}) trên trang '{sheet}' "
        "(dòng đã bị xóa hoặc mã ở cột B bị sửa). Hãy khôi phục dòng này và nhập số liệu.",
        "The row of indicator {indicator} ({name}) is not on sheet '{sheet}' (deleted, or "
        "its code in column B changed). Restore the row and fill it in.",
    ),
    "extra-sheet": (
        "warning",
        "Trang '{sheet}' không có trong biểu mẫu; nội dung trang này không được đọc.",
        "Sheet '{sheet}' is not part of the workbook; it is not read.",
    ),
    "content-outside-input": (
        "warning",
        "Trang '{sheet}' có {count} ô được nhập ngoài vùng nhập liệu (ô đầu tiên: {cell}); "
        "nội dung này không được đọc. Chỉ nhập vào các ô nền vàng nhạt.",
        "Sheet '{sheet}' has {count} cells typed outside the input area (first: {cell}); "
        "they are not read. Type only in the light-yellow cells.",
    ),
    "missing-value": (
        "error",
        "Chưa nhập {what}. Hãy nhập số liệu (nếu không phát sinh, ghi 0).",
        "No value entered for {what_en}. Enter a value (0 if none).",
    ),
    "out-of-range": (
        "error",
        "Giá trị {shown} của {what} nằm ngoài khoảng cho phép ({range}). Hãy kiểm tra lại số liệu.",
        "Value {shown} of {what_en} is outside the allowed range ({range_en}). Check the figure.",
    ),
    "text-too-long": (
        "error",
        "Nội dung dài {length} ký tự, vượt quá giới hạn {limit} ký tự; hãy rút gọn bớt {over} ký tự.",
        "The text is {length} characters long, over the limit of {limit}; shorten it by {over}.",
    ),
    "numerator-exceeds-denominator": (
        "error",
        "Năm {year}: {numerator_name} ({numerator}) lớn hơn {denominator_name} ({denominator}), "
        "nên tỷ lệ '{ratio_name}' vượt 100%. Hãy kiểm tra lại hai số liệu này.",
        "{year}: {numerator_code} ({numerator}) is greater than {denominator_code} "
        "({denominator}), so ratio {ratio} exceeds 100%. Check both figures.",
    ),
    "zero-denominator": (
        "error",
        "Năm {year}: {denominator_name} bằng 0 nhưng {numerator_name} là {numerator}, "
        "nên không tính được tỷ lệ '{ratio_name}'. Hãy kiểm tra lại mẫu số.",
        "{year}: {denominator_code} is 0 but {numerator_code} is {numerator}, so ratio "
        "{ratio} cannot be computed. Check the denominator.",
    ),
    "rule-violated": (
        "error",
        "Năm {year}: {custom}",
        "{year}: {custom}",
    ),
    "year-jump": (
        "warning",
        "{what} thay đổi bất thường: {previous} năm {previous_year} → {shown} năm {year} "
        "(gấp hơn {factor} lần). Nếu số liệu đúng, hãy giải thích trong phần thuyết minh.",
        "The value of {what_en} changes sharply: {previous} in {previous_year} → {shown} in {year} "
        "(more than {factor}×). If correct, explain it in the narrative.",
    ),
    "formula-no-value": (
        "error",
        "Ô {cell} chứa công thức nhưng không có giá trị đã tính. "
        "Hãy nhập số trực tiếp (không dùng công thức) rồi lưu lại bằng Excel.",
        "Cell {cell} holds a formula without a computed value. "
        "Type the number itself (no formula) and save again in Excel.",
    ),
    "section-empty": (
        "error",
        'Chưa viết phần {number} "{title}".',
        'Section {number} "{title}" is empty.',
    ),
    "section-too-long": (
        "error",
        'Phần {number} "{title}" dài {length} ký tự, vượt giới hạn {limit} ký tự; '
        "hãy rút gọn bớt {over} ký tự.",
        'Section {number} "{title}" is {length} characters long, over the limit of {limit}; '
        "shorten it by {over}.",
    ),
    "list-empty": (
        "error",
        'Danh sách "{title}" chưa có dòng nào; hãy kê ít nhất một dòng.',
        'List "{title}" has no rows; fill in at least one.',
    ),
    "list-missing-value": (
        "error",
        'Danh sách "{title}", dòng {row}: chưa nhập cột "{column_title}".',
        'List "{title}", row {row}: column "{column_title}" is empty.',
    ),
    "list-duplicate-row": (
        "error",
        'Danh sách "{title}", dòng {row} trùng với dòng {first_row} ({key}). '
        "Hãy xóa dòng trùng hoặc sửa lại.",
        'List "{title}", row {row} duplicates row {first_row} ({key}). '
        "Remove the duplicate or correct it.",
    ),
    "list-column-missing": (
        "error",
        'Danh sách "{title}": không thấy cột "{column_title}" ở dòng tiêu đề {row} '
        "(bị xóa hoặc đổi tên). Hãy giữ nguyên các cột của biểu mẫu.",
        'List "{title}": column "{column_title}" is not in header row {row} '
        "(deleted or renamed). Keep the workbook's columns.",
    ),
    "reporter-missing": (
        "warning",
        'Chưa nhập "{label}" của người lập biểu ở trang Thông tin.',
        'The reporter\'s "{label}" is empty on the Thông tin sheet.',
    ),
    "file-name-other-unit": (
        "warning",
        "Tên tệp '{file}' là của đơn vị {named} ({named_name}), nhưng biểu mẫu bên trong là của "
        "đơn vị {unit} ({unit_name}). Hãy kiểm tra xem có gửi nhầm tệp không.",
        "The file name '{file}' belongs to unit {named} ({named_name}), but the workbook inside "
        "is unit {unit}'s ({unit_name}). Check that the right file was sent.",
    ),
    "internal-error": (
        "error",
        "Lỗi nội bộ khi kiểm tra tệp ({detail}). Tệp chưa được kiểm tra xong; "
        "hãy gửi tệp này cho bộ phận kỹ thuật.",
        "Internal error while checking the file ({detail}). The file was not fully checked; "
        "send it to technical support.",
    ),
    # The portal's check pool (reportgen/intake/pool.py): the check itself could not finish.
    "file-check-failed": (
        "error",
        "Chưa kiểm tra được tệp: tiến trình kiểm tra bị dừng bất thường khi đọc tệp này. "
        "Tệp đã được lưu lại nhưng chưa được tính. Hãy mở tệp bằng Excel, lưu lại rồi gửi "
        "lần nữa; nếu vẫn không được, hãy báo ban thư ký (ban thư ký có thể kiểm tra lại tệp đã lưu).",
        "The file could not be checked: the checking process stopped abnormally while reading it. "
        "The file is kept but does not count. Open it in Excel, save it and send it again; if "
        "that fails, tell the secretariat (they can re-check the stored file).",
    ),
    "file-check-timeout": (
        "error",
        "Chưa kiểm tra được tệp: việc kiểm tra kéo dài quá {limit} giây nên đã bị dừng. "
        "Tệp đã được lưu lại nhưng chưa được tính. Hãy thử gửi lại sau vài phút (mở tệp bằng "
        "Excel, lưu lại rồi gửi); nếu vẫn không được, hãy báo ban thư ký.",
        "The file could not be checked: checking took longer than {limit} seconds and was "
        "stopped. The file is kept but does not count. Try again in a few minutes (open it in "
        "Excel, save it, send it); if that fails, tell the secretariat.",
    ),
}
MESSAGES.update(_CHECK_MESSAGES)
