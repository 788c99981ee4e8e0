"""The report context: frozen, pre-formatted text that every report template sees.

Templates (DOCX and HTML) do no arithmetic and no formatting: every number is already
``1.234,5`` / ``95,2%``, every heading already carries its numbering in the document's style
("I-" for Party, "I." for State). Only :class:`ChartSpec` keeps raw numbers, for drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Appendix",
    "Cell",
    "ChartSpec",
    "Excerpt",
    "Header",
    "IndicatorResult",
    "JustificationGroup",
    "JustifiedFigure",
    "OpinionGroup",
    "Part",
    "ReportContext",
    "Row",
    "Signature",
    "Subsection",
    "Table",
]


@dataclass(frozen=True, slots=True)
class Header:
    """First-page header, title and trích yếu."""

    style: str  # "party" | "state"
    superior: str  # upper case, "" when not shown
    issuer: str  # upper case, e.g. "THÀNH ỦY HÀ NỘI"
    superior_lines: tuple[str, ...]  # the superior body as the header sets it, line by line
    issuer_lines: tuple[
        str, ...
    ]  # the issuing body, line by line ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ …")
    number_line: str  # "Số 123-BC/TU" | "Số: 123/BC-UBND"
    place_date: str  # "Hà Nội, ngày 15 tháng 12 năm 2022"
    national: str  # "ĐẢNG CỘNG SẢN VIỆT NAM" | "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str  # "" (Party) | "Độc lập - Tự do - Hạnh phúc" (State)
    type_name: str  # "BÁO CÁO"
    summary: str  # trích yếu, Party lower-case start, State capitalised
    summary_lines: tuple[str, ...]  # the trích yếu broken into balanced lines (both media)
    reference: str  # "Báo cáo số 123-BC/TU, ngày 15/12/2022 của Thành ủy Hà Nội"
    draft_mark: str  # "DỰ THẢO" or ""


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """Data for one figure; drawn by :mod:`reportgen.render.charts` (PNG for DOCX, SVG for PDF).

    ``kind`` is ``trend`` (an indicator over the years, ``labels`` = years, against ``target``)
    or ``ranking`` (units by last-year value, ``labels`` = unit names, best first).
    """

    key: str  # stable id, e.g. "trend-NM03", used by templates to place the figure
    kind: str
    title: str
    unit: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    target: float | None = None
    caption: str = ""  # "Biểu đồ 1. …"
    target_label: str = "Mục tiêu"  # the legend of the target line
    value_labels: tuple[str, ...] = ()  # each value as the text prints it ("81,3%"), "" if none


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator's result, formatted; ``sentence`` is the ready-made paragraph."""

    code: str
    name: str
    unit: str
    year: str  # last year of the period
    value: str  # last-year value with its unit ("91,2%", "1.234 hộ"), "" when unknown
    trend: str  # "tăng từ 78,5% năm 2017 lên 91,2% năm 2022", "" when one year only
    target: str  # "95%" or ""
    versus: str  # "91,2%/95%" or ""
    assessment: str  # "đạt" | "vượt" | "chưa đạt" | ""
    coverage: str  # "28/30 đơn vị"
    sentence: str


@dataclass(frozen=True, slots=True)
class Subsection:
    """A numbered subsection ("1. Bảo vệ môi trường nước mặt …")."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    indicators: tuple[IndicatorResult, ...] = ()
    charts: tuple[str, ...] = ()  # ChartSpec keys placed after the paragraphs


@dataclass(frozen=True, slots=True)
class Part:
    """A top-level part of the body ("I- CÔNG TÁC LÃNH ĐẠO …")."""

    number: str  # "I"
    heading: str  # numbered, upper case, in the style of the document
    paragraphs: tuple[str, ...] = ()
    subsections: tuple[Subsection, ...] = ()


@dataclass(frozen=True, slots=True)
class Signature:
    """Signature block and Nơi nhận."""

    authority: str  # "T/M BAN THƯỜNG VỤ"
    position: str  # "PHÓ BÍ THƯ"
    name: str
    recipients_label: str  # "Nơi nhận:"
    recipients: tuple[str, ...]  # "- Ban Bí thư Trung ương Đảng (để báo cáo),"


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A unit's text quoted in the annex."""

    unit: str
    text: str


@dataclass(frozen=True, slots=True)
class OpinionGroup:
    """The excerpts of one narrative section."""

    heading: str
    excerpts: tuple[Excerpt, ...]


@dataclass(frozen=True, slots=True)
class JustifiedFigure:
    """A figure a unit justified, as the report prints it, and the unit's justification."""

    figure: str  # "Tên chỉ tiêu, năm 2022: 1.234,5 tấn/ngày"
    text: str


@dataclass(frozen=True, slots=True)
class JustificationGroup:
    """The justifications of one unit."""

    heading: str  # "1. Quận Ba Đình"
    entries: tuple[JustifiedFigure, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: text and alignment (``left``, ``center``, ``right``)."""

    text: str
    align: str = "left"


@dataclass(frozen=True, slots=True)
class Row:
    """A table row; ``kind`` is ``data``, ``group`` (a heading row), ``subtotal`` or ``total``."""

    cells: tuple[Cell, ...]
    kind: str = "data"

    @property
    def bold(self) -> bool:
        """Group, subtotal and total rows are printed bold."""
        return self.kind != "data"


@dataclass(frozen=True, slots=True)
class Table:
    """A table: header cells, rows, and relative column widths (they need not sum to 100)."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...]
    caption: str = ""

    @property
    def widths_spec(self) -> str:
        """Widths as text (``"5,40,10"``), written into the DOCX table for the width pass."""
        return ",".join(f"{w:g}" for w in self.widths)


@dataclass(frozen=True, slots=True)
class Appendix:
    """One appendix (phụ lục): its own page, landscape when ``landscape``."""

    number: str  # "1"
    title: str  # upper case
    subtitle: str  # "(Kèm theo Báo cáo số …)"
    tables: tuple[Table, ...]
    landscape: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReportContext:
    """Everything a report template sees."""

    review_id: str
    style: str  # "party" | "state"
    draft: bool
    report_date: str  # ISO date, for document metadata (never the clock)
    header: Header
    opening: str
    parts: tuple[Part, ...]
    closing: str
    signature: Signature
    opinions_title: str
    opinions: tuple[OpinionGroup, ...]
    appendices: tuple[Appendix, ...]
    chart_specs: tuple[ChartSpec, ...] = field(default=())
    justifications_title: str = "GIẢI TRÌNH CỦA CÁC ĐƠN VỊ"
    justifications: tuple[JustificationGroup, ...] = field(default=())

    def chart(self, key: str) -> ChartSpec | None:
        """The chart spec with ``key``, if any."""
        return next((c for c in self.chart_specs if c.key == key), None)
