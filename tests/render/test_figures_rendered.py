"""The figures as the rendered files show them: workbook cell, DOCX text, PDF text agree.

One real consolidated workbook and one real DOCX and PDF from a dataset built to hit exact
ties (13/16 = 81,25%; a mean of 2,25) and a file received at 00:10 Vietnam time (17:10 UTC
the day before). The workbook's figure is the cell's value under its own number format,
rounded as Excel and LibreOffice round a displayed cell (half away from zero).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import zipfile

import openpyxl
import pdfplumber
import pytest

from reportgen.consolidate import build_dataset
from reportgen.consolidate.model import Dataset
from reportgen.consolidate.workbook import write_consolidated
from reportgen.definition import Review
from reportgen.render.context import build_context
from reportgen.render.docx import render_docx
from reportgen.render.pdf import render_pdf
from tests.consolidate.submissions import make_submission, statuses_for

# 00:10 on 06/12/2022 in Hà Nội, stored as UTC by the store.
RECEIVED_UTC = dt.datetime(2022, 12, 5, 17, 10, tzinfo=dt.UTC)
TIE_OVERRIDES = {("NM01", 2022): 13, ("NM02", 2022): 16, ("KK03", 2022): 2.25}


@pytest.fixture(scope="module")
def tie_dataset(hanoi: Review) -> Dataset:
    rng = random.Random(5)
    subs = [
        make_submission(hanoi, u, rng, overrides=TIE_OVERRIDES)  # type: ignore[arg-type]
        for u in hanoi.units
    ]
    counting = list(enumerate(subs, start=1))
    statuses = [
        dataclasses.replace(s, received_at=RECEIVED_UTC)
        for s in statuses_for(hanoi, {sub.unit_code or "": n for n, sub in counting})
    ]
    return build_dataset(hanoi, statuses, counting, generated_at=RECEIVED_UTC)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, tie_dataset: Dataset) -> dict[str, str]:
    out = tmp_path_factory.mktemp("ties")
    workbook = write_consolidated(tie_dataset, out / "tong-hop.xlsx")
    context = build_context(tie_dataset, number="7", report_date=dt.date(2022, 12, 20))
    docx = render_docx(context, out / "bao-cao.docx")
    pdf = render_pdf(context, out / "bao-cao.pdf")
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    docx_text = " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    with pdfplumber.open(pdf) as doc:
        pdf_text = "\n".join(page.extract_text() or "" for page in doc.pages)
    return {"xlsx": str(workbook), "docx": docx_text, "pdf": " ".join(pdf_text.split())}


def _shown(value: float, number_format: str) -> str:
    """What a spreadsheet prints for ``value`` under ``number_format`` (the formats we write)."""
    from decimal import ROUND_HALF_UP, Decimal

    code = number_format.removeprefix("[$-42A]")
    percent = code.endswith("%")
    digits = len(code.split(".")[1].rstrip("%")) if "." in code else 0
    shown = Decimal(repr(value * 100 if percent else value)).quantize(
        Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP
    )
    whole, _, fraction = f"{shown:f}".partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    return whole + ("," + fraction if fraction else "") + ("%" if percent else "")


def _total_cell(path: str, label: str) -> tuple[float, str]:
    """The TỔNG CỘNG figure of the last year in the indicator block whose heading has ``label``."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        in_block = False
        for row in ws.iter_rows():
            first = row[0].value
            if isinstance(first, str) and first[:1].isdigit() and "[" in first:
                in_block = f"[{label}]" in first
            if in_block and any(c.value == "TỔNG CỘNG" for c in row[:2]):
                last = [c for c in row if isinstance(c.value, int | float)][-1]
                return float(last.value), str(last.number_format)  # type: ignore[arg-type]
    raise AssertionError(f"no total for {label}")


@pytest.mark.slow
def test_exact_ties_round_half_away_from_zero_in_every_output(rendered: dict[str, str]) -> None:
    value, number_format = _total_cell(rendered["xlsx"], "NM03")
    assert value == pytest.approx(0.8125) and number_format == "[$-42A]0.0%"
    assert _shown(value, number_format) == "81,3%"
    for medium in ("docx", "pdf"):
        assert "81,3%" in rendered[medium], medium
        assert "81,2%" not in rendered[medium], medium
    mean, mean_format = _total_cell(rendered["xlsx"], "KK03")
    assert (mean, mean_format) == (pytest.approx(2.25), "[$-42A]#,##0.0")
    assert _shown(mean, mean_format) == "2,3"
    for medium in ("docx", "pdf"):
        assert re.search(r"\b2,3 µg/m³", rendered[medium]), medium
        assert not re.search(r"\b2,2 µg/m³", rendered[medium]), medium


@pytest.mark.slow
def test_receipt_dates_are_printed_in_vietnam_time(rendered: dict[str, str]) -> None:
    # Status appendix rows: "… 05/12/2022 (deadline) Đã nộp 06/12/2022 (received) 1".
    for medium in ("docx", "pdf"):
        assert len(re.findall(r"Đã nộp 06/12/2022", rendered[medium])) == 36, medium
        assert "Đã nộp 05/12/2022" not in rendered[medium], medium
    wb = openpyxl.load_workbook(rendered["xlsx"])
    stamps = [
        c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, dt.datetime)
    ]
    assert stamps and all(s == dt.datetime(2022, 12, 6, 0, 10) for s in stamps)
