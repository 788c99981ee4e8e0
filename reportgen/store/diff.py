"""What changed between two versions of a unit's submission, cell by cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from reportgen.findings import Location
from reportgen.intake.model import Submission, Value
from reportgen.numbers import format_date_short, format_number

__all__ = ["CellDiff", "changed_cells", "describe_diff", "diff_submissions", "format_value"]

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class CellDiff:
    """One cell whose value differs between two versions (``None``: empty / absent)."""

    cell: str  # "Chỉ tiêu!F7"; list-table cells: "<list> dòng <row>, cột <column>"
    old: Value
    new: Value
    # What the cell holds: indicator + year, section, or list + row + column.
    location: Location = field(default_factory=Location)


def diff_submissions(old: Submission, new: Submission) -> list[CellDiff]:
    """Every indicator value, section text and list-table cell that differs, in sheet order."""
    diffs: list[CellDiff] = []
    old_values = {(v.indicator, v.year): v for v in old.values}
    new_values = {(v.indicator, v.year): v for v in new.values}
    for key in _ordered(old_values, new_values):
        a, b = old_values.get(key), new_values.get(key)
        va, vb = (a.value if a else None), (b.value if b else None)
        if not _same(va, vb):
            cell = (b or a).cell  # type: ignore[union-attr]  # one of them exists
            diffs.append(
                CellDiff(cell, va, vb, Location(*_sheet_cell(cell), indicator=key[0], year=key[1]))
            )
    old_sections = {s.section: s for s in old.sections}
    new_sections = {s.section: s for s in new.sections}
    for code in _ordered(old_sections, new_sections):
        sa, sb = old_sections.get(code), new_sections.get(code)
        ta, tb = (sa.text if sa else None), (sb.text if sb else None)
        if (ta or None) != (tb or None):
            cell = (sb or sa).cell  # type: ignore[union-attr]
            diffs.append(CellDiff(cell, ta, tb, Location(*_sheet_cell(cell), section=code)))
    old_rows = {(r.list, r.row): r.values for r in old.rows}
    new_rows = {(r.list, r.row): r.values for r in new.rows}
    for lst, row in _ordered(old_rows, new_rows):
        ra: Mapping[str, Value] = old_rows.get((lst, row), {})
        rb: Mapping[str, Value] = new_rows.get((lst, row), {})
        for column in _ordered(ra, rb):
            ca, cb = ra.get(column), rb.get(column)
            if not _same(ca, cb):
                cell = f"{lst} dòng {row}, cột {column}"
                diffs.append(CellDiff(cell, ca, cb, Location(list=lst, row=row, column=column)))
    return diffs


def _sheet_cell(address: str) -> tuple[None, None, None, str | None, str | None]:
    """``Chỉ tiêu!F7`` → the (file, line, field, sheet, cell) head of a Location."""
    sheet, bang, cell = address.rpartition("!")
    return None, None, None, (sheet if bang else None), (cell or None)


def _ordered(first: Mapping[K, object], second: Mapping[K, object]) -> list[K]:
    # Keep the order cells have in the sheet: the first version's order, then new keys.
    return list(dict.fromkeys([*first, *second]))


def _same(a: Value, b: Value) -> bool:
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a is b or (a == b and type(a) is type(b))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return a == b


def format_value(value: Value) -> str:
    """A value as users read it: ``1.234,5``, ``Có``, ``31/5/2022``, ``(trống)``."""
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, dt.date):
        return format_date_short(value)
    text = " ".join(value.split())
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


def describe_diff(diffs: Sequence[CellDiff], *, limit: int = 10) -> str:
    """Vietnamese summary: ``3 ô thay đổi: Chỉ tiêu!F7 12 → 15; …`` (at most ``limit`` shown)."""
    if not diffs:
        return "Không có ô nào thay đổi."
    parts = [f"{d.cell} {format_value(d.old)} → {format_value(d.new)}" for d in diffs[:limit]]
    more = f"; và {len(diffs) - limit} ô khác" if len(diffs) > limit else ""
    return f"{format_number(len(diffs))} ô thay đổi: " + "; ".join(parts) + more


def changed_cells(diffs: Iterable[CellDiff]) -> list[str]:
    """Just the cell addresses, for tests and short listings."""
    return [d.cell for d in diffs]
