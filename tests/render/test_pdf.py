"""ReportContext → HTML → PDF, tested on facts read back from real PDFs (pdfplumber, pypdf)."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from reportgen.errors import ProjectError, ReportgenError, TemplateError
from reportgen.render.model import ReportContext
from reportgen.render.pdf import (
    PdfChildren,
    chart_marks,
    html_to_pdf,
    render_html,
    render_pdf,
    start_pdf,
    with_charts,
)
from reportgen.render.pdf_parts import split_html
from tests.render import pdf_cases

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "report-party.html"
MM = 72 / 25.4
A4 = (595, 842)


def _words(page: pdfplumber.page.Page) -> list[dict]:
    return page.extract_words(keep_blank_chars=False, use_text_flow=True)


def _text(page: pdfplumber.page.Page) -> str:
    return page.extract_text() or ""


@pytest.fixture(scope="module")
def party() -> pdfplumber.PDF:
    with pdfplumber.open(pdf_cases.party_pdf()) as pdf:
        yield pdf


@pytest.fixture(scope="module")
def state() -> pdfplumber.PDF:
    with pdfplumber.open(pdf_cases.state_pdf()) as pdf:
        yield pdf


def _appendix_pages(pdf: pdfplumber.PDF) -> list[int]:
    return [i for i, p in enumerate(pdf.pages) if re.search(r"^Phụ lục \d+$", _text(p), re.M)]


# -- page geometry -----------------------------------------------------------------------------


def test_body_pages_are_a4_portrait_and_wide_appendices_landscape(party: pdfplumber.PDF) -> None:
    sizes = [(round(p.width), round(p.height)) for p in party.pages]
    assert sizes[0] == A4 and sizes[1] == A4
    first = _appendix_pages(party)[0]
    assert sizes[first] == (842, 595)  # Phụ lục 1 (indicator table) is landscape
    assert sizes[-1] == A4  # Phụ lục 5 (status of units) is narrow: portrait


def test_body_text_starts_30_mm_from_the_left_edge(party: pdfplumber.PDF) -> None:
    for page in party.pages[:2]:
        left = min(w["x0"] for w in _words(page))
        assert abs(left - 30 * MM) <= 3, left
        right = max(w["x1"] for w in _words(page))
        assert right <= page.width - 15 * MM + 1


def test_page_one_has_no_number_and_page_two_a_centred_one_in_the_top_margin(
    party: pdfplumber.PDF,
) -> None:
    top = 20 * MM
    assert [w["text"] for w in _words(party.pages[0]) if w["bottom"] < top] == []
    numbers = [w for w in _words(party.pages[1]) if w["bottom"] < top]
    assert [w["text"] for w in numbers] == ["2"]
    centre = (numbers[0]["x0"] + numbers[0]["x1"]) / 2
    text_centre = 30 * MM + (595.28 - 45 * MM) / 2
    assert abs(centre - text_centre) < 3


def test_fonts_are_liberation_serif_embedded(party: pdfplumber.PDF) -> None:
    reader = pypdf.PdfReader(pdf_cases.party_pdf())
    fonts = {}
    for page in reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            name = str(font["/BaseFont"]).split("+")[-1].replace("-", "")
            fonts[name] = "/FontFile2" in descriptor
    assert {"LiberationSerif", "LiberationSerifBold", "LiberationSerifItalic"} <= set(fonts)
    assert all(fonts.values())  # every font is embedded


def test_creation_date_comes_from_the_context_not_the_clock() -> None:
    reader = pypdf.PdfReader(pdf_cases.party_pdf())
    assert reader.metadata["/CreationDate"].startswith("D:20221215")


# -- first page and signature ------------------------------------------------------------------


def test_party_first_page_reads_like_the_sketch(party: pdfplumber.PDF) -> None:
    lines = _text(party.pages[0]).splitlines()
    assert lines[0].split() == "THÀNH ỦY HÀ NỘI ĐẢNG CỘNG SẢN VIỆT NAM".split()
    assert "*" in lines[1].split()
    assert "Số 123-BC/TU" in " ".join(lines[1:4])
    assert "Hà Nội, ngày 15 tháng 12 năm 2022" in " ".join(lines[1:4])
    assert "BÁO CÁO" in lines[2:5]
    assert "-----" in lines
    assert any(line.startswith("I- CÔNG TÁC LÃNH ĐẠO") for line in lines)


def test_state_first_page_has_national_title_motto_and_colon_number(state: pdfplumber.PDF) -> None:
    text = _text(state.pages[0])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 45/BC-UBND" in text
    assert "I. CÔNG TÁC LÃNH ĐẠO" in text
    assert "ĐẢNG CỘNG SẢN" not in text


def test_signature_and_recipients_share_the_last_body_page(party: pdfplumber.PDF) -> None:
    page = next(p for p in party.pages if "Nơi nhận:" in _text(p))
    words = {w["text"]: w for w in _words(page)}
    assert words["Nơi"]["x0"] < page.width / 2 < words["T/M"]["x0"]
    assert abs(words["Nơi"]["top"] - words["T/M"]["top"]) < 2


# -- appendices --------------------------------------------------------------------------------


def test_each_appendix_starts_a_page(party: pdfplumber.PDF) -> None:
    starts = _appendix_pages(party)
    titles = [re.search(r"^Phụ lục (\d+)$", _text(party.pages[i]), re.M).group(1) for i in starts]
    assert titles == ["1", "2", "3", "4", "5"]


def test_a_long_appendix_table_repeats_its_header_row_on_the_next_page(
    party: pdfplumber.PDF,
) -> None:
    pages = [p for p in party.pages if "Số, ký hiệu" in _text(p)]
    assert len(pages) >= 2  # Phụ lục 3 (documents list) runs over several pages
    for page in pages:
        top_line = _text(page.crop((0, 30 * MM, page.width, page.height))).splitlines()
        assert any("Số, ký hiệu" in line for line in top_line[:4])


def test_numbers_are_written_the_vietnamese_way(party: pdfplumber.PDF) -> None:
    text = "\n".join(_text(p) for p in party.pages[_appendix_pages(party)[0] :][:3])
    assert re.search(r"\b\d{1,3}(\.\d{3})+\b", text)  # 32.456
    assert re.search(r"\b\d+,\d%", text)  # 98,4%
    assert not re.search(r"\b\d+\.\d%", text)
    assert not re.search(r"\b\d{1,3},\d{3}\b(?!%)", text.replace("%", "% "))


# -- draft mark --------------------------------------------------------------------------------


def test_draft_mark_only_on_a_draft(party: pdfplumber.PDF, state: pdfplumber.PDF) -> None:
    assert all("DỰ THẢO" not in _text(p) for p in party.pages)
    marks = [w for w in _words(state.pages[0]) if w["text"] in ("DỰ", "THẢO")]
    assert len(marks) == 2 and all(w["bottom"] < 20 * MM for w in marks)
    assert all("DỰ THẢO" not in _text(p) for p in state.pages[1:])


# -- HTML --------------------------------------------------------------------------------------


def _small(context: ReportContext) -> ReportContext:
    """Three rows per appendix table: enough for the golden file to show every construct."""
    appendices = tuple(
        replace(a, tables=tuple(replace(t, rows=t.rows[:3]) for t in a.tables))
        for a in context.appendices
    )
    return replace(context, appendices=appendices)


def test_html_matches_the_golden_file(accept: bool) -> None:
    charts = {key: f'<svg id="{key}"/>' for key in pdf_cases.CHART_KEYS}  # matplotlib-free
    html = render_html(_small(pdf_cases.party_context()), charts_svg=charts)
    if accept:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    assert GOLDEN.exists(), "chưa có tệp mẫu: chạy pytest --accept rồi xem lại tệp"
    assert html == GOLDEN.read_text(encoding="utf-8"), "HTML đổi: xem lại rồi chạy pytest --accept"


def test_css_survives_autoescape_with_its_font_rule() -> None:
    html = render_html(_small(pdf_cases.state_context()))
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert 'font-family: "Times New Roman", "Liberation Serif", serif;' in style
    assert "&#34;" not in style
    assert '<meta name="dcterms.created" content="2022-12-15">' in html


def test_a_review_template_can_extend_the_builtin(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text(
        '{% extends "default:report.html" %}{% block title %}<p>Tiêu đề riêng</p>{% endblock %}',
        encoding="utf-8",
    )
    (tmp_path / "report.css").write_text(
        '{% include "default:report.css" %}\n.doc-type { color: red; }', encoding="utf-8"
    )
    html = render_html(pdf_cases.state_context(), review_dir=tmp_path)
    assert "<p>Tiêu đề riêng</p>" in html and 'class="doc-type"' not in html
    assert ".doc-type { color: red; }" in html and "@page" in html


def test_a_broken_review_template_names_the_file_and_the_line(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text(
        '{% extends "default:report.html" %}\n{% block title %}\n{{ header.type_name( }}\n'
        "{% endblock %}",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as error:
        render_html(pdf_cases.state_context(), review_dir=tmp_path)
    assert "report.html" in error.value.message
    assert "dòng 3" in error.value.message


def test_an_unknown_field_in_a_template_is_a_template_error(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text("<p>\n{{ header.khong_co }}</p>", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"report\.html, dòng 2"):
        render_html(pdf_cases.state_context(), review_dir=tmp_path)


# -- rendering ---------------------------------------------------------------------------------


def _tiny(context: ReportContext) -> ReportContext:
    return replace(context, parts=context.parts[:1], appendices=(), opinions=())


def test_same_context_gives_the_same_pdf_bytes_and_no_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    context = replace(_tiny(pdf_cases.party_context()), parts=pdf_cases.party_context().parts[:2])
    charts = pdf_cases.party_charts()
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        one = render_pdf(context, tmp_path / "a.pdf", charts_svg=charts, isolate=False)
        two = render_pdf(context, tmp_path / "b.pdf", charts_svg=charts, isolate=False)
    assert one.read_bytes() == two.read_bytes()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_isolated_render_in_a_child_process_gives_the_same_pdf(tmp_path: Path) -> None:
    context = _tiny(pdf_cases.state_context())
    here = render_pdf(context, tmp_path / "here.pdf", isolate=False)
    child = render_pdf(context, tmp_path / "child.pdf", isolate=True)
    assert child.read_bytes() == here.read_bytes()


def test_an_unwritable_target_is_a_vietnamese_error_here_and_in_a_child(tmp_path: Path) -> None:
    context = _tiny(pdf_cases.state_context())
    with pytest.raises(ReportgenError, match="Không ghi được tệp PDF"):
        html_to_pdf(render_html(context), tmp_path / "khong-co" / "x.pdf")
    with pytest.raises(ProjectError, match=r"^Không ghi được tệp PDF"):
        render_pdf(context, tmp_path / "khong-co" / "x.pdf", isolate=True)


def test_split_render_in_two_processes_gives_the_same_pages_and_numbers(tmp_path: Path) -> None:
    context = replace(pdf_cases.state_context(), parts=pdf_cases.state_context().parts[:2])
    whole = render_pdf(context, tmp_path / "whole.pdf", isolate=False)
    split = render_pdf(context, tmp_path / "split.pdf", isolate=True, parts=2)
    with pdfplumber.open(whole) as one, pdfplumber.open(split) as two:
        assert len(one.pages) == len(two.pages) >= 2
        for a, b in zip(one.pages, two.pages, strict=True):
            assert (a.width, a.height) == (b.width, b.height)
            assert _text(a) == _text(b)  # page numbers included, stamped after the join
    # The numbers are drawn over the pages' own content streams, which stay compressed: the
    # split file is larger by the second part's fonts only (70 kB against 41 kB; 131 kB when
    # stamping rewrote every content stream uncompressed).
    assert split.stat().st_size < 2 * whole.stat().st_size


def _two_charts_context() -> ReportContext:
    context = pdf_cases.party_context()
    specs = tuple(s for s in context.chart_specs if s.key in pdf_cases.CHART_KEYS)
    return replace(context, chart_specs=specs, appendices=context.appendices[-2:])


def test_html_written_with_chart_marks_then_filled_is_the_html_with_the_charts() -> None:
    context, charts = _two_charts_context(), pdf_cases.party_charts()
    marks = chart_marks(context)
    marked = render_html(context, charts_svg=marks)
    assert all(mark not in charts[key] for key, mark in marks.items())
    assert with_charts(marked, marks, charts) == render_html(context, charts_svg=charts)


def test_a_pdf_begun_before_its_charts_sends_the_tables_first_and_reads_the_same(
    tmp_path: Path,
) -> None:
    context, charts = _two_charts_context(), pdf_cases.party_charts()
    whole = render_pdf(context, tmp_path / "whole.pdf", charts_svg=charts, isolate=False)
    with PdfChildren(2) as children:
        begun = start_pdf(context, tmp_path / "early.pdf", isolate=True, children=children)
        assert begun.sent == [1]  # the appendix part, before any chart exists
        early = begun.finish(charts)
    with pdfplumber.open(whole) as one, pdfplumber.open(early) as two:
        assert len(one.pages) == len(two.pages) >= 3
        for a, b in zip(one.pages, two.pages, strict=True):
            assert (a.width, a.height) == (b.width, b.height)
            assert _text(a) == _text(b)  # chart labels and page numbers included
            assert len(a.curves) + len(a.lines) == len(b.curves) + len(b.lines)


def test_split_cuts_before_an_appendix_and_balances_table_cells() -> None:
    head = "<html><head><style>p {}</style></head>"
    body = '<body class="style-party"><p>mở đầu</p>'
    table = '<section class="appendix wide">' + "<td>1</td>" * 200 + "</section>"
    text = '<section class="appendix opinions">' + "<p>chữ</p>" * 10 + "</section>"
    parts = split_html(head + body + text + table + table + "</body></html>", 2)
    assert parts is not None and len(parts) == 2
    assert parts[0].count("<td>") == 200 and parts[1].count("<td>") == 200
    assert all("<style>p {}</style>" in p for p in parts)
    # The first part starts on page 1 and keeps its page numbers; later parts stamp theirs.
    assert "content: none !important" not in parts[0] and "content: none !important" in parts[1]
    assert split_html("<html><body><p>không có phụ lục</p></body></html>") is None


def test_charts_are_drawn_as_vector_images_with_their_captions(party: pdfplumber.PDF) -> None:
    html = render_html(pdf_cases.party_context(), charts_svg=pdf_cases.party_charts())
    assert html.count('<img src="data:image/svg+xml;base64,') == len(pdf_cases.CHART_KEYS)
    page = next(p for p in party.pages if "Biểu đồ 1." in _text(p))
    assert page.images == []  # vector drawing, not a bitmap
    assert "75,3%" in _text(page) or re.search(r"\d+,\d%", _text(page))


def test_a_template_reads_files_of_its_own_folder_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
        '<rect width="20" height="20" fill="#c00"/></svg>',
        encoding="utf-8",
    )
    (tmp_path / "report.html").write_text(
        '{% extends "default:report.html" %}{% block title %}<img src="logo.svg">'
        '<img src="/etc/hostname"><img src="http://example.invalid/x.png">{{ super() }}'
        "{% endblock %}",
        encoding="utf-8",
    )
    context = _tiny(pdf_cases.state_context())
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        out = render_pdf(context, tmp_path / "a.pdf", review_dir=tmp_path, isolate=False)
    refused = " ".join(r.getMessage() for r in caplog.records)
    assert "/etc/hostname" in refused and "example.invalid" in refused
    assert "logo.svg" not in refused
    with pdfplumber.open(out) as pdf:
        assert any(r["non_stroking_color"] == (0.8, 0, 0) for r in pdf.pages[0].rects)
