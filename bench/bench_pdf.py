"""PDF timings: the Hanoi example and a large synthetic review (200 units × 40 indicators × 6 years).

Targets (issue 5): example PDF well inside the 10 s of DOCX + PDF; a ≈150-page PDF < 60 s.
Issue 13: peak RSS of the ≈150-page report under 600 MiB per process (rendered in child
processes, so the caller stays small; each child's peak is measured on its own).
Run ``.venv/bin/python bench/bench_pdf.py [--skip-large] [--parts N] [--quick]``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _figures import figure  # noqa: E402

from reportgen.definition import load_review  # noqa: E402
from reportgen.demo.synthetic import large_review, synthetic_dataset  # noqa: E402
from reportgen.render.charts import chart_svg  # noqa: E402
from reportgen.render.context import build_context  # noqa: E402
from reportgen.render.pdf import render_html, render_pdf  # noqa: E402


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def _mib(who: int) -> int:
    return resource.getrusage(who).ru_maxrss // 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--parts", type=int, default=None, help="child processes for large")
    parser.add_argument("--quick", action="store_true", help="the ≈150-page report only")
    args, _unknown = parser.parse_known_args()  # run_all passes every bench the same options
    if args.quick:
        args.skip_large = True
    review = load_review(ROOT / "templates" / "nq11-moi-truong")
    out = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    rows: list[tuple[str, float, str, str]] = []

    context = build_context(synthetic_dataset(review))
    t = time.perf_counter()
    svgs = {spec.key: chart_svg(spec) for spec in context.chart_specs}
    rows.append((f"example: {len(svgs)} charts SVG", time.perf_counter() - t, "", "—"))
    t = time.perf_counter()
    html = render_html(context, charts_svg=svgs)
    rows.append((f"example: HTML ({len(html):,} chars)", time.perf_counter() - t, "", "—"))
    t = time.perf_counter()
    path = render_pdf(context, out / "example.pdf", charts_svg=svgs)
    rows.append(("example: PDF in process", time.perf_counter() - t, str(_pages(path)), "< 10 s*"))

    # ≈150 pages: the example with its appendices four times (the table pages are the cost).
    long = replace(context, appendices=context.appendices * 4)
    for parts in (2,) if args.quick else (1, 2):
        t = time.perf_counter()
        path = render_pdf(
            long, out / f"long-{parts}.pdf", charts_svg=svgs, isolate=True, parts=parts
        )
        rows.append(
            (
                f"long: PDF, {parts} child process(es)",
                time.perf_counter() - t,
                str(_pages(path)),
                "< 60 s",
            )
        )

    if not args.skip_large:
        big = build_context(synthetic_dataset(large_review(review, units=200, indicators=40)))
        t = time.perf_counter()
        svgs = {spec.key: chart_svg(spec) for spec in big.chart_specs}
        rows.append((f"large: {len(svgs)} charts SVG", time.perf_counter() - t, "", "—"))
        t = time.perf_counter()
        path = render_pdf(big, out / "large.pdf", charts_svg=svgs, parts=args.parts)
        rows.append(
            ("large: PDF (child processes)", time.perf_counter() - t, str(_pages(path)), "< 60 s")
        )

    print(f"{'step':40} {'s':>7} {'pages':>6}  target")
    for name, seconds, pages, target in rows:
        print(f"{name:40} {seconds:7.2f} {pages:>6}  {target}")
    long_pages = next((r[2] for r in rows if r[0].startswith("long: PDF, 2")), "?")
    figure(f"PDF of {long_pages} pages, peak RSS of the largest process",
           _mib(resource.RUSAGE_CHILDREN), "MiB", target="< 600 MiB")  # fmt: skip
    print(
        f"peak RSS: this process {_mib(resource.RUSAGE_SELF)} MiB, "
        f"largest child {_mib(resource.RUSAGE_CHILDREN)} MiB (target < 1024)"
    )
    print(f"(* the 10 s target is DOCX + PDF together; output in {out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
