"""Build the built-in DOCX report templates ``reportgen/render/defaults/report-{party,state}.docx``.

Run ``.venv/bin/python scripts/build_docx_templates.py`` after changing this file and commit
both the script and the two templates. python-docx lays out styles, sections and tables; the
docxtpl/Jinja tags are plain text in the paragraphs (``{%p for … %}``, ``{%tr … %}``,
``{%tc … %}``) plus a few Jinja expressions placed in XML attributes where Word has no text to
hold them (row boldness, cell alignment, appendix orientation).

Format facts: ``../shared/ref/vn-document-format.md`` §1.2–1.9 (Party, HD 36) and §2.1–2.9
(State, NĐ 30/2020). Sizes are in points, lengths in millimetres.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from reportgen.render.measures import (
    LANDSCAPE_TEXT_MM,
    PARTY,
    PORTRAIT_TEXT_MM,
    STATE,
    Measures,
)

OUT = Path(__file__).resolve().parent.parent / "reportgen" / "render" / "defaults"
FONT = "Times New Roman"
A4 = (Mm(210), Mm(297))
PORTRAIT_TEXT_TWIPS = round(PORTRAIT_TEXT_MM * 1440 / 25.4)
LANDSCAPE_TEXT_TWIPS = round(LANDSCAPE_TEXT_MM * 1440 / 25.4)


Profile = Measures  # one set of sizes per style, shared with the PDF stylesheet


# -- low-level helpers ---------------------------------------------------------------------------


def _fonts(rpr_parent: object) -> None:
    """Name Times New Roman for every script (ascii, hAnsi, cs, eastAsia), no theme fonts."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(key), FONT)


def _border(
    p: Paragraph, sides: tuple[str, ...] = ("bottom",), size: int = 6, space: int = 1
) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for side in sides:
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), str(space))
        el.set(qn("w:color"), "000000")
        bdr.append(el)
    # pBdr must come before spacing/ind/jc in pPr (CT_PPr sequence).
    anchor = next(
        (
            c
            for c in ppr
            if c.tag in {qn("w:shd"), qn("w:tabs"), qn("w:spacing"), qn("w:ind"), qn("w:jc")}
        ),
        None,
    )
    if anchor is not None:
        anchor.addprevious(bdr)
    else:
        ppr.append(bdr)


def _no_borders(table: Table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr.append(margins)


def _fixed_layout(table: Table, widths_mm: tuple[float, ...]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)


def _para(
    container: object,
    text: str = "",
    *,
    style: str = "RG Body",
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    first_paragraph: bool = False,
) -> Paragraph:
    """A paragraph (re-using a cell's first empty paragraph when ``first_paragraph``)."""
    if first_paragraph:
        p = container.paragraphs[0]  # type: ignore[attr-defined]
        p.style = style
    else:
        p = container.add_paragraph(style=style)  # type: ignore[attr-defined]
    if text:
        run = p.add_run(text)
        if size is not None:
            run.font.size = Pt(size)
        if bold is not None:
            run.bold = bold
        if italic is not None:
            run.italic = italic
        if underline is not None:
            run.underline = underline
    if align is not None:
        p.alignment = align
    return p


def _tag(container: object, tag: str) -> Paragraph:
    """A paragraph holding only a docxtpl block tag (it disappears when rendered)."""
    return _para(container, tag, style="RG Tag")


# -- styles --------------------------------------------------------------------------------------


def _styles(doc: Document, prof: Profile) -> None:
    normal = doc.styles["Normal"]
    _fonts(normal.element)
    normal.font.size = Pt(prof.body_pt)
    normal.font.color.rgb = None
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0

    def add(
        name: str, *, size: float | None = None, bold: bool = False, italic: bool = False
    ) -> object:
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.font.bold = bold
        st.font.italic = italic
        if size is not None:
            st.font.size = Pt(size)
        _fonts(st.element)
        return st

    body = add("RG Body")
    bpf = body.paragraph_format
    bpf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    bpf.first_line_indent = Mm(10)
    bpf.space_after = Pt(6)
    if prof.line_rule == "exact":
        bpf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        bpf.line_spacing = Pt(prof.line_value)
    else:
        bpf.line_spacing = prof.line_value
    bpf.widow_control = True

    for name, level in (("RG Part", 0), ("RG Subsection", 1)):
        st = add(name, bold=True)
        st.base_style = body
        st.paragraph_format.keep_with_next = True
        st.paragraph_format.space_before = Pt(6)
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level))
        st.element.get_or_add_pPr().append(outline)

    center = add("RG Center")
    center.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add("RG Tag", size=2)
    figure = add("RG Figure")
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True
    figure.paragraph_format.space_before = Pt(6)
    caption = add("RG Caption", size=prof.caption_pt, italic=True)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(6)
    table_text = add("RG Table", size=prof.table_pt)
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)
    excerpt = add("RG Excerpt")
    excerpt.base_style = body


