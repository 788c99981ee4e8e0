"""The DOCX and the PDF of one context say the same thing.

Text comes from the DOCX with python-docx (paragraphs and table cells, in document order) and
from the PDF with pdfplumber (page margins cropped off, so page numbers are left out). Both are
cut into sections at the same headings and compared as multisets of whitespace-separated tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

import docx
import pdfplumber
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph

from tests.render import pdf_cases

MM = 72 / 25.4
APPENDIX = re.compile(r"^Phụ lục (\d+)$")


def _docx_blocks() -> Iterator[tuple[str, str]]:
    """(kind, text) for each paragraph ("p") and table cell ("c") of the DOCX body, in order."""
    document = docx.Document(str(pdf_cases.party_docx()))
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield "p", Paragraph(child, document).text
        elif tag == "tbl":
            for row in Table(child, document).rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:  # merged cells repeat
                        seen.add(id(cell._tc))
                        yield "c", cell.text


def _docx_sections() -> dict[str, list[str]]:
    """Text lines per section: "body", "opinions", "Phụ lục 1", "Phụ lục 2", …"""
    sections: dict[str, list[str]] = {"body": []}
    current = "body"
    for _, text in _docx_blocks():
        text = text.strip()
        if not text:
            continue
        if text == pdf_cases.party_context().opinions_title:
            current = "opinions"
        elif APPENDIX.match(text):
            current = text
        sections.setdefault(current, []).append(text)
    return sections


@pytest.fixture(scope="module")
def docx_sections() -> dict[str, list[str]]:
    return _docx_sections()


@pytest.fixture(scope="module")
def pdf_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {"body": []}
    current = "body"
    opinions = pdf_cases.party_context().opinions_title
    with pdfplumber.open(pdf_cases.party_pdf()) as pdf:
        for page in pdf.pages:
            top = (30 if page.width > page.height else 20) * MM  # landscape: 30 mm at the top
            lines = (page.crop((0, top, page.width, page.height)).extract_text() or "").splitlines()
            for line in lines:
                if line.strip() == opinions:
                    current = "opinions"
                elif APPENDIX.match(line.strip()):
                    current = line.strip()
                sections.setdefault(current, []).append(line)
    return sections


def _tokens(lines: list[str]) -> Counter[str]:
    # The report CSS hyphenates manually only, so words stay whole; but a line may break after
    # "/" ("100%/" + "100%)"), so "/" counts as a token of its own; and the PDF text layer
    # gives NFKC-equivalent letters (µ → μ, ³ → 3).
    text = unicodedata.normalize("NFKC", " ".join(lines))
    return Counter(text.replace("/", " / ").split())


def test_both_have_the_same_sections(
    docx_sections: dict[str, list[str]], pdf_sections: dict[str, list[str]]
) -> None:
    assert list(docx_sections) == list(pdf_sections)
    assert list(pdf_sections)[-5:] == [f"Phụ lục {n}" for n in range(1, 6)]


def test_every_docx_heading_is_in_the_pdf(pdf_sections: dict[str, list[str]]) -> None:
    context = pdf_cases.party_context()
    headings = [p.heading for p in context.parts]
    headings += [s.heading for p in context.parts for s in p.subsections]
    headings += [g.heading for g in context.opinions] + [a.title for a in context.appendices]
    pdf_text = " ".join(" ".join(lines) for lines in pdf_sections.values())
    pdf_text = " ".join(pdf_text.split())
    for heading in headings:
        assert heading in pdf_text


def test_body_and_opinions_have_the_same_words(
    docx_sections: dict[str, list[str]], pdf_sections: dict[str, list[str]]
) -> None:
    for name in ("body", "opinions"):
        missing = _tokens(docx_sections[name]) - _tokens(pdf_sections[name])
        assert missing == Counter(), name
    # The PDF body holds more: the chart labels (the DOCX has the charts as pictures).


def test_appendix_cells_and_numbers_are_the_same(
    docx_sections: dict[str, list[str]], pdf_sections: dict[str, list[str]]
) -> None:
    context = pdf_cases.party_context()
    for appendix in context.appendices:
        name = f"Phụ lục {appendix.number}"
        in_docx, in_pdf = _tokens(docx_sections[name]), _tokens(pdf_sections[name])
        assert in_docx - in_pdf == Counter(), name
        # The PDF repeats the header row on every page of a long table, nothing else.
        header = set(_tokens([c for table in appendix.tables for c in table.columns]))
        assert set(in_pdf - in_docx) <= header, name


def test_every_number_of_the_indicator_appendix_is_in_both(
    docx_sections: dict[str, list[str]], pdf_sections: dict[str, list[str]]
) -> None:
    def numbers(lines: list[str]) -> Counter[str]:
        return Counter(t for t in _tokens(lines).elements() if re.fullmatch(r"\d[\d.,]*%?", t))

    in_docx, in_pdf = numbers(docx_sections["Phụ lục 1"]), numbers(pdf_sections["Phụ lục 1"])
    years = {str(y) for y in range(2017, 2023)}
    assert in_docx - in_pdf == Counter()
    assert set(in_pdf - in_docx) <= years  # repeated header row only
    assert len(in_docx) > 50
