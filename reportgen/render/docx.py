"""ReportContext + DOCX report template → a .docx file (docxtpl in Jinja's sandbox).

Tables are filled by the template's ``{%tr for %}``/``{%tc for %}`` loops, never cell by cell
through python-docx (``table.cell(r, c)`` is quadratic: 40 s for one 41 × 31 table, see
``perf-baselines.md`` §3). Column widths come from the context: a data table carries its
relative widths in its description (``w:tblDescription``, written by the template), and one
pass after rendering sets ``w:gridCol``/``w:tcW`` from them.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from reportgen.errors import TemplateError
from reportgen.render.env import docx_template, make_environment
from reportgen.render.lines import SYMBOL
from reportgen.render.marks import EXAMPLE_CLOSE, EXAMPLE_OPEN, split_marks, unmark
from reportgen.render.model import ReportContext

__all__ = ["render_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHART_WIDTH_MM = 160
_AFTER_HIGHLIGHT = frozenset(
    "u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath".split()
)


def _template_error(template: Path, exc: Exception) -> TemplateError:
    """A Vietnamese message naming the template, the fault and the text around it."""
    around = [line.strip() for line in getattr(exc, "docx_context", None) or () if line.strip()]
    detail = getattr(exc, "message", None) or str(exc)
    line = getattr(exc, "lineno", None)
    text = f"Mẫu báo cáo {template} bị lỗi: {detail}"
    if line:
        text += f" (dòng {line} của nội dung mẫu)"
    if around:
        text += ". Đoạn văn quanh chỗ lỗi: «" + " ⏎ ".join(around)[:400] + "»"
    return TemplateError(text + ". Hãy sửa thẻ {{ … }} / {% … %} trong tệp mẫu rồi chạy lại.")


def _context_dict(context: ReportContext) -> dict[str, Any]:
    return {f.name: getattr(context, f.name) for f in fields(context)}


def _apply_widths(document: Any) -> None:
    """Set column widths of data tables from ``w:tblDescription`` = ``"5,40,10;9355"``."""
    for tbl in document.element.body.iter(f"{_W}tbl"):
        tblpr = tbl.find(f"{_W}tblPr")
        desc = None if tblpr is None else tblpr.find(f"{_W}tblDescription")
        if desc is None:
            continue
        spec = desc.get(f"{_W}val", "")
        tblpr.remove(desc)
        try:
            weights_text, total_text = spec.split(";")
            weights = [float(w) for w in weights_text.split(",") if w]
            total = int(total_text)
        except ValueError:
            continue
        if not weights or sum(weights) <= 0:
            continue
        twips = [int(total * w / sum(weights)) for w in weights]
        grid = tbl.find(f"{_W}tblGrid")
        if grid is not None:
            for col in list(grid):
                grid.remove(col)
            for w in twips:
                col = grid.makeelement(f"{_W}gridCol", {f"{_W}w": str(w)})
                grid.append(col)
        tblw = tblpr.find(f"{_W}tblW")
        if tblw is not None:
            tblw.set(f"{_W}w", str(sum(twips)))
            tblw.set(f"{_W}type", "dxa")
        for tr in tbl.iter(f"{_W}tr"):
            for tc, w in zip(tr.findall(f"{_W}tc"), twips, strict=False):
                tcpr = tc.find(f"{_W}tcPr")
                if tcpr is None:
                    tcpr = tc.makeelement(f"{_W}tcPr", {})
                    tc.insert(0, tcpr)
                tcw = tcpr.find(f"{_W}tcW")
                if tcw is None:
                    tcw = tcpr.makeelement(f"{_W}tcW", {})
                    tcpr.insert(0, tcw)
                tcw.set(f"{_W}w", str(w))
                tcw.set(f"{_W}type", "dxa")


def _highlight_examples(document: Any) -> None:
    """Split each run that carries example marks; the example pieces get a yellow highlight."""
    from copy import deepcopy

    for t in list(document.element.body.iter(f"{_W}t")):
        text = t.text or ""
        if EXAMPLE_OPEN not in text and EXAMPLE_CLOSE not in text:
            continue
        run = t.getparent()
        if run is None or run.tag != f"{_W}r":
            t.text = unmark(text)
            continue
        anchor = run
        for piece, flagged in split_marks(text):
            new = deepcopy(run)
            for child in list(new):
                if child.tag != f"{_W}rPr":
                    new.remove(child)
            if flagged:
                rpr = new.find(f"{_W}rPr")
                if rpr is None:
                    rpr = new.makeelement(f"{_W}rPr", {})
                    new.insert(0, rpr)
                mark = rpr.makeelement(f"{_W}highlight", {f"{_W}val": "yellow"})
                # w:highlight sits before w:u, w:lang … in the schema's order of run properties.
                later = next((c for c in rpr if c.tag.split("}")[-1] in _AFTER_HIGHLIGHT), None)
                if later is None:
                    rpr.append(mark)
                else:
                    later.addprevious(mark)
            wt = new.makeelement(f"{_W}t", {})
            wt.text = piece
            wt.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            new.append(wt)
            anchor.addnext(new)
            anchor = new
        run.getparent().remove(run)


def _protect_symbols(document: Any) -> None:
    """Document symbols ("512-KH/BCSĐTNMT") never break across lines in Word or LibreOffice.

    Each hyphen inside a symbol becomes ``<w:noBreakHyphen/>`` (what Ctrl+Shift+- types in
    Word, drawn with the font's own hyphen; python-docx and text extraction read it as "-").
    No line break follows a slash between letters in Word; LibreOffice's ICU rules agree.
    """
    for t in list(document.element.body.iter(f"{_W}t")):
        text = t.text or ""
        if not SYMBOL.search(text):
            continue
        pieces: list[str | None] = []  # None stands for a non-breaking hyphen
        last = 0
        for match in SYMBOL.finditer(text):
            pieces.append(text[last : match.start()])
            for part in match.group(0).split("-"):
                pieces += [part, None]
            pieces.pop()
            last = match.end()
        pieces.append(text[last:])
        run = t.getparent()
        anchor = t
        t.text = pieces[0] or ""
        for piece in pieces[1:]:
            if piece is None:
                el = t.makeelement(f"{_W}noBreakHyphen", {})
            else:
                el = t.makeelement(f"{_W}t", {})
                el.text = piece
                el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            anchor.addnext(el)
            anchor = el
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        del run  # the new elements stay inside the same run, so they keep its formatting


def render_docx(
    context: ReportContext,
    out_path: Path,
    *,
    template: Path | None = None,
    review_dir: Path | None = None,
    charts: Mapping[str, bytes] | None = None,
) -> Path:
    """Render ``context`` into ``out_path`` with ``template`` (default: the review's or built-in).

    ``charts`` maps ChartSpec keys to PNG bytes; charts without an image are left out.
    A broken template raises :class:`TemplateError` naming the template and the text around
    the fault.
    """
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2 import TemplateError as JinjaTemplateError

    path = template or docx_template(review_dir, context.style)
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:  # a corrupt or non-DOCX file: python-docx raises many kinds
        raise TemplateError(f"Không mở được mẫu báo cáo {path}: {exc}") from exc
    images = {
        key: InlineImage(tpl, io.BytesIO(png), width=Mm(_CHART_WIDTH_MM))
        for key, png in (charts or {}).items()
    }
    data = _context_dict(context)
    data["images"] = images
    data["captions"] = {c.key: c.caption for c in context.chart_specs}
    env = make_environment(review_dir, autoescape=False)
    try:
        tpl.render(data, jinja_env=env, autoescape=True)
    except JinjaTemplateError as exc:
        raise _template_error(path, exc) from exc
    _apply_widths(tpl.docx)
    _highlight_examples(tpl.docx)
    _protect_symbols(tpl.docx)  # after: it splits text inside runs
    tpl.docx.core_properties.title = unmark(context.header.summary)[:250]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(str(out_path))
    return out_path
