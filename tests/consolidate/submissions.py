"""Submissions built in code (no store, no workbook) for the consolidate tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterable
from types import MappingProxyType

from reportgen.definition.model import ColumnType, Review, Unit, ValueType
from reportgen.intake.model import IndicatorValue, ListRow, SectionText, Submission
from reportgen.store.status import UnitState, UnitStatus

RECEIVED = dt.datetime(2022, 12, 1, 2, 30, tzinfo=dt.UTC)


def sha_of(unit_code: str) -> str:
    """A stable fake file hash per unit."""
    return hashlib.sha256(unit_code.encode()).hexdigest()


def random_value(ind_type: ValueType, rng: random.Random, choices: tuple[str, ...] = ()) -> object:
    """A plausible value of an indicator type."""
    if ind_type is ValueType.INTEGER:
        return rng.randint(0, 5000)
    if ind_type is ValueType.DECIMAL:
        return round(rng.uniform(0, 900), 2)
    if ind_type is ValueType.PERCENT:
        return round(rng.uniform(40, 100), 1)
    if ind_type is ValueType.YES_NO:
        return rng.random() < 0.6
    if ind_type is ValueType.CHOICE:
        return rng.choice(choices)
    return "văn bản"


def make_submission(
    review: Review,
    unit: Unit,
    rng: random.Random,
    *,
    overrides: dict[tuple[str, int], object] | None = None,
    sections: dict[str, str] | None = None,
    rows: Iterable[ListRow] = (),
    blank_share: float = 0.0,
) -> Submission:
    """A unit's submission with random values for every asked cell; ``overrides`` win."""
    overrides = overrides or {}
    values = []
    for n, ind in enumerate(review.indicators_for(unit)):
        if ind.type is ValueType.RATIO:
            continue
        for m, year in enumerate(review.years_of(ind)):
            if (ind.code, year) in overrides:
                value = overrides[(ind.code, year)]
            elif blank_share and rng.random() < blank_share:
                value = None
            else:
                value = random_value(ind.type, rng, ind.choices)
            values.append(IndicatorValue(ind.code, year, value, f"Chỉ tiêu!{chr(70 + m)}{7 + n}"))
    texts = (
        sections
        if sections is not None
        else {s.code: f"{unit.name}: nội dung {s.code}." for s in review.sections}
    )
    return Submission(
        review_id=review.id,
        unit_code=unit.code,
        file_name=f"{unit.code}.xlsx",
        sha256=sha_of(unit.code),
        size=1000,
        values=tuple(values),
        sections=tuple(
            SectionText(code, text, f"Thuyết minh!B{5 + 3 * i}")
            for i, (code, text) in enumerate(texts.items())
        ),
        rows=tuple(rows),
    )


def list_row(review: Review, list_code: str, row: int, **values: object) -> ListRow:
    """A list row; values by column code (dashes as underscores)."""
    table = next(t for t in review.lists if t.code == list_code)
    mapped = {c.code: values.get(c.code.replace("-", "_")) for c in table.columns}
    for c in table.columns:
        if mapped[c.code] is None and c.type is ColumnType.DATE:
            mapped[c.code] = dt.date(2021, 3, 4)
    return ListRow(list_code, row, MappingProxyType(mapped))


def statuses_for(review: Review, submitted: dict[str, int]) -> list[UnitStatus]:
    """On-time status for units in ``submitted`` (unit → submission id), missing for the rest."""
    out = []
    for unit in review.units:
        sid = submitted.get(unit.code)
        if sid is None:
            out.append(UnitStatus(unit.code, UnitState.MISSING))
        else:
            out.append(
                UnitStatus(
                    unit.code,
                    UnitState.ON_TIME,
                    version=1,
                    versions=1,
                    received_at=RECEIVED,
                    submission_id=sid,
                    file_hash=sha_of(unit.code),
                )
            )
    return out
