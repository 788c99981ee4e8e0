"""Dataset + report template → DOCX and PDF."""

from __future__ import annotations

from reportgen.render.context import build_context
from reportgen.render.report import render_report

__all__ = ["build_context", "render_report"]
