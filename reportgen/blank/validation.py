"""Excel data validation for input cells, from the same definition intake checks.

Every rule here mirrors what intake enforces: type, range (``Indicator.bounds``; percents
are stored as fractions, so 0–100 points become 0–1), choice lists, text length. Blank cells
are always allowed — whether a value is required is checked at intake, where the unit can
be told which cells are still empty. Prompts and error messages are Vietnamese and clipped
to Excel's limits (title 32, message 255 characters), since xlsxwriter drops a validation
whose text is too long.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from reportgen.definition.model import Column, ColumnType, Indicator, Section, ValueType
from reportgen.numbers import format_number as _format_number

__all__ = [
    "YES_NO",
    "column_validation",
    "indicator_validation",
    "reporter_validation",
    "section_validation",
]

YES_NO = ("Có", "Không")
TITLE_MAX = 32
MESSAGE_MAX = 255
LIST_SOURCE_MAX = 255  # an inline list longer than this must come from a range
TEXT_MAX = 32767
BIG = 1e12  # "no bound": within the 15 significant digits Excel keeps
DATE_MIN = dt.date(1990, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)

_KEEP = "Ô này chỉ nhận "
_STOP = "Thông tin không hợp lệ"


@lru_cache(maxsize=512)
def format_number(value: float) -> str:
    """Vietnamese number text; cached, since Babel formatting is slow and bounds repeat."""
    return _format_number(value)


def clip(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _range_text(lo: float | None, hi: float | None, percent: bool = False) -> str:
    def show(v: float) -> str:
        return format_number(v) + ("%" if percent else "")

    if lo is not None and hi is not None:
        return f"từ {show(lo)} đến {show(hi)}"
    if lo is not None:
        return f"từ {show(lo)} trở lên"
    if hi is not None:
        return f"không quá {show(hi)}"
    return ""


def _numeric(kind: str, lo: float | None, hi: float | None, scale: float = 1.0) -> dict[str, Any]:
    def num(v: float) -> float | int:
        v = v * scale
        return int(v) if kind == "integer" else v

    if lo is not None and hi is not None:
        return {"validate": kind, "criteria": "between", "minimum": num(lo), "maximum": num(hi)}
    if lo is not None:
        return {"validate": kind, "criteria": ">=", "value": num(lo)}
    if hi is not None:
        return {"validate": kind, "criteria": "<=", "value": num(hi)}
    # "any number": Excel still needs bounds, so use ones no real figure reaches
    return {"validate": kind, "criteria": "between", "minimum": num(-BIG), "maximum": num(BIG)}


def _choice(choices: tuple[str, ...], source: str | None) -> dict[str, Any]:
    """A drop-down; ``source`` is a range holding the choices when they cannot be inline."""
    return {"validate": "list", "source": source or list(choices), "dropdown": True}


def needs_range(choices: tuple[str, ...]) -> bool:
    """Whether choices must be listed in cells (too long, or a choice holds a comma)."""
    return any("," in c or '"' in c for c in choices) or len(",".join(choices)) > LIST_SOURCE_MAX


def _finish(rule: dict[str, Any], title: str, prompt: str, error: str) -> dict[str, Any]:
    rule.update(
        {
            "ignore_blank": True,
            "input_title": clip(title, TITLE_MAX),
            "input_message": clip(prompt, MESSAGE_MAX),
            "error_type": "stop",
            "error_title": _STOP,
            "error_message": clip(error, MESSAGE_MAX),
        }
    )
    return rule


def indicator_validation(ind: Indicator, source: str | None = None) -> dict[str, Any]:
    """The validation of an indicator's input cells (any asked year)."""
    lo, hi = ind.bounds
    unit = f" (đơn vị tính: {ind.unit})" if ind.unit and ind.unit != "%" else ""
    title = f"{ind.code}: {ind.name}"
    hint = f" {ind.guidance}" if ind.guidance else ""
    blank = " Để trống nếu chưa có số liệu."
    if ind.type is ValueType.INTEGER:
        rng = _range_text(lo, hi)
        rule = _numeric("integer", lo, hi)
        prompt = f"Nhập số nguyên {rng}{unit}, không gõ chữ hay đơn vị.{blank}{hint}"
        error = f"{_KEEP}số nguyên {rng}. Không gõ chữ, dấu cách hay đơn vị tính."
    elif ind.type is ValueType.DECIMAL:
        rng = _range_text(lo, hi)
        rule = _numeric("decimal", lo, hi)
        prompt = f"Nhập số {rng}{unit}; phần thập phân sau dấu phẩy, ví dụ 1.234,5.{blank}{hint}"
        error = f"{_KEEP}số {rng}. Không gõ chữ, dấu cách hay đơn vị tính."
    elif ind.type is ValueType.PERCENT:
        rng = _range_text(lo, hi, percent=True)
        rule = _numeric("decimal", lo, hi, scale=0.01)  # the cell stores 95% as 0.95
        prompt = f"Nhập tỷ lệ phần trăm {rng}, ví dụ 95% hoặc 95,5%.{blank}{hint}"
        error = f"{_KEEP}tỷ lệ phần trăm {rng}, ví dụ 95%."
    elif ind.type is ValueType.YES_NO:
        rule = _choice(YES_NO, None)
        prompt = f"Chọn Có hoặc Không trong danh sách.{hint}"
        error = f"{_KEEP}Có hoặc Không. Bấm mũi tên bên phải ô để chọn."
    elif ind.type is ValueType.CHOICE:
        rule = _choice(ind.choices, source)
        prompt = f"Chọn một giá trị trong danh sách: {'; '.join(ind.choices)}.{hint}"
        error = f"{_KEEP}một giá trị trong danh sách. Bấm mũi tên bên phải ô để chọn."
    else:  # TEXT (RATIO has no input cells)
        limit = ind.max_length or TEXT_MAX
        rule = {"validate": "length", "criteria": "<=", "value": limit}
        prompt = f"Nhập văn bản ngắn, tối đa {format_number(limit)} ký tự.{hint}"
        error = f"{_KEEP}tối đa {format_number(limit)} ký tự."
    return _finish(rule, title, prompt, error)


