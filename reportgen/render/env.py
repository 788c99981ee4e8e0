"""The sandboxed Jinja environment and report-template lookup shared by DOCX and HTML.

A review's own files in ``templates/<review>/`` (``report.docx``, ``report.html``,
``report.css``) win over the built-ins in ``reportgen/render/defaults/``; an HTML template
reaches a built-in with ``{% extends "default:report.html" %}`` (datasette's convention).
Templates are authored by people outside the team, so they run in Jinja's sandbox: no access
to underscored attributes or to Python internals.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

from reportgen.render.filters import FILTERS
from reportgen.render.marks import html_finalize

__all__ = ["DEFAULTS", "builtin_docx", "docx_template", "make_environment", "template_file"]

DEFAULTS = Path(str(files("reportgen.render") / "defaults"))
"""Folder of the built-in report templates (package data)."""


def make_environment(
    review_dir: Path | None = None, *, autoescape: bool = True
) -> SandboxedEnvironment:
    """A sandboxed environment whose loader looks in ``review_dir`` first, then the built-ins.

    ``autoescape`` is for HTML; docxtpl escapes XML itself and wants it off.
    """
    builtin = FileSystemLoader(str(DEFAULTS))
    loaders: list[BaseLoader] = []
    if review_dir is not None:
        loaders.append(FileSystemLoader(str(review_dir)))
    loaders += [PrefixLoader({"default": builtin}, delimiter=":"), builtin]
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml"]) if autoescape else False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # HTML shows example values highlighted; docxtpl's output gets its own pass (docx.py).
        finalize=html_finalize if autoescape else None,
    )
    env.filters.update(FILTERS)
    return env


def builtin_docx(style: str) -> Path:
    """The built-in DOCX report template for ``style`` (``party`` or ``state``)."""
    with as_file(files("reportgen.render") / "defaults" / f"report-{style}.docx") as path:
        return Path(path)


def template_file(review_dir: Path | None, name: str) -> Path | None:
    """``review_dir/name`` if the review brings its own, else None."""
    if review_dir is not None and (review_dir / name).is_file():
        return review_dir / name
    return None


def docx_template(review_dir: Path | None, style: str) -> Path:
    """The DOCX template to use: the review's ``report.docx`` if any, else the built-in."""
    return template_file(review_dir, "report.docx") or builtin_docx(style)