# -- page setup ------------------------------------------------------------------------------------


def _page_setup(section: object, *, landscape: bool = False) -> None:
    s = section
    s.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    s.page_width, s.page_height = (A4[1], A4[0]) if landscape else A4  # type: ignore[attr-defined]
    m = PARTY.landscape if landscape else PARTY.portrait
    s.top_margin, s.bottom_margin = Mm(m.top), Mm(m.bottom)  # type: ignore[attr-defined]
    s.left_margin, s.right_margin = Mm(m.left), Mm(m.right)  # type: ignore[attr-defined]
    s.header_distance, s.footer_distance = Mm(10), Mm(10)  # type: ignore[attr-defined]


def _page_number_header(section: object, prof: Profile) -> None:
    """PAGE field centred in the header; none on page 1 (different first page)."""
    section.different_first_page_header_footer = True  # type: ignore[attr-defined]
    p = section.header.paragraphs[0]  # type: ignore[attr-defined]
    p.style = "RG Center"
    run = p.add_run()
    run.font.size = Pt(prof.body_pt)
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    section.first_page_header.paragraphs[0].style = "RG Center"  # type: ignore[attr-defined]


# -- blocks ----------------------------------------------------------------------------------------


def _draft_mark(section: object) -> None:
    """ "DỰ THẢO", boxed, at the right of page 1's header: in the top margin, as in the PDF,
    so the first page's layout is the same for a draft and a final report."""
    header = section.first_page_header  # type: ignore[attr-defined]
    p = header.paragraphs[0]
    p.style = "RG Center"
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run("{% if header.draft_mark %}{{ header.draft_mark }}{% endif %}")
    run.font.size = Pt(13)
    run.font.bold = True
    # A border on the run (w:bdr), not the paragraph: the box hugs the word.
    rpr = run._r.get_or_add_rPr()
    bdr = OxmlElement("w:bdr")
    for key, val in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "000000")):
        bdr.set(qn(key), val)
    rpr.append(bdr)


def _lines(cell: object, expr: str, *, size: float, bold: bool, first: bool = False) -> None:
    """One centred paragraph per line of ``expr`` (a tuple of header lines)."""
    _tag(cell, "{%p for line in " + expr + " %}")
    if first:
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)  # type: ignore[attr-defined]
    _para(cell, "{{ line }}", style="RG Center", size=size, bold=bold)
    _tag(cell, "{%p endfor %}")


