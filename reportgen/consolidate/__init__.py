"""Accepted submissions → one Dataset with provenance."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportgen.consolidate.aggregate import aggregates
from reportgen.consolidate.gaps import gaps
from reportgen.consolidate.justified import justification_notes
from reportgen.consolidate.merge import counted_by_unit, data_points, list_entries, narratives
from reportgen.consolidate.model import Dataset
from reportgen.consolidate.workbook import write_consolidated
from reportgen.definition.model import Review
from reportgen.findings import Finding
from reportgen.intake.model import Submission
from reportgen.project import Project
from reportgen.store.justifications import Justification
from reportgen.store.ledger import Store
from reportgen.store.status import UnitStatus

__all__ = [
    "ConsolidateResult",
    "build_dataset",
    "consolidate",
    "default_output",
    "read_dataset",
    "write_consolidated",
]

STEPS = 3


@dataclass(frozen=True, slots=True)
class ConsolidateResult:
    """What :func:`consolidate` made: the workbook's path, the Dataset, and what it lacks."""

    path: Path
    dataset: Dataset
    findings: tuple[Finding, ...] = ()


def build_dataset(
    review: Review,
    statuses: Sequence[UnitStatus],
    counting: Sequence[tuple[int, Submission]],
    *,
    generated_at: dt.datetime | None = None,
    justifications: Iterable[Justification] = (),
) -> Dataset:
    """Merge each unit's counting submission into one Dataset. Pure: no clock, no database.

    ``counting`` holds (submission id, Submission) of every unit's counting version; units
    without one are missing — never zero — in every aggregate, which says how many units it
    covers. ``statuses`` are passed through unchanged. ``justifications`` (the store's) are
    kept for the counting versions only, with each warning's Vietnamese message.
    """
    counted = counted_by_unit(review, counting)
    points = data_points(review, counted)
    return Dataset(
        review=review,
        statuses=tuple(statuses),
        points=tuple(points),
        aggregates=tuple(aggregates(review, points)),
        narratives=tuple(narratives(review, counted)),
        entries=tuple(list_entries(review, counted)),
        generated_at=generated_at,
        submitted_units=tuple(u.code for u in review.units if u.code in counted),
        justifications=justification_notes(review, counting, justifications),
    )


def read_dataset(
    store: Store, review: Review, *, generated_at: dt.datetime | None = None
) -> Dataset:
    """The Dataset of what ``store`` holds now: statuses, counting versions, justifications."""
    statuses = store.statuses(review)
    counting = store.counting(review)
    justifications = store.justifications(review)
    return build_dataset(
        review, statuses, counting, generated_at=generated_at, justifications=justifications
    )


def default_output(project: Project, review: Review) -> Path:
    """``outputs/<review>/tong-hop-<review>.xlsx``."""
    return project.output_dir(review.id) / f"tong-hop-{review.id}.xlsx"


def consolidate(
    project: Project,
    review: Review,
    *,
    out: str | os.PathLike[str] | None = None,
    db_url: str | None = None,
    now: dt.datetime | None = None,
    on_step: Callable[[int, int, str], None] | None = None,
) -> ConsolidateResult:
    """Read the store, build the Dataset and write the consolidated workbook.

    ``now`` stamps the workbook (default: the clock, in UTC). ``on_step(n, total, text)`` is
    told, in Vietnamese, what each step does (the CLI prints it).
    """
    from reportgen.store import open_store

    def step(n: int, text: str) -> None:
        if on_step is not None:
            on_step(n, STEPS, text)

    step(1, "Đọc các bản nộp đang được tính từ kho tệp")
    with open_store(project, review, url=db_url) as store:
        dataset = read_dataset(store, review, generated_at=now or dt.datetime.now(dt.UTC))
    step(2, f"Tổng hợp số liệu của {len(dataset.submitted_units)}/{len(review.units)} đơn vị")
    target = Path(out) if out is not None else default_output(project, review)
    step(3, f"Ghi workbook tổng hợp {target.name}")
    path = write_consolidated(dataset, target)
    return ConsolidateResult(path, dataset, tuple(gaps(dataset)))
