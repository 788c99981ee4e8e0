"""The live draft: accepted uploads within the debounce window make one draft job."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from reportgen.definition import Review
from reportgen.jobs import EmbeddedQueue, JobKind, JobState, note_upload, review_ref, set_live_draft
from reportgen.jobs.live import LIVE_BY, LIVE_PDF_MAX_UNITS, live_draft_enabled, live_formats
from reportgen.project import Project
from reportgen.store import Store
from reportgen.store.review_flow import ReviewFlow
from tests.conftest import HANOI_DIR
from tests.store.helpers import at, make_submission, workbook_bytes


def _upload(store: Store, review: Review, n: int, seed: int = 0, **kw: bool):  # type: ignore[no-untyped-def]
    code = review.units[n].code
    data = workbook_bytes(review, code, seed)
    return store.submit(make_submission(review, code, data, **kw), data, received_at=at(3, 8, seed))


def test_uploads_within_a_minute_make_one_draft_job_and_the_board_line_says_what_it_holds(
    tmp_path: Path, filled: Store, hanoi: Review
) -> None:
    project = Project(tmp_path)
    ref = review_ref(project, HANOI_DIR)
    with EmbeddedQueue(project, str(filled.engine.url)) as queue:
        assert note_upload(queue, filled, _upload(filled, hanoi, 5), ref) is None  # option off
        set_live_draft(filled, True)
        assert live_draft_enabled(filled)
        jobs = [note_upload(queue, filled, _upload(filled, hanoi, n), ref) for n in range(6, 11)]
        assert len({j.id for j in jobs if j}) == 1
        job = queue.get(jobs[0].id)  # type: ignore[union-attr]
        assert job is not None and (job.kind, job.live, job.requests) == (JobKind.DRAFT, True, 5)
        assert job.started_by == LIVE_BY and job.request.draft
        assert queue.book.due(10, "embedded") == []  # not before the minute is over

        # Files that change nothing start nothing: a duplicate, a rejected file, a locked unit.
        assert note_upload(queue, filled, _upload(filled, hanoi, 6), ref) is None
        assert note_upload(queue, filled, _upload(filled, hanoi, 12, rejected=True), ref) is None
        locked = _upload(filled, hanoi, 13)
        ReviewFlow(filled).accept(hanoi.units[13].code, locked.submission_id, actor="thu-ky")
        assert note_upload(queue, filled, _upload(filled, hanoi, 13, seed=1), ref) is None
        assert queue.get(job.id).requests == 5  # type: ignore[union-attr]

    # Once due it runs; an upload meanwhile queues exactly one follow-up job.
    with EmbeddedQueue(project, str(filled.engine.url)) as queue:
        fast = note_upload(queue, filled, _upload(filled, hanoi, 14), ref, debounce_s=0)
        assert fast is not None and fast.id == job.id
        _force_due(queue, job.id)
        assert queue.tick() == [job.id]
        _tick_until(queue, job.id, lambda step: step.startswith("Ghi workbook"))
        follow = note_upload(queue, filled, _upload(filled, hanoi, 15), ref)
        assert follow is not None and follow.id != job.id and follow.state is JobState.QUEUED
        assert note_upload(queue, filled, _upload(filled, hanoi, 16), ref).id == follow.id  # type: ignore[union-attr]
        _tick_until(queue, job.id, lambda step: step == "Hoàn tất")
        done = queue.get(job.id)
        assert done is not None and done.state is JobState.SUCCEEDED, done.reason
        assert sorted(p.suffix for p in done.outputs) == [".docx", ".pdf", ".xlsx"]
        draft = queue.latest_draft(hanoi.id)
        assert draft is not None and draft.job_id == job.id
        # 3 filled, unit 5 (sent before the option was on), 6..10, 13 (accepted) and 14; not 12
        # (rejected), nor 15 and 16 (sent once the job had read the store: the follow-up's).
        assert (draft.included, draft.expected) == (11, 36)
        line = draft.line()
        assert line.startswith("bản dự thảo cập nhật lúc ") and line.endswith("gồm 11/36 đơn vị")
        assert f"năm {dt.datetime.now().year}" in line


def _tick_until(queue: EmbeddedQueue, job_id: int, done: Callable[[str], bool]) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        queue.tick()
        job = queue.get(job_id)
        assert job is not None
        if done(job.step):
            return
        assert not job.state.finished, job.reason
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never got there: {queue.get(job_id)}")


def _force_due(queue: EmbeddedQueue, job_id: int) -> None:
    """The debounce minute, passed (instead of sleeping through it)."""
    from sqlalchemy import update

    from reportgen.store.jobs_table import JobRow

    with queue.engine.begin() as conn:
        conn.execute(
            update(JobRow)
            .where(JobRow.id == job_id)
            .values(not_before=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )


def test_a_big_review_s_live_draft_is_the_workbook_and_the_docx(
    tmp_path: Path, filled: Store, hanoi: Review
) -> None:
    # 1,000 units: the PDF alone takes minutes, the draft must stay a couple of minutes behind.
    assert live_formats(hanoi) == ("docx", "pdf")
    many = tuple(
        hanoi.units[k % len(hanoi.units)].model_copy(update={"code": f"U{k:04d}"})
        for k in range(LIVE_PDF_MAX_UNITS + 1)
    )
    assert live_formats(hanoi.model_copy(update={"units": many})) == ("docx",)
    project = Project(tmp_path)
    with EmbeddedQueue(project, str(filled.engine.url)) as queue:
        set_live_draft(filled, True)
        job = note_upload(queue, filled, _upload(filled, hanoi, 5), review_ref(project, HANOI_DIR))
        assert job is not None and job.request.formats == ("docx", "pdf")
