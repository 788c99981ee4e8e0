"""Indicator values as report text: a value with its unit, a trend sentence, result vs target.

Every figure is printed with its indicator's one display precision
(:attr:`Indicator.display_decimals`) and rounded half away from zero, once, from the unrounded
value (:func:`reportgen.numbers.round_half_away`), exactly as the consolidated workbook shows
it. A verdict is judged on the unrounded value; when the precision would make the figure look
like the target ("chưa đạt (50%/50%)"), the figure gets the digits it needs to show the gap
("chưa đạt (49,96%/50%)").
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.definition.model import Better, Indicator, Target, ValueType
from reportgen.numbers import format_number, format_percent, round_half_away
from reportgen.render.marks import example

__all__ = [
    "assess",
    "format_target",
    "format_value",
    "judge",
    "target_text",
    "trend_sentence",
    "versus",
]

_MORE_DIGITS = 4  # a gap smaller than 10⁻⁴ of the display unit is not worth printing


def _is_percent(indicator: Indicator) -> bool:
    return indicator.type in (ValueType.PERCENT, ValueType.RATIO) or indicator.unit.strip() == "%"


def _exact(value: float | int) -> Decimal:
    # The value as a spreadsheet sees it (15 significant digits), so that 57/60 × 100 is 95.
    return Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)


def format_value(
    indicator: Indicator, value: object, *, with_unit: bool = False, decimals: int | None = None
) -> str:
    """A value as printed: ``91,2%``, ``1.234``, ``12,5`` (``1.234 hộ`` with the unit).

    ``decimals`` overrides the indicator's display precision (only verdicts need that).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if not isinstance(value, int | float):
        return str(value)
    digits = indicator.display_decimals if decimals is None else decimals
    if _is_percent(indicator):
        return format_number(value, digits) + "%"
    text = format_number(value, digits)
    if with_unit and indicator.unit:
        return f"{text} {indicator.unit}"
    return text


def format_target(indicator: Indicator, value: float, *, with_unit: bool = False) -> str:
    """A target as the resolution writes it: ``95%``, ``40 µg/m³`` (no trailing ``,0``)."""
    if _is_percent(indicator):
        return format_percent(value, indicator.display_decimals)
    text = format_number(value, indicator.display_decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text} {indicator.unit}" if with_unit and indicator.unit else text


def target_text(indicator: Indicator, *, with_unit: bool = False) -> str:
    """The indicator's own target as printed; an example target is marked as an example.

    The marks become a highlight in a draft (:mod:`reportgen.render.marks`); a final report
    never gets here with an example target (:func:`reportgen.render.marks.without_examples`).
    """
    target = indicator.target
    if target is None:
        return ""
    text = format_target(indicator, target.value, with_unit=with_unit)
    return example(text) if target.example else text


def trend_sentence(indicator: Indicator, series: list[tuple[int, float]]) -> str:
    """``tăng từ 78,5% năm 2017 lên 91,2% năm 2022`` from the first and last known values.

    The direction is read from the figures as printed: two values that print the same are
    "ổn định", never "tăng từ 2 lên 2".
    """
    if len(series) < 2:
        return ""
    (y0, v0), (y1, v1) = series[0], series[-1]
    a, b = format_value(indicator, v0, with_unit=True), format_value(indicator, v1, with_unit=True)
    digits = indicator.display_decimals
    r0, r1 = round_half_away(v0, digits), round_half_away(v1, digits)
    if r1 > r0:
        return f"tăng từ {a} năm {y0} lên {b} năm {y1}"
    if r1 < r0:
        return f"giảm từ {a} năm {y0} xuống {b} năm {y1}"
    return f"giữ ổn định ở mức {b} trong giai đoạn {y0}–{y1}"


def judge(indicator: Indicator, value: float, target: Target) -> tuple[str, int]:
    """(``vượt`` / ``đạt`` / ``chưa đạt``, digits to print ``value`` with) on the exact value.

    Met and printed above the target: ``vượt``; met but printed equal: ``đạt``; not met:
    ``chưa đạt``, with as many digits as it takes for the printed value to differ from the
    printed target.
    """
    v, t = _exact(value), _exact(target.value)
    digits = indicator.display_decimals
    higher = target.better is Better.HIGHER
    if v == t or (v > t) == higher:
        shown_differs = round_half_away(v, digits) != round_half_away(t, digits)
        return ("vượt" if shown_differs else "đạt"), digits
    for more in range(digits, digits + _MORE_DIGITS + 1):
        if round_half_away(v, more) != round_half_away(t, more):
            return "chưa đạt", more
    return "chưa đạt", digits + _MORE_DIGITS


def assess(indicator: Indicator, value: float | None, target: Target | None) -> str:
    """``vượt`` / ``đạt`` / ``chưa đạt`` against the target, honouring ``better``."""
    if value is None or target is None:
        return ""
    return judge(indicator, value, target)[0]


def versus(indicator: Indicator, value: float | None, target: Target | None) -> str:
    """``83,2%/95%`` or ``45.799/36.875 tỷ đồng`` (result / target), digits as :func:`judge`."""
    if value is None or target is None:
        return ""
    digits = judge(indicator, value, target)[1]
    shown = (
        target_text(indicator)
        if target is indicator.target
        else format_target(indicator, target.value)
    )
    text = f"{format_value(indicator, value, decimals=digits)}/{shown}"
    if indicator.unit and not _is_percent(indicator):
        text += f" {indicator.unit}"
    return text
