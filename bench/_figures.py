"""One line per headline figure, for ``run_all.py`` to gather into a single table.

A bench calls :func:`figure` for each figure the issues set a target on: the measured value,
the reference measured *in the same run* (a library, LibreOffice, xlsxwriter…) and the target
ratio. The machine is shared and noisy, so ratios taken in one run are what count.
"""

from __future__ import annotations

import json
import os

MARK = "@@figure "


def figure(
    name: str,
    value: float,
    unit: str,
    *,
    reference: str = "",
    ref_value: float | None = None,
    target: str = "",
) -> None:
    """Print one figure line (``run_all.py`` parses it; a person can read it too)."""
    ratio = value / ref_value if ref_value else None
    row = {"name": name, "value": value, "unit": unit, "reference": reference,
           "ref_value": ref_value, "ratio": ratio, "target": target}  # fmt: skip
    print(MARK + json.dumps(row, ensure_ascii=False), flush=True)


def load() -> str:
    """The load average now, as text (every figure is skewed by other work on the machine)."""
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def print_table(head: list[str], rows: list[list[str]]) -> None:
    """Columns padded to their widest cell: the first left-aligned, the figures right-aligned."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        print(
            "  ".join(
                v.ljust(w) if i == 0 else v.rjust(w)
                for i, (v, w) in enumerate(zip(r, widths, strict=True))
            )
        )
