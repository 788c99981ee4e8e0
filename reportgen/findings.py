"""Findings: what a check found, as data.

A finding has a stable kebab-case ``code`` (never renamed; listed in ``docs/tham-chieu.md``), a
``severity`` (``error`` blocks acceptance, ``warning`` does not), a :class:`Location`, the
``value`` found, and ``params`` that fill the message template of its code in
:mod:`reportgen.messages`. The message itself is rendered on demand, in Vietnamese by default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any

__all__ = ["Finding", "Location", "Severity", "Verdict", "count", "verdict_of"]


class Severity(StrEnum):
    """How bad a finding is: errors block acceptance, warnings and infos do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Verdict(StrEnum):
    """The outcome of checking one file."""

    ACCEPTED = "accepted"  # hợp lệ
    ACCEPTED_WITH_WARNINGS = "accepted_with_warnings"  # hợp lệ có cảnh báo
    REJECTED = "rejected"  # không hợp lệ

    @property
    def label(self) -> str:
        """Vietnamese label shown to users."""
        return _VERDICT_LABELS[self]

    @property
    def acceptable(self) -> bool:
        """True when the file can count (no errors)."""
        return self is not Verdict.REJECTED


_VERDICT_LABELS = {
    Verdict.ACCEPTED: "hợp lệ",
    Verdict.ACCEPTED_WITH_WARNINGS: "hợp lệ có cảnh báo",
    Verdict.REJECTED: "không hợp lệ",
}


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points. Every part is optional; fill what is known.

    Definition files use ``file``/``line``/``field``; workbooks use ``sheet``/``cell`` plus
    what the cell holds (``indicator`` + ``year``, ``section``, or ``list`` + ``row`` +
    ``column``).
    """

    file: str | None = None
    line: int | None = None
    field: str | None = None
    sheet: str | None = None
    cell: str | None = None
    indicator: str | None = None
    year: int | None = None
    section: str | None = None
    list: str | None = None
    row: int | None = None
    column: str | None = None

    def describe(self) -> str:
        """A short Vietnamese description, e.g. ``Chỉ tiêu!D12`` or ``review.yaml dòng 14``."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file + (f" dòng {self.line}" if self.line else ""))
        if self.sheet:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        elif self.cell:
            parts.append(self.cell)
        if self.field and not self.sheet:
            parts.append(f"trường '{self.field}'")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """Only the parts that are set."""
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found: pure data.

    Build one with :func:`reportgen.messages.make_finding` (severity from the catalogue) and
    render its text with :func:`reportgen.messages.message_text`; the catalogue sits above
    this module, never below it.
    """

    code: str
    severity: Severity
    location: Location = field(default_factory=Location)
    value: str | None = None
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """Inverse of :func:`reportgen.messages.finding_dict` (the message is re-rendered, not stored)."""
        return cls(
            code=data["code"],
            severity=Severity(data["severity"]),
            location=Location(**data.get("location", {})),
            value=data.get("value"),
            params=MappingProxyType(dict(data.get("params", {}))),
        )


def count(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings) in ``findings``."""
    errors = warnings = 0
    for f in findings:
        if f.severity is Severity.ERROR:
            errors += 1
        elif f.severity is Severity.WARNING:
            warnings += 1
    return errors, warnings


def verdict_of(findings: Iterable[Finding]) -> Verdict:
    """Rejected with any error, accepted with warnings with any warning, else accepted."""
    errors, warnings = count(findings)
    if errors:
        return Verdict.REJECTED
    return Verdict.ACCEPTED_WITH_WARNINGS if warnings else Verdict.ACCEPTED
