"""Write a unit's workbook (blank, prefilled or annotated), and all blanks of a review.

:func:`write_workbook` places every input cell exactly where :func:`layout_for` says;
:func:`make_blanks` writes one ``<code>-<slug>.xlsx`` per unit and a ZIP of them all, on every
core for a long list of units (a workbook is ~40 ms of pure Python: processes, not threads).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import xlsxwriter

from reportgen.blank.front import FrontRow, FrontSheet, write_front
from reportgen.blank.guidance import write_guidance
from reportgen.blank.indicators import write_indicators
from reportgen.blank.info import write_info
from reportgen.blank.layout import IND_HEADER_ROW, SHEETS, WorkbookLayout, layout_for
from reportgen.blank.lists import write_list
from reportgen.blank.meta import ChoiceLists, write_cell_map, write_meta
from reportgen.blank.narrative import write_narrative
from reportgen.blank.styles import Styles
from reportgen.blank.writer import CellMark, SheetWriter
from reportgen.definition.model import Review, Unit
from reportgen.errors import ProjectError

__all__ = [
    "BlankResult",
    "CellMark",
    "FrontRow",
    "FrontSheet",
    "UnknownUnitError",
    "blank_file_name",
    "make_blanks",
    "slug",
    "write_workbook",
]

Progress = Callable[[int, int, str], None]

# Options that make every string a string: a submitted "=HYPERLINK(…)" stays text.
_WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,  # a NaN read from a submitted file becomes #NUM!, not a crash
}


class UnknownUnitError(ProjectError):
    """A unit code asked for is not in the review's units.csv."""


@dataclass(frozen=True, slots=True)
class BlankResult:
    """What :func:`make_blanks` wrote."""

    out_dir: Path
    files: tuple[Path, ...]  # one workbook per unit, in unit order
    zip_path: Path


