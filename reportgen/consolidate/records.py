"""The record sheets of the consolidated workbook: status, narratives, list tables, provenance.

Every text a unit wrote goes through ``write_string``: it is stored as text even when it
begins with ``=``, ``+``, ``-`` or ``@``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from reportgen.consolidate.model import Dataset
from reportgen.consolidate.sheets import (
    Styles,
    is_percent,
    page_setup,
    sheet_name,
    stamp,
    to_local,
    write_header,
    write_titles,
)
from reportgen.definition.model import ColumnType, ListTable
from reportgen.store.status import UnitState, UnitStatus

__all__ = ["status_summary", "write_lists", "write_narratives", "write_provenance", "write_status"]


def _statuses(dataset: Dataset) -> list[UnitStatus]:
    """One status per unit of the review, in review order (a unit the store omits is missing)."""
    given = {s.unit_code: s for s in dataset.statuses}
    return [
        given.get(u.code) or UnitStatus(u.code, UnitState.MISSING) for u in dataset.review.units
    ]


def status_summary(dataset: Dataset) -> str:
    """``36 đơn vị: đã nộp 30 (đúng hạn 25, nộp muộn 5); không hợp lệ 1; chưa nộp 5.``"""
    counts = Counter(s.state for s in _statuses(dataset))
    on_time, late = counts[UnitState.ON_TIME], counts[UnitState.LATE]
    return (
        f"{len(dataset.review.units)} đơn vị: đã nộp {on_time + late} (đúng hạn {on_time}, "
        f"nộp muộn {late}); không hợp lệ {counts[UnitState.REJECTED]}; "
        f"chưa nộp {counts[UnitState.MISSING]}."
    )


def write_status(wb: Any, dataset: Dataset, st: Styles, taken: set[str]) -> None:
    """One line per unit: state, counting version, received time, errors, warnings."""
    review = dataset.review
    ws = wb.add_worksheet(sheet_name("Tình hình nộp", taken))
    titles = ["TT", "Mã", "Đơn vị", "Loại đơn vị", "Tình trạng", "Phiên bản tính", "Số lần nộp",
              "Thời điểm nhận", "Số lỗi", "Số cảnh báo", "Mã bản nộp", "Mã băm tệp (SHA-256)"]  # fmt: skip
    for col, width in enumerate((6, 8, 32, 14, 14, 10, 10, 17, 8, 10, 10, 66)):
        ws.set_column(col, col, width)
    write_titles(
        ws,
        st,
        f"Tình hình nộp báo cáo — {review.title}",
        f"Lập lúc {stamp(dataset.generated_at)}. {status_summary(dataset)}",
    )
    header_row = 3
    ws.set_row(header_row, 32)
    write_header(ws, header_row, titles, st)
    ws.freeze_panes(header_row + 1, 3)
    page_setup(ws, header_row)
    statuses = _statuses(dataset)
    for n, s in enumerate(statuses, start=1):
        row = header_row + n
        unit = review.unit_by_code[s.unit_code]
        ws.write_number(row, 0, n, st.text)
        ws.write_string(row, 1, unit.code, st.text)
        ws.write_string(row, 2, unit.name, st.text)
        ws.write_string(row, 3, review.kind_label(unit.kind), st.text)
        ws.write_string(
            row, 4, s.state.label, st.missing if s.state is UnitState.MISSING else st.text
        )
        _number_or_blank(ws, row, 5, s.version, st)
        ws.write_number(row, 6, s.versions, st.integer)
        received = to_local(s.received_at)
        if received is None:
            ws.write_blank(row, 7, None, st.text)
        else:
            ws.write_datetime(row, 7, received, st.datetime)
        ws.write_number(row, 8, s.errors, st.integer)
        ws.write_number(row, 9, s.warnings, st.integer)
        _number_or_blank(ws, row, 10, s.submission_id, st)
        ws.write_string(row, 11, s.file_hash or "", st.text)
    last = header_row + len(statuses)
    ws.autofilter(header_row, 0, max(last, header_row), len(titles) - 1)
    ws.write_string(last + 2, 0, "Tổng hợp: " + status_summary(dataset), st.subtitle)


def _number_or_blank(ws: Any, row: int, col: int, value: int | None, st: Styles) -> None:
    if value is None:
        ws.write_blank(row, col, None, st.text)
    else:
        ws.write_number(row, col, value, st.integer)


def write_narratives(wb: Any, dataset: Dataset, st: Styles, taken: set[str]) -> None:
    """Per section: its title, then each unit's text with the unit's name (wrapped)."""
    review = dataset.review
    if not review.sections:
        return
    ws = wb.add_worksheet(sheet_name("Thuyết minh", taken))
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 110)
    write_titles(
        ws,
        st,
        f"Thuyết minh của các đơn vị — {review.title}",
        f"Lập lúc {stamp(dataset.generated_at)}.",
    )
    header_row = 3
    write_header(ws, header_row, ["Đơn vị", "Nội dung"], st)
    ws.freeze_panes(header_row + 1, 1)
    page_setup(ws, header_row)
    by_section: dict[str, list[tuple[str, str]]] = {}
    for excerpt in dataset.narratives:
        by_section.setdefault(excerpt.section, []).append((excerpt.unit_code, excerpt.text))
    row = header_row + 1
    for section in review.sections:
        ws.merge_range(row, 0, row, 1, "", st.heading)
        ws.write_string(row, 0, f"{section.number}. {section.title}", st.heading)
        row += 1
        texts = by_section.get(section.code, [])
        if not texts:
            ws.write_string(row, 0, "", st.text)
            ws.write_string(row, 1, "(chưa đơn vị nào viết phần này)", st.missing)
            row += 1
        for unit_code, text in texts:
            ws.write_string(row, 0, review.unit_by_code[unit_code].name, st.wrap)
            ws.write_string(row, 1, text, st.wrap)
            row += 1


def write_lists(wb: Any, dataset: Dataset, st: Styles, taken: set[str]) -> None:
    """One sheet per list table, every unit's rows with a unit column; filterable."""
    review = dataset.review
    by_list: dict[str, list[Any]] = {}
    for entry in dataset.entries:
        by_list.setdefault(entry.list, []).append(entry)
    for table in review.lists:
        ws = wb.add_worksheet(sheet_name(f"DS {table.sheet or table.title}", taken))
        write_titles(
            ws,
            st,
            table.title,
            f"Danh sách gộp từ các đơn vị. Lập lúc {stamp(dataset.generated_at)}.",
        )
        header_row = 3
        titles = ["TT", "Đơn vị", *[c.title for c in table.columns], "Dòng trong tệp"]
        ws.set_column(0, 0, 6)
        ws.set_column(1, 1, 26)
        for n, col in enumerate(table.columns):
            ws.set_column(2 + n, 2 + n, col.width or 18)
        ws.set_column(2 + len(table.columns), 2 + len(table.columns), 9)
        ws.set_row(header_row, 32)
        write_header(ws, header_row, titles, st)
        ws.freeze_panes(header_row + 1, 2)
        page_setup(ws, header_row)
        entries = by_list.get(table.code, [])
        for n, entry in enumerate(entries, start=1):
            row = header_row + n
            ws.write_number(row, 0, n, st.text)
            ws.write_string(row, 1, review.unit_by_code[entry.unit_code].name, st.wrap)
            _list_row(ws, row, table, entry.values, st)
            ws.write_number(row, 2 + len(table.columns), entry.row, st.integer)
        ws.autofilter(header_row, 0, header_row + max(len(entries), 1), len(titles) - 1)


