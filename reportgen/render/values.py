"""Indicator values as report text: a value with its unit, a trend sentence, result vs target."""

from __future__ import annotations

from reportgen.definition.model import Better, Indicator, Target, ValueType
from reportgen.numbers import format_number, format_percent

__all__ = ["assess", "format_value", "trend_sentence", "versus"]


def _is_percent(indicator: Indicator) -> bool:
    return indicator.type in (ValueType.PERCENT, ValueType.RATIO) or indicator.unit.strip() == "%"


def format_value(indicator: Indicator, value: object, *, with_unit: bool = False) -> str:
    """A value as printed: ``91,2%``, ``1.234``, ``12,5`` (``1.234 hộ`` with the unit)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if not isinstance(value, int | float):
        return str(value)
    if _is_percent(indicator):
        return format_percent(value)
    # One decimal is what reports print; means of decimals would otherwise show two (49,92).
    rounded = round(value) if indicator.type is ValueType.INTEGER else round(value, 1)
    text = format_number(rounded, 0 if indicator.type is ValueType.INTEGER else None)
    if with_unit and indicator.unit:
        return f"{text} {indicator.unit}"
    return text


def _rounded(indicator: Indicator, value: float) -> float:
    # Compare what the reader sees: 94,96% prints as 95% and must read as "đạt".
    return round(value, 1 if _is_percent(indicator) or indicator.type is ValueType.DECIMAL else 0)


def trend_sentence(indicator: Indicator, series: list[tuple[int, float]]) -> str:
    """``tăng từ 78,5% năm 2017 lên 91,2% năm 2022`` from the first and last known values."""
    if len(series) < 2:
        return ""
    (y0, v0), (y1, v1) = series[0], series[-1]
    a, b = format_value(indicator, v0, with_unit=True), format_value(indicator, v1, with_unit=True)
    r0, r1 = _rounded(indicator, v0), _rounded(indicator, v1)
    if r1 > r0:
        return f"tăng từ {a} năm {y0} lên {b} năm {y1}"
    if r1 < r0:
        return f"giảm từ {a} năm {y0} xuống {b} năm {y1}"
    return f"giữ ổn định ở mức {b} trong giai đoạn {y0}–{y1}"


def assess(indicator: Indicator, value: float | None, target: Target | None) -> str:
    """``vượt`` / ``đạt`` / ``chưa đạt`` against the target, honouring ``better``."""
    if value is None or target is None:
        return ""
    v, t = _rounded(indicator, value), _rounded(indicator, target.value)
    if v == t:
        return "đạt"
    ahead = v > t if target.better is Better.HIGHER else v < t
    return "vượt" if ahead else "chưa đạt"


def versus(indicator: Indicator, value: float | None, target: Target | None) -> str:
    """``83,2%/95%`` or ``45.799/36.875 tỷ đồng`` (result / target)."""
    if value is None or target is None:
        return ""
    text = f"{format_value(indicator, value)}/{format_value(indicator, target.value)}"
    if indicator.unit and not _is_percent(indicator):
        text += f" {indicator.unit}"
    return text
