"""Column widths that never wrap a figure: measured with the report font's own metrics.

Appendix tables carry relative widths that both renderers use (``<col>`` in the PDF,
``w:gridCol`` in the DOCX). A seven-digit figure wrapped over two lines ("1.542.97" / "7") is
what a văn thư sends back, so every column that holds numbers is widened to its widest
formatted value at the table's font size, read from the font file (Liberation Serif, metric
twin of Times New Roman), and the other columns share what is left.
"""

from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import replace
from pathlib import Path

from reportgen.render.marks import unmark
from reportgen.render.model import Appendix, Table

__all__ = ["CELL_PADDING_MM", "fit_appendix", "fit_table", "text_width_mm"]

# 3 pt of padding on each side in the PDF; Word's default cell margins are 1.9 mm each side.
CELL_PADDING_MM = 2 * 1.9 + 0.6
_NUMERIC = re.compile(r"^[\s\d.,%+\-−–()*/]+$")
_FALLBACK_EM = 0.5  # average advance of a digit when no font file is found


@functools.cache
def _font_path(bold: bool) -> Path | None:
    pattern = "Liberation Serif:bold" if bold else "Liberation Serif"
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out) if out and Path(out).exists() else None


@functools.cache
def _advances(bold: bool) -> tuple[dict[int, float], float] | None:
    """Advance widths in em by code point, and the em of a missing glyph."""
    path = _font_path(bold)
    if path is None:
        return None
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency; only needed here

    with TTFont(str(path), lazy=True) as font:
        units = font["head"].unitsPerEm
        hmtx = font["hmtx"]
        widths = {cp: hmtx[name][0] / units for cp, name in font.getBestCmap().items()}
        return widths, hmtx[".notdef"][0] / units


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of ``text`` on one line at ``size_pt``, in millimetres."""
    text = unmark(text)  # example marks are highlighting, not printed characters
    metrics = _advances(bold)
    if metrics is None:
        em = _FALLBACK_EM * len(text)
    else:
        widths, missing = metrics
        em = sum(widths.get(ord(ch), missing) for ch in text)
    return em * size_pt * 25.4 / 72


def _is_number(text: str) -> bool:
    return bool(text.strip()) and bool(_NUMERIC.match(text)) and any(c.isdigit() for c in text)


def fit_table(table: Table, text_width_mm: float, size_pt: float) -> Table:
    """``table`` with widths such that no numeric cell wraps, when the page allows it."""
    n = len(table.widths)
    if n == 0:
        return table
    need = [0.0] * n
    numeric = [False] * n
    for row in table.rows:
        bold = row.kind in ("group", "subtotal", "total")
        for i, cell in enumerate(row.cells[:n]):
            if _is_number(cell.text):
                numeric[i] = True
                need[i] = max(need[i], _width(cell.text, size_pt, bold) + CELL_PADDING_MM)
    total = sum(table.widths)
    current = [text_width_mm * w / total for w in table.widths]
    widths = [max(c, need[i]) if numeric[i] else c for i, c in enumerate(current)]
    extra = sum(widths) - text_width_mm
    if extra > 0:
        # Take the room from the text columns, in proportion, never below a third of their share.
        text_cols = [i for i in range(n) if not numeric[i]]
        room = sum(widths[i] * 2 / 3 for i in text_cols)
        if room > 0:
            take = min(extra, room)
            for i in text_cols:
                widths[i] -= take * (widths[i] * 2 / 3) / room
    return replace(table, widths=tuple(round(w, 2) for w in widths))


def _width(text: str, size_pt: float, bold: bool) -> float:
    return text_width_mm(text, size_pt, bold=bold)


def fit_appendix(appendix: Appendix, text_width_mm: float, size_pt: float) -> Appendix:
    """Every table of ``appendix`` fitted (see :func:`fit_table`)."""
    tables = tuple(fit_table(t, text_width_mm, size_pt) for t in appendix.tables)
    return replace(appendix, tables=tables)
