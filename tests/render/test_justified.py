"""The annex "GIẢI TRÌNH CỦA CÁC ĐƠN VỊ" in the DOCX and the PDF, from a real store."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import docx
import pdfplumber

from reportgen.consolidate import read_dataset
from reportgen.consolidate.model import Dataset
from reportgen.definition import Review
from reportgen.project import Project
from reportgen.render import render_report
from reportgen.render.context import build_context
from reportgen.render.docx import render_docx
from reportgen.render.model import ReportContext
from reportgen.render.pdf import render_html
from reportgen.store import open_store
from tests.justified_store import AT_FORMULA, HOSTILE, OLD_TEXT, PLUS_PHONE, store_justified
from tests.render.pdf_cases import state_twin

TITLE = "GIẢI TRÌNH CỦA CÁC ĐƠN VỊ"
XT07 = "Số tiền xử phạt vi phạm hành chính về bảo vệ môi trường, năm 2022: 1.234,5 triệu đồng"
CT04 = "theo quy định, năm 2022: 95,0%"  # one precision per indicator: percents 1 decimal


def _dataset(project: Path, review: Review) -> Dataset:
    store_justified(project, review)
    with open_store(Project(project), review) as store:
        return read_dataset(store, review, generated_at=dt.datetime(2022, 12, 10, tzinfo=dt.UTC))


def _annex(paragraphs: list[str]) -> list[str]:
    start = paragraphs.index(TITLE)
    end = next(i for i in range(start, len(paragraphs)) if paragraphs[i].startswith("Phụ lục"))
    return [p for p in paragraphs[start:end] if p.strip()]


def test_context_groups_units_alphabetically_with_the_printed_figure(
    project: Path, hanoi: Review
) -> None:
    context = build_context(_dataset(project, hanoi))
    assert context.justifications_title == TITLE
    assert [g.heading for g in context.justifications] == ["1. Quận Ba Đình", "2. Quận Hoàn Kiếm"]
    ba_dinh, hoan_kiem = context.justifications
    assert [e.text for e in ba_dinh.entries] == [HOSTILE, AT_FORMULA]
    assert ba_dinh.entries[0].figure == XT07
    assert ba_dinh.entries[1].figure.endswith(CT04)
    assert [e.text for e in hoan_kiem.entries] == [PLUS_PHONE]


def test_docx_and_pdf_carry_the_annex_with_figures_and_literal_texts(
    project: Path, hanoi: Review, tmp_path: Path
) -> None:
    dataset = _dataset(project, hanoi)
    docx_path, pdf_path = render_report(dataset, tmp_path / "out", ("docx", "pdf"))

    annex = _annex([p.text for p in docx.Document(str(docx_path)).paragraphs])
    assert annex[0] == TITLE and annex[1].startswith("(Kèm theo Báo cáo số")
    assert annex[2:] == [
        "1. Quận Ba Đình",
        f"{XT07}. Giải trình: {HOSTILE}",  # {{ 7*7 }} is not evaluated, nothing is a field
        annex[4],
        "2. Quận Hoàn Kiếm",
        annex[6],
    ]
    assert annex[4].endswith(f"{CT04}. Giải trình: {AT_FORMULA}")  # line break kept (w:br)
    assert annex[6].endswith(f"95,0%. Giải trình: {PLUS_PHONE}")
    assert OLD_TEXT not in "\n".join(annex)

    with pdfplumber.open(pdf_path) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    [page] = [t for t in pages if TITLE in t]
    flat = " ".join(page.split())
    assert "1. Quận Ba Đình" in flat and "2. Quận Hoàn Kiếm" in flat
    assert f"{XT07}. Giải trình: {HOSTILE}" in flat
    assert "Giải trình: @SUM(A1:A2) là tổng đúng Dòng thứ hai" in flat
    assert PLUS_PHONE in flat
    assert flat.index("Quận Ba Đình") < flat.index("Quận Hoàn Kiếm")


def test_html_escapes_unit_text(project: Path, hanoi: Review) -> None:
    page = render_html(build_context(_dataset(project, hanoi)))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page


def test_state_docx_has_the_annex_too(project: Path, hanoi: Review, tmp_path: Path) -> None:
    state = state_twin(hanoi)
    dataset = dataclasses.replace(_dataset(project, hanoi), review=state)
    path = render_docx(build_context(dataset), tmp_path / "state.docx")
    annex = _annex([p.text for p in docx.Document(str(path)).paragraphs])
    assert annex[2] == "1. Quận Ba Đình" and annex[3] == f"{XT07}. Giải trình: {HOSTILE}"


def test_left_out_when_no_unit_justified(context: ReportContext, party_docx: Path) -> None:
    assert context.justifications == ()
    assert TITLE not in render_html(context)
    assert TITLE not in [p.text for p in docx.Document(str(party_docx)).paragraphs]
