"""Dataset + report template → DOCX and PDF.

The two entry points are loaded on first use: a PDF child process imports
``reportgen.render.pdf_engine`` alone, and must not pay for the context's imports (the
consolidation, the store, SQLAlchemy, pydantic: about 0,6 s of CPU per child).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.render.context import build_context
    from reportgen.render.report import render_report

__all__ = ["build_context", "render_report"]


def __getattr__(name: str) -> Any:
    if name == "build_context":
        from reportgen.render.context import build_context

        return build_context
    if name == "render_report":
        from reportgen.render.report import render_report

        return render_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
