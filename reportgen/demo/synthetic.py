"""Deterministic synthetic Datasets for tests, benchmarks and template previews.

The numbers are made up from a seed (never real data) by :func:`reportgen.demo.samples.sample_values`,
the same plausible values the demo workbooks carry, read back through the workbook's cell map as
intake would; a few units are late or missing. They go through the real
:func:`reportgen.consolidate.build_dataset`, so aggregates are computed exactly as in a run.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from reportgen.blank.layout import CellKind, layout_for
from reportgen.consolidate import build_dataset
from reportgen.consolidate.model import Dataset
from reportgen.definition.model import (
    Aggregation,
    Area,
    Indicator,
    Review,
    Target,
    Unit,
    ValueType,
)
from reportgen.demo.samples import sample_values
from reportgen.intake.model import IndicatorValue, ListRow, SectionText, Submission, Value
from reportgen.store.status import UnitState, UnitStatus

__all__ = ["large_review", "synthetic_dataset"]


def _submission(review: Review, unit: Unit, seed: int) -> Submission:
    """What intake would read from the unit's sample workbook (:mod:`reportgen.demo.samples`)."""
    layout = layout_for(review, unit)
    raw = sample_values(review, unit, seed)
    values: list[IndicatorValue] = []
    sections: list[SectionText] = []
    rows: dict[tuple[str, int], dict[str, Value]] = {}
    for cell in layout.cells:
        value = raw.get((cell.sheet, cell.cell))
        if value is None:
            continue
        where = f"{cell.sheet}!{cell.cell}"
        if cell.kind is CellKind.INDICATOR and cell.indicator and cell.year:
            if cell.type == ValueType.PERCENT.value and isinstance(value, int | float):
                value = round(value * 100, 1)  # the workbook holds 0,95 for 95%
            values.append(IndicatorValue(cell.indicator, cell.year, value, where))  # type: ignore[arg-type]
        elif cell.kind is CellKind.SECTION and cell.section:
            sections.append(SectionText(cell.section, str(value), where))
    # The cell map names the first row of each list; the rows below share its columns.
    for area in layout.lists:
        for row in range(area.first_row, area.last_row + 1):
            found = {code: raw.get((area.sheet, f"{letter}{row}")) for code, letter in area.columns}
            if any(v is not None for v in found.values()):
                rows[(area.table.code, row)] = found  # type: ignore[assignment]
    return Submission(
        review_id=review.id,
        unit_code=unit.code,
        file_name=f"{unit.code}.xlsx",
        sha256=f"{seed:08x}{unit.code.encode().hex()}".ljust(64, "0")[:64],
        size=1000,
        values=tuple(values),
        sections=tuple(sections),
        rows=tuple(
            ListRow(lst, row, MappingProxyType(v)) for (lst, row), v in sorted(rows.items())
        ),
    )


def synthetic_dataset(
    review: Review, *, seed: int = 2022, missing: int = 2, late: int = 3
) -> Dataset:
    """A Dataset where all but ``missing`` units submitted (``late`` of them after the deadline)."""
    statuses: list[UnitStatus] = []
    counting: list[tuple[int, Submission]] = []
    for n, unit in enumerate(review.units):
        if n >= len(review.units) - missing:
            statuses.append(UnitStatus(unit.code, UnitState.MISSING))
            continue
        is_late = n % max(1, len(review.units) // max(1, late)) == 1 and late > 0
        deadline = review.deadline_of(unit)
        received = dt.datetime.combine(
            deadline + dt.timedelta(days=2 if is_late else -1), dt.time(9, 0)
        )
        submission = _submission(review, unit, seed)
        counting.append((n + 1, submission))
        state = UnitState.LATE if is_late else UnitState.ON_TIME
        statuses.append(
            UnitStatus(
                unit.code, state, version=1, versions=1, received_at=received, submission_id=n + 1
            )
        )
    return build_dataset(review, statuses, counting, generated_at=dt.datetime(2022, 12, 10, 8, 0))


def large_review(base: Review, *, units: int = 200, indicators: int = 40) -> Review:
    """``base`` widened to ``units`` units and ``indicators`` indicators (for benchmarks)."""
    kinds = list(base.unit_kinds)
    unit_list = tuple(
        Unit(code=f"U{k:03d}", name=f"Đơn vị số {k:03d}", kind=kinds[k % len(kinds)])
        for k in range(units)
    )
    areas = tuple(Area(code=f"a{k}", title=f"Nhóm nhiệm vụ thứ {k + 1}") for k in range(5))
    inds = []
    for k in range(indicators):
        area = areas[k % len(areas)].code
        if k % 4 == 3:
            inds.append(
                Indicator(
                    code=f"I{k:02d}",
                    area=area,
                    name=f"Tỷ lệ thứ {k}",
                    unit="%",
                    type=ValueType.PERCENT,
                    aggregate=Aggregation.MEAN,
                    target=Target(value=90, year=base.period.last_year),
                )
            )
        else:
            inds.append(
                Indicator(
                    code=f"I{k:02d}",
                    area=area,
                    name=f"Chỉ tiêu số lượng thứ {k}",
                    unit="đơn vị",
                    type=ValueType.INTEGER,
                    min=0,
                )
            )
    return base.model_copy(
        update={
            "units": unit_list,
            "areas": areas,
            "indicators": tuple(inds),
            "rules": (),
            "sections": base.sections[:3],
        }
    )