def _list_row(ws: Any, row: int, table: ListTable, values: Any, st: Styles) -> None:
    for n, col in enumerate(table.columns):
        c = 2 + n
        value = values.get(col.code)
        if value is None or value == "":
            ws.write_blank(row, c, None, st.text)
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            ws.write_datetime(row, c, dt.datetime(value.year, value.month, value.day), st.date)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(row, c, to_local(value), st.date)
        elif isinstance(value, bool):
            ws.write_string(row, c, "Có" if value else "Không", st.text)
        elif isinstance(value, int | float) and col.type in (
            ColumnType.INTEGER,
            ColumnType.DECIMAL,
        ):
            ws.write_number(
                row, c, value, st.integer if col.type is ColumnType.INTEGER else st.decimal
            )
        else:
            ws.write_string(row, c, str(value), st.wrap)


def write_provenance(wb: Any, dataset: Dataset, st: Styles, taken: set[str]) -> None:
    """Every value with its source: unit, indicator, year, value, and the cell it was read from.

    This is the biggest sheet (one row per data point: 100,000 rows for 1,000 units), so it
    holds only what differs per value. What is the same for all values of a unit — its name,
    the counting submission's id and the file's SHA-256 — is on the status sheet, once per
    unit: repeating it here tripled the cells and broke the 5 s budget for 1,000 units.
    """
    review = dataset.review
    ws = wb.add_worksheet(sheet_name("Nguồn số liệu", taken))
    titles = ["Mã đơn vị", "Mã chỉ tiêu", "Năm", "Giá trị", "Ô trong tệp của đơn vị"]
    for col, width in enumerate((10, 11, 7, 14, 24)):
        ws.set_column(col, col, width)
    write_titles(
        ws, st, "Nguồn của từng số liệu",
        "Tên đơn vị, mã bản nộp đang được tính và mã băm SHA-256 của tệp: xem sheet Tình hình nộp. "
        "Tỷ lệ tính từ tử số và mẫu số của cùng bản nộp (cột Ô ghi \"tính từ …\").",
    )  # fmt: skip
    header_row = 3
    write_header(ws, header_row, titles, st)
    ws.freeze_panes(header_row + 1, 0)
    page_setup(ws, header_row, landscape=False)
    formats = {ind.code: st.indicator_format(ind) for ind in review.indicators}
    percent = {ind.code for ind in review.indicators if is_percent(ind)}
    computed = {ind.code: f"tính từ {ind.numerator}/{ind.denominator}" for ind in review.indicators}
    write_string, write_number = ws.write_string, ws.write_number
    row = header_row
    for p in dataset.points:
        row += 1
        write_string(row, 0, p.unit_code)
        write_string(row, 1, p.indicator)
        write_number(row, 2, p.year)
        value = p.value
        if isinstance(value, bool):
            write_string(row, 3, "Có" if value else "Không")
        elif isinstance(value, int | float):
            write_number(
                row, 3, value / 100.0 if p.indicator in percent else value, formats[p.indicator]
            )
        elif value is not None:
            write_string(row, 3, str(value))
        write_string(row, 4, p.cell or computed[p.indicator])
    ws.autofilter(header_row, 0, max(row, header_row + 1), len(titles) - 1)
