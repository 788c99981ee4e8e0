"""ReportContext → DOCX: page setup, styles, header, tables, draft mark, template errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reportgen.errors import TemplateError
from reportgen.render.docx import render_docx
from reportgen.render.model import ReportContext
from tests.libreoffice import convert

W_PAGE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open(path: Path) -> Document:
    return docx.Document(str(path))


def _mm(length: int | None) -> float:
    assert length is not None
    return round(length / Mm(1), 1)


def test_body_section_is_a4_with_the_prescribed_margins(party_docx: Path, state_docx: Path) -> None:
    for path in (party_docx, state_docx):
        s = _open(path).sections[0]
        assert (_mm(s.page_width), _mm(s.page_height)) == (210.0, 297.0)
        assert [_mm(m) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [
            20,
            20,
            30,
            15,
        ]


def test_styles_name_times_new_roman_for_every_script(party_docx: Path, state_docx: Path) -> None:
    for path, size in ((party_docx, 14), (state_docx, 13)):
        d = _open(path)
        for name in ("Normal", "RG Body", "RG Part", "RG Table"):
            rfonts = d.styles[name].element.rPr.find(qn("w:rFonts"))
            assert {
                k: rfonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "cs", "eastAsia")
            } == dict.fromkeys(("ascii", "hAnsi", "cs", "eastAsia"), "Times New Roman")
        assert d.styles["Normal"].font.size == Pt(size)
        body = d.styles["RG Body"].paragraph_format
        assert _mm(body.first_line_indent) == 10 and body.space_after >= Pt(6)


def test_party_header_table_has_issuer_star_number_and_italic_date(party_docx: Path) -> None:
    table = _open(party_docx).tables[0]
    left, right = table.rows[0].cells
    number, date = table.rows[1].cells  # one row: "Số" and the date share a baseline
    texts = [p.text for p in left.paragraphs] + [p.text for p in number.paragraphs]
    assert texts == ["THÀNH ỦY HÀ NỘI", "*", "Số 123-BC/TU"]
    assert left.paragraphs[0].runs[0].bold
    assert [p.text for p in right.paragraphs] + [p.text for p in date.paragraphs] == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Hà Nội, ngày 15 tháng 12 năm 2022",
    ]
    assert right.paragraphs[0].runs[0].bold and right.paragraphs[0].runs[0].font.size == Pt(15)
    assert date.paragraphs[0].runs[0].italic
    # The rule under "ĐẢNG CỘNG SẢN VIỆT NAM" is the paragraph's bottom border.
    assert right.paragraphs[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None


def test_state_header_has_motto_and_number_with_colon(state_docx: Path) -> None:
    table = _open(state_docx).tables[0]
    left, right = table.rows[0].cells
    number = table.rows[1].cells[0]
    # An agency name breaks after "ỦY BAN NHÂN DÂN", never inside "THÀNH PHỐ".
    assert [p.text for p in (*left.paragraphs, *number.paragraphs) if p.text] == [
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HÀ NỘI",
        "Số: 45/BC-UBND",
    ]
    assert [p.text for p in right.paragraphs][:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]


def test_page_numbers_are_in_the_header_except_on_page_one(party_docx: Path) -> None:
    s = _open(party_docx).sections[0]
    assert s.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in s.header._element.iter(qn("w:instrText")))
    assert s.first_page_header.paragraphs[0].text == ""


def test_wide_appendices_get_landscape_sections(party_docx: Path) -> None:
    orientations = [(s.page_width or 0) > (s.page_height or 0) for s in _open(party_docx).sections]
    # body (with the annex), appendices 1–4 landscape, appendix 5 portrait
    assert orientations == [False, True, True, True, True, False]


def test_appendix_tables_repeat_their_header_row_and_rows_do_not_split(party_docx: Path) -> None:
    tables = _open(party_docx).tables[2:]  # after header and signature tables
    assert len(tables) >= 5
    for table in tables:
        first = table.rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)


def test_numbers_in_table_cells_are_formatted_the_vietnamese_way(
    party_docx: Path, context: ReportContext
) -> None:
    table = _open(party_docx).tables[2]  # appendix 1: indicators × years
    assert [c.text for c in table.rows[0].cells][:5] == [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Mục tiêu",
        "2017",
    ]
    expected = [c.text for c in context.appendices[0].tables[0].rows[3].cells]
    row = [c.text for c in table.rows[4].cells]
    assert row == expected
    # The Hanoi targets are examples: a final report leaves the target and the verdict out.
    assert row[3] == "" and row[-1] == ""
    assert (row[-2].endswith("%") and "," in row[-2]) or row[-2] == "100%"
    counts = [c.text for c in table.rows[2].cells]
    assert "." in counts[-2]  # thousands separator: "32.456"


def test_column_widths_follow_the_context_and_fill_the_landscape_text_width(
    party_docx: Path,
) -> None:
    table = _open(party_docx).tables[2]
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    # Landscape text width: 297 − 20 − 15 mm (the 30 mm binding margin is at the top).
    assert len(grid) == 11 and 14800 <= sum(grid) <= 14854
    assert grid[1] == max(grid)  # the indicator name column is the widest


def _first_page_header(path: Path) -> str:
    return "".join(p.text for p in _open(path).sections[0].first_page_header.paragraphs)


def test_draft_mark_appears_only_when_asked(party_docx: Path, state_docx: Path) -> None:
    # In the first page's header (the top margin), as in the PDF: it never moves the body.
    assert _first_page_header(party_docx) == ""
    assert _first_page_header(state_docx) == "DỰ THẢO"
    assert "DỰ THẢO" not in [p.text for p in _open(state_docx).paragraphs]


def test_no_template_tag_is_left_in_the_output(party_docx: Path) -> None:
    text = "\n".join(p.text for p in _open(party_docx).paragraphs)
    assert "{{" not in text and "{%" not in text


def test_broken_review_template_raises_a_vietnamese_error_naming_it(
    tmp_path: Path, context: ReportContext
) -> None:
    bad = tmp_path / "report.docx"
    d = docx.Document()
    d.add_paragraph("Mở đầu báo cáo")
    d.add_paragraph("{{ header.summary ")
    d.save(str(bad))
    with pytest.raises(TemplateError) as err:
        render_docx(context, tmp_path / "out.docx", template=bad)
    assert str(bad) in err.value.message and "bị lỗi" in err.value.message
    assert "Mở đầu báo cáo" in err.value.message


def test_cli_reports_a_broken_template_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.cli import main

    src = Path(__file__).resolve().parents[2] / "templates" / "nq11-moi-truong"
    review_dir = tmp_path / "templates" / "nq11-moi-truong"
    shutil.copytree(src, review_dir)
    d = docx.Document()
    d.add_paragraph("{% for x in %}")
    d.save(str(review_dir / "report.docx"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTGEN_ROOT", raising=False)
    monkeypatch.setattr("reportgen.render.report.chart_images", lambda context, fmt, *_: {})
    result = CliRunner().invoke(main, ["render", "--sample", "--format", "docx"])
    assert result.exit_code == 6, result.output
    flat = "".join(result.output.split())  # the console wraps long lines
    assert "report.docxbịlỗi" in flat and "Traceback" not in result.output


def test_cli_writes_the_docx_into_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.cli import main

    src = Path(__file__).resolve().parents[2] / "templates" / "nq11-moi-truong"
    shutil.copytree(src, tmp_path / "templates" / "nq11-moi-truong")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTGEN_ROOT", raising=False)
    monkeypatch.setattr("reportgen.render.report.chart_images", lambda context, fmt, *_: {})
    result = CliRunner().invoke(main, ["render", "--sample", "--format", "docx", "--draft"])
    assert result.exit_code == 0, result.output
    assert "Bước 3/4 – Dựng DOCX" in result.output
    out = tmp_path / "outputs" / "nq11-moi-truong" / "bao-cao-nq11-moi-truong.docx"
    assert _first_page_header(out) == "DỰ THẢO"


@pytest.mark.libreoffice
def test_libreoffice_converts_the_docx_to_pdf(tmp_path: Path, party_docx: Path) -> None:
    (pdf,) = convert(party_docx, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")


def _png(width: int = 4, height: int = 2) -> bytes:
    """A tiny valid grey PNG, made without any imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_charts_are_embedded_with_their_caption(tmp_path: Path, context: ReportContext) -> None:
    path = render_docx(context, tmp_path / "c.docx", charts={"trend-NM03": _png()})
    d = _open(path)
    assert len(d.inline_shapes) == 1
    captions = [p.text for p in d.paragraphs if p.text.startswith("Biểu đồ")]
    assert captions == [context.chart("trend-NM03").caption]  # type: ignore[union-attr]


