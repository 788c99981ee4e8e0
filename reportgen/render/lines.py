"""Where the report's header lines break, and which strings never break.

A clerk sends back a draft whose agency name reads "ỦY BAN NHÂN DÂN THÀNH / PHỐ HÀ NỘI" or whose
"512-KH/BCSĐTNMT" is cut after the slash. Both renderers therefore get the agency names as
explicit lines (from the definition, else from the rules below), and every document symbol
marked unbreakable: ``<span class="nobr">`` in HTML, ``<w:noBreakHyphen/>`` for its hyphens in
the DOCX (``reportgen.render.docx``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

from reportgen.render.fit import text_width_mm

__all__ = [
    "SYMBOL",
    "agency_lines",
    "balanced_lines",
    "document_number",
    "symbols_nobreak_html",
]

# "512-KH/BCSĐTNMT", "11-NQ/TU", "154/NQ-CP", "30/2020/NĐ-CP", "36-HD/VPTW"; every part after
# the number holds a letter, so a date ("31/5/2017") is not a symbol.
SYMBOL = re.compile(r"\b\d+(?:/\d+)*(?:[-/](?=\w*[^\W\d_])\w+)+")

# Names whose first words form the line Vietnamese offices always set alone.
_HEADS = (
    "ỦY BAN NHÂN DÂN",
    "UỶ BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "BAN CHẤP HÀNH",
    "BAN THƯỜNG VỤ",
    "ĐẢNG BỘ",
    "ĐOÀN ĐẠI BIỂU QUỐC HỘI",
)


def agency_lines(
    name: str, explicit: Sequence[str] = (), *, width_mm: float = 65.0, size_pt: float = 13.0
) -> tuple[str, ...]:
    """The upper-case lines of an agency name in the header.

    ``explicit`` (the definition's ``name_lines``/``superior_lines``) wins. Otherwise a name
    that fits stays on one line; "ỦY BAN NHÂN DÂN …" and the like put their head alone on the
    first line; a ministry "BỘ A VÀ B" breaks before "VÀ"; anything else breaks at the space
    that balances the two lines. A word is never split. Whether a line fits is measured with
    the font's metrics (bold, ``size_pt``) against the header column's ``width_mm``.
    """
    if explicit:
        return tuple(line.strip().upper() for line in explicit if line.strip())
    text = " ".join(name.split()).upper()
    if not text:
        return ()
    if text_width_mm(text, size_pt, bold=True) <= width_mm:
        return (text,)
    for head in _HEADS:
        if text.startswith(head + " "):
            return (head, text[len(head) + 1 :])
    if " VÀ " in text:
        before, after = text.split(" VÀ ", 1)
        return (before, "VÀ " + after)
    words = text.split(" ")
    best = min(
        range(1, len(words)),
        key=lambda i: max(
            text_width_mm(" ".join(words[:i]), size_pt, bold=True),
            text_width_mm(" ".join(words[i:]), size_pt, bold=True),
        ),
    )
    return (" ".join(words[:best]), " ".join(words[best:]))


def document_number(number: str) -> str:
    """The number part of "Số …": below 10 with a leading zero (HD 36 and NĐ 30 alike)."""
    return number.zfill(2) if number.isdigit() and len(number) < 2 else number


def symbols_nobreak_html(text: object) -> Markup:
    """``text`` escaped, each document symbol wrapped in ``<span class="nobr">``."""
    escaped = str(escape(text))
    return Markup(SYMBOL.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', escaped))


def balanced_lines(text: str, width_mm: float, size_pt: float, *, bold: bool = True) -> str:
    """``text`` with line breaks (``\\n``) so that its lines are of about equal width.

    A centred trích yếu whose last line holds one word ("2023", "theo") reads as a mistake:
    the fewest lines that fit ``width_mm`` are kept, and the break points chosen so that the
    longest line is as short as possible. Never breaks inside a document symbol or a date.
    """
    words = text.split()
    if not words:
        return text

    def width(ws: Sequence[str]) -> float:
        return text_width_mm(" ".join(ws), size_pt, bold=bold)

    def wrap(limit: float) -> list[list[str]]:
        lines: list[list[str]] = [[]]
        for word in words:
            if lines[-1] and width([*lines[-1], word]) > limit:
                lines.append([])
            lines[-1].append(word)
        return lines

    target = len(wrap(width_mm))
    if target == 1:
        return text
    lo, hi = width_mm / target, width_mm
    for _ in range(20):  # bisect the narrowest limit that keeps the same number of lines
        mid = (lo + hi) / 2
        if len(wrap(mid)) > target:
            lo = mid
        else:
            hi = mid
    return "\n".join(" ".join(line) for line in wrap(hi))