def _header_table(doc: Document, prof: Profile) -> None:
    left_mm, right_mm = prof.header_split_mm
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    _fixed_layout(table, (left_mm, right_mm))
    left, right = table.rows[0].cells
    # "Số" and the date have a row of their own, both cells bottom-aligned: one baseline, as
    # the PDF's baseline-aligned row, whatever the agency name and the titles above hold.
    number_cell, date_cell = table.rows[1].cells
    c = WD_ALIGN_PARAGRAPH.CENTER
    # Each agency line is its own paragraph: the name breaks where the context says, never
    # inside a word pair ("THÀNH / PHỐ").
    _lines(left, "header.superior_lines", size=prof.superior_pt, bold=False, first=True)
    _lines(left, "header.issuer_lines", size=prof.issuer_pt, bold=True)
    if prof.style == "party":
        _para(left, "*", style="RG Center", size=prof.issuer_pt)
        title = _para(
            right,
            "{{ header.national }}",
            style="RG Center",
            size=prof.national_pt,
            bold=True,
            first_paragraph=True,
        )
        # The rule under the title is as long as the title (§1.4): a bottom border, indented.
        title.paragraph_format.left_indent = Mm(10)
        title.paragraph_format.right_indent = Mm(10)
        title.paragraph_format.space_after = Pt(8)
        _border(title, size=8, space=1)
    else:
        # The short rule is the last agency line's bottom border (no empty paragraph under the
        # name), so "Số:" sits on the baseline of the date line opposite.
        rule_mm = left_mm * (1 - prof.issuer_rule_fraction) / 2
        _issuer_rule(left, rule_mm)
        _para(
            right,
            "{{ header.national }}",
            style="RG Center",
            size=prof.national_pt,
            bold=True,
            first_paragraph=True,
        )
        motto = _para(right, "{{ header.motto }}", style="RG Center", size=prof.motto_pt, bold=True)
        motto.paragraph_format.left_indent = Mm(18)
        motto.paragraph_format.right_indent = Mm(18)
        motto.paragraph_format.space_after = Pt(6)
        _border(motto, size=6, space=1)
    number = _para(
        number_cell,
        "{{ header.number_line }}",
        style="RG Center",
        size=prof.number_pt,
        first_paragraph=True,
    )
    date = _para(
        date_cell,
        "{{ header.place_date }}",
        style="RG Center",
        size=prof.date_pt,
        italic=True,
        first_paragraph=True,
    )
    for p in (number, date):
        p.paragraph_format.space_before = Pt(6)
    for cell in (number_cell, date_cell):
        cell.vertical_alignment = WD_ALIGN_VERTICAL.BOTTOM
    for cell in (left, right, number_cell, date_cell):
        for p in cell.paragraphs:
            p.alignment = c


def _issuer_rule(cell: object, indent_mm: float) -> None:
    """The State rule under the issuing body: a near-zero-height paragraph with a top border,
    so the rule hugs the name and takes no line of its own."""
    rule = cell.add_paragraph("", style="RG Center")  # type: ignore[attr-defined]
    rule.paragraph_format.left_indent = Mm(indent_mm)
    rule.paragraph_format.right_indent = Mm(indent_mm)
    rule.paragraph_format.space_before = Pt(3)
    rule.paragraph_format.space_after = Pt(6)
    rule.paragraph_format.line_spacing = Pt(1)
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    _border(rule, ("top",), size=6, space=0)


