"""Report contexts and rendered PDFs shared by the PDF tests (rendered once per test run).

WeasyPrint takes seconds per document, so each case is rendered once and cached here (pytest
fixtures of one module are not shared with another); files go to a temporary folder removed
at exit.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from reportgen.definition import Review, load_review
from reportgen.definition.model import DocStyle
from reportgen.demo.synthetic import synthetic_dataset
from reportgen.render.charts import chart_svg
from reportgen.render.context import build_context
from reportgen.render.docx import render_docx
from reportgen.render.model import ReportContext
from reportgen.render.pdf import render_pdf

ROOT = Path(__file__).resolve().parents[2]
HANOI = ROOT / "templates" / "nq11-moi-truong"
CHART_KEYS = ("trend-NM03", "ranking-NM03")  # two charts are enough to test placement


@cache
def _out() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="reportgen-pdf-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@cache
def party_context() -> ReportContext:
    """The Hanoi example (Party style) with the annex of unit texts cut to one section."""
    context = build_context(synthetic_dataset(load_review(HANOI)), number="123")
    return replace(context, opinions=context.opinions[:1])


def state_twin(review: Review) -> Review:
    """The same review issued by the city People's Committee (NĐ 30 format)."""
    issuer = review.issuer.model_copy(
        update={
            "name": "Ủy ban nhân dân thành phố Hà Nội",
            "style": DocStyle.STATE,
            "number_pattern": "{number}/BC-UBND",
            "signer": review.issuer.signer.model_copy(
                update={"authority": "TM. Ủy ban nhân dân", "position": "Chủ tịch"}
            ),
            "recipients": ("Thường trực Thành ủy;", "Lưu: VT, TH."),
        }
    )
    return review.model_copy(update={"issuer": issuer})


@cache
def state_context() -> ReportContext:
    """The same review issued by the People's Committee (NĐ 30), as a draft, body + status annex."""
    review = state_twin(load_review(HANOI))
    context = build_context(synthetic_dataset(review), number="45", draft=True)
    return replace(context, opinions=(), appendices=context.appendices[-1:], chart_specs=())


@cache
def party_charts() -> dict[str, str]:
    context = party_context()
    return {key: chart_svg(spec) for key in CHART_KEYS if (spec := context.chart(key))}


@cache
def party_pdf() -> Path:
    return render_pdf(
        party_context(), _out() / "party.pdf", charts_svg=party_charts(), uncompressed=True
    )


@cache
def party_docx() -> Path:
    return render_docx(party_context(), _out() / "party.docx")


@cache
def state_pdf() -> Path:
    return render_pdf(state_context(), _out() / "state.pdf", uncompressed=True)
