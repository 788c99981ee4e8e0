"""Dataset → the report's appendices (phụ lục), as tables of formatted text.

1. indicators × years for the whole city, with targets and assessment;
2. indicators by unit for the last year, grouped by unit kind with subtotals (split into
   blocks of at most :data:`UNIT_TABLE_COLUMNS` indicators so the landscape page stays legible);
3. one appendix per list table (documents issued, inspections…), with the issuing unit;
4. submission status of every unit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from reportgen.consolidate.model import ALL, Dataset
from reportgen.definition.model import ColumnType, Indicator, ListTable, ValueType
from reportgen.numbers import format_date_short, format_number, to_roman, to_vietnam
from reportgen.render.collation import vn_sort_key, vn_sorted
from reportgen.render.model import Appendix, Cell, Row, Table
from reportgen.render.values import format_value, judge, target_text
from reportgen.store.status import UnitState

__all__ = ["UNIT_TABLE_COLUMNS", "build_appendices"]

UNIT_TABLE_COLUMNS = 8


def build_appendices(dataset: Dataset, reference: str, party: bool) -> tuple[Appendix, ...]:
    """All appendices, numbered 1, 2, 3… in order."""
    subtitle = f"(Kèm theo {reference})"
    makers: list[Callable[[str], Appendix]] = [
        lambda n: _indicators_by_year(dataset, n, subtitle),
        lambda n: _indicators_by_unit(dataset, n, subtitle),
    ]
    for table in dataset.review.lists:
        makers.append(functools.partial(_list_table, dataset, table, subtitle=subtitle))
    makers.append(lambda n: _submissions(dataset, n, subtitle))
    return tuple(make(str(i)) for i, make in enumerate(makers, start=1))


def _numeric(dataset: Dataset) -> list[Indicator]:
    return [
        i for i in dataset.review.indicators if i.type not in (ValueType.TEXT, ValueType.CHOICE)
    ]


def _aggregate_text(
    dataset: Dataset, indicator: Indicator, year: int, scope: str = ALL, decimals: int | None = None
) -> str:
    agg = dataset.aggregate(indicator.code, year, scope)
    if agg is None or agg.value is None:
        return ""
    if indicator.type is ValueType.YES_NO:
        return f"{format_number(agg.value, 0)}/{agg.units_reported}"
    return format_value(indicator, agg.value, decimals=decimals)


def _indicators_by_year(dataset: Dataset, number: str, subtitle: str) -> Appendix:
    review = dataset.review
    years = review.period.years
    columns = ("TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", *map(str, years), "Đánh giá")
    rows: list[Row] = []
    indicators = _numeric(dataset)
    for a, area in enumerate(review.areas, start=1):
        members = [i for i in indicators if i.area == area.code]
        if not members:
            continue
        rows.append(
            Row(
                (Cell(str(a), "center"), Cell(area.title), *[Cell("")] * (len(columns) - 2)),
                "group",
            )
        )
        for k, ind in enumerate(members, start=1):
            target = ind.target
            judged = dataset.aggregate(ind.code, target.year if target else years[-1], ALL)
            verdict, digits = "", None
            if target is not None and judged is not None and judged.value is not None:
                verdict, digits = judge(ind, float(judged.value), target)
            # The judged year's figure carries the verdict's digits ("49,96%", "Chưa đạt").
            shown = {target.year: digits} if target is not None else {}
            cells = [
                Cell(f"{a}.{k}", "center"),
                Cell(ind.name),
                Cell("tỷ lệ %" if ind.type is ValueType.RATIO else ind.unit, "center"),
                Cell(target_text(ind), "right"),
                *(
                    Cell(_aggregate_text(dataset, ind, y, decimals=shown.get(y)), "right")
                    for y in years
                ),
                Cell(verdict.capitalize(), "center"),
            ]
            rows.append(Row(tuple(cells)))
    widths = (4, 30, 9, 8, *[7] * len(years), 8)
    return Appendix(
        number=number,
        title="KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU "
        + (f"NĂM {years[0]}" if len(years) == 1 else f"GIAI ĐOẠN {years[0]}–{years[-1]}"),
        subtitle=subtitle,
        tables=(Table(columns, tuple(rows), widths),),
        landscape=True,
        note="Mục tiêu tô nền vàng là giá trị ví dụ, cần thay bằng mục tiêu chính thức."
        if any(i.target and i.target.example for i in indicators)
        else "",
    )


def _indicators_by_unit(dataset: Dataset, number: str, subtitle: str) -> Appendix:
    review = dataset.review
    last = review.period.last_year
    indicators = [i for i in _numeric(dataset) if last in review.years_of(i)]
    blocks = [
        indicators[k : k + UNIT_TABLE_COLUMNS]
        for k in range(0, len(indicators), UNIT_TABLE_COLUMNS)
    ]
    kinds = list(review.unit_kinds)
    tables = []
    for block in blocks:
        columns = ("TT", "Đơn vị", *(f"{i.name} ({i.unit or 'có/không'})" for i in block))
        rows: list[Row] = []
        groups = [k for k in kinds if any(u.kind == k for u in review.units)]
        for g, kind in enumerate(groups, start=1):
            units = vn_sorted([u for u in review.units if u.kind == kind], key=lambda u: u.name)
            # TT restarts for each unit kind, so each kind opens with its own heading row
            # ("I  Quận, huyện, thị xã"), as the subtotal closes it.
            heading = review.kind_label(kind)
            if len(groups) > 1:
                blank = [Cell("")] * len(block)
                rows.append(Row((Cell(to_roman(g), "center"), Cell(heading), *blank), "group"))
            for t, unit in enumerate(units, start=1):
                values = (
                    Cell(
                        format_value(i, dataset.value(unit.code, i.code, last))
                        if i.applies_to(kind)
                        else "—",
                        "right",
                    )
                    for i in block
                )
                # A unit that sent nothing is named as such: its blank cells are not zeros.
                name = unit.name if dataset.has_submitted(unit.code) else f"{unit.name} (chưa nộp)"
                rows.append(Row((Cell(str(t), "center"), Cell(name), *values)))
            label = f"Cộng {review.kind_label(kind).lower()}"
            sub = (Cell(_aggregate_text(dataset, i, last, kind), "right") for i in block)
            rows.append(Row((Cell(""), Cell(label), *sub), "subtotal"))
        total = (Cell(_aggregate_text(dataset, i, last), "right") for i in block)
        rows.append(Row((Cell(""), Cell("Tổng cộng"), *total), "total"))
        tables.append(Table(columns, tuple(rows), (4, 20, *[10] * len(block))))
    return Appendix(
        number=number,
        title=f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {last} THEO ĐƠN VỊ",
        subtitle=subtitle,
        tables=tuple(tables),
        landscape=True,
        note="Dấu “—”: chỉ tiêu không áp dụng cho loại đơn vị này; ô trống: đơn vị chưa báo cáo.",
    )


def _cell_text(value: object, column_type: ColumnType) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return format_date_short(value)  # type: ignore[arg-type]
    if column_type in (ColumnType.INTEGER, ColumnType.DECIMAL) and isinstance(value, int | float):
        return format_number(value, 0 if column_type is ColumnType.INTEGER else None)
    return str(value)


def _align(column_type: ColumnType) -> str:
    """Numbers right-aligned (money included), dates centred, text left: in every table."""
    if column_type in (ColumnType.INTEGER, ColumnType.DECIMAL):
        return "right"
    return "center" if column_type is ColumnType.DATE else "left"


def _list_table(dataset: Dataset, table: ListTable, number: str, *, subtitle: str) -> Appendix:
    review = dataset.review
    cols = list(table.columns)
    first_date = next((k for k, c in enumerate(cols) if c.type is ColumnType.DATE), -1)
    before, after = cols[: first_date + 1], cols[first_date + 1 :]
    columns = ("TT", *(c.title for c in before), "Cơ quan ban hành", *(c.title for c in after))
    entries = [
        e for e in dataset.entries if e.list == table.code and e.unit_code in review.unit_by_code
    ]

    def order(e: object) -> tuple[tuple[int, ...], int]:
        unit = review.unit_by_code[e.unit_code]  # type: ignore[attr-defined]
        return vn_sort_key(unit.name), e.row  # type: ignore[attr-defined]

    rows = []
    for t, entry in enumerate(sorted(entries, key=order), start=1):
        unit_name = review.unit_by_code[entry.unit_code].name
        first = (Cell(_cell_text(entry.values.get(c.code), c.type), _align(c.type)) for c in before)
        rest = (Cell(_cell_text(entry.values.get(c.code), c.type), _align(c.type)) for c in after)
        rows.append(Row((Cell(str(t), "center"), *first, Cell(unit_name), *rest)))
    widths = (4, *(c.width or 14 for c in before), 18, *(c.width or 14 for c in after))
    return Appendix(
        number=number,
        title=table.title.upper(),
        subtitle=subtitle,
        tables=(Table(columns, tuple(rows), widths),),
        landscape=sum(widths) > 110,
    )


def _submissions(dataset: Dataset, number: str, subtitle: str) -> Appendix:
    review = dataset.review
    statuses = {s.unit_code: s for s in dataset.statuses}
    columns = ("TT", "Đơn vị", "Hạn nộp", "Tình trạng", "Ngày nhận", "Số lần gửi", "Lỗi/cảnh báo")
    rows = []
    for t, unit in enumerate(vn_sorted(review.units, key=lambda u: u.name), start=1):
        s = statuses.get(unit.code)
        state = s.state if s else UnitState.MISSING
        # The store keeps UTC; 00:10 on 06/12 in Hà Nội is 05/12 in UTC and must print 06/12.
        received = (
            format_date_short(to_vietnam(s.received_at).date()) if s and s.received_at else ""
        )
        issues = f"{s.errors}/{s.warnings}" if s and (s.errors or s.warnings) else ""
        rows.append(
            Row(
                (
                    Cell(str(t), "center"),
                    Cell(unit.name),
                    Cell(format_date_short(review.deadline_of(unit)), "center"),
                    Cell(state.label.capitalize(), "center"),
                    Cell(received, "center"),
                    Cell(str(s.versions) if s else "0", "right"),
                    Cell(issues, "center"),
                )
            )
        )
    counts = {state: 0 for state in UnitState}
    for unit in review.units:
        counts[statuses[unit.code].state if unit.code in statuses else UnitState.MISSING] += 1
    note = "; ".join(f"{state.label.capitalize()}: {n}" for state, n in counts.items() if n) + "."
    return Appendix(
        number=number,
        title="TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ",
        subtitle=subtitle,
        tables=(Table(columns, tuple(rows), (4, 26, 12, 14, 12, 9, 11)),),
        note=note,
    )
