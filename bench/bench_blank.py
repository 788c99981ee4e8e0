"""Benchmark: blank workbooks (the Hanoi example's 36, and N synthetic units on 1 and 2 cores).

Run: .venv/bin/python bench/bench_blank.py [--units 1000] [--quick]
Headline (issue 13): N units on both cores in under half the one-core time, and the time per
workbook against xlsxwriter writing the same cells, formats and validations bare: every call
``write_workbook`` makes on xlsxwriter is recorded once per unit kind and replayed on a fresh
``xlsxwriter.Workbook`` (same options, ``close()`` included), so the difference is our own work.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _figures import figure, load  # noqa: E402

from reportgen.blank import make_blanks, write_workbook  # noqa: E402
from reportgen.definition import Review, load_review  # noqa: E402
from reportgen.definition.model import Unit  # noqa: E402


def synthetic(review: Review, count: int) -> Review:
    """``review`` with ``count`` made-up units, kinds cycling as in the example."""
    kinds = ("quan", "huyen", "thi_xa", "so_nganh")
    units = tuple(
        Unit(code=f"U{n:04d}", name=f"Đơn vị thử nghiệm số {n}", kind=kinds[n % len(kinds)])
        for n in range(1, count + 1)
    )
    return review.model_copy(update={"units": units})


def run(review: Review, label: str, workers: int) -> tuple[str, int, int, float, float]:
    """Write all blanks of ``review`` into a temporary folder: (label, workers, units, wall, CPU)."""
    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), time.process_time()
        result = make_blanks(review, Path(tmp), workers=workers)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        return label, workers, len(result.files), wall, cpu


# -- the bare-xlsxwriter reference: record the calls once, replay them -------------------------


class _Ref:
    def __init__(self, oid: int) -> None:
        self.oid = oid


class _Proxy:
    """Forwards every call to the real xlsxwriter object and records it."""

    def __init__(self, log: list[Any], obj: Any, oid: int) -> None:
        self._log, self._obj, self._oid = log, obj, oid

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._obj, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attr(*_real(args), **_real(kwargs))
            entry = [self._oid, name, _refs(args), _refs(kwargs), None]
            self._log.append(entry)
            if type(result).__module__.startswith("xlsxwriter.") and name.startswith("add_"):
                entry[4] = len(self._log)
                return _Proxy(self._log, result, len(self._log))
            return result

        return call


def _real(value: Any) -> Any:
    if isinstance(value, _Proxy):
        return value._obj
    if isinstance(value, list | tuple):
        return type(value)(_real(v) for v in value)
    if isinstance(value, dict):
        return {k: _real(v) for k, v in value.items()}
    return value


def _refs(value: Any) -> Any:
    if isinstance(value, _Proxy):
        return _Ref(value._oid)
    if isinstance(value, list | tuple):
        return type(value)(_refs(v) for v in value)
    if isinstance(value, dict):
        return {k: _refs(v) for k, v in value.items()}
    return value


def record(review: Review, unit: Unit) -> tuple[tuple[Any, dict[str, Any]], list[Any]]:
    """The xlsxwriter calls ``write_workbook`` makes for ``unit`` (and the Workbook's options)."""
    log: list[Any] = []
    made: dict[str, Any] = {}
    real = xlsxwriter.Workbook

    def factory(target: Any, options: dict[str, Any]) -> _Proxy:
        made["options"] = dict(options)
        return _Proxy(log, real(target, options), 0)

    xlsxwriter.Workbook = factory  # type: ignore[misc,assignment]
    try:
        write_workbook(review, unit, io.BytesIO())
    finally:
        xlsxwriter.Workbook = real  # type: ignore[misc]
    return ((None, made["options"]), _compile(log))


def replay(recorded: tuple[tuple[Any, dict[str, Any]], list[Any]]) -> bytes:
    """Make the recorded calls on a fresh Workbook: xlsxwriter's own cost for that workbook."""
    (_, options), log = recorded
    buffer = io.BytesIO()
    objects: dict[int, Any] = {0: xlsxwriter.Workbook(buffer, options)}

    def resolve(value: Any) -> Any:
        if isinstance(value, _Ref):
            return objects[value.oid]
        if isinstance(value, list | tuple):
            return type(value)(resolve(v) for v in value)
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        return value

    for oid, name, args, kwargs, made, refs in log:
        if refs is None:  # nested references (rare): resolve deeply
            args, kwargs = resolve(args), resolve(kwargs)
        elif refs:  # references at the top level only: swap them in
            args = list(args)
            for i in refs:
                args[i] = objects[args[i].oid]
        result = getattr(objects[oid], name)(*args, **kwargs)
        if made is not None:
            objects[made] = result
    return buffer.getvalue()


def _compile(log: list[Any]) -> list[Any]:
    """Note where each call's references are, so the replay does not walk every argument."""
    out = []
    for oid, name, args, kwargs, made in log:
        nested = any(isinstance(a, list | tuple | dict) for a in args) or bool(kwargs)
        refs = None if nested else [i for i, a in enumerate(args) if isinstance(a, _Ref)]
        out.append((oid, name, args, kwargs, made, refs))
    return out


def per_workbook(review: Review, rounds: int) -> tuple[float, float]:
    """CPU ms per workbook, one unit of each kind: (write_workbook, bare xlsxwriter replay)."""
    units = list({u.kind: u for u in review.units}.values())
    recorded = [record(review, u) for u in units]
    ours, bare = [], []
    for _ in range(rounds):
        t = time.process_time()
        for unit in units:
            write_workbook(review, unit, io.BytesIO())
        ours.append((time.process_time() - t) / len(units))
        t = time.process_time()
        for rec in recorded:
            replay(rec)
        bare.append((time.process_time() - t) / len(units))
    return 1000 * statistics.median(ours), 1000 * statistics.median(bare)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000, help="units in the synthetic review")
    parser.add_argument("--quick", action="store_true", help="200 units")
    args, _unknown = parser.parse_known_args()  # run_all passes every bench the same options
    count = 200 if args.quick else args.units
    hanoi = load_review(ROOT / "templates" / "nq11-moi-truong")
    ours_ms, bare_ms = per_workbook(hanoi, 3 if args.quick else 5)
    big = synthetic(hanoi, count)
    rows = [run(hanoi, "Hà Nội (ví dụ)", 1)]
    rows += [run(big, "tổng hợp (synthetic)", w) for w in (1, 2)]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{'review':<22} {'workers':>7} {'units':>6} {'seconds':>8} {'CPU s':>7} {'ms/workbook':>12}"
    )
    for label, workers, units, seconds, cpu in rows:
        print(
            f"{label:<22} {workers:>7} {units:>6} {seconds:>8.2f} {cpu:>7.2f} "
            f"{1000 * seconds / units:>12.1f}"
        )
    print(f"write_workbook: {ours_ms:.1f} ms CPU per workbook; bare xlsxwriter replay of the same")
    print(f"calls: {bare_ms:.1f} ms (one unit of each kind). Peak RSS {peak_mib:.0f} MiB.")
    print("(ms/workbook is wall time, ZIP included; CPU s counts this process only: with 2")
    print(f" workers most CPU is in the children; load average {load()})")
    figure("blank workbook, CPU per workbook", ours_ms, "ms",
           reference="xlsxwriter, same calls, bare", ref_value=bare_ms, target="—")  # fmt: skip
    one, two = rows[1][3], rows[2][3]
    figure(f"blank workbooks, {count} units, 2 workers, wall", two, "s",
           reference="same, 1 worker (before: 1 core)", ref_value=one, target="< 0,5×")  # fmt: skip


if __name__ == "__main__":
    main()
