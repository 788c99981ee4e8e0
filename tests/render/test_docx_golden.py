"""The DOCX as a golden file, compared part by part after normalisation (`pytest --accept`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportgen.render.docx import render_docx
from reportgen.render.model import ReportContext
from tests.normalize import normalized_ooxml

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "report-party.docx.txt"


def _small(context: ReportContext) -> ReportContext:
    """Three rows per appendix table, two opinion groups of two excerpts: every construct, but
    small enough to review a diff of."""
    appendices = tuple(
        replace(a, tables=tuple(replace(t, rows=t.rows[:3]) for t in a.tables))
        for a in context.appendices
    )
    opinions = tuple(replace(g, excerpts=g.excerpts[:2]) for g in context.opinions[:2])
    return replace(context, appendices=appendices, opinions=opinions)


def test_docx_matches_the_golden_file(context: ReportContext, tmp_path: Path, accept: bool) -> None:
    path = render_docx(_small(context), tmp_path / "bao-cao.docx")
    text = normalized_ooxml(path)
    if accept:
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), (
        "chưa có tệp mẫu: chạy pytest --accept rồi mở DOCX trong Word/LibreOffice"
    )
    assert text == GOLDEN.read_text(encoding="utf-8"), "DOCX đổi: xem lại rồi chạy pytest --accept"


def test_rendering_twice_gives_the_same_normalised_package(
    context: ReportContext, tmp_path: Path
) -> None:
    small = _small(context)
    first = normalized_ooxml(render_docx(small, tmp_path / "a.docx"))
    second = normalized_ooxml(render_docx(small, tmp_path / "b.docx"))
    assert first == second
