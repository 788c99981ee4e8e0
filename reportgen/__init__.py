"""reportgen: unit workbooks in, the consolidated review report out.

Glossary (identifiers are English; everything users read is Vietnamese):

review
    One exercise such as "sơ kết 5 năm Nghị quyết 11-NQ/TU": defined once in
    ``templates/<review>/`` (``review.yaml`` + ``units.csv``) and loaded as a :class:`Review`.
unit
    A reporting body (quận, huyện, thị xã, sở/ngành…) that fills one workbook.
indicator
    A number (or yes/no, choice, text) asked of units per year; ratio indicators are computed
    from a numerator and a denominator indicator.
blank workbook
    The ``.xlsx`` we hand each unit: pre-filled, protected, validated, with a very hidden
    metadata sheet whose *cell map* says what every input cell holds.
submission
    A workbook a unit sent back, read into typed values plus findings.
finding
    Something a check found: a stable code, a severity, a location, a message.
dataset
    The accepted submissions merged, with aggregates and provenance.
report template
    The DOCX (docxtpl) or HTML (WeasyPrint) skeleton the report is rendered from.

Pipeline, one package per stage: definition → blank → intake → store → consolidate → render; the
CLI (and later the web portal) are thin shells over these.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.blank import make_blanks
    from reportgen.definition import Review, check_review, load_review
    from reportgen.errors import ReportgenError
    from reportgen.findings import Finding, Location, Severity, Verdict

# Loaded on first use (PEP 562): ``import reportgen`` costs milliseconds, not 0.3 s, so the
# command line can catch Ctrl-C from its first moment (see reportgen/__main__.py).
_HOME = {
    "Finding": "reportgen.findings",
    "Location": "reportgen.findings",
    "ReportgenError": "reportgen.errors",
    "Review": "reportgen.definition",
    "Severity": "reportgen.findings",
    "Verdict": "reportgen.findings",
    "check_review": "reportgen.definition",
    "load_review": "reportgen.definition",
    "make_blanks": "reportgen.blank",
}


def __getattr__(name: str) -> Any:
    """The public names, imported when first asked for."""
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")


__all__ = [
    "Finding",
    "Location",
    "ReportgenError",
    "Review",
    "Severity",
    "Verdict",
    "check_review",
    "load_review",
    "make_blanks",
]
__version__ = "0.1.0"
