"""Dataset → :class:`ReportContext`, the one pre-formatted context both report templates read.

Wording follows the document's style (``review.issuer.style``): Party documents number parts
"I-", write "Số 123-BC/TU" and cite "Nghị quyết số 11-NQ/TU, ngày 31/5/2017"; State documents
number "I.", write "Số: 123/BC-UBND" and cite without the comma
(``../shared/ref/vn-document-format.md`` §1.4–1.5, §2.3–2.6). Units are listed in Vietnamese
alphabetical order.
"""

from __future__ import annotations

import datetime as dt
import re

from reportgen.consolidate.aggregate import like_for_like
from reportgen.consolidate.model import ALL, Dataset
from reportgen.definition.model import (
    ColumnType,
    DocStyle,
    Indicator,
    Review,
    ReviewKind,
    ValueType,
)
from reportgen.numbers import format_date_short, format_number, place_and_date, to_roman
from reportgen.render.appendix import build_appendices
from reportgen.render.charts_data import build_chart_specs
from reportgen.render.collation import vn_sorted
from reportgen.render.fit import fit_appendix
from reportgen.render.justified import justification_groups
from reportgen.render.lines import agency_lines, balanced_lines, document_number
from reportgen.render.marks import example, unmark, without_examples
from reportgen.render.measures import LANDSCAPE_TEXT_MM, PARTY, PORTRAIT_TEXT_MM, STATE
from reportgen.render.model import (
    Appendix,
    ChartSpec,
    Excerpt,
    Header,
    IndicatorResult,
    OpinionGroup,
    Part,
    ReportContext,
    Signature,
    Subsection,
)
from reportgen.render.values import (
    assess,
    format_value,
    target_text,
    trend_sentence,
    versus,
)
from reportgen.store.status import UnitState

__all__ = ["build_context"]

_NUMBER_PLACEHOLDER = "     "  # left blank for the văn thư to write the number by hand


def build_context(
    dataset: Dataset,
    *,
    report_date: dt.date | None = None,
    number: str | None = None,
    draft: bool = False,
) -> ReportContext:
    """The report context for ``dataset``; ``report_date`` defaults to ``review.report_due``."""
    review = dataset.review
    party = review.issuer.style is DocStyle.PARTY
    date = report_date or review.report_due
    header = _header(review, date, number, draft)
    # Charts are chosen on the definition's targets; a final one draws no example target line.
    charts = build_chart_specs(dataset, example_targets=draft)
    shown = dataset if draft else without_examples(dataset)
    left_out, dataset = shown is not dataset, shown
    parts = (
        _leadership(dataset, party, 1),
        _results(dataset, party, 2, charts),
        _assessment(dataset, party, 3, left_out),
        _directions(dataset, party, 4),
        _recommendations(dataset, party, 5),
    )
    return ReportContext(
        review_id=review.id,
        style=review.issuer.style.value,
        draft=draft,
        report_date=date.isoformat(),
        header=header,
        opening=_opening(dataset, party, draft),
        parts=parts,
        closing=_closing(review, party),
        signature=_signature(review, party),
        opinions_title="TỔNG HỢP Ý KIẾN CỦA CÁC ĐƠN VỊ",
        opinions=_opinions(dataset),
        appendices=_fitted(build_appendices(dataset, header.reference, party), party),
        chart_specs=charts,
        justifications=justification_groups(dataset),
    )


# -- header ------------------------------------------------------------------------------------


def _citation(review: Review, party: bool) -> str:
    """``Nghị quyết số 11-NQ/TU, ngày 31/5/2017 của Thành ủy Hà Nội về …`` (no comma: State)."""
    s = review.subject
    comma = "," if party else ""
    return (
        f"{s.kind} số {s.number}{comma} ngày {format_date_short(s.date)} của {s.issuer} {s.title}"
    )


def _summary(review: Review, party: bool) -> str:
    text = _what(review, party)
    return text if party else text[:1].upper() + text[1:]


