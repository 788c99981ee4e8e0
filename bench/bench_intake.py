"""Benchmark: ``check_files`` on N generated filled workbooks (calamine vs openpyxl, 1 and 2 workers).

Run: .venv/bin/python bench/bench_intake.py [--sizes 100 1000] [--quick] [--profile] [--unique 1000]
The corpus (the Hanoi example's units in turn, seeded samples, one in five with planted
mistakes) is written once into a temporary folder; every measurement runs in a fresh process
so its peak RSS is its own. Targets (issue 13), against the reference measured in the same run:
``check_files`` on one core ≤ 2× python-calamine reading every sheet of the same files (bare,
no checks); two workers use both cores; peak RSS flat from the smallest N to the largest.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _figures import figure  # noqa: E402

HANOI = ROOT / "templates" / "nq11-moi-truong"
OPENPYXL_LIMIT = 200  # openpyxl is slow: measure it on the first files only
CHECKS_LIMIT = 1000  # the checks-only run holds every read workbook in memory


def generate(out: Path, count: int) -> list[Path]:
    """``count`` filled workbooks of the Hanoi units, in turn; every fifth has mistakes."""
    from reportgen.definition import load_review
    from reportgen.demo.samples import MISTAKES, write_sample

    review = load_review(HANOI)
    paths = []
    for n in range(count):
        unit = review.units[n % len(review.units)]
        path = out / f"{n:05d}-{unit.code}.xlsx"
        if not path.exists():
            write_sample(review, unit, path, seed=n, mistakes=list(MISTAKES) if n % 5 == 0 else ())
        paths.append(path)
    return paths


def openpyxl_raw(data: bytes, name: str):  # type: ignore[no-untyped-def]
    """The same RawWorkbook, read with openpyxl read-only (for comparison only)."""
    import openpyxl

    from reportgen.intake.read import RawSheet, RawWorkbook

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets = {}
    for ws in wb.worksheets:
        cells: dict[str, object] = {}
        max_row = max_col = 0
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None and c.value != "":
                    cells[c.coordinate] = c.value
                    max_row, max_col = max(max_row, c.row), max(max_col, c.column)
        sheets[ws.title] = RawSheet(ws.title, ws.sheet_state == "visible", cells, max_row, max_col)
    wb.close()
    return RawWorkbook("xlsx", sheets)


def measure(corpus: Path, n: int, reader: str, workers: int, profile: bool) -> dict[str, float]:
    """One measurement in this (fresh) process: seconds and peak RSS."""
    import hashlib

    from reportgen.definition import load_review
    from reportgen.intake import check_files
    from reportgen.intake.validate import validate

    review = load_review(HANOI)
    unique = sorted(corpus.glob("*.xlsx"))  # generate() names them in order: 00000-…
    # Beyond the corpus the same files come round again (copies): RSS must stay flat anyway.
    paths = [unique[i % len(unique)] for i in range(n)]
    profiler = cProfile.Profile() if profile else None
    rejected = 0
    start, cpu0 = time.perf_counter(), _cpu()
    if profiler:
        profiler.enable()
    if reader == "calamine":
        for sub in check_files(review, paths, workers=workers):
            rejected += not sub.verdict.acceptable
    elif reader == "bare":  # the reference: calamine reads every sheet, nothing else
        import python_calamine as pc

        for path in paths:
            book = pc.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()
    elif reader == "checks":  # the checks alone, on workbooks read beforehand (not timed)
        from reportgen.intake.identify import UNREAD_SHEETS
        from reportgen.intake.read import read_workbook

        read = [
            (p.name, read_workbook(p.read_bytes(), p.name, skip=UNREAD_SHEETS)[0]) for p in paths
        ]
        validate(review, read[0][1], file_name="warm-up", sha256="", size=0)  # blank content cache
        start, cpu0 = time.perf_counter(), _cpu()
        for name, raw in read:
            assert raw is not None
            sub = validate(review, raw, file_name=name, sha256="", size=0).submission
            rejected += not sub.verdict.acceptable
    else:
        for path in paths:
            data = path.read_bytes()
            raw = openpyxl_raw(data, path.name)
            digest = hashlib.sha256(data).hexdigest()
            sub = validate(
                review, raw, file_name=path.name, sha256=digest, size=len(data)
            ).submission
            rejected += not sub.verdict.acceptable
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu0
    if profiler:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    rss = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return {
        "n": len(paths),
        "seconds": seconds,
        "cpu": cpu,
        "rss_mib": rss / 1024,
        "rejected": rejected,
    }


def _cpu() -> float:
    """CPU seconds of this process and its finished children: robust to a busy machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="default 100 1000")
    parser.add_argument(
        "--quick", action="store_true", help="N = 100 (unless --sizes), no openpyxl/checks rows"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the 1-worker calamine run (stderr)"
    )
    parser.add_argument("--measure", nargs=5, metavar=("CORPUS", "N", "READER", "WORKERS", "PROFILE"),
                        help=argparse.SUPPRESS)  # fmt: skip
    parser.add_argument(
        "--unique", type=int, default=1000,
        help="distinct workbooks written (default 1000); larger N repeats them",
    )  # fmt: skip
    parser.add_argument(
        "--corpus", type=Path, help="keep the generated workbooks here (reused next run)"
    )
    args, _unknown = parser.parse_known_args()  # run_all passes every bench the same options
    if args.measure:
        corpus, n, reader, workers, prof = args.measure
        print(json.dumps(measure(Path(corpus), int(n), reader, int(workers), prof == "1")))
        return
    sizes = args.sizes or ([100] if args.quick else [100, 1000])
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as tmp:
        corpus = args.corpus or Path(tmp)
        corpus.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        generate(corpus, min(max(sizes), args.unique))
        print(
            f"corpus: {min(max(sizes), args.unique)} workbooks written in {time.perf_counter() - start:.1f} s"
        )
        print(
            f"{'N':>6} {'reader':<9} {'workers':>7} {'seconds':>8} {'ms/wb':>7} {'cpu ms/wb':>9} {'wb/s':>7} {'peak RSS':>9} {'rejected':>8}"
        )
        results: dict[tuple[int, str, int], dict[str, float]] = {}
        for n in sizes:
            runs = [("bare", 1), ("calamine", 1), ("calamine", 2), ("checks", 1), ("openpyxl", 1)]
            if args.quick:
                runs = runs[:3]
            for reader, workers in runs:
                limit = {"openpyxl": OPENPYXL_LIMIT, "checks": CHECKS_LIMIT}.get(reader, n)
                count = min(n, limit)
                prof = (
                    "1"
                    if args.profile and reader == "calamine" and workers == 1 and n == max(sizes)
                    else "0"
                )
                out = subprocess.run(
                    [sys.executable, __file__, "--measure", str(corpus), str(count), reader, str(workers), prof],
                    check=True, stdout=subprocess.PIPE, stderr=None if prof == "1" else subprocess.DEVNULL, text=True,
                )  # fmt: skip
                r = json.loads(out.stdout.strip().splitlines()[-1])
                results[(n, reader, workers)] = r
                ms = 1000 * r["seconds"] / r["n"]
                print(
                    f"{r['n']:>6} {reader:<9} {workers:>7} {r['seconds']:>8.2f} {ms:>7.2f} {1000 * r['cpu'] / r['n']:>9.2f} "
                    f"{r['n'] / r['seconds']:>7.0f} {r['rss_mib']:>5.0f} MiB {r['rejected']:>8}",
                    flush=True,
                )
        _figures(results, sizes)
    print("bare: python-calamine reading every sheet of the same files, no checks (the reference).")
    print(
        "ms/wb: wall time per workbook, end to end (read + identify + parse + rules), in-process;"
        " cpu ms/wb: CPU time of all processes per workbook (fair when the machine is busy)."
    )
    print("checks: identify + parse + rules alone, on workbooks read beforehand (reader excluded;")
    print("        its RSS holds all N read workbooks at once, so it grows with N by design).")
    print(f"openpyxl: read-only reader feeding the same checks, on at most {OPENPYXL_LIMIT} files.")
    with open("/proc/loadavg", encoding="ascii") as f:
        print(
            "load average now (other work on the machine skews every figure):", f.read().split()[:3]
        )


def _figures(results: dict[tuple[int, str, int], dict[str, float]], sizes: list[int]) -> None:
    """The headline figures: one-core ratio to bare calamine, two-worker speed-up, flat RSS."""
    n = max(sizes)
    ours, bare = results[(n, "calamine", 1)], results[(n, "bare", 1)]
    figure(f"check_files, 1 core, CPU per workbook (N={n})", 1000 * ours["cpu"] / ours["n"], "ms",
           reference="python-calamine, every sheet", ref_value=1000 * bare["cpu"] / bare["n"],
           target="≤ 2×")  # fmt: skip
    two = results[(n, "calamine", 2)]
    figure(f"check_files, 2 workers, wall (N={n})", two["seconds"], "s",
           reference="same, 1 worker", ref_value=ours["seconds"], target="≈ 0,5× (both cores)")  # fmt: skip
    small = results[(min(sizes), "calamine", 1)]
    figure(f"check_files peak RSS, N={n}", ours["rss_mib"], "MiB",
           reference=f"same, N={min(sizes)}", ref_value=small["rss_mib"], target="≈ 1× (flat)")  # fmt: skip


if __name__ == "__main__":
    main()
