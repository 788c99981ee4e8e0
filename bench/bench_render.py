"""Render timings: the Hanoi example (DOCX + PDF) as a cold command against LibreOffice.

Headline (issue 13): ``reportgen render`` (DOCX + PDF, both in the example, whole process, cold)
takes no longer than ``soffice --headless --convert-to pdf`` of the DOCX it wrote, measured in
the same run (ratio ≤ 1). Also: the in-process steps, and a large synthetic review's DOCX
(200 units × 40 indicators × 6 years, < 3 s).
Run ``.venv/bin/python bench/bench_render.py [--runs 2] [--skip-pdf] [--quick]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _figures import figure, load  # noqa: E402

from reportgen.definition import load_review  # noqa: E402
from reportgen.demo.synthetic import large_review, synthetic_dataset  # noqa: E402
from reportgen.render.context import build_context  # noqa: E402
from reportgen.render.docx import render_docx  # noqa: E402
from reportgen.render.report import chart_images  # noqa: E402


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _whole_process(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall s, peak RSS MiB, CPU s) of one command, its children included."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        assert proc.stderr is not None
        raise SystemExit(f"{command[:4]} failed: {proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def cold_render_vs_libreoffice(runs: int, out: Path) -> list[tuple[str, float, str]]:
    """``reportgen render --sample`` cold, then LibreOffice converting the same DOCX."""
    rows: list[tuple[str, float, str]] = []
    command = [sys.executable, "-m", "reportgen", "render", "--sample", "--out", str(out)]
    ours = [_whole_process(command, ROOT) for _ in range(runs)]
    docx = out / "bao-cao-nq11-moi-truong.docx"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    seconds = statistics.median(s for s, _, _ in ours)
    rss = max(m for _, m, _ in ours)
    cpu = statistics.median(c for _, _, c in ours)
    rows.append(("example: reportgen render DOCX+PDF, cold", seconds, f"peak {rss:.0f} MiB"))
    if soffice is None:
        print("soffice not installed: no LibreOffice reference")
        figure("render DOCX+PDF (cold command)", seconds, "s", target="≤ 1× LibreOffice")
        return rows
    profile = Path(tempfile.mkdtemp(prefix="bench-lo-profile-"))
    lo = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
          "--convert-to", "pdf", "--outdir", str(out / "lo"), str(docx)]  # fmt: skip
    _whole_process(lo, out)  # warm-up: creates the profile
    lo_runs = [_whole_process(lo, out) for _ in range(runs)]
    theirs = statistics.median(s for s, _, _ in lo_runs)
    lo_cpu = statistics.median(c for _, _, c in lo_runs)
    rows.append(("example: soffice DOCX → PDF (same DOCX)", theirs, "reference"))
    rows.append(("  CPU s: reportgen render / soffice", cpu, f"{lo_cpu:.2f} s"))
    figure("render DOCX+PDF (cold command)", seconds, "s", reference="soffice --convert-to pdf",
           ref_value=theirs, target="≤ 1×")  # fmt: skip
    figure("render DOCX+PDF, CPU of all processes", cpu, "s", reference="soffice, CPU",
           ref_value=lo_cpu, target="(wall is the target; CPU is robust to load)")  # fmt: skip
    figure("render peak RSS (largest process)", rss, "MiB", target="< 600 MiB")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="one run of each, no large review")
    args, _unknown = parser.parse_known_args()  # run_all passes every bench the same options
    runs = 1 if args.quick else args.runs
    out = Path(tempfile.mkdtemp(prefix="bench-render-"))
    rows: list[tuple[str, float, str]] = []
    if not args.skip_pdf:
        rows += cold_render_vs_libreoffice(runs, out / "cold")
    review = load_review(ROOT / "templates" / "nq11-moi-truong")
    small = synthetic_dataset(review)
    ctx = build_context(small)
    rows.append(("example: build_context", _median(lambda: build_context(small), runs), "—"))
    rows.append(("example: charts PNG", _median(lambda: chart_images(ctx, "png"), 1), "—"))
    rows.append(("example: charts SVG", _median(lambda: chart_images(ctx, "svg"), 1), "—"))
    rows.append(
        ("example: DOCX (no charts)", _median(lambda: render_docx(ctx, out / "a.docx"), runs), "—")
    )
    if not args.quick:
        big_review = large_review(review, units=200, indicators=40)
        big = synthetic_dataset(big_review)
        big_ctx = build_context(big)
        rows.append(("large: build_context", _median(lambda: build_context(big), runs), "—"))
        docx_s = _median(lambda: render_docx(big_ctx, out / "b.docx"), runs)
        rows.append(("large: DOCX (no charts)", docx_s, "< 3 s"))
        figure("large review DOCX, in process", docx_s, "s", target="< 3 s")
    print(f"{'step':45} {'median s':>9}  note")
    for name, seconds, note in rows:
        print(f"{name:45} {seconds:9.2f}  {note}")
    print(f"(output in {out}; load average {load()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
