"""Report context → HTML (Jinja) → PDF (WeasyPrint).

The HTML is deterministic text (golden-tested); the PDF is tested on facts (page size, margins,
fonts, text). Determinism of the PDF: its creation date comes from ``<meta name=dcterms.created>``
written from the context (never the clock), and the PDF identifier is fixed.

WeasyPrint runs in :mod:`.pdf_engine`: in this process for a short report, in child processes
for a long one (split in parts, :mod:`.pdf_parts`), so the long-lived caller never grows.
"""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.errors import TemplateError
from reportgen.render.measures import measures_for
from reportgen.render.pdf_engine import (
    PDF_IDENTIFIER,
    PdfChildren,
    SplitRender,
    html_to_pdf,
    render_in_child,
    render_split,
)

if TYPE_CHECKING:
    from reportgen.render.model import ReportContext

__all__ = [
    "ISOLATE_ABOVE_CHARS",
    "PDF_IDENTIFIER",
    "PdfChildren",
    "PendingPdf",
    "chart_marks",
    "default_parts",
    "html_to_pdf",
    "render_html",
    "render_pdf",
    "start_pdf",
    "with_charts",
]

log = logging.getLogger(__name__)

ISOLATE_ABOVE_CHARS = 250_000
"""HTML longer than this (≈ 40 pages) is rendered in child processes by default: the caller does
not keep WeasyPrint's memory, and two processes share the layout (the Hanoi example, 81 pages:
6,4–7 s against 8,2 s in one process; 147 pages: 14 s against 26 s). :func:`start_pdf` counts
the HTML before the charts are in it (the charts' data URIs are not pages)."""

TEMPLATE_NAME = "report.html"


def render_html(
    context: ReportContext,
    *,
    charts_svg: Mapping[str, str] | None = None,
    review_dir: Path | None = None,
) -> str:
    """The report as one self-contained HTML document (CSS inlined, charts as inline SVG).

    ``charts_svg`` maps a chart key (``ChartSpec.key``) to its SVG text from
    :func:`reportgen.render.charts.chart_svg`; charts without an entry are left out.
    ``review_dir`` (``templates/<review>/``) may hold ``report.html``/``report.css`` that win
    over the built-ins. A broken template raises :class:`~reportgen.errors.TemplateError`
    naming the file and the line.
    """
    import jinja2

    from reportgen.render.env import make_environment

    env = make_environment(review_dir)
    try:
        template = env.get_template(TEMPLATE_NAME)
        return template.render(
            {f.name: getattr(context, f.name) for f in fields(context)},
            report=context,
            charts_svg=dict(charts_svg or {}),
            chart_uris={key: _data_uri(svg) for key, svg in (charts_svg or {}).items()},
            captions={spec.key: spec.caption for spec in context.chart_specs},
            m=measures_for(context.style),
        )
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            _where(exc.filename or exc.name, exc.lineno) + f"lỗi cú pháp: {exc.message}"
        ) from exc
    except jinja2.TemplateError as exc:
        name, line = _template_frame(exc)
        raise TemplateError(_where(name, line) + f"lỗi khi dựng báo cáo: {exc}") from exc


def _data_uri(svg: str) -> str:
    """An SVG as a ``data:`` URI. Drawn through ``<img>``, WeasyPrint renders it as a vector
    image of its own: inlined ``<svg>`` would also be run through the HTML stylesheet machinery,
    which warns about every SVG property (``fill``, ``stroke-linecap``…) it does not know."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _where(name: str | None, line: int | None) -> str:
    text = f"Mẫu báo cáo HTML {name or TEMPLATE_NAME}"
    if line:
        text += f", dòng {line}"
    return text + ": "


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line of a render-time error (Jinja rewrites tracebacks
    so template frames carry the template's file name and line)."""
    name: str | None = None
    line: int | None = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css")):
            name, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return name, line


def default_parts(review_dir: Path | None) -> int:
    """How many child processes share a long report: one per CPU, at most 2, and only with the
    built-in template (its appendix sections are the cut points)."""
    from reportgen.render.env import template_file

    builtin = not any(template_file(review_dir, n) for n in ("report.html", "report.css"))
    return min(2, os.cpu_count() or 1) if builtin else 1


def render_pdf(
    context: ReportContext,
    out_path: Path | str,
    *,
    charts_svg: Mapping[str, str] | None = None,
    review_dir: Path | None = None,
    isolate: bool | None = None,
    parts: int | None = None,
    uncompressed: bool = False,
    children: PdfChildren | None = None,
) -> Path:
    """Render the report PDF to ``out_path`` and return that path.

    ``isolate``: True renders in child processes, False in this one, None (default) decides by
    size (HTML above :data:`ISOLATE_ABOVE_CHARS`). ``parts``: when isolated, how many child
    processes share the layout (cut before appendices, joined with pypdf, page numbers stamped
    after); None = one per CPU, at most 2, and only with the built-in template. ``uncompressed``
    writes readable PDF streams (for tests). Charts are drawn by the caller
    (:func:`~reportgen.render.charts.chart_svg`) and passed as ``charts_svg``. ``children``:
    processes started ahead (:class:`PdfChildren`, same ``review_dir``) used for a split render;
    they are closed here whatever happens.
    """
    from reportgen.render.pdf_parts import split_html

    out = Path(out_path)
    try:
        html = render_html(context, charts_svg=charts_svg, review_dir=review_dir)
        if isolate is None:
            isolate = len(html) > ISOLATE_ABOVE_CHARS
        if parts is None:
            parts = default_parts(review_dir)
        pieces = split_html(html, parts) if isolate and parts > 1 else None
        if not isolate:
            pages = html_to_pdf(html, out, base_dir=review_dir, uncompressed=uncompressed)
        elif pieces:
            pages = render_split(pieces, out, review_dir, uncompressed, children)
        else:
            pages = render_in_child(html, out, review_dir, uncompressed)
    finally:
        if children is not None:
            children.close()
    log.info("PDF %s: %d trang", out, pages)
    return out


