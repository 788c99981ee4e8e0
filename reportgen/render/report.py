"""The library entry point: Dataset → report files (DOCX and/or PDF) in one folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.consolidate.model import Dataset
from reportgen.render.context import build_context
from reportgen.render.model import ReportContext

if TYPE_CHECKING:
    from reportgen.render.pdf_engine import PdfChildren

__all__ = ["FORMATS", "chart_images", "render_report", "report_name"]

FORMATS = ("docx", "pdf")


def report_name(review_id: str, fmt: str) -> str:
    """``bao-cao-<review>.<fmt>``."""
    return f"bao-cao-{review_id}.{fmt}"


def chart_images(
    context: ReportContext, fmt: str, figures: dict[str, Any] | None = None
) -> dict[str, bytes]:
    """Each chart saved as ``png`` or ``svg`` (matplotlib is imported only here, lazily).

    ``figures`` (chart key → matplotlib Figure) keeps the drawn figures between two calls, so
    a chart wanted in both formats is drawn once and saved twice.
    """
    from reportgen.render import charts

    out: dict[str, bytes] = {}
    for spec in context.chart_specs:
        fig = figures.get(spec.key) if figures is not None else None
        if fig is None:
            fig = charts.draw_chart(spec)
            if figures is not None:
                figures[spec.key] = fig
        # 150 dpi is print quality at the 16 cm width the DOCX uses, and a third faster than 200.
        if fmt == "png":
            out[spec.key] = charts.figure_png(fig, dpi=150)
        else:
            out[spec.key] = charts.figure_svg(fig, spec.key).encode()
    return out


def render_report(
    dataset: Dataset,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    draft: bool = False,
    *,
    review_dir: Path | None = None,
    report_date: dt.date | None = None,
    number: str | None = None,
    on_step: Callable[[int, int, str], None] | None = None,
) -> list[Path]:
    """Write ``bao-cao-<review>.docx``/``.pdf`` into ``out_dir``; return the paths written.

    ``review_dir`` is where the review's own report templates live (they win over the
    built-ins). ``on_step(n, total, text)`` is told each step in Vietnamese.
    """
    wanted = [f for f in FORMATS if f in set(formats)]
    total = 2 + len(wanted)

    def step(n: int, text: str) -> None:
        if on_step is not None:
            on_step(n, total, text)

    children: PdfChildren | None = None
    if "pdf" in wanted:
        from reportgen.render import pdf

        # Started now, they load WeasyPrint while the context and the charts are built here.
        # A report too short to split gives them no job: they exit having cost a second of CPU.
        parts = pdf.default_parts(review_dir)
        children = pdf.PdfChildren(parts, review_dir) if parts > 1 else None
    try:
        return _render(
            dataset, out_dir, wanted, draft, review_dir, report_date, number, step, children
        )
    finally:
        if children is not None:
            children.close()


def _render(
    dataset: Dataset,
    out_dir: Path,
    wanted: list[str],
    draft: bool,
    review_dir: Path | None,
    report_date: dt.date | None,
    number: str | None,
    step: Callable[[int, str], None],
    children: PdfChildren | None,
) -> list[Path]:
    total = 2 + len(wanted)
    step(1, "Dựng nội dung báo cáo từ số liệu tổng hợp")
    context = build_context(dataset, report_date=report_date, number=number, draft=draft)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    n = 1
    # The PDF is started first: WeasyPrint works in child processes driven by threads, so
    # the DOCX (charts as PNG, docxtpl) is built here meanwhile instead of after it. The parts
    # of a split PDF that show no chart (the appendix tables) start before the charts are drawn.
    figures: dict[str, Any] = {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: Future[Path] | None = None
        if "pdf" in wanted:
            n += 1
            step(n, "Dựng PDF (chạy song song với DOCX)")
            from reportgen.render import pdf

            begun = pdf.start_pdf(
                context,
                out_dir / report_name(context.review_id, "pdf"),
                review_dir=review_dir,
                children=children,
            )
            svgs = {k: v.decode() for k, v in chart_images(context, "svg", figures).items()}
            pending = pool.submit(begun.finish, svgs)
        if "docx" in wanted:
            n += 1
            step(n, "Dựng DOCX")
            from reportgen.render.docx import render_docx

            written["docx"] = render_docx(
                context,
                out_dir / report_name(context.review_id, "docx"),
                review_dir=review_dir,
                charts=chart_images(context, "png", figures),
            )
        if pending is not None:
            written["pdf"] = pending.result()  # re-raises the PDF's ReportgenError here
    paths = [written[f] for f in wanted]
    step(total, "Hoàn tất: " + ", ".join(p.name for p in paths))
    return paths
