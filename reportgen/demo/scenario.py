"""The whole job on a bundled review, end to end, in a throw-away workspace.

Blank workbooks → filled sample submissions (fixed seed; a few with typical mistakes, a few
late, two units missing, one resubmitted after a rejection and one revised) → submit → status
board → consolidate → DOCX and PDF. The workspace (``outputs/demo/`` by default) is itself a
project root: received files land in its ``inputs/``, generated files in its ``outputs/``;
the real ``inputs/`` is never touched.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportgen.blank import make_blanks
from reportgen.consolidate import ConsolidateResult, consolidate
from reportgen.definition import Review, Unit
from reportgen.demo.samples import write_sample
from reportgen.errors import ProjectError
from reportgen.intake.check import check_file
from reportgen.project import Project
from reportgen.render import render_report
from reportgen.store import open_store
from reportgen.store.deadline import LOCAL_TZ
from reportgen.store.records import SubmitResult
from reportgen.store.status import UnitStatus

__all__ = ["MIN_UNITS", "DemoPlan", "DemoResult", "Planned", "plan_demo", "run_demo"]

STEPS = 6
MIN_UNITS = 6  # one unit per role of the scenario, late units sharing roles
Step = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class Planned:
    """One file the demo sends: which unit, which mistakes, when it is received."""

    unit: Unit
    seed: int
    mistakes: tuple[str, ...]
    received_at: dt.datetime
    note: str  # Vietnamese: why this file is in the scenario


@dataclass(frozen=True, slots=True)
class DemoPlan:
    """The scenario: files in the order they arrive, and the units that never send one."""

    files: tuple[Planned, ...]
    missing: tuple[Unit, ...]


@dataclass(frozen=True, slots=True)
class DemoResult:
    """Where everything went, and what the store made of it."""

    workspace: Path
    blank_zip: Path
    sent: tuple[tuple[Planned, Path, SubmitResult], ...]
    statuses: tuple[UnitStatus, ...]
    consolidated: ConsolidateResult
    reports: tuple[Path, ...]


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A working-hours time on ``day``, Vietnam time."""
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(8, 16), rng.randint(0, 59), tzinfo=LOCAL_TZ
    )


def plan_demo(review: Review, seed: int = 2022) -> DemoPlan:
    """A deterministic scenario for ``review``: mostly on time, some late, some wrong, two missing."""
    rng = random.Random(seed)
    units = list(review.units)
    if len(units) < MIN_UNITS:
        raise ProjectError(
            f"Bản chạy thử cần ít nhất {MIN_UNITS} đơn vị; định nghĩa {review.id} có "
            f"{len(units)} đơn vị. Hãy thêm đơn vị vào units.csv."
        )
    # Ten roles (2 missing, 1 rejected, 1 fixed, 1 revised, 2 with warnings, 4 late, one of
    # them with a warning); a small review (8 units) plays them with fewer units: every role
    # once, the late ones overlapping the others, so the State-style review runs too.
    picks = rng.sample(units, min(10, len(units)))
    missing = tuple(picks[:2])
    rejected_only, fixed_later, revised = picks[2], picks[3], picks[4]
    warned = picks[5:7]
    warnings = {warned[0].code: ("decimal-comma-text",)}
    if len(warned) > 1:
        warnings[warned[1].code] = ("percent-text",)
    late_pool = picks[6:10] if len(picks) >= 10 else [revised, *picks[5:]]
    late = {u.code for u in late_pool}
    files: list[Planned] = []
    for unit in units:
        if unit in missing:
            continue
        deadline = review.deadline_of(unit)
        day = deadline - dt.timedelta(days=rng.randint(0, 9))
        note = "nộp đúng hạn"
        if unit.code in late:
            day = deadline + dt.timedelta(days=rng.randint(1, 3))
            note = "nộp muộn"
        mistakes: tuple[str, ...] = warnings.get(unit.code, ())
        if mistakes:
            note += ", có số gõ dạng văn bản (cảnh báo)"
        if unit is rejected_only:
            mistakes, note = ("text-in-number", "missing-required"), "có lỗi, chưa nộp lại"
        if unit is fixed_later:
            mistakes, note = ("numerator-over-denominator", "rule-violation"), "có lỗi, lần 1"
        files.append(Planned(unit, seed + units.index(unit), mistakes, _at(day, rng), note))
        if unit is fixed_later:
            files.append(
                Planned(
                    unit,
                    seed + units.index(unit),
                    (),
                    _at(day + dt.timedelta(days=1), rng),
                    "đã sửa lỗi, nộp lại",
                )
            )
        if unit is revised:
            files.append(
                Planned(
                    unit,
                    seed + 1000,
                    (),
                    _at(day + dt.timedelta(days=2), rng),
                    "bổ sung, nộp phiên bản 2",
                )
            )
    files.sort(key=lambda p: p.received_at)
    return DemoPlan(tuple(files), missing)


def run_demo(
    review: Review,
    review_dir: Path,
    workspace: Path,
    *,
    formats: Sequence[str] = ("docx", "pdf"),
    on_step: Step | None = None,
    on_file: Callable[[int, int, str], None] | None = None,
) -> DemoResult:
    """Run the whole pipeline on ``review`` inside ``workspace`` (emptied first)."""

    def step(n: int, text: str) -> None:
        if on_step is not None:
            on_step(n, STEPS, text)

    if workspace.exists():
        shutil.rmtree(workspace)
    project = Project(workspace.resolve())
    step(1, f"Tạo biểu mẫu trống cho {len(review.units)} đơn vị")
    blanks = make_blanks(review, project.output_dir(review.id, "blank"), progress=on_file)

    plan = plan_demo(review)
    step(
        2, f"Tạo {len(plan.files)} tệp mẫu do đơn vị gửi về ({len(plan.missing)} đơn vị không gửi)"
    )
    mailbox = project.output_dir(review.id, "demo-gui-ve")
    paths: list[Path] = []
    for n, planned in enumerate(plan.files, start=1):
        path = mailbox / f"{n:02d}-{planned.unit.code}.xlsx"
        write_sample(review, planned.unit, path, seed=planned.seed, mistakes=planned.mistakes)
        paths.append(path)
        if on_file is not None:
            on_file(n, len(plan.files), planned.unit.code)

    step(3, "Kiểm tra và lưu từng tệp vào kho")
    sent: list[tuple[Planned, Path, SubmitResult]] = []
    with open_store(project, review) as store:
        for n, (planned, path) in enumerate(zip(plan.files, paths, strict=True), start=1):
            data = path.read_bytes()
            submission = check_file(review, path, data=data)
            sent.append(
                (planned, path, store.submit(submission, data, received_at=planned.received_at))
            )
            if on_file is not None:
                on_file(n, len(paths), planned.unit.code)
        statuses = tuple(store.statuses(review))

    step(4, "Lập bảng theo dõi tình hình nộp")
    step(5, "Tổng hợp số liệu")
    result = consolidate(
        project, review, now=dt.datetime.combine(review.report_due, dt.time(8), LOCAL_TZ)
    )
    step(6, "Xuất báo cáo " + ", ".join(f.upper() for f in formats))
    reports = render_report(
        result.dataset, project.output_dir(review.id), formats, draft=True, review_dir=review_dir
    )
    return DemoResult(workspace, blanks.zip_path, tuple(sent), statuses, result, tuple(reports))