_CHART_MARK = "@@reportgen-chart-{:04d}@@"  # same length for every chart: no mark prefixes another


def chart_marks(context: ReportContext) -> dict[str, str]:
    """A mark per chart (key → text) to write the HTML with before the charts are drawn."""
    return {spec.key: _CHART_MARK.format(n) for n, spec in enumerate(context.chart_specs)}


def with_charts(html: str, marks: Mapping[str, str], charts_svg: Mapping[str, str]) -> str:
    """``html`` written with ``marks`` (:func:`chart_marks`), each mark (as text and as a data
    URI) replaced by its chart: the HTML :func:`render_html` writes with ``charts_svg``."""
    for key, mark in marks.items():
        svg = charts_svg[key]
        html = html.replace(_data_uri(mark), _data_uri(svg)).replace(mark, svg)
    return html


def start_pdf(
    context: ReportContext,
    out_path: Path | str,
    *,
    review_dir: Path | None = None,
    isolate: bool | None = None,
    uncompressed: bool = False,
    children: PdfChildren | None = None,
) -> PendingPdf:
    """Begin the PDF before its charts are drawn; :meth:`PendingPdf.finish` takes the charts.

    With ``children`` (a long report and the built-in template, split in parts): the HTML is
    written once with a mark where each chart goes, cut, and every part that shows no chart
    (the appendix tables: the longest part to lay out) goes to its child process now, while the
    caller draws the charts; the parts with charts follow in :meth:`~PendingPdf.finish`, the
    marks replaced by the charts (the same HTML as :func:`render_html` with them). Without
    ``children`` nothing starts here and ``finish`` is :func:`render_pdf`. ``isolate``: as for
    :func:`render_pdf` (None: by the length of the HTML without the charts).
    """
    return PendingPdf(context, Path(out_path), review_dir, isolate, uncompressed, children)


class PendingPdf:
    """A PDF begun by :func:`start_pdf`. ``children`` are closed by :meth:`finish`."""

    def __init__(
        self,
        context: ReportContext,
        out: Path,
        review_dir: Path | None,
        isolate: bool | None,
        uncompressed: bool,
        children: PdfChildren | None,
    ):
        from reportgen.render.pdf_parts import split_html

        self.context, self.out, self.review_dir = context, out, review_dir
        self.isolate, self.uncompressed, self.children = isolate, uncompressed, children
        self._marks: dict[str, str] = {}
        self._split: SplitRender | None = None
        self._waiting: dict[int, str] = {}  # the parts that show a chart
        self.sent: list[int] = []  # the parts handed to their child before the charts
        if children is None:
            return
        marks = chart_marks(context)
        html = render_html(context, charts_svg=marks, review_dir=review_dir)
        pieces = split_html(html, len(children.processes))
        if not (len(html) > ISOLATE_ABOVE_CHARS if isolate is None else isolate) or not pieces:
            return
        self._marks = marks
        self._split = SplitRender(len(pieces), out, review_dir, uncompressed, children)
        every_mark = [*marks.values(), *map(_data_uri, marks.values())]
        for n, piece in enumerate(pieces):
            if any(mark in piece for mark in every_mark):
                self._waiting[n] = piece
            else:
                self._split.send(n, piece)
                self.sent.append(n)

    def finish(self, charts_svg: Mapping[str, str]) -> Path:
        """Render with the charts (chart key → SVG text) and return the PDF's path."""
        if self._split is None:
            return render_pdf(
                self.context, self.out, charts_svg=charts_svg, review_dir=self.review_dir,
                isolate=self.isolate, uncompressed=self.uncompressed, children=self.children,
            )  # fmt: skip
        assert self.children is not None
        try:
            if set(charts_svg) != set(self._marks):  # not the charts the HTML was written for
                self.children.close()  # some have a part already: none can be reused
                return render_pdf(
                    self.context, self.out, charts_svg=charts_svg, review_dir=self.review_dir,
                    uncompressed=self.uncompressed, isolate=True,
                )  # fmt: skip
            for n, piece in self._waiting.items():
                self._split.send(n, with_charts(piece, self._marks, charts_svg))
            pages = self._split.join()
        finally:
            self._split.close()
            self.children.close()
        log.info("PDF %s: %d trang", self.out, pages)
        return self.out
