"""``reportgen worker``: run consolidation and render jobs (on this machine or another one)."""

from __future__ import annotations

import threading

import click

from reportgen.cli._common import console, handle_errors, open_review, review_option

db_option = click.option(
    "--db",
    "db_url",
    metavar="URL",
    default=None,
    help="Cơ sở dữ liệu của kho tệp. Mặc định: biến REPORTGEN_DB, nếu không có thì "
    "inputs/<mã đợt>/reportgen.sqlite.",
)


@click.command("worker")
@review_option
@db_option
@click.option(
    "--concurrency",
    metavar="N",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Số công việc chạy cùng lúc (mỗi việc một tiến trình).",
)
@click.option(
    "--timeout",
    "timeout_s",
    metavar="GIÂY",
    type=click.IntRange(1),
    default=900,
    show_default=True,
    help="Thời gian tối đa của một công việc; quá thời gian thì dừng và báo quá thời gian.",
)
@handle_errors
def command(review_name: str | None, db_url: str | None, concurrency: int, timeout_s: int) -> None:
    """Chạy các công việc tổng hợp và xuất báo cáo đang chờ (dừng bằng Ctrl-C).

    Với PostgreSQL, lệnh này dùng hàng đợi procrastinate: chạy được trên máy khác với máy chủ
    web, nhiều máy cùng lúc. Với SQLite, lệnh chạy các công việc đang chờ ngay trên máy này.

    \b
    Ví dụ:
      reportgen worker --db postgresql://reportgen@db-may-chu/reportgen
      reportgen worker --concurrency 4
    """
    # The jobs stack (render, procrastinate) is imported only when a command runs: --help stays fast.
    from reportgen.jobs import EmbeddedQueue
    from reportgen.jobs.factory import backend_for, resolve_url
    from reportgen.jobs.pg import run_worker

    project, review = open_review(review_name)
    url = resolve_url(project, review, db_url)
    if backend_for(url) == "procrastinate":
        console.print(f"Đang chờ công việc trên hàng đợi PostgreSQL ({concurrency} tiến trình)…")
        run_worker(project, url, concurrency=concurrency, timeout_s=timeout_s)
        return
    console.print(f"Đang chạy các công việc của đợt {review.id} trên máy này (Ctrl-C để dừng)…")
    queue = EmbeddedQueue(project, url, workers=concurrency, timeout_s=timeout_s)
    try:
        queue.start()
        threading.Event().wait()
    finally:
        queue.close()