def _title(doc: Document, prof: Profile) -> None:
    t = _para(doc, "{{ header.type_name }}", style="RG Center", size=prof.title_pt, bold=True)
    # The PDF's .doc-type margin (18pt above, 4pt below): the trích yếu starts at the same height.
    t.paragraph_format.space_before = Pt(18)
    t.paragraph_format.space_after = Pt(4)
    if prof.line_rule == "multiple":
        # The PDF sets the title on the body's 1,15 lines; an exact 20 pt line (Party) already
        # lands the trích yếu within 0,2 mm of the PDF's, measured in LibreOffice.
        _line_spacing(t, prof)
    # The trích yếu in a centred block as wide as the PDF's, on the body's line spacing.
    side = (PORTRAIT_TEXT_MM - prof.summary_width_mm) / 2
    # One paragraph, a line break between the balanced lines the context chose (the PDF's).
    summary = _para(
        doc,
        "{% for line in header.summary_lines %}{{ line }}{% if not loop.last %}\n{% endif %}{% endfor %}",
        style="RG Center",
        size=prof.summary_pt,
        bold=True,
    )
    summary.paragraph_format.left_indent = Mm(side)
    summary.paragraph_format.right_indent = Mm(side)
    _line_spacing(summary, prof)
    summary.paragraph_format.space_after = Pt(2)  # the PDF's .doc-summary margin
    if prof.style == "party":
        dashes = _para(doc, "-----", style="RG Center", size=prof.summary_pt)
        dashes.paragraph_format.space_after = Pt(12)
        _line_spacing(dashes, prof)  # on the body's line, as the PDF sets it
    else:
        rule_side = (PORTRAIT_TEXT_MM - prof.summary_rule_fraction * prof.summary_width_mm) / 2
        rule = _para(doc, "", style="RG Center", size=4)
        rule.paragraph_format.left_indent = Mm(rule_side)
        rule.paragraph_format.right_indent = Mm(rule_side)
        # The PDF's rule: 4pt above, 14pt below, no height. An empty paragraph takes its
        # mark's full line (16pt) unless the line is pinned, so 1pt exact + 13pt after.
        rule.paragraph_format.space_before = Pt(4)
        rule.paragraph_format.space_after = Pt(13)
        rule.paragraph_format.line_spacing = Pt(1)
        rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        _border(rule, ("top",), size=6, space=0)


def _line_spacing(p: Paragraph, prof: Profile) -> None:
    pf = p.paragraph_format
    if prof.line_rule == "exact":
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(prof.line_value)
    else:
        pf.line_spacing = prof.line_value


def _body(doc: Document) -> None:
    _para(doc, "{{ opening }}")
    _tag(doc, "{%p for part in parts %}")
    _para(doc, "{{ part.heading }}", style="RG Part")
    _tag(doc, "{%p for text in part.paragraphs %}")
    _para(doc, "{{ text }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for sub in part.subsections %}")
    _para(doc, "{{ sub.heading }}", style="RG Subsection")
    _tag(doc, "{%p for text in sub.paragraphs %}")
    _para(doc, "{{ text }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for key in sub.charts %}")
    _tag(doc, "{%p if key in images %}")
    _para(doc, "{{ images[key] }}", style="RG Figure")
    _para(doc, "{{ captions[key] }}", style="RG Caption")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _para(doc, "{{ closing }}")


def _signature(doc: Document, prof: Profile) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_layout(table, (80, 85))
    left, right = table.rows[0].cells
    if prof.style == "party":
        _para(
            left,
            "{{ signature.recipients_label }}",
            style="Normal",
            size=prof.recipients_label_pt,
            underline=True,
            first_paragraph=True,
        )
    else:
        _para(
            left,
            "{{ signature.recipients_label }}",
            style="Normal",
            size=prof.recipients_label_pt,
            bold=True,
            italic=True,
            first_paragraph=True,
        )
    _tag(left, "{%p for line in signature.recipients %}")
    _para(left, "{{ line }}", style="Normal", size=prof.recipients_pt)
    _tag(left, "{%p endfor %}")
    _para(
        right,
        "{{ signature.authority }}",
        style="RG Center",
        size=prof.body_pt,
        bold=True,
        first_paragraph=True,
    )
    _para(
        right,
        "{{ signature.position }}",
        style="RG Center",
        size=prof.body_pt,
        bold=prof.style == "state",
    )
    for _ in range(4):
        _para(right, "", style="RG Center")
    _para(right, "{{ signature.name }}", style="RG Center", size=prof.body_pt, bold=True)
    for cell in (left, right):
        cell.paragraphs[0].paragraph_format.space_before = Pt(12)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    doc.paragraphs[-1].paragraph_format.keep_with_next = True


