"""Wording a clerk would write: one-year reviews, zero counts, like-for-like trends, examples."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path

import pytest

from reportgen.consolidate.model import ALL, Dataset
from reportgen.definition import Review, load_review
from reportgen.definition.model import Indicator
from reportgen.demo.synthetic import synthetic_dataset
from reportgen.render.context import build_context
from reportgen.render.docx import render_docx
from reportgen.render.pdf import render_html
from reportgen.render.values import format_target
from reportgen.store.status import UnitState

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kh512() -> Review:
    return load_review(ROOT / "templates" / "kh512-dong-nam-bo")


def _docx_text(path: Path) -> str:
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_a_one_year_review_reads_as_one_year_in_the_rendered_docx(
    kh512: Review, tmp_path: Path
) -> None:
    dataset = synthetic_dataset(kh512)
    context = build_context(dataset, number="5", draft=True)
    text = _docx_text(render_docx(context, tmp_path / "bao-cao.docx"))
    for wrong in ("năm 2045 năm 2023", "năm năm", "2023–2023", "Có 0/", " 0 đơn vị"):
        assert wrong not in text, wrong
    assert "Kinh phí bố trí thực hiện trong năm 2023 đạt" in text
    # No one-point trend chart: each target gets its comparison between units instead.
    assert [c.kind for c in context.chart_specs] == ["ranking"] * 3
    # A 2030 target in a 2023 report is cited, not judged.
    assert "mục tiêu đến năm 2030 là 100%" in text
    assert "chưa đạt mục tiêu" not in text


def test_zero_counts_are_written_out_in_words(kh512: Review) -> None:
    dataset = synthetic_dataset(kh512)
    on_time = tuple(
        dataclasses.replace(s, state=UnitState.ON_TIME, submission_id=s.submission_id or 1)
        for s in dataset.statuses
    )
    every = dataclasses.replace(dataset, statuses=on_time)
    paragraphs = [p for part in build_context(every).parts for p in part.paragraphs]
    reporting = next(p for p in paragraphs if p.startswith("Về chế độ báo cáo"))
    assert reporting == "Về chế độ báo cáo: cả 8 đơn vị đã gửi báo cáo, đúng hạn."


def test_a_trend_compares_the_same_units_both_years(hanoi: Review) -> None:
    dataset = synthetic_dataset(hanoi)
    # One district leaves NM01 empty in 2017: the city totals cover 29 and 30 districts.
    dropped = next(p for p in dataset.points if p.indicator == "NM01" and p.year == 2017)
    points = tuple(p for p in dataset.points if p is not dropped)
    partial = Dataset(
        review=dataset.review,
        statuses=dataset.statuses,
        points=points,
        aggregates=tuple(
            dataclasses.replace(
                a,
                value=(a.value or 0) - (dropped.value or 0),  # type: ignore[operator]
                units_reported=a.units_reported - 1,
            )
            if (a.indicator, a.year, a.scope) == ("NM01", 2017, ALL)
            else a
            for a in dataset.aggregates
        ),
        narratives=dataset.narratives,
        entries=dataset.entries,
        submitted_units=dataset.submitted_units,
    )
    context = build_context(partial)
    sentence = next(
        r.sentence
        for p in context.parts
        for s in p.subsections
        for r in s.indicators
        if r.code == "NM01"
    )
    assert "so với năm 2017, tính trên 29/30 đơn vị có số liệu cả hai năm: tăng từ" in sentence
    assert sentence.startswith(
        "Số hộ dân được cấp nước sạch từ hệ thống cấp nước tập trung năm 2022 đạt"
    )
    # The like-for-like 2022 figure leaves out the district that has no 2017 value.
    last_all = partial.aggregate("NM01", 2022)
    assert last_all is not None
    unit_2022 = partial.value(dropped.unit_code, "NM01", 2022)
    assert isinstance(unit_2022, int)
    expected = f"{int(last_all.value or 0) - unit_2022:,}".replace(",", ".")
    assert f"lên {expected} hộ năm 2022" in sentence


def test_example_values_are_highlighted_in_a_draft_and_absent_from_a_final(
    hanoi: Review, tmp_path: Path
) -> None:
    dataset = synthetic_dataset(hanoi)
    assert hanoi.basis_example and hanoi.basis
    draft = build_context(dataset, draft=True)
    final = build_context(dataset)
    html = render_html(draft)
    marked = [
        re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<mark class="example">(.*?)</mark>', html)
    ]
    # The basis, then every example target (in the text and in Phụ lục 1), each highlighted.
    targets = {t for i in hanoi.indicators if i.target for t in _target_texts(i)}
    assert marked[0] == hanoi.basis and len(marked) > 1 and set(marked[1:]) <= targets
    assert "\ue000" not in html and "\ue001" not in html  # no mark character reaches the PDF
    docx = render_docx(draft, tmp_path / "du-thao.docx")
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    # A highlighted run holds the whole basis (its symbols' hyphens are non-breaking).
    runs = re.findall(
        r"<w:r><w:rPr>(?:(?!</w:rPr>).)*<w:highlight w:val=\"yellow\"/>.*?</w:r>", xml
    )
    texts = [
        "".join(
            m.group(1) if m.group(1) is not None else "-"
            for m in re.finditer(r"<w:t[^>]*>([^<]*)</w:t>|<w:noBreakHyphen/>", run)
        )
        for run in runs
    ]
    assert texts[0] == hanoi.basis and set(texts[1:]) <= targets and len(texts) == len(marked)
    assert "(số, ngày ví dụ)" not in html + xml
    for text in (final.opening, render_html(final)):
        assert "170-KH/TU" not in text and "<mark" not in text
    final_xml = zipfile.ZipFile(render_docx(final, tmp_path / "chinh-thuc.docx")).read(
        "word/document.xml"
    )
    assert b"w:highlight" not in final_xml and "Mục tiêu tô nền vàng".encode() not in final_xml
    assert final.opening.startswith("Thực hiện yêu cầu sơ kết 5 năm thực hiện Nghị quyết")


def _target_texts(indicator: Indicator) -> tuple[str, ...]:
    assert indicator.target is not None
    return (
        format_target(indicator, indicator.target.value),
        format_target(indicator, indicator.target.value, with_unit=True),
    )
