"""Benchmark: time writing blank workbooks (the Hanoi example's 36, and 1,000 synthetic units).

Run: .venv/bin/python bench/bench_blank.py [--units 1000]
Prints a table: units, seconds, ms per workbook, peak RSS. Target: the 36 blanks in a few seconds.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from reportgen.blank import make_blanks
from reportgen.definition import Review, load_review
from reportgen.definition.model import Unit

ROOT = Path(__file__).resolve().parents[1]


def synthetic(review: Review, count: int) -> Review:
    """``review`` with ``count`` made-up units, kinds cycling as in the example."""
    kinds = ("quan", "huyen", "thi_xa", "so_nganh")
    units = tuple(
        Unit(code=f"U{n:04d}", name=f"Đơn vị thử nghiệm số {n}", kind=kinds[n % len(kinds)])
        for n in range(1, count + 1)
    )
    return review.model_copy(update={"units": units})


def run(review: Review, label: str) -> tuple[str, int, float, float]:
    """Write all blanks of ``review`` into a temporary folder: (label, units, wall s, CPU s)."""
    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), time.process_time()
        result = make_blanks(review, Path(tmp))
        return label, len(result.files), time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000, help="units in the synthetic review")
    args = parser.parse_args()
    hanoi = load_review(ROOT / "templates" / "nq11-moi-truong")
    rows = [run(hanoi, "Hà Nội (ví dụ)")]
    rows.append(run(synthetic(hanoi, args.units), "tổng hợp (synthetic)"))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{'review':<22} {'units':>6} {'seconds':>8} {'CPU s':>7} {'ms/workbook':>12} {'peak RSS':>9}"
    )
    for label, units, seconds, cpu in rows:
        print(
            f"{label:<22} {units:>6} {seconds:>8.2f} {cpu:>7.2f} "
            f"{1000 * seconds / units:>12.1f} {peak_mib:>6.0f} MiB"
        )
    print("(ms/workbook is wall time, ZIP included; CPU s counts this process only, which is")
    print(" the fairer figure on a busy machine; peak RSS is the whole process)")


if __name__ == "__main__":
    main()
