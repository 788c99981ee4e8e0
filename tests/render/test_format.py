"""One format in both media: measured on the rendered DOCX and PDF, not on the templates."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from reportgen.consolidate.model import Dataset
from reportgen.render.context import build_context
from reportgen.render.fit import CELL_PADDING_MM, text_width_mm
from reportgen.render.lines import agency_lines, balanced_lines, document_number
from reportgen.render.measures import PARTY, STATE, Measures
from reportgen.render.model import ReportContext
from reportgen.render.pdf import render_html
from tests.libreoffice import convert
from tests.render import pdf_cases

TWIPS_PER_MM = 1440 / 25.4
NUMBER = re.compile(r"^[\d.,%]+$")


def _runs_of(path: Path, text: str) -> list[docx.text.run.Run]:
    d = docx.Document(str(path))
    runs = []
    for table in d.tables[:1]:
        for cell in table.rows[0].cells:
            runs += [r for p in cell.paragraphs for r in p.runs if r.text.strip() == text]
    runs += [r for p in d.paragraphs for r in p.runs if r.text.strip() == text]
    return runs


def _pdf_size(pdf: pdfplumber.PDF, text: str) -> float:
    """The font size of the first line on page 1 that reads ``text``."""
    found = pdf.pages[0].search(text, regex=False, return_chars=True)
    assert found, f"{text!r} not on page 1"
    return round(found[0]["chars"][0]["size"], 1)


@pytest.mark.parametrize(
    ("style", "texts"),
    [
        ("party", {"ĐẢNG CỘNG SẢN VIỆT NAM": "national_pt", "BÁO CÁO": "title_pt"}),
        (
            "state",
            {
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": "national_pt",
                "Độc lập - Tự do - Hạnh phúc": "motto_pt",
                "BÁO CÁO": "title_pt",
            },
        ),
    ],
)
def test_header_sizes_are_the_measures_in_docx_and_pdf(
    style: str,
    texts: dict[str, str],
    party_docx: Path,
    state_docx: Path,
) -> None:
    m: Measures = PARTY if style == "party" else STATE
    path = party_docx if style == "party" else state_docx
    pdf_path = pdf_cases.party_pdf() if style == "party" else pdf_cases.state_pdf()
    with pdfplumber.open(pdf_path) as pdf:
        for text, field in texts.items():
            want = getattr(m, field)
            runs = _runs_of(path, text)
            assert runs and {r.font.size.pt for r in runs} == {want}, (text, field)
            assert _pdf_size(pdf, text) == want, (text, field)


def test_state_body_line_spacing_is_the_same_in_both_media(state_docx: Path) -> None:
    d = docx.Document(str(state_docx))
    body = next(p for p in d.paragraphs if p.text.startswith("Thực hiện"))
    assert body.style.paragraph_format.line_spacing == STATE.line_value  # Word: multiple 1,15
    # WeasyPrint: 1,15 × the font's single line (1,149 em), what Word lays out as "1,15 lines".
    html = render_html(pdf_cases.state_context())
    assert f"line-height: {STATE.css_line_height()}" in html
    assert STATE.css_line_height() == "1.321"


def test_numbers_below_ten_get_a_leading_zero_in_both_styles() -> None:
    assert document_number("5") == "05" and document_number("123") == "123"
    assert document_number("…") == "…"


def test_header_number_and_attachment_lines_use_the_padded_number(dataset: Dataset) -> None:
    ctx = build_context(dataset, number="5")
    assert ctx.header.number_line == "Số 05-BC/TU"
    assert ctx.header.reference.startswith("Báo cáo số 05-BC/TU")
    assert all("số 05-BC/TU" in a.subtitle for a in ctx.appendices)


def test_agency_names_break_between_word_groups() -> None:
    assert agency_lines("Ủy ban nhân dân thành phố Hà Nội") == (
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HÀ NỘI",
    )
    assert agency_lines("Bộ Tài nguyên và Môi trường") == ("BỘ TÀI NGUYÊN", "VÀ MÔI TRƯỜNG")
    assert agency_lines("Thành ủy Hà Nội", width_mm=72, size_pt=14) == ("THÀNH ỦY HÀ NỘI",)
    # The definition's own lines win.
    assert agency_lines("Sở Tài nguyên", ["Sở Tài", "nguyên"]) == ("SỞ TÀI", "NGUYÊN")


def test_agency_lines_are_separate_lines_in_both_media(state_docx: Path) -> None:
    left = docx.Document(str(state_docx)).tables[0].rows[0].cells[0]
    texts = [p.text for p in left.paragraphs if p.text]
    assert texts[:2] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]
    html = render_html(pdf_cases.state_context())
    assert "<div>ỦY BAN NHÂN DÂN</div><div>THÀNH PHỐ HÀ NỘI</div>" in html


def test_document_symbols_never_break(party_docx: Path, context: ReportContext) -> None:
    body = docx.Document(str(party_docx)).element.body
    xml = body.xml
    # "11-NQ/TU" is written with a non-breaking hyphen, and read back as a plain "-".
    assert "<w:noBreakHyphen/>" in xml
    assert "11-NQ/TU" in "\n".join(p.text for p in docx.Document(str(party_docx)).paragraphs)
    html = render_html(context)
    assert '<span class="nobr">11-NQ/TU</span>' in html
    assert '<span class="nobr">31/5/2017' not in html  # a date is not a symbol


def test_trich_yeu_lines_are_balanced() -> None:
    text = (
        "sơ kết 5 năm thực hiện Nghị quyết số 11-NQ/TU, ngày 31/5/2017 của Thành ủy Hà Nội "
        "về tăng cường công tác bảo vệ môi trường trên địa bàn thành phố Hà Nội đến năm 2020 "
        "và những năm tiếp theo"
    )
    lines = balanced_lines(text, 140, 14).split("\n")
    widths = [text_width_mm(line, 14, bold=True) for line in lines]
    assert max(widths) <= 140 and min(widths) > 0.6 * max(widths)
    assert " ".join(lines) == text


def _cell_width_mm(tbl: object) -> list[float]:
    grid = tbl.find(qn("w:tblGrid"))  # type: ignore[attr-defined]
    return [int(c.get(qn("w:w"))) / TWIPS_PER_MM for c in grid.findall(qn("w:gridCol"))]


def test_no_figure_wraps_in_any_docx_table_cell(party_docx: Path, state_docx: Path) -> None:
    """Column width minus Word's cell margins vs the figure's width in the table font."""
    for path, m in ((party_docx, PARTY), (state_docx, STATE)):
        d = docx.Document(str(path))
        checked = 0
        for table in d.tables[1:]:
            widths = _cell_width_mm(table._tbl)
            for row in table.rows:
                cells = row._tr.findall(qn("w:tc"))
                for width, tc in zip(widths, cells, strict=False):
                    text = "".join(t.text or "" for t in tc.iter(qn("w:t"))).strip()
                    if not NUMBER.match(text) or not any(c.isdigit() for c in text):
                        continue
                    bold = any(b.get(qn("w:val"), "true") != "false" for b in tc.iter(qn("w:b")))
                    need = text_width_mm(text, m.table_pt, bold=bold) + CELL_PADDING_MM - 0.6
                    assert need <= width + 0.01, (path.name, text, width)
                    checked += 1
        assert checked > 100


def test_tables_use_one_font_size_in_both_media(party_docx: Path) -> None:
    sizes = {
        s.font.size.pt
        for s in docx.Document(str(party_docx)).styles
        if s.name == "RG Table" and s.font.size is not None
    }
    assert sizes == {PARTY.table_pt}
    with pdfplumber.open(pdf_cases.party_pdf()) as pdf:
        landscape = [p for p in pdf.pages if p.width > p.height]
        assert landscape
        numbers = [
            c["size"]
            for p in landscape[:2]
            for c in p.chars
            if c["text"].isdigit() and c["top"] > 150  # below the appendix titles
        ]
        assert numbers and {round(s, 1) for s in numbers} == {PARTY.table_pt}


def test_landscape_margins_are_the_same_in_both_media(
    party_docx: Path, context: ReportContext
) -> None:
    d = docx.Document(str(party_docx))
    landscape = [s for s in d.sections if s.page_width > s.page_height]
    assert landscape
    for s in landscape:
        assert round(s.top_margin.mm) == PARTY.landscape.top
        assert round(s.left_margin.mm) == PARTY.landscape.left
        assert round(s.bottom_margin.mm) == PARTY.landscape.bottom
    assert f"margin: {PARTY.landscape.css()}" in render_html(context)


def test_draft_mark_is_in_the_first_page_header_so_page_one_is_the_same(state_docx: Path) -> None:
    d = docx.Document(str(state_docx))
    assert "".join(p.text for p in d.sections[0].first_page_header.paragraphs) == "DỰ THẢO"
    assert d.paragraphs[0].text == "BÁO CÁO"


def test_opinion_headings_follow_the_body_scheme(context: ReportContext) -> None:
    assert [g.heading.split(" ")[0] for g in context.opinions] == [
        f"{i}." for i in range(1, len(context.opinions) + 1)
    ]


def test_numbers_are_right_aligned_in_every_table(context: ReportContext) -> None:
    for appendix in context.appendices:
        for table in appendix.tables:
            for row in table.rows:
                for cell in row.cells[1:]:  # the TT column is centred
                    if NUMBER.match(cell.text) and any(c.isdigit() for c in cell.text):
                        if "/" not in cell.text:  # dates ("05/12/2022") are centred
                            assert cell.align == "right", (appendix.number, cell)


def test_each_unit_kind_opens_with_a_heading_row_where_tt_restarts(context: ReportContext) -> None:
    by_unit = next(a for a in context.appendices if "THEO ĐƠN VỊ" in a.title)
    rows = by_unit.tables[0].rows
    for i, row in enumerate(rows):
        if row.kind == "data" and row.cells[0].text == "1":
            assert rows[i - 1].kind == "group", f"TT 1 at row {i} has no group heading"
    assert [r.cells[0].text for r in rows if r.kind == "group"][:2] == ["I", "II"]


def _baseline_gap_mm(pdf_path: Path) -> float:
    """How far "Số" sits below the place-and-date line on page 1, in mm (0 = one baseline)."""
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[0]
        number = page.search("Số", regex=False)[0]
        date = page.search("ngày", regex=False)[0]
        return abs(number["bottom"] - date["bottom"]) * 25.4 / 72


@pytest.mark.parametrize("style", ["party", "state"])
def test_number_and_date_lines_share_a_baseline_in_the_pdf(style: str) -> None:
    path = pdf_cases.party_pdf() if style == "party" else pdf_cases.state_pdf()
    assert _baseline_gap_mm(path) < 0.3


@pytest.fixture(scope="module")
def libreoffice_pdfs(
    tmp_path_factory: pytest.TempPathFactory, party_docx: Path, state_docx: Path
) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("libreoffice")
    # Both files are called bao-cao.docx: one folder each.
    return {
        name: convert(path, "pdf", tmp / name, profile=tmp / "profile")[0]
        for name, path in (("party", party_docx), ("state", state_docx))
    }


@pytest.mark.libreoffice
def test_number_and_date_lines_share_a_baseline_as_libreoffice_shows_the_docx(
    libreoffice_pdfs: dict[str, Path],
) -> None:
    for name, path in libreoffice_pdfs.items():
        assert _baseline_gap_mm(path) < 0.3, name


def _title_block(path: Path) -> list[tuple[float, float, float]]:
    """Bottom, left and right (mm) of "BÁO CÁO", each trích yếu line and the line after it."""
    with pdfplumber.open(path) as pdf:
        lines = pdf.pages[0].extract_text_lines()
    start = next(k for k, line in enumerate(lines) if line["text"].strip() == "BÁO CÁO")
    block = []
    for line in lines[start:]:
        block.append(tuple(line[key] * 25.4 / 72 for key in ("bottom", "x0", "x1")))
        if line["chars"][0]["size"] < 13.5 or line["text"].strip() == "-----":
            break  # the Party "-----" or the State body's first line (13 pt) ends the block
    return block  # type: ignore[return-value]


@pytest.mark.libreoffice
@pytest.mark.parametrize("style", ["party", "state"])
def test_title_and_trich_yeu_sit_alike_in_the_pdf_and_in_libreoffice(
    style: str, libreoffice_pdfs: dict[str, Path]
) -> None:
    ours = _title_block(pdf_cases.party_pdf() if style == "party" else pdf_cases.state_pdf())
    theirs = _title_block(libreoffice_pdfs[style])
    assert len(ours) == len(theirs) >= 3
    # Distances from "BÁO CÁO" down: the spacing above, between and below the trích yếu lines.
    for (b0, *_), (c0, *_), (b, x0, x1), (c, y0, y1) in zip(
        [ours[0]] * len(ours), [theirs[0]] * len(theirs), ours, theirs, strict=True
    ):
        assert abs((b - b0) - (c - c0)) < 0.5, (style, b - b0, c - c0)
        assert abs(x0 - y0) < 1 and abs(x1 - y1) < 1  # the same width and the same breaks
