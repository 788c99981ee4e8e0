"""Plausible, deterministic filled workbooks for demos and tests.

:func:`sample_values` invents what a unit would type — reporter details, every asked
indicator/year, a few sentences per narrative section, 3–8 rows per list — from a fixed seed,
so the same (review, unit, seed) always gives the same values. The values respect the
definition: bounds, numerators ≤ denominators, and every cross-field rule.

:func:`write_sample` writes them into the unit's workbook and can plant a few well-known
mistakes (see :data:`MISTAKES`) for intake to find. Values are raw cell values: numbers,
percents as fractions (0.95 for 95%), dates as :class:`datetime.date`, text as text.

This API is stable: the demo and the intake/store tests depend on it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from reportgen.blank.layout import SHEETS, IndicatorRow, WorkbookLayout, layout_for
from reportgen.blank.workbook import slug, write_workbook
from reportgen.definition.model import (
    Column,
    ColumnType,
    Indicator,
    ListTable,
    Review,
    RuleOp,
    Unit,
    ValueType,
)

__all__ = ["MISTAKES", "CellValues", "apply_mistakes", "sample_values", "write_sample"]

CellValues = dict[tuple[str, str], object]

MISTAKES: dict[str, str] = {
    "text-in-number": "chữ trong ô số: 'khoảng 120'",
    "decimal-comma-text": "số thập phân gõ thành văn bản: '1.234,5'",
    "percent-text": "tỷ lệ gõ thành văn bản: '95 %'",
    "missing-required": "bỏ trống một chỉ tiêu bắt buộc",
    "numerator-over-denominator": "tử số lớn hơn mẫu số ở năm cuối",
    "rule-violation": "vi phạm quy tắc đầu tiên của đợt báo cáo ở năm cuối",
    "section-too-long": "phần thuyết minh đầu tiên dài quá giới hạn",
}

# (low, high) of a first-year value by unit of measure; values then drift year to year.
_MAGNITUDE: dict[str, tuple[float, float]] = {
    "hộ": (20_000, 150_000),
    "tấn/ngày": (100, 1500),
    "m³/ngày đêm": (5_000, 80_000),
    "cơ sở": (60, 900),
    "cụm": (1, 8),
    "cuộc": (5, 60),
    "triệu đồng": (50, 3000),
    "hồ": (0, 8),
    "km": (1, 30),
    "giếng": (0, 40),
    "trạm": (0, 6),
    "ngày": (150, 300),
    "µg/m³": (35, 55),
    "m²/người": (1, 8),
    "đơn vị": (5, 25),
}
_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
_MIDDLE = ("Văn", "Thị", "Minh", "Thu", "Đức", "Thanh", "Hồng", "Quang")
_GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hương", "Lan", "Long", "Mai", "Nam", "Trang")
_POSITIONS = (
    "Chuyên viên Phòng Tài nguyên và Môi trường",
    "Phó Trưởng phòng Tài nguyên và Môi trường",
    "Chuyên viên Văn phòng",
)
_DOC_ABBR = {
    "Nghị quyết": "NQ", "Chỉ thị": "CT", "Kết luận": "KL", "Kế hoạch": "KH",
    "Chương trình": "CTr", "Quyết định": "QĐ", "Hướng dẫn": "HD", "Công văn": "CV",
}  # fmt: skip
_KIND_SUFFIX = {"quan": "QU", "huyen": "HU", "thi_xa": "TU", "so_nganh": "UBND"}
_TOPICS = (
    "Về việc triển khai thực hiện",
    "Về tuyên truyền, phổ biến",
    "Về kiểm tra, đôn đốc việc thực hiện",
    "Về sơ kết tình hình thực hiện",
    "Về phân công nhiệm vụ thực hiện",
)
_SENTENCES = (
    "{unit} đã quán triệt, triển khai nghiêm túc các nội dung của {subject}.",
    "Các chỉ tiêu chủ yếu cơ bản đạt và vượt kế hoạch đề ra; một số chỉ tiêu còn thấp so với mục tiêu.",
    "{unit} đã ban hành kế hoạch, phân công rõ trách nhiệm của từng phòng, ban và Ủy ban nhân dân cấp xã.",
    "Công tác kiểm tra, giám sát được tăng cường; các vi phạm được phát hiện và xử lý kịp thời.",
    "Nguồn lực đầu tư còn hạn chế, nhất là cho hạ tầng thu gom, xử lý nước thải và chất thải rắn.",
    "Trong thời gian tới, {unit} tiếp tục huy động nguồn lực xã hội hóa và đẩy mạnh tuyên truyền.",
    "Nhận thức của người dân và doanh nghiệp về bảo vệ môi trường có chuyển biến rõ rệt.",
)


def _rng(review: Review, unit: Unit, seed: int) -> random.Random:
    # a str seed is hashed with SHA-512 by random, so it is stable across runs and machines
    return random.Random(f"{review.id}:{unit.code}:{seed}")


def _magnitude(ind: Indicator) -> tuple[float, float]:
    lo, hi = _MAGNITUDE.get(ind.unit, (10, 1000))
    bound_lo, bound_hi = ind.bounds
    if bound_hi is not None:
        hi = min(hi, bound_hi)
        lo = min(lo, hi)
    if bound_lo is not None:
        lo = max(lo, bound_lo)
    return lo, hi


def _series(rng: random.Random, ind: Indicator, n: int) -> list[float]:
    """``n`` yearly values of a numeric indicator: a start in range, then a gentle drift."""
    lo, hi = _magnitude(ind)
    value = rng.uniform(lo, hi)
    out = []
    for _ in range(n):
        out.append(min(hi, max(lo, value)))
        value *= 1 + rng.uniform(-0.02, 0.06)
    return out


def _cast(ind: Indicator, value: float) -> float | int:
    return round(value) if ind.type is ValueType.INTEGER else round(value, 1)


def _indicator_values(
    rng: random.Random, review: Review, layout: WorkbookLayout
) -> dict[tuple[str, int], object]:
    rows = [r for r in layout.rows if isinstance(r, IndicatorRow)]
    years = layout.years
    values: dict[tuple[str, int], object] = {}
    for row in rows:
        ind = row.indicator
        if ind.type in (ValueType.INTEGER, ValueType.DECIMAL):
            for year, v in zip(years, _series(rng, ind, len(years)), strict=True):
                values[(ind.code, year)] = _cast(ind, v)
        elif ind.type is ValueType.PERCENT:
            start = rng.uniform(0.6, 0.9)
            for i, year in enumerate(years):
                values[(ind.code, year)] = round(min(1.0, start + i * rng.uniform(0.0, 0.04)), 3)
        elif ind.type is ValueType.YES_NO:
            for year in years:
                values[(ind.code, year)] = "Có" if rng.random() < 0.8 else "Không"
        elif ind.type is ValueType.CHOICE and ind.choices:
            for year in years:
                values[(ind.code, year)] = rng.choice(ind.choices)
        elif ind.type is ValueType.TEXT:
            for year in years:
                values[(ind.code, year)] = "Đã triển khai theo kế hoạch."
    # numerators from denominators: a ratio of 60–100% that improves over the years
    for row in rows:
        ind = row.indicator
        if ind.type is not ValueType.RATIO or not ind.numerator or not ind.denominator:
            continue
        num = review.indicator_by_code.get(ind.numerator)
        start = rng.uniform(0.6, 0.9)
        for i, year in enumerate(years):
            den = values.get((ind.denominator, year))
            if num is None or not isinstance(den, int | float):
                continue
            share = min(1.0, start + i * rng.uniform(0.0, 0.05))
            values[(num.code, year)] = _cast(num, den * share)
    for rule in review.rules:  # make every rule hold: the left side gives way
        for year in years:
            left, right = values.get((rule.left, year)), values.get((rule.right, year))
            if not isinstance(left, int | float) or not isinstance(right, int | float):
                continue
            if rule.op in (RuleOp.LE, RuleOp.LT) and left > right:
                values[(rule.left, year)] = right if rule.op is RuleOp.LE else max(0, right - 1)
            elif rule.op in (RuleOp.GE, RuleOp.GT) and left < right:
                values[(rule.left, year)] = right if rule.op is RuleOp.GE else right + 1
            elif rule.op is RuleOp.EQ:
                values[(rule.left, year)] = right
    return values


def _narrative(rng: random.Random, review: Review, unit: Unit, limit: int, title: str) -> str:
    subject = f"{review.subject.kind} số {review.subject.number}"
    picked = rng.sample(_SENTENCES, k=rng.randint(2, 4))
    text = f"Về {title[0].lower() + title[1:]}: " + " ".join(
        s.format(unit=unit.name, subject=subject) for s in picked
    )
    return text[:limit]


def _list_cell(
    rng: random.Random, review: Review, unit: Unit, col: Column, n: int, row: dict[str, object]
) -> object:
    first = max(review.subject.date, dt.date(review.period.first_year, 1, 1))
    span = max(1, (review.cutoff_date - first).days)
    title = col.title.lower()
    if col.type is ColumnType.DATE:
        return first + dt.timedelta(days=rng.randrange(span))
    if col.type is ColumnType.CHOICE:
        return rng.choice(col.choices) if col.choices else None
    if col.type is ColumnType.INTEGER:
        return rng.randint(1, 50)
    if col.type is ColumnType.DECIMAL:
        return round(rng.uniform(5, 200), 1)
    if "ký hiệu" in title or "ky-hieu" in col.code:
        kind = next((v for v in row.values() if isinstance(v, str) and v in _DOC_ABBR), "Kế hoạch")
        return f"{10 + 17 * n + rng.randint(0, 9)}-{_DOC_ABBR[kind]}/{_KIND_SUFFIX.get(unit.kind, 'UBND')}"
    if "đối tượng" in title:
        return f"Công ty TNHH {rng.choice(_GIVEN)} {rng.choice(('Xanh', 'Phát', 'Thành', 'Việt'))}"
    if "kết quả" in title:
        return rng.choice(
            (
                "Lập biên bản, yêu cầu khắc phục",
                "Xử phạt vi phạm hành chính",
                "Không phát hiện vi phạm",
            )
        )
    topic = rng.choice(_TOPICS)
    text = f"{topic} {review.subject.kind} số {review.subject.number} trên địa bàn {unit.name}"
    return text[: col.max_length or len(text)]


def _unique_key(table: ListTable, row: dict[str, object]) -> tuple[str, ...]:
    # As intake compares them: case and spacing do not make two rows different.
    return tuple(" ".join(str(row.get(c) or "").split()).casefold() for c in table.unique)


def _make_unique(
    table: ListTable, row: dict[str, object], seen: set[tuple[str, ...]], n: int
) -> None:
    """Keep the list's ``unique`` columns unique, as intake requires (``list-duplicate-row``).

    Topics are drawn at random, so two rows can get the same title: the row's number is then
    added to its first text key ("… (2)"), cut to the column's length if need be.
    """
    if not table.unique:
        return
    if _unique_key(table, row) in seen:
        columns = {c.code: c for c in table.columns}
        code = next((c for c in table.unique if isinstance(row.get(c), str)), table.unique[0])
        suffix = f" ({n + 1})"
        text = str(row.get(code) or "")
        limit = columns[code].max_length if code in columns else None
        if limit is not None:
            text = text[: max(0, limit - len(suffix))]
        row[code] = text + suffix
    seen.add(_unique_key(table, row))


def sample_values(review: Review, unit: Unit, seed: int = 0) -> CellValues:
    """Plausible values for every input of ``unit``'s workbook, as (sheet, cell) → raw value."""
    rng = _rng(review, unit, seed)
    layout = layout_for(review, unit)
    rows = dict(layout.info_rows)
    deadline = review.deadline_of(unit)
    name = f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
    out: CellValues = {
        (SHEETS.info, f"C{rows['reporter_name']}"): name,
        (SHEETS.info, f"C{rows['reporter_position']}"): rng.choice(_POSITIONS),
        (
            SHEETS.info,
            f"C{rows['reporter_phone']}",
        ): f"0{rng.randint(900, 989)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
        (
            SHEETS.info,
            f"C{rows['reporter_email']}",
        ): f"{slug(unit.name).replace('-', '')}@hanoi.gov.vn",
        (SHEETS.info, f"C{rows['report_date']}"): deadline - dt.timedelta(days=rng.randint(1, 10)),
    }
    values = _indicator_values(rng, review, layout)
    for row in layout.rows:
        if isinstance(row, IndicatorRow):
            for year, cell in row.inputs:
                if (row.indicator.code, year) in values:
                    out[(SHEETS.indicators, cell)] = values[(row.indicator.code, year)]
    for sec in layout.sections:
        out[(SHEETS.narrative, sec.cell)] = _narrative(
            rng, review, unit, sec.section.max_length, sec.section.title
        )
    for area in layout.lists:
        letters = dict(area.columns)
        count = min(rng.randint(3, 8), area.last_row - area.first_row + 1)
        # choice columns first, so a document number can follow its kind ("125-KH/QU")
        ordered = sorted(area.table.columns, key=lambda c: c.type is not ColumnType.CHOICE)
        seen: set[tuple[str, ...]] = set()
        for n in range(count):
            row_values: dict[str, object] = {}
            for col in ordered:
                row_values[col.code] = _list_cell(rng, review, unit, col, n, row_values)
            _make_unique(area.table, row_values, seen, n)
            for code, value in row_values.items():
                if value is not None:
                    out[(area.sheet, f"{letters[code]}{area.first_row + n}")] = value
    return out


