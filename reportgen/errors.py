"""Exceptions for "cannot go on", in one tree, each with an exit code.

A problem in the *data* (a bad cell, a late file) is a :class:`~reportgen.findings.Finding`
and the work goes on. A problem that stops the *work* is one of these::

    * ReportgenError                  exit 1   base class; the CLI prints .message, never a traceback
      + DefinitionError               exit 3   the review definition is broken (carries findings)
      + ProjectError                  exit 4   a path, folder or file the work needs is missing/unusable
      + InputFileError                exit 5   a file given on the command line cannot be used at all
      + TemplateError                 exit 6   a report template is broken (names the template)
      + StoreError                    exit 7   the submission store cannot be read or written
      + MissingDependencyError        exit 8   an optional library or program is not installed

Exit code 2 is kept for usage errors (click's own convention).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.findings import Finding

__all__ = [
    "EXIT_CODES",
    "DefinitionError",
    "InputFileError",
    "MissingDependencyError",
    "ProjectError",
    "ReportgenError",
    "StoreError",
    "TemplateError",
]


class ReportgenError(Exception):
    """Base class: the work cannot go on. ``message`` is Vietnamese and shown to the user."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DefinitionError(ReportgenError):
    """The review definition (``templates/<review>/``) has errors; ``findings`` lists them all."""

    exit_code = 3

    def __init__(self, message: str, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.findings = tuple(findings)


class ProjectError(ReportgenError):
    """A folder or file the work needs is missing or unusable."""

    exit_code = 4


class InputFileError(ReportgenError):
    """A file named on the command line cannot be used at all."""

    exit_code = 5


class TemplateError(ReportgenError):
    """A report template is broken; the message names the template and the text around the fault."""

    exit_code = 6


class StoreError(ReportgenError):
    """The submission store cannot be read or written."""

    exit_code = 7


class MissingDependencyError(ReportgenError):
    """An optional library or external program is not installed."""

    exit_code = 8


EXIT_CODES: dict[type[ReportgenError], int] = {
    cls: cls.exit_code
    for cls in (
        ReportgenError,
        DefinitionError,
        ProjectError,
        InputFileError,
        TemplateError,
        StoreError,
        MissingDependencyError,
    )
}