def _header(review: Review, date: dt.date, number: str | None, draft: bool) -> Header:
    issuer = review.issuer
    party = issuer.style is DocStyle.PARTY
    code = issuer.number_pattern.format(
        number=document_number(number) if number else _NUMBER_PLACEHOLDER
    )
    number_line = f"Số {code}" if party else f"Số: {code}"
    comma = "," if party else ""
    m = PARTY if party else STATE
    column = m.header_split_mm[0]
    summary = _summary(review, party)
    ref_number = issuer.number_pattern.format(number=document_number(number) if number else "…")
    return Header(
        style=issuer.style.value,
        superior=(issuer.superior or "").upper(),
        issuer=issuer.name.upper(),
        superior_lines=agency_lines(
            issuer.superior or "", issuer.superior_lines, width_mm=column, size_pt=m.superior_pt
        ),
        issuer_lines=agency_lines(
            issuer.name, issuer.name_lines, width_mm=column, size_pt=m.issuer_pt
        ),
        number_line=number_line,
        place_date=place_and_date(issuer.place, date),
        national="ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        motto="" if party else "Độc lập - Tự do - Hạnh phúc",
        type_name="BÁO CÁO",
        summary=summary,
        summary_lines=tuple(balanced_lines(summary, m.summary_width_mm, m.summary_pt).split("\n")),
        reference=f"Báo cáo số {ref_number}{comma} ngày {format_date_short(date)} của {issuer.name}",
        draft_mark="DỰ THẢO" if draft else "",
    )


def _fitted(appendices: tuple[Appendix, ...], party: bool) -> tuple[Appendix, ...]:
    """Appendix tables with room for their widest figure, at the one table size of the style."""
    m = PARTY if party else STATE
    return tuple(
        fit_appendix(
            a,
            (LANDSCAPE_TEXT_MM if a.landscape else PORTRAIT_TEXT_MM),
            m.table_pt,
        )
        for a in appendices
    )


def _heading(party: bool, index: int, title: str) -> str:
    sep = "-" if party else "."
    return f"{to_roman(index)}{sep} {title.upper()}"


# -- body --------------------------------------------------------------------------------------


def _counts(dataset: Dataset) -> tuple[int, int]:
    counted = sum(1 for s in dataset.statuses if s.state in (UnitState.ON_TIME, UnitState.LATE))
    return counted, len(dataset.review.units)


def _period_text(review: Review) -> str:
    """``năm 2023`` or ``giai đoạn 2017–2022``."""
    first, last = review.period.first_year, review.period.last_year
    return f"năm {last}" if first == last else f"giai đoạn {first}–{last}"


def _what(review: Review, party: bool) -> str:
    """``sơ kết 5 năm thực hiện Nghị quyết …`` / ``tình hình thực hiện Kế hoạch … năm 2023``."""
    years = review.period.last_year - review.period.first_year
    if review.kind is ReviewKind.DINH_KY:
        return _in_year(f"tình hình thực hiện {_citation(review, party)}", review.period.last_year)
    return f"{review.kind.label} {years} năm thực hiện {_citation(review, party)}"


_ENDS_WITH_YEAR = re.compile(r"năm \d{4}$")


def _in_year(what: str, year: int) -> str:
    """``… năm 2023``; after a title that already ends with a year ("tầm nhìn đến năm 2045"),
    ``… năm 2045 năm 2023`` would read as one date: the year goes before the citation instead.
    """
    if not _ENDS_WITH_YEAR.search(what):
        return f"{what} năm {year}"
    return what.replace("tình hình thực hiện ", f"tình hình năm {year} thực hiện ", 1)


def _name_in_year(name: str, year: int) -> str:
    """``Tỷ lệ … năm 2023``; ``Kinh phí … trong năm`` + 2023 → ``… trong năm 2023``."""
    return f"{name} {year}" if name.endswith(" năm") else f"{name} năm {year}"


