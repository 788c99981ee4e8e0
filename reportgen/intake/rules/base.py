"""What every rule shares: the rule type, the tag naming its codes, and text normalisation."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from reportgen.findings import Finding
from reportgen.intake.context import Context
from reportgen.intake.identify import text_of

__all__ = ["Rule", "norm", "tag"]

Rule = Callable[[Context], Iterator[Finding]]


def tag(*codes: str) -> Callable[[Rule], Rule]:
    """Mark a rule with the finding codes it may yield (checked against the catalogue)."""

    def mark(fn: Rule) -> Rule:
        fn.codes = codes  # type: ignore[attr-defined]
        return fn

    return mark


def norm(text: object) -> str:
    """A header or key as compared: case-folded, ``*`` (required mark) dropped, spaces squeezed."""
    return " ".join(text_of(text).casefold().replace("*", " ").split())
