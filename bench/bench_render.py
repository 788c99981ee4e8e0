"""Render timings: the Hanoi example (DOCX + PDF) and a large synthetic review (DOCX).

Targets (issue 5): example, both formats < 10 s; 200 units × 40 indicators × 6 years,
DOCX < ~3 s. Run ``.venv/bin/python bench/bench_render.py [--skip-pdf]``; prints a table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportgen.definition import load_review  # noqa: E402
from reportgen.demo.synthetic import large_review, synthetic_dataset  # noqa: E402
from reportgen.render.context import build_context  # noqa: E402
from reportgen.render.docx import render_docx  # noqa: E402
from reportgen.render.report import chart_images, render_report  # noqa: E402


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    review = load_review(ROOT / "templates" / "nq11-moi-truong")
    small = synthetic_dataset(review)
    big_review = large_review(review, units=200, indicators=40)
    big = synthetic_dataset(big_review)
    out = Path(tempfile.mkdtemp(prefix="bench-render-"))
    rows: list[tuple[str, float, str]] = []
    ctx = build_context(small)
    rows.append(("example: build_context", _median(lambda: build_context(small), args.runs), "—"))
    rows.append(("example: charts PNG", _median(lambda: chart_images(ctx, "png"), 1), "—"))
    rows.append(
        (
            "example: DOCX (no charts)",
            _median(lambda: render_docx(ctx, out / "a.docx"), args.runs),
            "—",
        )
    )
    formats = ["docx"] if args.skip_pdf else ["docx", "pdf"]
    total = _median(lambda: render_report(small, out, formats), 1)
    rows.append((f"example: render_report {'+'.join(formats)}", total, "< 10 s"))
    big_ctx = build_context(big)
    rows.append(("large: build_context", _median(lambda: build_context(big), args.runs), "—"))
    rows.append(
        (
            "large: DOCX (no charts)",
            _median(lambda: render_docx(big_ctx, out / "b.docx"), args.runs),
            "< 3 s",
        )
    )
    print(f"{'step':45} {'median s':>9}  target")
    for name, seconds, target in rows:
        print(f"{name:45} {seconds:9.2f}  {target}")
    print(
        f"(large: {len(big_review.units)} units × {len(big_review.indicators)} indicators × "
        f"{len(big_review.period.years)} years; output in {out})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
