"""Dataset → ReportContext: pre-formatted text in the style of the issuing body."""

from __future__ import annotations

import dataclasses
import datetime as dt

from reportgen.consolidate.model import Dataset
from reportgen.definition import Review
from reportgen.definition.model import Better, Target
from reportgen.render.collation import vn_sort_key
from reportgen.render.context import build_context
from reportgen.render.marks import example, unmark
from reportgen.render.model import ReportContext
from reportgen.render.values import assess, trend_sentence, versus


def test_party_header_has_number_without_colon_and_place_date(context: ReportContext) -> None:
    h = context.header
    assert (h.issuer, h.number_line, h.national) == (
        "THÀNH ỦY HÀ NỘI",
        "Số 123-BC/TU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    )
    assert h.place_date == "Hà Nội, ngày 15 tháng 12 năm 2022"
    assert h.type_name == "BÁO CÁO" and h.draft_mark == ""


def test_party_summary_starts_lower_case_with_a_comma_before_the_date(
    context: ReportContext,
) -> None:
    assert context.header.summary.startswith(
        "sơ kết 5 năm thực hiện Nghị quyết số 11-NQ/TU, ngày 31/5/2017 của Thành ủy Hà Nội về tăng cường"
    )


def test_state_style_uses_colon_capital_and_no_comma(state_dataset: Dataset) -> None:
    ctx = build_context(state_dataset, number="45", report_date=dt.date(2022, 12, 5), draft=True)
    h = ctx.header
    assert h.number_line == "Số: 45/BC-UBND"
    assert h.motto == "Độc lập - Tự do - Hạnh phúc"
    assert h.place_date == "Hà Nội, ngày 05 tháng 12 năm 2022"
    assert h.summary.startswith("Sơ kết 5 năm thực hiện Nghị quyết số 11-NQ/TU ngày 31/5/2017")
    assert h.draft_mark == "DỰ THẢO"
    assert [p.heading.split(" ")[0] for p in ctx.parts] == ["I.", "II.", "III.", "IV.", "V."]


def test_party_parts_are_numbered_with_roman_numerals_and_a_hyphen(context: ReportContext) -> None:
    assert [p.heading.split(" ")[0] for p in context.parts] == ["I-", "II-", "III-", "IV-", "V-"]
    assert (
        context.parts[0].heading
        == "I- CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT, TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT"
    )


def test_without_a_number_the_number_is_left_blank_for_the_clerk(dataset: Dataset) -> None:
    assert build_context(dataset).header.number_line == "Số      -BC/TU"


def test_trend_sentence_is_written_from_first_and_last_value(review: Review) -> None:
    ratio = review.indicator_by_code["NM03"]
    assert (
        trend_sentence(ratio, [(2017, 78.5), (2020, 85.0), (2022, 91.2)])
        == "tăng từ 78,5% năm 2017 lên 91,2% năm 2022"
    )
    count = review.indicator_by_code["NM01"]
    assert (
        trend_sentence(count, [(2017, 2000), (2022, 1500)])
        == "giảm từ 2.000 hộ năm 2017 xuống 1.500 hộ năm 2022"
    )
    assert trend_sentence(count, [(2022, 1500)]) == ""


def test_result_against_target_honours_direction(review: Review) -> None:
    ratio = review.indicator_by_code["NM03"]
    target = Target(value=95, year=2022)
    # Judged on the exact value: 94,96% is short of 95% even though it prints as 95,0%.
    assert [assess(ratio, v, target) for v in (83.2, 95.0, 94.96, 95.04, 97.0)] == [
        "chưa đạt",
        "đạt",
        "chưa đạt",
        "đạt",
        "vượt",
    ]
    assert versus(ratio, 83.2, target) == "83,2%/95%"
    # ... and printed with the digits that show the gap, so the sentence never contradicts itself.
    assert versus(ratio, 94.96, target) == "94,96%/95%"
    assert versus(ratio, 49.96, Target(value=50, year=2022)) == "49,96%/50%"
    pm25 = review.indicator_by_code["KK03"]
    lower = Target(value=40, year=2022, better=Better.LOWER)
    assert [assess(pm25, v, lower) for v in (35.0, 45.5)] == ["vượt", "chưa đạt"]
    assert versus(pm25, 45.5, lower) == "45,5/40 µg/m³"


def test_indicator_results_carry_coverage_and_a_sentence(dataset: Dataset) -> None:
    draft = build_context(dataset, number="123", draft=True)
    results = {r.code: r for p in draft.parts for s in p.subsections for r in s.indicators}
    nm03 = results["NM03"]
    assert nm03.coverage == "30/30 đơn vị"
    # The Hanoi targets are examples: marked (highlighted) in a draft.
    assert nm03.target == example("95%")
    assert nm03.sentence.startswith(
        "Tỷ lệ hộ dân được cấp nước sạch từ hệ thống cấp nước tập trung tăng từ "
    )
    assert unmark(nm03.versus).endswith("/95%") and nm03.assessment in ("đạt", "vượt", "chưa đạt")


def test_a_final_report_judges_nothing_against_an_example_target(
    context: ReportContext, dataset: Dataset
) -> None:
    results = {r.code: r for p in context.parts for s in p.subsections for r in s.indicators}
    nm03 = results["NM03"]
    assert (nm03.target, nm03.versus, nm03.assessment) == ("", "", "")
    assert "mục tiêu" not in nm03.sentence
    # …while a real target is still judged in the same final report.
    real = dataclasses.replace(
        dataset,
        review=dataset.review.model_copy(
            update={
                "indicators": tuple(
                    i.model_copy(update={"target": i.target.model_copy(update={"example": False})})
                    if i.target
                    else i
                    for i in dataset.review.indicators
                )
            }
        ),
    )
    judged = build_context(real, number="123")
    nm03 = {r.code: r for p in judged.parts for s in p.subsections for r in s.indicators}["NM03"]
    assert nm03.target == "95%" and nm03.versus.endswith("/95%") and nm03.assessment


def test_leadership_counts_documents_by_kind(context: ReportContext, dataset: Dataset) -> None:
    docs = [e for e in dataset.entries if e.list == "van-ban"]
    units = len({e.unit_code for e in docs})
    first = context.parts[0].paragraphs[0]
    assert first.startswith(f"Có {units}/36 đơn vị đã ban hành {len(docs)} văn bản lãnh đạo")
    assert "gồm: " in first


def test_appendices_are_numbered_and_wide_ones_landscape(context: ReportContext) -> None:
    assert [(a.number, a.landscape) for a in context.appendices] == [
        ("1", True),
        ("2", True),
        ("3", True),
        ("4", True),
        ("5", False),
    ]
    assert (
        context.appendices[0].subtitle
        == "(Kèm theo Báo cáo số 123-BC/TU, ngày 15/12/2022 của Thành ủy Hà Nội)"
    )


def test_units_are_listed_in_vietnamese_alphabetical_order(context: ReportContext) -> None:
    status = context.appendices[-1].tables[0]
    names = [row.cells[1].text for row in status.rows]
    assert names == sorted(names, key=vn_sort_key)
    by_unit = context.appendices[1].tables[0]
    districts = [r.cells[1].text for r in by_unit.rows if r.kind == "data"][:12]
    assert districts[:5] == [
        "Quận Ba Đình",
        "Quận Bắc Từ Liêm",
        "Quận Cầu Giấy",
        "Quận Đống Đa",
        "Quận Hà Đông",
    ]


def test_unit_table_has_subtotals_per_kind_and_a_total(context: ReportContext) -> None:
    rows = context.appendices[1].tables[0].rows
    assert [r.cells[1].text for r in rows if r.kind not in ("data", "group")] == [
        "Cộng quận",
        "Cộng huyện",
        "Cộng thị xã",
        "Cộng sở, ngành",
        "Tổng cộng",
    ]


def test_a_unit_that_sent_nothing_is_named_as_such_in_the_unit_table(
    context: ReportContext,
) -> None:
    names = [r.cells[1].text for r in context.appendices[1].tables[0].rows if r.kind == "data"]
    missing = [n for n in names if n.endswith("(chưa nộp)")]
    assert len(missing) == 2


def test_submission_status_counts_each_state(context: ReportContext) -> None:
    assert context.appendices[-1].note == "Chưa nộp: 2; Đã nộp: 31; Nộp muộn: 3."


def test_opinions_are_grouped_by_section_with_unit_names(context: ReportContext) -> None:
    first = context.opinions[0]
    # One heading scheme: the annex numbers its groups like the body's subsections.
    assert first.heading.startswith("1. Công tác lãnh đạo")
    assert len(first.excerpts) == 34 and first.excerpts[0].unit == "Huyện Ba Vì"


def test_chart_specs_give_trend_against_target(context: ReportContext, dataset: Dataset) -> None:
    draft = build_context(dataset, number="123", draft=True)
    trend = draft.chart("trend-NM03")
    assert trend is not None and trend.kind == "trend" and trend.target == 95
    assert trend.target_label == "Mục tiêu (ví dụ)"  # the Hanoi targets are examples
    assert trend.labels == ("2017", "2018", "2019", "2020", "2021", "2022")
    ranking = draft.chart("ranking-NM03")
    assert ranking is not None and len(ranking.labels) == 30
    assert list(ranking.values) == sorted(ranking.values, reverse=True)  # type: ignore[type-var]
    # A final report keeps the chart and leaves out the example target line.
    final = context.chart("trend-NM03")
    assert final is not None and final.target is None and final.values == trend.values


def test_periodic_single_year_review_is_worded_for_its_year() -> None:
    from pathlib import Path

    from reportgen.definition import load_review
    from reportgen.demo.synthetic import synthetic_dataset

    review = load_review(Path(__file__).resolve().parents[2] / "templates" / "kh512-dong-nam-bo")
    ctx = build_context(synthetic_dataset(review), number="88")
    assert ctx.header.number_line == "Số: 88/BC-BTNMT"
    # The title ends "tầm nhìn đến năm 2045": the report's year goes before the citation.
    assert ctx.header.summary.startswith(
        "Tình hình năm 2023 thực hiện Kế hoạch số 512-KH/BCSĐTNMT ngày 14/6/2023"
    )
    assert "năm 2045 năm 2023" not in ctx.header.summary + ctx.opening
    assert ctx.opening.startswith("Thực hiện chế độ báo cáo định kỳ về tình hình năm 2023")
    assert ctx.opening.endswith("báo cáo kết quả năm 2023 như sau:")
    assert ctx.appendices[0].title == "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2023"
    # A list that is not about documents is counted, not "issued".
    assert ctx.parts[0].paragraphs[0].startswith("Danh mục nhiệm vụ, đề án: ")


def test_the_opening_cites_the_plan_that_ordered_the_review(dataset: Dataset) -> None:
    # The Hanoi basis is an example (basis_example: true): a real one is cited as given.
    real = dataclasses.replace(
        dataset, review=dataset.review.model_copy(update={"basis_example": False})
    )
    opening = build_context(real).opening
    assert opening.startswith(
        "Thực hiện Kế hoạch số 170-KH/TU, ngày 15/8/2022 của Ban Thường vụ Thành ủy về sơ kết"
    )
    assert "trên cơ sở báo cáo của" in opening
