"""What every sheet of the consolidated workbook shares: formats, styles, value writers, page set-up.

The sheet writers (:mod:`.records`, :mod:`.tables`) and the entry point (:mod:`.workbook`)
all import from here; nothing here imports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from reportgen.blank.layout import sheet_title
from reportgen.definition.model import Aggregation, Indicator, ValueType

__all__ = ["Styles", "sheet_name", "to_local", "write_value"]

VI = "[$-42A]"  # Vietnamese locale tag: separators follow vi (1.234,5) in LibreOffice
INTEGER = VI + "#,##0"
DECIMAL = VI + "#,##0.0"
PERCENT = VI + "0.0%"


def indicator_number_format(ind: Indicator) -> str:
    """``[$-42A]#,##0.0`` / ``[$-42A]0.00%``: the indicator's one display precision.

    Excel and LibreOffice round a displayed value half away from zero, the rule the report
    applies too (:func:`reportgen.numbers.round_half_away`), so with the same digits every
    figure reads the same in the workbook and in the report.
    """
    digits = ind.display_decimals
    fraction = "." + "0" * digits if digits else ""
    if is_percent(ind):
        return f"{VI}0{fraction}%"
    return f"{VI}#,##0{fraction}"


DATE = "dd/mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"
VIETNAM = dt.timezone(dt.timedelta(hours=7))  # Vietnam has one zone and no summer time

_BACKGROUND = {"sub": "#EDEDED", "total": "#D9E1F2"}  # subtotal and total rows
MISSING = "chưa nộp"
RULE_LABELS = {
    Aggregation.SUM: "cộng tổng các đơn vị",
    Aggregation.RATIO_OF_SUMS: "tỷ lệ = tổng tử số / tổng mẫu số của các đơn vị báo cáo đủ cả hai",
    Aggregation.MEAN: "trung bình cộng các đơn vị",
    Aggregation.MIN: "giá trị nhỏ nhất",
    Aggregation.MAX: "giá trị lớn nhất",
    Aggregation.COUNT_YES: "số đơn vị trả lời Có",
    Aggregation.NONE: "không tổng hợp số liệu",
}
OPTIONS = {
    "strings_to_formulas": False,  # hostile text stays text
    "strings_to_numbers": False,
    "strings_to_urls": False,
    # Not constant_memory: its inline strings cost 1.5x the time of the shared-string table.
    "constant_memory": False,
    "default_date_format": DATE,
}


@dataclass(frozen=True)
class Styles:
    """Every cell format of the workbook, made once per workbook."""

    title: Any
    subtitle: Any
    header: Any
    heading: Any  # indicator / section heading rows
    group: Any  # unit-kind heading rows
    text: Any
    wrap: Any
    missing: Any
    not_asked: Any
    integer: Any
    decimal: Any
    percent: Any
    date: Any
    datetime: Any
    coverage: Any
    sub_label: Any
    sub_integer: Any
    sub_decimal: Any
    sub_percent: Any
    sub_text: Any
    total_label: Any
    total_integer: Any
    total_decimal: Any
    total_percent: Any
    total_text: Any
    book: Any = None  # the workbook, to add per-indicator number formats on first use
    made: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False)

    @classmethod
    def create(cls, wb: Any) -> Styles:
        """Add the formats to ``wb``."""
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "top", "border": 1}

        def f(**extra: Any) -> Any:
            return wb.add_format({**base, **extra})

        sub = {"bold": True, "bg_color": _BACKGROUND["sub"]}
        total = {"bold": True, "bg_color": _BACKGROUND["total"]}
        return cls(
            book=wb,
            title=wb.add_format({"font_name": "Times New Roman", "font_size": 14, "bold": True}),
            subtitle=wb.add_format(
                {"font_name": "Times New Roman", "font_size": 11, "italic": True}
            ),
            header=f(
                bold=True, align="center", valign="vcenter", text_wrap=True, bg_color="#DDEBF7"
            ),
            heading=f(bold=True, text_wrap=True, bg_color="#FFF2CC"),
            group=f(bold=True, italic=True),
            text=f(),
            wrap=f(text_wrap=True),
            missing=f(italic=True, font_color="#808080", align="center"),
            not_asked=f(bg_color="#F2F2F2"),
            integer=f(num_format=INTEGER),
            decimal=f(num_format=DECIMAL),
            percent=f(num_format=PERCENT),
            date=f(num_format=DATE, align="center"),
            datetime=f(num_format=DATETIME, align="center"),
            coverage=f(italic=True, align="center", font_color="#404040"),
            sub_label=f(**sub),
            sub_integer=f(num_format=INTEGER, **sub),
            sub_decimal=f(num_format=DECIMAL, **sub),
            sub_percent=f(num_format=PERCENT, **sub),
            sub_text=f(align="center", **sub),
            total_label=f(**total),
            total_integer=f(num_format=INTEGER, **total),
            total_decimal=f(num_format=DECIMAL, **total),
            total_percent=f(num_format=PERCENT, **total),
            total_text=f(align="center", **total),
        )

    def number_format(self, kind: str, level: str = "") -> Any:
        """The format for ``kind`` (integer/decimal/percent) at ``level`` ("", sub, total)."""
        name = f"{level}_{kind}" if level else kind
        return getattr(self, name)

    def indicator_format(self, ind: Indicator, level: str = "") -> Any:
        """The cell format of ``ind``'s figures at ``level`` ("", sub, total), made once."""
        code = indicator_number_format(ind)
        key = (code, level)
        made = self.made.get(key)
        if made is None:
            made = self.book.add_format(
                {
                    "font_name": "Times New Roman",
                    "font_size": 11,
                    "valign": "top",
                    "border": 1,
                    "num_format": code,
                    **({"bold": True, "bg_color": _BACKGROUND[level]} if level else {}),
                }
            )
            self.made[key] = made
        return made


