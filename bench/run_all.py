"""Run every benchmark in bench/ (``make bench``), one process each, then one table of figures.

Speed and memory targets live here, never in timed tests. Each ``bench_*.py`` prints its own
table and, through :mod:`_figures`, one ``@@figure`` line per headline figure with the reference
measured in the same run; this script gathers those into one table (figure, value, reference,
ratio, target), printed at the end and, with ``--markdown FILE``, written as a Markdown table.
Other arguments are passed to every bench (``--quick`` asks them for their small sizes only).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _figures import MARK  # noqa: E402


def _machine() -> str:
    model = platform.processor() or "?"
    try:
        for line in (
            Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").splitlines()
        ):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs, {model}, Python {platform.python_version()}"


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return f"{text} {unit}".strip()


def table(rows: list[dict[str, object]]) -> str:
    """The figures as a Markdown table."""
    lines = [
        "| figure | reportgen | reference (same run) | reference value | ratio | target |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = r.get("ratio")
        lines.append(
            f"| {r['name']} | {_number(r['value'], str(r['unit']))} | {r['reference'] or '—'} "  # type: ignore[arg-type]
            f"| {_number(r['ref_value'], str(r['unit']))} "  # type: ignore[arg-type]
            f"| {'—' if ratio is None else f'{ratio:.2f}×'} | {r['target'] or '—'} |"
        )
    return "\n".join(lines)


def main() -> int:
    """Run the benchmarks in name order; exit non-zero if any failed."""
    args = sys.argv[1:]
    markdown = None
    if "--markdown" in args:
        at = args.index("--markdown")
        markdown = Path(args[at + 1])
        del args[at : at + 2]
    only = [a for a in args if a.startswith("bench_")]
    args = [a for a in args if not a.startswith("bench_")]
    failed, rows = [], []
    load_before = os.getloadavg()
    for script in sorted(HERE.glob("bench_*.py")):
        if only and script.stem not in only and script.name not in only:
            continue
        print(f"\n=== {script.name} ===", flush=True)
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(script), *args], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(MARK):
                rows.append(json.loads(line[len(MARK) :]))
            else:
                print(line, end="", flush=True)
        code = proc.wait()
        print(f"({script.name}: {time.perf_counter() - start:.1f} s, exit {code})", flush=True)
        if code:
            failed.append(script.name)
    load_after = os.getloadavg()
    summary = table(rows)
    machine = (
        f"Machine: {_machine()}; load average before {load_before[0]:.2f}, "
        f"after {load_after[0]:.2f} (1 min)."
    )
    print("\n=== all figures ===\n" + summary + "\n" + machine)
    if markdown is not None:
        markdown.write_text(summary + "\n\n" + machine + "\n", encoding="utf-8")
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