def slug(text: str) -> str:
    """ASCII slug of a Vietnamese name: ``Quận Ba Đình`` → ``quan-ba-dinh``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_text.lower()).split()
    return "-".join(words)


def blank_file_name(unit: Unit) -> str:
    """``001-quan-ba-dinh.xlsx``."""
    return f"{unit.code}-{slug(unit.name)}.xlsx".replace("-.xlsx", ".xlsx")


def _by_sheet(
    prefill: Mapping[tuple[str, str], object] | None, marks: Sequence[CellMark]
) -> tuple[dict[str, dict[str, object]], dict[str, dict[str, list[CellMark]]]]:
    values: dict[str, dict[str, object]] = defaultdict(dict)
    for (sheet, cell), value in (prefill or {}).items():
        values[sheet][cell.replace("$", "").upper()] = value
    marked: dict[str, dict[str, list[CellMark]]] = defaultdict(lambda: defaultdict(list))
    for mark in marks:
        marked[mark.sheet][mark.cell.replace("$", "").upper()].append(mark)
    return values, marked


def write_workbook(
    review: Review,
    unit: Unit,
    target: Path | BinaryIO,
    *,
    prefill: Mapping[tuple[str, str], object] | None = None,
    marks: Sequence[CellMark] = (),
    front_sheet: FrontSheet | None = None,
    layout: WorkbookLayout | None = None,
) -> None:
    """Write ``unit``'s workbook to ``target`` (a path or a binary file object).

    ``prefill`` maps (sheet, cell) to the raw value to put in that cell, exactly as a cell
    holds it: numbers as numbers, percents as fractions (0.95 for 95%), dates as dates, text
    as text (never turned into a formula). ``marks`` fill cells red (error) or yellow
    (warning) with the message as a comment. ``front_sheet`` adds a first sheet listing
    findings with links to their cells.
    """
    layout = layout or layout_for(review, unit)
    values, marked = _by_sheet(prefill, marks)
    wb = xlsxwriter.Workbook(target, _WORKBOOK_OPTIONS)
    wb.set_properties(
        {
            "title": f"Biểu mẫu báo cáo — {unit.name}",
            "subject": review.title,
            "author": "reportgen",
            "company": review.issuer.name,
            "comments": f"{review.id} {review.version} {unit.code} {review.fingerprint}",
            # a fixed date keeps the bytes a function of the definition, not of the clock
            "created": dt.datetime.combine(review.cutoff_date, dt.time()),
        }
    )
    wb.set_size(1400, 900)
    styles = Styles(wb)
    password = review.protection_password or ""

    def pen_for(name: str) -> SheetWriter:
        return SheetWriter(wb.add_worksheet(name), styles, values.get(name), marked.get(name))

    pens: list[SheetWriter] = []
    if front_sheet is not None:
        front = pen_for(front_sheet.name)
        write_front(front, front_sheet)
        pens.append(front)
    guidance = pen_for(SHEETS.guidance)
    info = pen_for(SHEETS.info)
    indicators = pen_for(SHEETS.indicators)
    narrative = pen_for(SHEETS.narrative)
    list_pens = [pen_for(area.sheet) for area in layout.lists]
    meta_ws = wb.add_worksheet(SHEETS.meta)
    map_ws = wb.add_worksheet(SHEETS.cell_map)
    choices = ChoiceLists(meta_ws)

    write_guidance(guidance, review, unit, layout)
    write_info(info, review, unit, layout)
    write_indicators(indicators, review, unit, layout, choices.source)
    write_narrative(narrative, layout)
    for pen, area in zip(list_pens, layout.lists, strict=True):
        write_list(pen, area, choices.source)
    write_meta(meta_ws, layout)
    write_cell_map(map_ws, layout)

    indicators.ws.freeze_panes(IND_HEADER_ROW, 3)
    first_input = next((c.cell for c in layout.cells if c.sheet == SHEETS.indicators), None)
    if first_input:
        indicators.ws.set_selection(first_input)
    indicators.ws.set_landscape()
    indicators.ws.set_paper(9)
    indicators.ws.fit_to_pages(1, 0)
    indicators.ws.repeat_rows(IND_HEADER_ROW - 1)
    info.ws.freeze_panes(3, 0)
    narrative.ws.freeze_panes(3, 0)
    guidance.ws.freeze_panes(1, 0)

    pens += [guidance, info, indicators, narrative, *list_pens]
    for pen in pens:
        pen.finish()
        pen.ws.protect(password, _protect_options(pen.ws.name in {a.sheet for a in layout.lists}))
    meta_ws.protect(password, _protect_options(False))
    map_ws.protect(password, _protect_options(False))
    pens[0].ws.activate()
    wb.close()


def _protect_options(table: bool) -> dict[str, bool]:
    """Users may resize columns/rows and select cells; nothing structural."""
    return {
        "format_columns": True,
        "format_rows": True,
        "select_locked_cells": True,
        "select_unlocked_cells": True,
        "sort": table,
        "autofilter": table,
    }


def _select_units(review: Review, units: Sequence[str] | None) -> list[Unit]:
    if not units:
        return list(review.units)
    unknown = [code for code in units if code not in review.unit_by_code]
    if unknown:
        valid = ", ".join(u.code for u in review.units)
        raise UnknownUnitError(
            f"Không có đơn vị mã {', '.join(unknown)} trong đợt báo cáo {review.id}. "
            f"Các mã hợp lệ: {valid}."
        )
    return [review.unit_by_code[code] for code in dict.fromkeys(units)]


_PARALLEL_FROM = 24  # units; below this a second process costs more than it saves
_WORKER_REVIEW: list[Review] = []


def _init_worker(review: Review) -> None:
    _WORKER_REVIEW[:] = [review]


def _blank_bytes(unit: Unit, review: Review | None = None) -> bytes:
    buffer = io.BytesIO()
    write_workbook(review or _WORKER_REVIEW[0], unit, buffer)
    return buffer.getvalue()


def _workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _blanks(review: Review, units: list[Unit], workers: int) -> Iterator[bytes]:
    """The workbooks' bytes in unit order, written by ``workers`` processes when worth it."""
    if workers <= 1 or len(units) < _PARALLEL_FROM:
        for unit in units:
            yield _blank_bytes(unit, review)
        return
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(review,)) as pool:
        yield from pool.map(_blank_bytes, units, chunksize=8)


def make_blanks(
    review: Review,
    out_dir: Path,
    units: Sequence[str] | None = None,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> BlankResult:
    """Write one blank workbook per unit (all, or those in ``units``) and a ZIP of them.

    Files are ``out_dir/<code>-<slug>.xlsx`` and ``out_dir/<review-id>-bieu-mau.zip``.
    Raises :class:`UnknownUnitError` (message lists valid codes) before writing anything.
    ``workers``: processes writing workbooks (default: every core; the bytes do not depend
    on it).
    """
    chosen = _select_units(review, units)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    zip_path = out_dir / f"{review.id}-bieu-mau.zip"
    files: list[Path] = []
    # a fixed timestamp inside the ZIP: same definition, same bytes
    stamp = (*review.cutoff_date.timetuple()[:3], 0, 0, 0)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        written = _blanks(review, chosen, _workers() if workers is None else workers)
        for n, (unit, data) in enumerate(zip(chosen, written, strict=True), start=1):
            path = out_dir / blank_file_name(unit)
            path.write_bytes(data)
            info = zipfile.ZipInfo(path.name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED  # xlsx is already deflated
            archive.writestr(info, data)
            files.append(path)
            if progress is not None:
                progress(n, len(chosen), unit.code)
    return BlankResult(out_dir=out_dir, files=tuple(files), zip_path=zip_path)
