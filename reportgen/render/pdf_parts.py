"""Render a long report as parts in parallel, then join them and stamp the page numbers.

WeasyPrint lays a document out on one core, and table pages cost about three times text pages
(``perf-baselines.md`` §4): two processes on balanced parts halve the wall time. The first part
starts on page 1 and keeps its margin boxes (page numbers, draft mark). A later part cannot know
its first page number before the parts before it are laid out, so it is rendered *without*
margin boxes; once the process rendering it is told how many pages come before, it renders its
margin boxes alone (one empty page per page of the part, same sizes, same ``@page`` rules, the
page counter started at that offset) and merges them on top: no process waits for all parts.

Only the built-in template is split (its ``<section class="appendix …">`` blocks are the cut
points and its pages are either the default A4 portrait or the ``landscape`` named page).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

__all__ = [
    "join_parts",
    "number_pages_html",
    "split_html",
    "stamp_numbers",
    "with_margin_boxes",
]

_CUT = re.compile(r'<section class="appendix')
_MARGIN_BOXES = (
    "top-left-corner top-left top-center top-right top-right-corner "
    "bottom-left-corner bottom-left bottom-center bottom-right bottom-right-corner "
    "left-top left-middle left-bottom right-top right-middle right-bottom"
).split()
# Parts carry no margin boxes: their page counters would restart at 1.
_NO_MARGIN_BOXES = (
    "<style>@page { "
    + " ".join(f"@{box} {{ content: none !important; }}" for box in _MARGIN_BOXES)
    + " }</style>"
)
# The cost of a part, in characters of running text (WeasyPrint sets ≈ 70 000 a second; measured
# per appendix of the example, roughly): a table cell costs 25 more; a chart ≈ 20 000, for
# WeasyPrint draws it (≈ 0,06 s) and the part showing it cannot start before the caller has drawn
# it (≈ 0,16 s a chart, see pdf.start_pdf). A chart's data URI is no text to lay out.
_TABLE_CELL_WEIGHT = 25
_CHART_WEIGHT = 20_000
_DATA_URI = re.compile(r'"data:[^"]*"')


def _pieces(html: str) -> tuple[str, str, list[str]] | None:
    body = html.find("<body")
    if body < 0:
        return None
    body_end = html.index(">", body) + 1
    close = html.rfind("</body>")
    inner = html[body_end:close]
    cuts = [m.start() for m in _CUT.finditer(inner)]
    if not cuts:
        return None
    bounds = [0, *cuts, len(inner)]
    chunks = [inner[a:b] for a, b in pairwise(bounds)]
    return html[:body], html[body:body_end], chunks


def split_html(html: str, parts: int = 2) -> list[str] | None:
    """``html`` cut into ``parts`` documents of about equal layout cost, or None if it cannot be.

    Cuts fall only before an appendix section; each part keeps the whole ``<head>`` (styles,
    metadata); the parts after the first lose their margin boxes (see :func:`stamp_numbers`).
    """
    pieces = _pieces(html)
    if pieces is None or parts < 2:
        return None
    head, body_tag, chunks = pieces
    weights = [_weight(c) for c in chunks]
    groups: list[list[str]] = []
    target = sum(weights) / parts
    current: list[str] = []
    done = 0.0
    for chunk, weight in zip(chunks, weights, strict=True):
        # Close the group when adding this chunk overshoots its share by more than leaving it out.
        share = target * (len(groups) + 1)
        if current and len(groups) < parts - 1 and abs(done + weight - share) > abs(done - share):
            groups.append(current)
            current = []
        current.append(chunk)
        done += weight
    groups.append(current)
    if len(groups) < 2:
        return None
    bare = head.replace("</head>", _NO_MARGIN_BOXES + "\n</head>", 1)
    return [
        f"{head if n == 0 else bare}{body_tag}{''.join(g)}</body>\n</html>\n"
        for n, g in enumerate(groups)
    ]


def _weight(chunk: str) -> float:
    data = sum(len(uri) for uri in _DATA_URI.findall(chunk))
    return (
        len(chunk)
        - data
        + _TABLE_CELL_WEIGHT * chunk.count("<td")
        + _CHART_WEIGHT * chunk.count('<figure class="chart"')
    )


def with_margin_boxes(part_html: str) -> str:
    """A part of :func:`split_html` with its margin boxes back (the numbers page template)."""
    return part_html.replace(_NO_MARGIN_BOXES + "\n", "", 1)


def number_pages_html(html: str, landscape: Sequence[bool], after: int = 0) -> str:
    """A document of empty pages carrying only the margin boxes (page numbers) of ``html``.

    ``landscape[i]`` says whether page ``i`` is the landscape named page. With ``after`` > 0
    the pages are numbered from ``after + 1`` on: one more page comes first (page ``after``,
    the ``:first`` page, to be dropped), so the pages wanted are never styled as page 1.
    """
    body = html.find("<body")
    head = html[:body] if body >= 0 else "<html><head></head>"
    if after > 0:
        head = head.replace(
            "</head>", f"<style>@page :first {{ counter-reset: page {after}; }}</style></head>", 1
        )
    pages = "".join(
        f'<div style="break-before: page; page: {"landscape" if wide else "auto"}"></div>'
        for wide in ([False] if after > 0 else []) + list(landscape)
    )
    return f"{head}<body>{pages}</body>\n</html>\n"


def stamp_numbers(part: Path, numbers: Path, out: Path) -> int:
    """Lay the last pages of ``numbers`` over the pages of ``part`` (one to one), write ``out``.

    Each numbers page becomes a form XObject drawn after the page's own content, which is left
    as it is (still compressed, never parsed): pypdf's ``merge_page`` rewrote every content
    stream uncompressed (the appendix part went from 0,17 to 1,4 MB) and took ~0,35 s.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        PdfObject,
    )

    writer = PdfWriter(clone_from=PdfReader(part))
    overlay = PdfReader(numbers).pages
    skip = len(overlay) - len(writer.pages)
    if skip < 0:
        raise ValueError(f"{len(overlay)} numbered pages for {len(writer.pages)} pages")

    def stream(data: bytes, entries: dict[str, PdfObject] | None = None) -> IndirectObject:
        obj = DecodedStreamObject()
        obj.set_data(data)
        for key, value in (entries or {}).items():
            obj[NameObject(key)] = value
        return writer._add_object(obj)

    for n, (page, stamp) in enumerate(zip(writer.pages, list(overlay)[skip:], strict=True)):
        name = NameObject(f"/ReportgenPageNumber{n}")
        drawn = stamp.get_contents()
        form = stream(
            drawn.get_data() if drawn is not None else b"",
            {
                "/Type": NameObject("/XObject"),
                "/Subtype": NameObject("/Form"),
                "/BBox": stamp.mediabox.clone(writer),
                "/Resources": stamp[NameObject("/Resources")].clone(writer),
            },
        )
        resources = page[NameObject("/Resources")].get_object()
        assert isinstance(resources, DictionaryObject)
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        forms = resources["/XObject"].get_object()
        assert isinstance(forms, DictionaryObject)
        forms[name] = form
        # The page's own content streams stay as they are (referenced, not parsed); they may
        # leave the graphics state changed, hence q … Q around them.
        contents = page.raw_get("/Contents")
        own = contents.get_object()
        page[NameObject("/Contents")] = ArrayObject(
            [
                stream(b"q\n"),
                *(own if isinstance(own, ArrayObject) else [contents]),
                stream(b"\nQ q " + name.encode() + b" Do Q\n"),
            ]
        )
    with out.open("wb") as file:
        writer.write(file)
    return len(writer.pages)


def join_parts(parts: Sequence[Path], out: Path) -> int:
    """Concatenate the (numbered) part PDFs into ``out``; return its page count."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(parts[0]))
    for part in parts[1:]:
        writer.append(PdfReader(part))
    # The /ID is cloned from part 1 (WeasyPrint's fixed identifier): the file stays reproducible.
    with out.open("wb") as stream:
        writer.write(stream)
    return len(writer.pages)
