"""Benchmark: loading a review definition stays linear up to the documented limits.

Run: .venv/bin/python bench/bench_definition.py [--sizes 250 500 1000]
Prints, per synthetic definition (the Hanoi example plus N extra indicators, or padded with
comments), its size, the seconds ``check_review`` takes and µs per KB. Limits in
docs/dev/definition-limits.md; before the limits, 20,000 indicators took 60 s and 50 MB of
comments 127 s. Target: the largest accepted file (1 MB) in a few seconds, time ∝ size.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from reportgen.definition import check_review
from reportgen.definition.limits import MAX_REVIEW_BYTES

ROOT = Path(__file__).resolve().parents[1]
HANOI = ROOT / "templates" / "nq11-moi-truong"


def _with_indicators(target: Path, count: int) -> Path:
    shutil.copytree(HANOI, target)
    path = target / "review.yaml"
    extra = "".join(
        f"  - code: X{n}\n    area: nuoc-mat\n    name: Chỉ tiêu thử nghiệm số {n}\n"
        f"    unit: hộ\n    type: integer\n    min: 0\n    guidance: Ghi số liệu tại thời điểm "
        f"31/12 hằng năm.\n"
        for n in range(count)
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("indicators:\n", "indicators:\n" + extra, 1), encoding="utf-8")
    return target


def _dense(target: Path, count: int) -> Path:
    """``count`` indicators in flow style, one line each: the most values per KB."""
    shutil.copytree(HANOI, target)
    path = target / "review.yaml"
    extra = "".join(
        f"  - {{code: X{n}, area: nuoc-mat, name: n, type: integer}}\n" for n in range(count)
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("indicators:\n", "indicators:\n" + extra, 1), encoding="utf-8")
    return target


def _with_comments(target: Path, size: int) -> Path:
    shutil.copytree(HANOI, target)
    path = target / "review.yaml"
    line = "# " + "chú thích dài " * 6 + "\n"
    with path.open("a", encoding="utf-8") as out:
        out.write(line * max(0, (size - path.stat().st_size) // len(line.encode())))
    return target


def _time(directory: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    _, findings = check_review(directory)
    elapsed = time.perf_counter() - start
    codes = sorted({f.code for f in findings if f.severity == "error"})
    return elapsed, (directory / "review.yaml").stat().st_size, ",".join(codes) or "ok"


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 950])
    args = parser.parse_args()
    print("| definition | KB | s | µs/KB | result |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        cases = [(f"+{n} indicators", _with_indicators(Path(tmp) / f"i{n}", n)) for n in args.sizes]
        for fraction in (0.25, 0.5, 1.0):
            size = int(MAX_REVIEW_BYTES * fraction) - 1024
            cases.append(
                (
                    f"comments to {fraction:.0%} of limit",
                    _with_comments(Path(tmp) / f"c{fraction}", size),
                )
            )
        cases.append(("16,000 indicators, flow style", _dense(Path(tmp) / "dense", 16_000)))
        cases.append(("50 MB of comments", _with_comments(Path(tmp) / "c50", 50 * 1024 * 1024)))
        for label, directory in cases:
            seconds, size, result = _time(directory)
            kb = size / 1024
            print(f"| {label} | {kb:,.0f} | {seconds:.2f} | {seconds * 1e6 / kb:,.0f} | {result} |")


if __name__ == "__main__":
    main()
