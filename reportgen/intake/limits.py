"""How much of a submitted file intake is willing to read, and how a guard check stops.

Shared by :mod:`reportgen.intake.guard` (format sniffing) and :mod:`reportgen.intake.zipcheck`
(zip container checks): :class:`Limits` holds the budgets, :class:`Reject` carries the one
``file-*`` finding that ends a check.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.findings import Finding, Location
from reportgen.messages import make_finding
from reportgen.numbers import format_number

__all__ = [
    "DEFAULT_LIMITS",
    "RATIO_FLOOR",
    "Limits",
    "Reject",
    "bomb",
    "corrupt",
    "not_spreadsheet",
    "size_text",
]

# A member smaller than this may compress as well as it likes (an empty sheet is 99% markup).
RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of a submitted file we are willing to read (defaults fit a unit workbook 100×)."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_member_ratio: int = 100
    max_members: int = 5_000
    max_cells: int = 2_000_000
    max_rows: int = 1_048_576
    max_cols: int = 16_384
    max_sheets: int = 255
    # xls/xlsb/ods are read in a child process with these bounds (see read.py).
    # 256 MB: a ~2M-cell grid fits; calamine's dense grid of a 5 KB .xls with a cell at
    # IV65536 (1 GB, 6 s unbounded) fails its allocation in 0,4 s instead.
    child_memory_bytes: int = 256 * 1024 * 1024
    child_timeout_s: float = 10.0


DEFAULT_LIMITS = Limits()


class Reject(Exception):
    """Stop a guard check with this finding (caught by :func:`reportgen.intake.guard.sniff`)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.code)
        self.finding = finding


def size_text(n: int) -> str:
    """A byte count for people: ``20 MB``, ``1,5 MB``, ``12 KB``."""
    if n >= 1024 * 1024:
        return f"{format_number(n / (1024 * 1024), 1)} MB"
    return f"{format_number(max(1, round(n / 1024)), 0)} KB"


def not_spreadsheet(where: Location, detail: str) -> Finding:
    """The ``file-not-spreadsheet`` error, saying what the file is instead."""
    return make_finding("file-not-spreadsheet", where, detail=detail)


def corrupt(where: Location, detail: str) -> Reject:
    """Stop with ``file-corrupt``."""
    return Reject(make_finding("file-corrupt", where, detail=detail))


def bomb(where: Location, detail: str) -> Reject:
    """Stop with ``file-zip-bomb``."""
    return Reject(make_finding("file-zip-bomb", where, detail=detail))
