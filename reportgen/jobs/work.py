"""The body of a job, run in its own process: read the store, write the outputs, say so.

Outputs are written into a hidden ``.job-<id>.partial`` folder and renamed to their final
folder (``outputs/<review>/jobs/<time>-<kind>-<id>/``) only when complete; the job is marked
succeeded after that, and only if it is still this process's. So a job killed half-way leaves
no folder that looks finished, and a job already declared dead cannot publish anything.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from pathlib import Path

from reportgen.consolidate import build_dataset
from reportgen.consolidate.model import Dataset
from reportgen.consolidate.workbook import write_consolidated
from reportgen.definition import load_review
from reportgen.definition.model import DocStyle, Review
from reportgen.errors import ReportgenError
from reportgen.jobs.book import JobBook
from reportgen.jobs.model import Job, JobKind, JobState
from reportgen.project import Project
from reportgen.render import render_report
from reportgen.store import open_store
from reportgen.store.db import make_engine
from reportgen.store.deadline import LOCAL_TZ

__all__ = ["final_dir", "partial_dir", "run_job"]

log = logging.getLogger(__name__)


def jobs_root(project: Project, review_id: str) -> Path:
    """``outputs/<review>/jobs/``: one folder per finished job."""
    return project.output_dir(review_id, "jobs")


def final_dir(project: Project, job: Job) -> Path:
    """``…/jobs/20221205-140512-render-17``: sorted by time, yesterday's beside today's."""
    stamp = job.created_at.astimezone(LOCAL_TZ).strftime("%Y%m%d-%H%M%S")
    return jobs_root(project, job.review_id) / f"{stamp}-{job.kind.value}-{job.id}"


def partial_dir(project: Project, job: Job) -> Path:
    """Where a job writes until it is complete (hidden; removed if the job fails)."""
    return jobs_root(project, job.review_id) / f".job-{job.id}.partial"


def run_job(project_root: str, db_url: str, job_id: int, supervisor_pid: int) -> None:
    """Do job ``job_id`` (already claimed by ``supervisor_pid``) in this process."""
    try:
        os.setsid()  # own process group: a timeout kills WeasyPrint's helpers with us
    except OSError:  # pragma: no cover - not on every platform
        pass
    engine = make_engine(db_url)
    book = JobBook(engine)
    pid = os.getpid()
    try:
        if not book.adopt(job_id, supervisor_pid, pid):
            log.warning("job %s is no longer held by %s; nothing done", job_id, supervisor_pid)
            return
        job = book.get(job_id)
        assert job is not None
        project = Project(Path(project_root))
        _run(project, db_url, book, job, pid)
    finally:
        engine.dispose()


def _run(project: Project, db_url: str, book: JobBook, job: Job, pid: int) -> None:
    partial = partial_dir(project, job)
    try:
        outputs, units = _produce(project, db_url, book, job, pid, partial)
        final = final_dir(project, job)
        os.replace(partial, final)
        published = [final / p.relative_to(partial) for p in outputs]
        if not book.finish(
            job.id,
            JobState.SUCCEEDED,
            pid=pid,
            output_dir=final,
            outputs=published,
            units=units,
        ):
            # Declared dead or timed out meanwhile: its verdict stands, the output goes.
            shutil.rmtree(final, ignore_errors=True)
    except ReportgenError as exc:
        log.warning("job %s failed: %s", job.id, exc)
        shutil.rmtree(partial, ignore_errors=True)
        book.finish(job.id, JobState.FAILED, pid=pid, reason=str(exc))
    except Exception:
        log.exception("job %s failed unexpectedly", job.id)
        shutil.rmtree(partial, ignore_errors=True)
        reason = (
            f"Lỗi không mong đợi khi chạy công việc số {job.id}; chi tiết đã ghi vào nhật ký "
            "của máy chủ. Hãy chạy lại hoặc báo quản trị."
        )
        book.finish(job.id, JobState.FAILED, pid=pid, reason=reason)


def _produce(
    project: Project, db_url: str, book: JobBook, job: Job, pid: int, out: Path
) -> tuple[list[Path], tuple[int, int]]:
    request = job.request

    def step(text: str) -> None:
        book.step(job.id, pid, text)

    step("Đọc định nghĩa đợt báo cáo")
    review_dir = project.review_dir(request.review)
    review = _styled(load_review(review_dir), request.style)
    step("Đọc các bản nộp đang được tính từ kho tệp")
    with open_store(project, review, url=db_url) as store:
        statuses = store.statuses(review)
        counting = store.counting(review)
    step(f"Tổng hợp số liệu của {len(counting)}/{len(review.units)} đơn vị")
    dataset: Dataset = build_dataset(
        review, statuses, counting, generated_at=dt.datetime.now(dt.UTC)
    )
    shutil.rmtree(out, ignore_errors=True)  # a previous attempt's leftovers
    out.mkdir(parents=True)
    written: list[Path] = []
    if job.kind in (JobKind.CONSOLIDATE, JobKind.DRAFT):
        step("Ghi workbook tổng hợp")
        written.append(write_consolidated(dataset, out / f"tong-hop-{review.id}.xlsx"))
    if job.kind in (JobKind.RENDER, JobKind.DRAFT):

        def render_step(_n: int, _total: int, text: str) -> None:
            step(text)

        written += render_report(
            dataset,
            out,
            request.formats,
            request.draft or job.kind is JobKind.DRAFT,
            review_dir=review_dir,
            report_date=request.report_date,
            number=request.number,
            on_step=render_step,
        )
    return written, (len(dataset.submitted_units), len(review.units))


def _styled(review: Review, style: str | None) -> Review:
    """The review with the asked document style (Party or State) instead of its own."""
    if style is None or style == review.issuer.style.value:
        return review
    issuer = review.issuer.model_copy(update={"style": DocStyle(style)})
    return review.model_copy(update={"issuer": issuer})