def apply_mistakes(
    review: Review, unit: Unit, values: CellValues, mistakes: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """Plant ``mistakes`` (keys of :data:`MISTAKES`) in ``values``; returns mistake → (sheet, cell).

    Each mistake gets its own cell, on the last year, in an indicator row no other planted
    mistake touches. A mistake that does not fit the unit (no ratio indicator for a
    department, say) is skipped and absent from the result. Unknown names raise ValueError.
    """
    unknown = [m for m in mistakes if m not in MISTAKES]
    if unknown:
        raise ValueError(f"unknown mistakes {unknown}; known: {sorted(MISTAKES)}")
    layout = layout_for(review, unit)
    ind_rows = {r.indicator.code: r for r in layout.rows if isinstance(r, IndicatorRow)}
    last = layout.years[-1]
    placed: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()  # indicator codes already used by a planted mistake

    def put(mistake: str, cell: str, value: object, sheet: str = SHEETS.indicators) -> None:
        if value is None:
            values.pop((sheet, cell), None)
        else:
            values[(sheet, cell)] = value
        placed[mistake] = (sheet, cell)

    ratio = _first_ratio(layout, ind_rows) if "numerator-over-denominator" in mistakes else None
    if ratio:
        num, den = ratio
        taken |= {num.indicator.code, den.indicator.code}
        den_value = values.get((SHEETS.indicators, dict(den.inputs)[last]))
        den_num = den_value if isinstance(den_value, int | float) else 100
        put("numerator-over-denominator", dict(num.inputs)[last], round(den_num * 1.2) + 1)
    if "rule-violation" in mistakes and review.rules:
        rule = review.rules[0]
        left, right = ind_rows.get(rule.left), ind_rows.get(rule.right)
        l_cell = dict(left.inputs).get(last) if left else None
        r_cell = dict(right.inputs).get(last) if right else None
        if l_cell and r_cell and not {rule.left, rule.right} & taken:
            taken |= {rule.left, rule.right}
            r_value = values.get((SHEETS.indicators, r_cell))
            r_num = r_value if isinstance(r_value, int | float) else 0
            bad = r_num - 2 if rule.op in (RuleOp.GE, RuleOp.GT) else r_num + 2
            put("rule-violation", l_cell, bad)
    simple: dict[str, tuple[Callable[[Indicator], bool], str | None]] = {
        "text-in-number": (lambda i: i.type is ValueType.INTEGER, "khoảng 120"),
        "decimal-comma-text": (lambda i: i.type is ValueType.DECIMAL, "1.234,5"),
        "percent-text": (lambda i: i.type is ValueType.PERCENT, "95 %"),
        "missing-required": (lambda i: i.required, None),
    }
    # rows that feed a ratio or a rule stay clean, so each mistake yields one finding
    feeding = {c for r in review.rules for c in (r.left, r.right)}
    feeding |= {c for i in review.indicators for c in (i.numerator, i.denominator) if c}
    for mistake in mistakes:
        if mistake in simple:
            test, text = simple[mistake]
            rows = [
                r
                for r in ind_rows.values()
                if r.inputs and test(r.indicator) and r.indicator.code not in taken
            ]
            rows.sort(key=lambda r: r.indicator.code in feeding)
            if rows:
                taken.add(rows[0].indicator.code)
                put(mistake, rows[0].inputs[-1][1], text)
        elif mistake == "section-too-long" and layout.sections:
            sec = layout.sections[0]
            filler = "Nội dung được viết rất dài để vượt quá giới hạn cho phép. "
            put(
                mistake,
                sec.cell,
                filler * (sec.section.max_length // len(filler) + 2),
                SHEETS.narrative,
            )
    return placed


def _first_ratio(
    layout: WorkbookLayout, ind_rows: Mapping[str, IndicatorRow]
) -> tuple[IndicatorRow, IndicatorRow] | None:
    """Numerator and denominator rows of the first ratio asked for the last year."""
    last = layout.years[-1]
    for row in ind_rows.values():
        ind = row.indicator
        num_code, den_code = ind.numerator or "", ind.denominator or ""
        if ind.type is ValueType.RATIO and num_code in ind_rows and den_code in ind_rows:
            num, den = ind_rows[num_code], ind_rows[den_code]
            if last in dict(num.inputs) and last in dict(den.inputs):
                return num, den
    return None


def write_sample(
    review: Review,
    unit: Unit,
    path: Path | BinaryIO,
    seed: int = 0,
    mistakes: Sequence[str] = (),
) -> dict[str, tuple[str, str]]:
    """Write ``unit``'s workbook filled with sample values (and planted ``mistakes``).

    Returns where each mistake was planted, mistake → (sheet, cell).
    """
    values = sample_values(review, unit, seed)
    placed = apply_mistakes(review, unit, values, mistakes)
    write_workbook(review, unit, path, prefill=values)
    return placed