def _annex_heading(doc: Document, prof: Profile, title: str) -> None:
    """An annex's title on a new page and its "(Kèm theo …)" line; ``title`` names the field."""
    p = _para(doc, "{{ " + title + " }}", style="RG Center", bold=True)
    p.paragraph_format.page_break_before = True
    _para(
        doc,
        "(Kèm theo {{ header.reference }})",
        style="RG Center",
        italic=True,
        size=prof.caption_pt,
    ).paragraph_format.space_after = Pt(12)


def _opinions(doc: Document, prof: Profile) -> None:
    _tag(doc, "{%p if opinions %}")
    _annex_heading(doc, prof, "opinions_title")
    _tag(doc, "{%p for group in opinions %}")
    _para(doc, "{{ group.heading }}", style="RG Subsection")
    _tag(doc, "{%p for e in group.excerpts %}")
    p = _para(doc, "{{ e.unit }}: ", style="RG Excerpt", bold=True)
    p.add_run("{{ e.text }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")


def _justifications(doc: Document, prof: Profile) -> None:
    """Annex: each unit's justification beside the figure it explains (left out when none)."""
    _tag(doc, "{%p if justifications %}")
    _annex_heading(doc, prof, "justifications_title")
    _tag(doc, "{%p for group in justifications %}")
    _para(doc, "{{ group.heading }}", style="RG Subsection")
    _tag(doc, "{%p for e in group.entries %}")
    p = _para(doc, "{{ e.figure }}.", style="RG Excerpt", bold=True)
    p.add_run(" Giải trình: {{ e.text }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")


def _section_break(doc: Document, landscape_expr: str) -> None:
    """A paragraph ending a section whose orientation is decided by ``landscape_expr`` (Jinja)."""
    p = doc.add_paragraph(style="RG Tag")
    sect = OxmlElement("w:sectPr")
    size = OxmlElement("w:pgSz")
    size.set(qn("w:w"), "{% if " + landscape_expr + " %}16838{% else %}11906{% endif %}")
    size.set(qn("w:h"), "{% if " + landscape_expr + " %}11906{% else %}16838{% endif %}")
    size.set(
        qn("w:orient"), "{% if " + landscape_expr + " %}landscape{% else %}portrait{% endif %}"
    )
    margins = OxmlElement("w:pgMar")
    # The measures' margins, the same for both styles: a landscape appendix has its binding
    # edge (30 mm) at the top, as in the PDF.
    portrait, landscape = PARTY.portrait, PARTY.landscape
    for key, p_mm, l_mm in (
        ("top", portrait.top, landscape.top),
        ("right", portrait.right, landscape.right),
        ("bottom", portrait.bottom, landscape.bottom),
        ("left", portrait.left, landscape.left),
        ("header", 10, 10),
        ("footer", 10, 10),
        ("gutter", 0, 0),
    ):
        tw_p, tw_l = round(p_mm * 1440 / 25.4), round(l_mm * 1440 / 25.4)
        value = (
            str(tw_p)
            if tw_p == tw_l
            else f"{{% if {landscape_expr} %}}{tw_l}{{% else %}}{tw_p}{{% endif %}}"
        )
        margins.set(qn(f"w:{key}"), value)
    sect.append(size)
    sect.append(margins)
    p._p.get_or_add_pPr().append(sect)


