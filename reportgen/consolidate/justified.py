"""Units' justifications of warnings ("Giải trình"): into the Dataset, and the workbook's sheet.

A justification belongs to one warning of one stored submission (:mod:`reportgen.store.justifications`).
Only those of each unit's *counting* version are carried: a justification written for an older
version explains figures the report no longer uses. Each note keeps the finding's Vietnamese
message, read from the counting submission itself, so the workbook and the report need no store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportgen.consolidate.model import Dataset, JustificationNote
from reportgen.consolidate.sheets import (
    Styles,
    page_setup,
    sheet_name,
    stamp,
    to_local,
    write_header,
    write_titles,
    write_unit_value,
)
from reportgen.definition.model import Review
from reportgen.findings import Finding
from reportgen.intake.model import Submission
from reportgen.messages import message_text
from reportgen.store.justifications import Justification, finding_keys

__all__ = ["SHEET", "justification_notes", "write_justifications"]

SHEET = "Giải trình"


def justification_notes(
    review: Review,
    counting: Sequence[tuple[int, Submission]],
    justifications: Iterable[Justification],
) -> tuple[JustificationNote, ...]:
    """The justifications of the counting versions, in review unit order then finding order.

    A justification of a version that does not count, or of a finding the submission no longer
    has, is left out.
    """
    by_id = dict(counting)
    unit_order = {u.code: i for i, u in enumerate(review.units)}
    notes: list[tuple[tuple[int, int], JustificationNote]] = []
    keyed: dict[int, dict[str, tuple[int, Finding]]] = {}
    for j in justifications:
        submission = by_id.get(j.submission_id)
        if submission is None or submission.unit_code != j.unit_code:
            continue
        if j.submission_id not in keyed:
            findings = submission.findings
            keyed[j.submission_id] = {
                key: (i, f)
                for i, (key, f) in enumerate(zip(finding_keys(findings), findings, strict=True))
            }
        found = keyed[j.submission_id].get(j.finding_key)
        if found is None:
            continue
        position, finding = found
        note = JustificationNote(
            unit_code=j.unit_code,
            version=j.version,
            submission_id=j.submission_id,
            code=finding.code,
            location=finding.location,
            message=message_text(finding, "vi"),
            cell_text=finding.value,
            text=j.text,
            author=j.author,
            written_at=j.written_at,
        )
        notes.append(((unit_order.get(j.unit_code, len(unit_order)), position), note))
    notes.sort(key=lambda pair: pair[0])
    return tuple(note for _order, note in notes)


_TITLES = ("TT", "Mã đơn vị", "Đơn vị", "Phiên bản", "Ô", "Chỉ tiêu", "Năm", "Cảnh báo",
           "Số liệu của đơn vị", "Giải trình", "Người viết", "Thời điểm viết")  # fmt: skip
_WIDTHS = (5, 9, 24, 9, 14, 30, 7, 44, 14, 50, 14, 16)


def write_justifications(wb: Any, dataset: Dataset, st: Styles, taken: set[str]) -> None:
    """One row per justification: the warning, the unit's figure, the text, who and when.

    Left out when no unit has justified anything. Every text is written with ``write_string``
    (and the workbook has ``strings_to_formulas`` off), so ``=HYPERLINK(…)`` stays text.
    """
    if not dataset.justifications:
        return
    review = dataset.review
    ws = wb.add_worksheet(sheet_name(SHEET, taken))
    for col, width in enumerate(_WIDTHS):
        ws.set_column(col, col, width)
    write_titles(
        ws,
        st,
        f"Giải trình của các đơn vị về các cảnh báo — {review.title}",
        "Giải trình của phiên bản đang được tính của mỗi đơn vị; thời điểm theo giờ Việt Nam. "
        f"Lập lúc {stamp(dataset.generated_at)}.",
    )
    header_row = 3
    write_header(ws, header_row, _TITLES, st)
    ws.freeze_panes(header_row + 1, 3)
    page_setup(ws, header_row)
    indicators = {ind.code: ind for ind in review.indicators}
    row = header_row
    for n, note in enumerate(dataset.justifications, start=1):
        row += 1
        unit = review.unit_by_code.get(note.unit_code)
        loc = note.location
        ind = indicators.get(loc.indicator or "")
        ws.write_number(row, 0, n, st.integer)
        ws.write_string(row, 1, note.unit_code, st.text)
        ws.write_string(row, 2, unit.name if unit else "", st.wrap)
        ws.write_number(row, 3, note.version, st.integer)
        ws.write_string(row, 4, loc.describe(), st.text)
        ws.write_string(
            row, 5, f"{ind.code} — {ind.name}" if ind else (loc.indicator or ""), st.wrap
        )
        if loc.year is not None:
            ws.write_number(row, 6, loc.year, st.text)
        else:
            ws.write_blank(row, 6, None, st.text)
        ws.write_string(row, 7, note.message, st.wrap)
        value = (
            dataset.value(note.unit_code, ind.code, loc.year)
            if ind is not None and loc.year is not None
            else None
        )
        if ind is not None and value is not None:
            write_unit_value(ws, row, 8, value, ind, st)
        else:
            ws.write_string(row, 8, note.cell_text or "", st.wrap)
        ws.write_string(row, 9, note.text, st.wrap)
        ws.write_string(row, 10, note.author, st.text)
        ws.write_datetime(row, 11, to_local(note.written_at), st.datetime)
    ws.autofilter(header_row, 0, row, len(_TITLES) - 1)
