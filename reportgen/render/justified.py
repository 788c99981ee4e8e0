"""The annex "GIẢI TRÌNH CỦA CÁC ĐƠN VỊ": each unit's justification beside the figure it explains.

Built from the Dataset's justifications (those of each unit's counting version, see
:mod:`reportgen.consolidate.justified`). Units are in Vietnamese alphabetical order, as in the
opinions annex; within a unit, the warnings keep the order of the unit's findings. The figure
is printed as the report prints values (``1.234,5 tấn/ngày``, ``91,2%``).
"""

from __future__ import annotations

from reportgen.consolidate.model import Dataset, JustificationNote
from reportgen.render.collation import vn_sorted
from reportgen.render.model import JustificationGroup, JustifiedFigure
from reportgen.render.values import format_value

__all__ = ["justification_groups"]


def _figure(dataset: Dataset, note: JustificationNote) -> str:
    """``Tên chỉ tiêu, năm 2022: 1.234,5 tấn/ngày``, or where the warning is when it has no figure."""
    loc = note.location
    review = dataset.review
    ind = next((i for i in review.indicators if i.code == loc.indicator), None)
    if ind is None:
        section = next((s for s in review.sections if s.code == loc.section), None)
        if section is not None:
            return f"Phần thuyết minh “{section.title}”"
        where = loc.describe()
        return f"Ô {where}" if where else note.message
    label = ind.name + (f", năm {loc.year}" if loc.year is not None else "")
    value = dataset.value(note.unit_code, ind.code, loc.year) if loc.year is not None else None
    shown = format_value(ind, value, with_unit=True) if value is not None else note.cell_text
    return f"{label}: {shown}" if shown else label


def justification_groups(dataset: Dataset) -> tuple[JustificationGroup, ...]:
    """One group per unit that justified a warning of its counting version; empty when none."""
    review = dataset.review
    by_unit: dict[str, list[JustifiedFigure]] = {}
    for note in dataset.justifications:
        if note.unit_code in review.unit_by_code and note.text.strip():
            by_unit.setdefault(note.unit_code, []).append(
                JustifiedFigure(figure=_figure(dataset, note), text=note.text.strip())
            )
    names = vn_sorted(by_unit, key=lambda code: review.unit_by_code[code].name)
    return tuple(
        JustificationGroup(
            heading=f"{n}. {review.unit_by_code[code].name}", entries=tuple(by_unit[code])
        )
        for n, code in enumerate(names, start=1)
    )
