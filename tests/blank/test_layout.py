"""Sheet names of the workbooks we write: valid, readable, unique."""

from __future__ import annotations

from reportgen.blank.layout import list_sheet_name, sheet_title
from reportgen.definition import Review


def test_sheet_names_are_cut_at_a_word_and_unique_ignoring_case(hanoi: Review) -> None:
    title = "1. Bảo vệ môi trường nước mặt và sử dụng bền vững tài nguyên nước"
    assert sheet_title(title) == "1. Bảo vệ môi trường nước mặt"
    assert sheet_title("Văn bản", ["VĂN BẢN"]) == "Văn bản (2)"
    assert sheet_title("a/b:c?'") == "abc"
    assert [list_sheet_name(t) for t in hanoi.lists] == ["Văn bản", "Thanh tra, kiểm tra"]