def is_percent(ind: Indicator) -> bool:
    """Percent and ratio indicators are shown as ``95,2%``."""
    return ind.type in (ValueType.PERCENT, ValueType.RATIO)


def write_unit_value(
    ws: Any, row: int, col: int, value: object, ind: Indicator, st: Styles
) -> None:
    """A unit's value: number (percent as a fraction), Có/Không, or text — never a formula."""
    write_value(ws, row, col, value, is_percent(ind), st.indicator_format(ind), st)


def write_value(
    ws: Any, row: int, col: int, value: object, percent: bool, number_format: Any, st: Styles
) -> None:
    """:func:`write_unit_value` with the indicator's percent flag and number format looked up once."""
    if value is None:
        ws.write_blank(row, col, None, st.text)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Có" if value else "Không", st.text)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value / 100.0 if percent else value, number_format)
    else:
        ws.write_string(row, col, str(value), st.wrap)


def write_aggregate_value(
    ws: Any, row: int, col: int, value: float | int | None, ind: Indicator, st: Styles, level: str
) -> None:
    """An aggregate at ``level`` (sub or total); no value leaves a shaded empty cell."""
    if value is None:
        ws.write_blank(row, col, None, getattr(st, f"{level}_text"))
        return
    if ind.aggregate is Aggregation.COUNT_YES:
        ws.write_number(row, col, value, st.number_format("integer", level))
        return
    shown = value / 100.0 if is_percent(ind) else value
    ws.write_number(row, col, shown, st.indicator_format(ind, level))


def coverage(reported: int, expected: int) -> str:
    """``28/30 đơn vị``."""
    return f"{reported}/{expected} đơn vị"


def to_local(moment: dt.datetime | None) -> dt.datetime | None:
    """A naive Vietnam-time datetime for a cell (aware times are converted, naive kept)."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(VIETNAM).replace(tzinfo=None)


def stamp(moment: dt.datetime | None) -> str:
    """``22/11/2026 21:05`` (Vietnam time), or empty."""
    local = to_local(moment)
    return "" if local is None else local.strftime("%d/%m/%Y %H:%M")


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name for ``title`` (see :func:`sheet_title`); added to ``taken``."""
    name = sheet_title(title, taken)
    taken.add(name)
    return name


def page_setup(ws: Any, header_row: int, *, landscape: bool = True, pages_wide: int = 1) -> None:
    """A4, landscape, fit to ``pages_wide`` page widths, header rows repeated on every page."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(pages_wide, 0)
    ws.repeat_rows(0, header_row)
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C&P/&N")


def write_titles(ws: Any, st: Styles, title: str, subtitle: str) -> None:
    """Row 1: the sheet's title; row 2: what it shows and when it was made."""
    ws.write_string(0, 0, title, st.title)
    ws.write_string(1, 0, subtitle, st.subtitle)


def write_header(ws: Any, row: int, titles: Iterable[str], st: Styles) -> None:
    """A header row of text cells."""
    for col, text in enumerate(titles):
        ws.write_string(row, col, text, st.header)
