"""The measures of each document style, in one place for both renderers.

The PDF stylesheet (``defaults/report.css``, a Jinja template that sees these as ``m``) and the
DOCX template builder (``scripts/build_docx_templates.py``) read the same :class:`Measures`, so
a size changed here changes in both media. Sizes are points, lengths millimetres.

Sources: ``shared/ref/vn-document-format.md`` §1.2–1.9 (Party, HD 36-HD/VPTW) and §2.1–2.9
(State, NĐ 30/2020/NĐ-CP Phụ lục I).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "LANDSCAPE_TEXT_MM",
    "PARTY",
    "PORTRAIT_TEXT_MM",
    "STATE",
    "Margins",
    "Measures",
    "measures_for",
]

# Liberation Serif / Times New Roman: ascent + descent = 1.149 em. Word's "single" line is this
# height, so a Word spacing of "multiple 1.15" is 1.15 × 1.149 em in CSS terms.
SINGLE_LINE_EM = 1.149


@dataclass(frozen=True, slots=True)
class Margins:
    """Page margins in mm (the binding edge is the left in portrait, the top in landscape)."""

    top: float
    right: float
    bottom: float
    left: float

    def css(self) -> str:
        """The four values as a CSS ``margin`` shorthand."""
        return f"{self.top:g}mm {self.right:g}mm {self.bottom:g}mm {self.left:g}mm"


@dataclass(frozen=True, slots=True)
class Measures:
    """Every size and distance of one rulebook."""

    style: str
    body_pt: float
    line_rule: str  # "exact" (line_value in pt) or "multiple" (line_value × a single line)
    line_value: float
    superior_pt: float
    issuer_pt: float
    national_pt: float
    motto_pt: float
    number_pt: float
    date_pt: float
    title_pt: float
    summary_pt: float
    recipients_label_pt: float
    recipients_pt: float
    caption_pt: float  # chart captions, "(Kèm theo …)" lines, table notes
    table_pt: float  # every data table, DOCX and PDF, portrait and landscape
    heading_sep: str  # "I-" (Party) or "I." (State)
    header_split_mm: tuple[float, float]  # widths of the two header columns
    summary_width_mm: float  # the trích yếu is set in a centred block this wide
    summary_rule_fraction: float  # State: rule under the trích yếu, share of the block width
    issuer_rule_fraction: float  # State: rule under the issuing body, share of the column
    portrait: Margins
    landscape: Margins

    def css_line_height(self) -> str:
        """The body's line height in CSS, equal to what Word lays out for the DOCX."""
        if self.line_rule == "exact":
            return f"{self.line_value:g}pt"
        return f"{self.line_value * SINGLE_LINE_EM:.3f}"


# Text widths on A4: 210 − 30 − 15 mm in portrait, 297 − 20 − 15 mm in landscape.
PORTRAIT_TEXT_MM = 165.0
LANDSCAPE_TEXT_MM = 262.0

# Appendix tables are laid across the page; NĐ 30 puts the binding edge (30 mm) at the top.
_LANDSCAPE = Margins(top=30, right=15, bottom=15, left=20)

PARTY = Measures(
    style="party",
    body_pt=14,
    line_rule="exact",
    line_value=20,
    superior_pt=14,
    issuer_pt=14,
    national_pt=15,
    motto_pt=0,
    number_pt=14,
    date_pt=14,
    title_pt=16,
    summary_pt=14,
    recipients_label_pt=14,
    recipients_pt=12,
    caption_pt=12,
    table_pt=11,
    heading_sep="-",
    header_split_mm=(72, 93),
    summary_width_mm=140,
    summary_rule_fraction=0.0,  # Party: a line of five hyphens, not a rule
    issuer_rule_fraction=0.0,  # Party: an asterisk, not a rule
    portrait=Margins(top=20, right=15, bottom=20, left=30),
    landscape=_LANDSCAPE,
)

STATE = Measures(
    style="state",
    body_pt=13,
    line_rule="multiple",
    line_value=1.15,
    superior_pt=13,
    issuer_pt=13,
    national_pt=13,
    motto_pt=14,
    number_pt=13,
    date_pt=14,
    title_pt=14,
    summary_pt=14,
    recipients_label_pt=12,
    recipients_pt=11,
    caption_pt=12,
    table_pt=11,
    heading_sep=".",
    header_split_mm=(65, 100),
    summary_width_mm=140,
    summary_rule_fraction=0.4,  # NĐ 30: 1/3 to 1/2 of the line
    issuer_rule_fraction=0.4,
    portrait=Margins(top=20, right=15, bottom=20, left=30),
    landscape=_LANDSCAPE,
)


def measures_for(style: str) -> Measures:
    """The measures of ``style`` (``party`` or ``state``)."""
    return PARTY if style == "party" else STATE