def column_validation(col: Column, source: str | None = None) -> dict[str, Any]:
    """The validation of a list-table column."""
    title = col.title
    if col.type is ColumnType.DATE:
        rule = {"validate": "date", "criteria": "between", "minimum": DATE_MIN, "maximum": DATE_MAX}
        prompt = "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/12/2022."
        error = f"{_KEEP}ngày hợp lệ, dạng ngày/tháng/năm, ví dụ 05/12/2022."
    elif col.type is ColumnType.INTEGER:
        rule = _numeric("integer", None, None)
        prompt = "Nhập số nguyên, không gõ chữ hay đơn vị."
        error = f"{_KEEP}số nguyên."
    elif col.type is ColumnType.DECIMAL:
        rule = _numeric("decimal", None, None)
        prompt = "Nhập số; phần thập phân sau dấu phẩy, ví dụ 12,5."
        error = f"{_KEEP}số. Không gõ chữ hay đơn vị tính."
    elif col.type is ColumnType.CHOICE:
        rule = _choice(col.choices, source)
        prompt = f"Chọn trong danh sách: {'; '.join(col.choices)}."
        error = f"{_KEEP}một giá trị trong danh sách. Bấm mũi tên bên phải ô để chọn."
    else:
        limit = col.max_length or TEXT_MAX
        rule = {"validate": "length", "criteria": "<=", "value": limit}
        prompt = f"Nhập văn bản, tối đa {format_number(limit)} ký tự."
        error = f"{_KEEP}tối đa {format_number(limit)} ký tự."
    if col.required:
        prompt += " Bắt buộc nhập khi có dòng này."
    return _finish(rule, title, prompt, error)


def reporter_validation(label: str, typ: str, cell: str) -> dict[str, Any]:
    """The validation of the reporter field at ``cell`` on the information sheet."""
    if typ == "date":
        rule = {"validate": "date", "criteria": "between", "minimum": DATE_MIN, "maximum": DATE_MAX}
        prompt = "Nhập ngày lập báo cáo theo dạng ngày/tháng/năm, ví dụ 05/12/2022."
        error = f"{_KEEP}ngày hợp lệ, dạng ngày/tháng/năm."
    elif typ == "email":
        # an address has an "@" and a dot; the full check is intake's (bad-email)
        formula = f'=AND(LEN({cell})<=254,ISNUMBER(FIND("@",{cell})),ISNUMBER(FIND(".",{cell})))'
        rule = {"validate": "custom", "value": formula}
        prompt = "Nhập địa chỉ thư điện tử, ví dụ ten@hanoi.gov.vn."
        error = f"{_KEEP}một địa chỉ thư điện tử có dấu @, ví dụ ten@hanoi.gov.vn."
    else:
        rule = {"validate": "length", "criteria": "<=", "value": 255}
        prompt = f"Nhập {label.lower()} (tối đa 255 ký tự)."
        error = f"{_KEEP}tối đa 255 ký tự."
    return _finish(rule, label, prompt, error)


def section_validation(sec: Section) -> dict[str, Any]:
    """The validation of a narrative section's input cell: text length only."""
    limit = format_number(sec.max_length)
    rule = {"validate": "length", "criteria": "<=", "value": sec.max_length}
    prompt = f"Viết nội dung phần {sec.number}, tối đa {limit} ký tự. {sec.guidance}"
    error = f"Nội dung quá dài: tối đa {limit} ký tự. Hãy rút gọn."
    return _finish(rule, f"Phần {sec.number}", prompt, error)
