"""What we send back to a unit: an annotated copy of its workbook and a readable HTML page.

The annotated copy is a *freshly generated* blank workbook of the unit with the unit's own
raw values written into their cells (as text when they did not parse), every cell with a
finding filled red (error) or yellow (warning) with the message as a comment, and a first
sheet "Kết quả kiểm tra" listing every finding with a link to its cell. The submitted file is
never loaded and saved again: whatever it carried (macros, formulas, odd parts) stays behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from reportgen.blank.front import FrontRow, FrontSheet
from reportgen.blank.layout import CellKind, IndicatorRow, WorkbookLayout
from reportgen.blank.workbook import write_workbook
from reportgen.blank.writer import CellMark
from reportgen.definition.model import Review
from reportgen.findings import Finding, Location, count
from reportgen.intake.identify import cached_layout
from reportgen.intake.model import Submission
from reportgen.intake.validate import Validated
from reportgen.messages import message_text

__all__ = ["AnnotatedCopy", "annotate", "feedback_html", "summary_lines"]

_SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}


@dataclass(frozen=True, slots=True)
class AnnotatedCopy:
    """The files written for one submission; ``xlsx_path`` is None when the unit is unknown."""

    xlsx_path: Path | None
    html_path: Path


def _blank_cell(layout: WorkbookLayout, loc: Location) -> tuple[str, str] | None:
    """Where a finding sits in the *fresh* workbook (rows and columns may differ in the file)."""
    if loc.indicator and loc.year:
        cell = layout.cell_of(loc.indicator, loc.year)
        if cell is not None:
            return cell.sheet, cell.cell
    if loc.indicator:
        for r in layout.rows:
            if isinstance(r, IndicatorRow) and r.indicator.code == loc.indicator:
                return loc.sheet or "", f"B{r.row}"
    if loc.section:
        for s in layout.cells:
            if s.kind is CellKind.SECTION and s.section == loc.section:
                return s.sheet, s.cell
    if loc.list and loc.column and loc.row:
        for area in layout.lists:
            if area.table.code == loc.list:
                letter = dict(area.columns).get(loc.column)
                if letter:
                    return area.sheet, f"{letter}{loc.row}"
    if loc.sheet and loc.cell:
        return loc.sheet, loc.cell
    if loc.sheet:
        return loc.sheet, "A1"
    return None


def summary_lines(review: Review, validated: Validated) -> list[str]:
    """File, unit and verdict, as the first lines of the findings sheet and page."""
    sub = validated.submission
    unit = review.unit_by_code.get(sub.unit_code or "")
    errors, warnings = count(sub.findings)
    return [
        f"Tệp: {sub.file_name}",
        f"Đơn vị: {unit.code} — {unit.name}" if unit else "Đơn vị: không xác định được",
        f"Kết luận: {sub.verdict.label} ({errors} lỗi, {warnings} cảnh báo)",
    ]


def annotate(
    review: Review,
    checked: Validated | Submission,
    out_dir: Path,
    *,
    raw_values: Mapping[tuple[str, str], object] | None = None,
    stem: str | None = None,
) -> AnnotatedCopy:
    """Write ``<stem>-kiem-tra.xlsx`` and ``<stem>-kiem-tra.html`` into ``out_dir``.

    ``checked`` is what :func:`~reportgen.intake.inspect_file` returned (it carries the raw
    values), or a bare Submission plus its ``raw_values`` ((sheet, cell) → value as typed;
    without them the copy shows the marks on empty cells).
    """
    if isinstance(checked, Submission):
        unit = review.unit_by_code.get(checked.unit_code or "")
        layout = cached_layout(review, unit) if unit is not None else None
        checked = Validated(checked, dict(raw_values or {}), layout)
    validated = checked
    sub = validated.submission
    stem = stem or Path(sub.file_name).stem
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / f"{stem}-kiem-tra.html"
    html_path.write_text(feedback_html(review, validated), encoding="utf-8")
    unit = review.unit_by_code.get(sub.unit_code or "")
    layout = validated.layout
    if unit is None or layout is None:
        return AnnotatedCopy(None, html_path)
    sheets = {c.sheet for c in layout.cells} | {a.sheet for a in layout.lists}
    marks: list[CellMark] = []
    rows: list[FrontRow] = []
    for f in sub.findings:
        target = _blank_cell(layout, f.location)
        if target is not None and target[0] not in sheets:
            target = None  # a sheet the fresh workbook does not have (an extra sheet)
        message = message_text(f)
        if target is not None:
            marks.append(CellMark(target[0], target[1], str(f.severity), message))
        rows.append(
            FrontRow(str(f.severity), f.location.describe() or "Toàn tệp", f.code, message, target)
        )
    front = FrontSheet(rows=rows, summary=summary_lines(review, validated))
    xlsx_path = out_dir / f"{stem}-kiem-tra.xlsx"
    write_workbook(
        review,
        unit,
        xlsx_path,
        prefill=validated.raw_values,
        marks=marks,
        front_sheet=front,
        layout=layout,
    )
    return AnnotatedCopy(xlsx_path, html_path)


_PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Kết quả kiểm tra — {{ file_name }}</title>
<style>
body { font-family: "Times New Roman", serif; font-size: 13pt; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 16pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #dce6f1; }
.error { background: #ff9c9c; } .warning { background: #ffeb84; } .info { background: #dce6f1; }
.ok { color: #1a7f37; font-weight: bold; }
</style>
</head>
<body>
<h1>KẾT QUẢ KIỂM TRA BIỂU MẪU</h1>
<p>{{ review_title }}</p>
<ul>{% for line in summary %}<li>{{ line }}</li>{% endfor %}</ul>
{% if rows %}
<table>
<thead><tr><th>Mức độ</th><th>Vị trí</th><th>Mã</th><th>Nội dung</th></tr></thead>
<tbody>
{% for r in rows %}<tr><td class="{{ r.severity }}">{{ r.label }}</td><td>{{ r.where }}</td><td>{{ r.code }}</td><td>{{ r.message }}</td></tr>
{% endfor %}</tbody>
</table>
{% else %}
<p class="ok">Không phát hiện vấn đề nào.</p>
{% endif %}
</body>
</html>
"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def feedback_html(review: Review, validated: Validated) -> str:
    """A small standalone Vietnamese page listing the findings (autoescaped)."""
    sub = validated.submission
    rows = [_row(f) for f in sub.findings]
    return _ENV.from_string(_PAGE).render(
        file_name=sub.file_name,
        review_title=review.title,
        summary=summary_lines(review, validated),
        rows=rows,
    )


def _row(f: Finding) -> dict[str, str]:
    severity = str(f.severity)
    return {
        "severity": severity,
        "label": _SEVERITY_VI.get(severity, severity),
        "where": f.location.describe() or "Toàn tệp",
        "code": f.code,
        "message": message_text(f),
    }