def _opening(dataset: Dataset, party: bool, draft: bool) -> str:
    review = dataset.review
    counted, total = _counts(dataset)
    if review.basis and review.basis_example and draft:
        # An example number and date: highlighted in the draft, so no one mistakes it for
        # text of the report; a final report leaves it out (below).
        basis = f"Thực hiện {example(review.basis)}"
    elif review.basis and not review.basis_example:
        # The plan that ordered the review comes first, then what it asks for (as real
        # reports open: "Thực hiện Kế hoạch số …-KH/TU …, về sơ kết …").
        basis = f"Thực hiện {review.basis}"
    elif review.kind is ReviewKind.DINH_KY:
        basis = f"Thực hiện chế độ báo cáo định kỳ về {_what(review, party)}"
    else:
        basis = f"Thực hiện yêu cầu {_what(review, party)}"
    return (
        f"{basis}, trên cơ sở báo cáo của {counted}/{total} đơn vị (số liệu tính đến ngày "
        f"{format_date_short(review.cutoff_date)}), {review.issuer.name} báo cáo kết quả "
        f"{_period_text(review)} như sau:"
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _leadership(dataset: Dataset, party: bool, index: int) -> Part:
    """How many units issued documents and how many of each kind, from every list table."""
    review = dataset.review
    paragraphs: list[str] = []
    for table in review.lists:
        entries = [e for e in dataset.entries if e.list == table.code]
        units = len({e.unit_code for e in entries})
        if not entries:
            paragraphs.append(f"Chưa có đơn vị nào báo cáo {_lower_first(table.title)}.")
            continue
        choice = next((c for c in table.columns if c.type is ColumnType.CHOICE), None)
        if choice is None:
            paragraphs.append(
                f"{table.title}: {units}/{len(review.units)} đơn vị báo cáo "
                f"{format_number(len(entries), 0)} trường hợp."
            )
            continue
        counts = {c: 0 for c in choice.choices}
        for e in entries:
            kind = str(e.values.get(choice.code) or "Khác")
            counts[kind] = counts.get(kind, 0) + 1
        detail = ", ".join(
            f"{format_number(n, 0)} {_lower_first(k)}" for k, n in counts.items() if n
        )
        if "văn bản" in table.title.lower():
            text = (
                f"Có {units}/{len(review.units)} đơn vị đã ban hành {format_number(len(entries), 0)} "
                f"{_lower_first(table.title)}"
            )
        else:
            text = (
                f"{table.title}: {units}/{len(review.units)} đơn vị báo cáo "
                f"{format_number(len(entries), 0)} mục"
            )
        paragraphs.append(f"{text}, gồm: {detail}." if detail else f"{text}.")
    if not paragraphs:
        paragraphs.append("Các đơn vị chưa báo cáo văn bản lãnh đạo, chỉ đạo.")
    paragraphs.append("Danh mục chi tiết tại các phụ lục kèm theo.")
    title = next((s.title for s in review.sections if s.area is None), "Công tác lãnh đạo, chỉ đạo")
    return Part(
        number=to_roman(index), heading=_heading(party, index, title), paragraphs=tuple(paragraphs)
    )


def _series(dataset: Dataset, indicator: Indicator) -> list[tuple[int, float]]:
    out = []
    for year in dataset.review.years_of(indicator):
        agg = dataset.aggregate(indicator.code, year, ALL)
        if agg is not None and agg.value is not None:
            out.append((year, float(agg.value)))
    return out


def _trend(dataset: Dataset, indicator: Indicator) -> tuple[str, str]:
    """(trend, how it was compared) from the first to the last year with a value.

    When other units reported in the first year than in the last, the change is measured over
    the units that reported both years and the second text says so; otherwise it is empty.
    """
    series = _series(dataset, indicator)
    if len(series) < 2:
        return "", ""
    first, last = series[0][0], series[-1][0]
    pair = like_for_like(dataset, indicator, first, last)
    if pair.same_units:
        return trend_sentence(indicator, series), ""
    if not pair.units_common or pair.first.value is None or pair.last.value is None:
        return "", (
            f"chưa so sánh được với năm {first} vì không có đơn vị nào có số liệu cả năm "
            f"{first} và năm {last}"
        )
    trend = trend_sentence(
        indicator, [(first, float(pair.first.value)), (last, float(pair.last.value))]
    )
    basis = (
        f"so với năm {first}, tính trên {pair.units_common}/{pair.units_expected} đơn vị "
        f"có số liệu cả hai năm"
    )
    return trend, basis


def indicator_result(dataset: Dataset, indicator: Indicator) -> IndicatorResult:
    """One indicator's formatted result for the last year of the period."""
    review = dataset.review
    last = review.period.last_year
    agg = dataset.aggregate(indicator.code, last, ALL)
    value = None if agg is None or agg.value is None else float(agg.value)
    target = indicator.target
    target_value = value
    future = target is not None and target.year > last
    if target is not None and target.year < last:
        other = dataset.aggregate(indicator.code, target.year, ALL)
        target_value = None if other is None or other.value is None else float(other.value)
    coverage = f"{agg.units_reported}/{agg.units_expected} đơn vị" if agg else ""
    if indicator.type is ValueType.YES_NO:
        # "0/0 đơn vị" is no answer at all, not a count.
        shown = ""
        if agg is not None and agg.value is not None and agg.units_reported:
            shown = f"{format_number(agg.value, 0)}/{agg.units_reported} đơn vị"
    else:
        shown = format_value(indicator, value, with_unit=True)
    trend, basis = _trend(dataset, indicator)
    # A target for a later year (2030 in a 2023 report) is not judged yet: it is only cited.
    verdict = "" if future else assess(indicator, target_value, target)
    vs = "" if future else versus(indicator, target_value, target)
    target_shown = target_text(indicator, with_unit=True)
    parts = _Sentence(indicator, last, shown, trend, basis, coverage)
    if target is not None and future:
        parts.target = f"mục tiêu đến năm {target.year} là {target_shown}"
    elif verdict:
        parts.target = f"{verdict} mục tiêu đề ra ({vs})"
    elif target is not None:
        parts.target = "chưa đủ số liệu để so với mục tiêu"
    return IndicatorResult(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        year=str(last),
        value=shown,
        trend=trend,
        target=target_shown,
        versus=vs,
        assessment=verdict,
        coverage=coverage,
        sentence=parts.text(),
    )


class _Sentence:
    """The paragraph of one indicator, put together from its pieces."""

    def __init__(
        self,
        indicator: Indicator,
        year: int,
        shown: str,
        trend: str,
        basis: str,
        coverage: str,
    ) -> None:
        self.indicator, self.year, self.shown = indicator, year, shown
        self.trend, self.basis, self.coverage = trend, basis, coverage
        self.target = ""

    def text(self) -> str:
        name, year = self.indicator.name, self.year
        if not self.shown:
            return f"{_name_in_year(name, year)}: chưa có số liệu."
        coverage = f" (số liệu của {self.coverage})" if self.coverage else ""
        target = f", {self.target}" if self.target else ""
        if self.trend and not self.basis:
            # The same units both years: the change is the indicator's own.
            return f"{name} {self.trend}{target}{coverage}."
        text = f"{_name_in_year(name, year)} đạt {self.shown}{target}{coverage}"
        if self.basis:
            text += f"; {self.basis}" + (f": {self.trend}" if self.trend else "")
        return text + "."


def _results(dataset: Dataset, party: bool, index: int, charts: tuple[ChartSpec, ...]) -> Part:
    review = dataset.review
    subsections = []
    for n, area in enumerate(review.areas, start=1):
        results = tuple(
            indicator_result(dataset, i)
            for i in review.indicators
            if i.area == area.code and i.type not in (ValueType.TEXT, ValueType.CHOICE)
        )
        keys = tuple(c.key for c in charts if c.key.split("-", 1)[1] in {r.code for r in results})
        subsections.append(
            Subsection(
                heading=f"{n}. {area.title}",
                paragraphs=tuple(r.sentence for r in results),
                indicators=results,
                charts=keys,
            )
        )
    title = "Kết quả thực hiện các mục tiêu, chỉ tiêu, nhiệm vụ"
    return Part(
        number=to_roman(index),
        heading=_heading(party, index, title),
        subsections=tuple(subsections),
    )


def _targeted(dataset: Dataset) -> list[IndicatorResult]:
    return [indicator_result(dataset, i) for i in dataset.review.indicators if i.target is not None]


def _assessment(dataset: Dataset, party: bool, index: int, left_out: bool) -> Part:
    results = _targeted(dataset)
    # With its example targets left out, "the resolution sets no target" would be untrue: the
    # final report then says nothing of targets it cannot judge yet.
    paragraphs = [] if left_out and not results else [_targets_paragraph(dataset, results)]
    missed = [r for r in results if r.assessment == "chưa đạt"]
    if missed:
        paragraphs.append(
            "Các chỉ tiêu chưa đạt: " + "; ".join(f"{r.name} ({r.versus})" for r in missed) + "."
        )
    paragraphs.append(_reporting_paragraph(dataset))
    paragraphs.append(
        "Hạn chế và nguyên nhân do các đơn vị nêu được tổng hợp tại phần ý kiến kèm theo."
    )
    title = "Đánh giá chung"
    return Part(
        number=to_roman(index), heading=_heading(party, index, title), paragraphs=tuple(paragraphs)
    )


def _targets_paragraph(dataset: Dataset, results: list[IndicatorResult]) -> str:
    """How the indicators with a target fared, in words a clerk would use (never "0/3")."""
    last = dataset.review.period.last_year
    judged = [r for r in results if r.assessment]
    met = [r for r in judged if r.assessment in ("đạt", "vượt")]
    missed = len(judged) - len(met)
    later = [r for r in results if r.target and not r.versus and r.value and _future(dataset, r)]
    sentences = []
    if judged:
        if not met:
            head = f"Chưa có chỉ tiêu nào đạt mục tiêu đề ra ({len(judged)} chỉ tiêu có mục tiêu)"
        elif len(met) == len(judged):
            head = f"Cả {len(judged)} chỉ tiêu có mục tiêu đều đạt hoặc vượt mục tiêu đề ra"
        else:
            head = (
                f"Có {len(met)}/{len(judged)} chỉ tiêu có mục tiêu đạt hoặc vượt mục tiêu đề ra; "
                f"{missed} chỉ tiêu chưa đạt"
            )
        sentences.append(head + ".")
    if later:
        detail = "; ".join(f"{r.name}: {r.value} ({r.target})" for r in later)
        sentences.append(
            f"Các chỉ tiêu có mục tiêu cho những năm sau chưa đến thời hạn đánh giá; "
            f"kết quả năm {last} so với mục tiêu: {detail}."
        )
    if not sentences:
        sentences.append(
            "Chưa đủ số liệu để đánh giá các chỉ tiêu có mục tiêu."
            if results
            else "Nghị quyết không đặt mục tiêu định lượng cho các chỉ tiêu được báo cáo."
        )
    return " ".join(sentences)


def _future(dataset: Dataset, result: IndicatorResult) -> bool:
    target = dataset.review.indicator_by_code[result.code].target
    return target is not None and target.year > dataset.review.period.last_year


def _reporting_paragraph(dataset: Dataset) -> str:
    """``Về chế độ báo cáo: …`` without "0 đơn vị nộp muộn" or "0 đơn vị chưa nộp"."""
    counted, total = _counts(dataset)
    late = sum(1 for s in dataset.statuses if s.state is UnitState.LATE)
    absent = total - counted
    if not counted:
        return f"Về chế độ báo cáo: chưa có đơn vị nào gửi báo cáo hợp lệ ({total} đơn vị)."
    if counted == total:
        text = f"Về chế độ báo cáo: cả {total} đơn vị đã gửi báo cáo"
    else:
        text = f"Về chế độ báo cáo: {counted}/{total} đơn vị đã gửi báo cáo"
    text += f", trong đó {late} đơn vị nộp muộn" if late else ", đúng hạn"
    if absent:
        text += f"; {absent} đơn vị chưa nộp hoặc chưa hợp lệ"
    return text + "."


def _directions(dataset: Dataset, party: bool, index: int) -> Part:
    missed = [r for r in _targeted(dataset) if r.assessment == "chưa đạt"]
    paragraphs = [
        "Tiếp tục quán triệt, triển khai đồng bộ các nhiệm vụ, giải pháp đã đề ra; "
        "tăng cường kiểm tra, giám sát việc thực hiện ở các đơn vị."
    ]
    if missed:
        names = ", ".join(_lower_first(r.name) for r in missed)
        paragraphs.append(f"Tập trung chỉ đạo hoàn thành các chỉ tiêu chưa đạt: {names}.")
    title = "Phương hướng, nhiệm vụ và giải pháp thời gian tới"
    return Part(
        number=to_roman(index), heading=_heading(party, index, title), paragraphs=tuple(paragraphs)
    )


def _recommendations(dataset: Dataset, party: bool, index: int) -> Part:
    review = dataset.review
    codes = [s.code for s in review.sections if "kien-nghi" in s.code or "de-xuat" in s.code]
    units = {n.unit_code for n in dataset.narratives if n.section in codes and n.text.strip()}
    text = (
        f"Có {len(units)} đơn vị có đề xuất, kiến nghị; nội dung được tổng hợp tại phần "
        "ý kiến của các đơn vị kèm theo báo cáo này."
        if units
        else "Các đơn vị chưa có đề xuất, kiến nghị."
    )
    title = "Đề xuất, kiến nghị"
    return Part(number=to_roman(index), heading=_heading(party, index, title), paragraphs=(text,))


def _closing(review: Review, party: bool) -> str:
    s = review.subject
    if review.kind is ReviewKind.DINH_KY:
        what = _in_year(f"tình hình thực hiện {s.kind} số {s.number}", review.period.last_year)
    else:
        years = review.period.last_year - review.period.first_year
        what = f"{review.kind.label} {years} năm thực hiện {s.kind} số {s.number}"
    return f"Trên đây là báo cáo {what} của {review.issuer.name}."


def _signature(review: Review, party: bool) -> Signature:
    signer = review.issuer.signer
    recipients = [f"- {r.lstrip('- ').strip()}" for r in review.issuer.recipients]
    if not recipients:
        recipients = [f"- Lưu Văn phòng {review.issuer.name}." if party else "- Lưu: VT."]
    return Signature(
        authority=signer.authority.upper(),
        position=signer.position.upper(),
        name=signer.name,
        recipients_label="Nơi nhận:",
        recipients=tuple(recipients),
    )


def _opinions(dataset: Dataset) -> tuple[OpinionGroup, ...]:
    review = dataset.review
    groups: list[OpinionGroup] = []
    for section in review.sections:
        excerpts = [
            # A unit's text never carries example marks (they would highlight it).
            Excerpt(unit=review.unit_by_code[n.unit_code].name, text=unmark(n.text.strip()))
            for n in dataset.narratives
            if n.section == section.code and n.text.strip() and n.unit_code in review.unit_by_code
        ]
        if excerpts:
            # Numbered like the body's subsections ("1.", "2."), whatever the definition's own
            # section numbers ("II.1"): one heading scheme for the whole document.
            groups.append(
                OpinionGroup(
                    heading=f"{len(groups) + 1}. {section.title}",
                    excerpts=tuple(vn_sorted(excerpts, key=lambda e: e.unit)),
                )
            )
    return tuple(groups)
