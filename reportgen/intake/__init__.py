"""Submitted file → Submission + findings.

:func:`check_file` reads a file safely (:mod:`.guard`, :mod:`.read`), identifies its review and
unit (:mod:`.identify`), parses every input cell (:mod:`.parse`) and runs the rules
(:mod:`.rules`, :mod:`.validate`); :func:`annotate` writes the annotated copy and HTML page
sent back to the unit (:mod:`.feedback`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.intake.check import check_file, check_files, inspect_file, spreadsheets_in
from reportgen.intake.model import IndicatorValue, ListRow, Reporter, SectionText, Submission
from reportgen.intake.validate import Validated

if TYPE_CHECKING:
    from reportgen.intake.feedback import AnnotatedCopy, annotate

__all__ = [
    "AnnotatedCopy",
    "IndicatorValue",
    "ListRow",
    "Reporter",
    "SectionText",
    "Submission",
    "Validated",
    "annotate",
    "check_file",
    "check_files",
    "inspect_file",
    "spreadsheets_in",
]


def __getattr__(name: str) -> Any:
    """The annotated copy (Jinja2, the blank writer) is imported on first use, not by a check."""
    if name in ("AnnotatedCopy", "annotate"):
        from reportgen.intake import feedback

        return getattr(feedback, name)
    raise AttributeError(f"module 'reportgen.intake' has no attribute {name!r}")