def test_cli_renders_from_an_empty_store_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.cli import main

    src = Path(__file__).resolve().parents[2] / "templates" / "nq11-moi-truong"
    shutil.copytree(src, tmp_path / "templates" / "nq11-moi-truong")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTGEN_ROOT", raising=False)
    monkeypatch.delenv("REPORTGEN_DB", raising=False)
    result = CliRunner().invoke(main, ["render", "--format", "docx", "--out", str(tmp_path / "bc")])
    assert result.exit_code == 0, result.output
    assert "Chưa có đơn vị nào nộp" in result.output
    text = "\n".join(
        p.text for p in _open(tmp_path / "bc" / "bao-cao-nq11-moi-truong.docx").paragraphs
    )
    assert "trên cơ sở báo cáo của 0/36 đơn vị" in text


def test_unknown_format_is_refused_in_vietnamese() -> None:
    from reportgen.cli import main

    result = CliRunner().invoke(main, ["render", "--format", "odt", "--sample"])
    assert result.exit_code == 5 and "Định dạng không hỗ trợ: odt" in result.output


def test_text_with_xml_characters_and_formula_signs_is_written_verbatim(
    tmp_path: Path, dataset: object
) -> None:
    import dataclasses

    from reportgen.consolidate.model import Dataset, NarrativeExcerpt
    from reportgen.render.context import build_context

    assert isinstance(dataset, Dataset)
    hostile = '=HYPERLINK("x") <b>nước thải</b> & khí < 50%'
    data = dataclasses.replace(dataset, narratives=(NarrativeExcerpt("lanh-dao", "001", hostile),))
    path = render_docx(build_context(data), tmp_path / "x.docx")
    texts = [p.text for p in _open(path).paragraphs]
    assert f"Quận Ba Đình: {hostile}" in texts