def _data_table(doc: Document) -> None:
    """Header row repeated on every page; one data row looped with ``{%tr %}``, cells with ``{%tc %}``."""
    table = doc.add_table(rows=4, cols=3)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    desc = OxmlElement("w:tblDescription")
    total = f"{{% if a.landscape %}}{LANDSCAPE_TEXT_TWIPS}{{% else %}}{PORTRAIT_TEXT_TWIPS}{{% endif %}}"
    desc.set(qn("w:val"), "{{ t.widths_spec }};" + total)
    tblpr.append(desc)
    head, loop, row, end = table.rows
    for r in (head, row):
        r._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    # A {%tc %} tag replaces its whole cell, so each loop takes three cells: for | body | endfor.
    for r, var, seq, text in (
        (head, "c", "t.columns", "{{ c }}"),
        (row, "c", "r.cells", "{{ c.text }}"),
    ):
        _para(r.cells[0], f"{{%tc for {var} in {seq} %}}", style="RG Table", first_paragraph=True)
        p = _para(r.cells[1], text, style="RG Table", first_paragraph=True)
        _para(r.cells[2], "{%tc endfor %}", style="RG Table", first_paragraph=True)
        if r is head:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.runs[0].bold = True
            continue
        # Boldness and alignment vary per row/cell: Jinja inside the attributes.
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), "{{ c.align }}")
        p._p.get_or_add_pPr().append(jc)
        b = OxmlElement("w:b")
        b.set(qn("w:val"), "{% if r.bold %}1{% else %}0{% endif %}")
        p.runs[0]._r.get_or_add_rPr().append(b)
    _para(loop.cells[0], "{%tr for r in t.rows %}", style="RG Table", first_paragraph=True)
    _para(end.cells[0], "{%tr endfor %}", style="RG Table", first_paragraph=True)
    for r in table.rows:
        for cell in r.cells:
            tcpr = cell._tc.tcPr
            if tcpr is not None and tcpr.find(qn("w:tcW")) is not None:
                tcpr.remove(tcpr.find(qn("w:tcW")))


def _appendices(doc: Document, prof: Profile) -> None:
    _tag(doc, "{%p for a in appendices %}")
    _para(doc, "Phụ lục {{ a.number }}", style="RG Center", bold=True)
    _para(doc, "{{ a.title }}", style="RG Center", bold=True)
    _para(
        doc, "{{ a.subtitle }}", style="RG Center", italic=True, size=prof.caption_pt
    ).paragraph_format.space_after = Pt(6)
    _tag(doc, "{%p for t in a.tables %}")
    _data_table(doc)
    _para(doc, "", style="RG Tag")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if a.note %}")
    _para(doc, "{{ a.note }}", style="RG Table", italic=True, size=prof.caption_pt)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if not loop.last %}")
    _section_break(doc, "a.landscape")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


def _first_section_break(doc: Document) -> None:
    """End the body section (portrait, title page without number) before the appendices."""
    doc.add_section(WD_SECTION.NEW_PAGE)
    # Appendix sections number every page; they inherit the body's header.
    doc.sections[-1].different_first_page_header_footer = False


def build(prof: Profile, out: Path) -> Path:
    """Write the template for ``prof`` to ``out``."""
    doc = Document()
    _styles(doc, prof)
    section = doc.sections[0]
    _page_setup(section)
    _page_number_header(section, prof)
    # python-docx's default document starts with no paragraphs; everything is appended.
    _draft_mark(section)
    _header_table(doc, prof)
    _title(doc, prof)
    _body(doc)
    _signature(doc, prof)
    _opinions(doc, prof)
    _justifications(doc, prof)
    _first_section_break(doc)
    _appendices(doc, prof)
    # The final section is the last appendix's: its orientation follows that appendix.
    final = doc.sections[-1]._sectPr
    size = final.find(qn("w:pgSz"))
    expr = "appendices and appendices[-1].landscape"
    size.set(qn("w:w"), "{% if " + expr + " %}16838{% else %}11906{% endif %}")
    size.set(qn("w:h"), "{% if " + expr + " %}11906{% else %}16838{% endif %}")
    size.set(qn("w:orient"), "{% if " + expr + " %}landscape{% else %}portrait{% endif %}")
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = "Báo cáo", "reportgen", "reportgen"
    props.created = props.modified = dt.datetime(2022, 1, 1)
    props.revision = 1
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(_reproducible_zip(buffer.getvalue()))
    return out


def _reproducible_zip(data: bytes) -> bytes:
    """The same parts with fixed timestamps, so rebuilding gives the same bytes (clean diffs)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2022, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main() -> int:
    """Build both templates."""
    for prof in (PARTY, STATE):
        path = build(prof, OUT / f"report-{prof.style}.docx")
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
