"""``reportgen jobs list|start|live``: the jobs of a review, from the terminal."""

from __future__ import annotations

import datetime as dt
import getpass
import json

import click
from rich.markup import escape
from rich.table import Table

from reportgen.cli._common import console, handle_errors, open_review, review_option
from reportgen.cli.worker import db_option


@click.group("jobs")
def command() -> None:
    """Công việc tổng hợp và xuất báo cáo: xem, bắt đầu, bật bản dự thảo tự động."""


def _when(at: dt.datetime | None) -> str:
    from reportgen.store.deadline import LOCAL_TZ

    return at.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y") if at else ""


@command.command("list")
@review_option
@db_option
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@handle_errors
def list_jobs(review_name: str | None, db_url: str | None, as_json: bool, limit: int) -> None:
    """Các công việc gần nhất của đợt báo cáo, mới nhất trước."""
    from reportgen.jobs.factory import open_queue, resolve_url

    project, review = open_review(review_name)
    with open_queue(project, resolve_url(project, review, db_url), backend="embedded") as queue:
        jobs = queue.recent(review.id, limit)
        draft = queue.latest_draft(review.id)
    if as_json:
        rows = [
            {
                "id": j.id,
                "kind": j.kind.value,
                "state": j.state.value,
                "step": j.step,
                "reason": j.reason,
                "started_by": j.started_by,
                "created_at": j.created_at.isoformat(),
                "finished_at": j.finished_at.isoformat() if j.finished_at else None,
                "requests": j.requests,
                "outputs": [str(p) for p in j.outputs],
            }
            for j in jobs
        ]
        click.echo(
            json.dumps(
                {"jobs": rows, "draft": draft.line() if draft else None},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if draft is not None:
        console.print(escape(draft.line()[0].upper() + draft.line()[1:]))
    if not jobs:
        console.print("Chưa có công việc nào.")
        return
    table = Table(show_header=True, header_style="bold")
    for name in ("Số", "Loại", "Trạng thái", "Bước / lý do", "Người chạy", "Lúc", "Tệp"):
        table.add_column(name, overflow="fold")
    for j in jobs:
        detail = j.reason if j.state.finished and j.reason else j.step
        table.add_row(
            str(j.id),
            j.kind.label,
            j.state.label,
            escape(detail or ""),
            escape(j.started_by),
            _when(j.created_at),
            escape(", ".join(p.name for p in j.outputs)),
        )
    console.print(table)


@command.command("start")
@click.argument("kind", type=click.Choice(["consolidate", "render"]))
@review_option
@db_option
@click.option(
    "--format", "formats", default="docx,pdf", show_default=True, help="docx, pdf hoặc docx,pdf."
)
@click.option(
    "--style",
    type=click.Choice(["party", "state"]),
    default=None,
    help="Thể thức văn bản (mặc định: của đợt báo cáo).",
)
@click.option("--final", is_flag=True, help="Bản chính thức (mặc định: bản dự thảo).")
@click.option("--by", "started_by", default=None, help="Người chạy (mặc định: tên tài khoản máy).")
@click.option("--wait", is_flag=True, help="Chờ công việc xong (với SQLite: tự chạy trên máy này).")
@handle_errors
def start_job(
    kind: str,
    review_name: str | None,
    db_url: str | None,
    formats: str,
    style: str | None,
    final: bool,
    started_by: str | None,
    wait: bool,
) -> None:
    """Xếp một công việc tổng hợp (consolidate) hoặc xuất báo cáo (render) vào hàng đợi.

    Nếu công việc giống hệt đang chờ hoặc đang chạy thì không tạo việc mới.

    \b
    Ví dụ:
      reportgen jobs start consolidate
      reportgen jobs start render --style state --final --wait
    """
    from reportgen.jobs import EmbeddedQueue, JobKind, JobRequest, JobState, review_ref
    from reportgen.jobs.factory import open_queue, resolve_url

    project, review = open_review(review_name)
    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    if not wanted or any(f not in ("docx", "pdf") for f in wanted):
        raise click.UsageError(f"Định dạng không hỗ trợ: {formats}. Dùng docx, pdf hoặc docx,pdf.")
    request = JobRequest(
        review_ref(project, review_name),
        JobKind(kind),
        formats=wanted,
        style=style,
        draft=not final,
    )
    with open_queue(project, resolve_url(project, review, db_url)) as queue:
        job = queue.submit(request, started_by or getpass.getuser())
        if job.requests > 1:
            console.print(
                f"Đã có công việc số {job.id} giống hệt ({job.state.label}): không tạo việc mới."
            )
        else:
            console.print(f"Đã xếp công việc số {job.id} ({job.kind.label}).")
        if not wait:
            if isinstance(queue, EmbeddedQueue):
                console.print(
                    "Công việc sẽ chạy khi reportgen serve hoặc reportgen worker đang chạy."
                )
            return
        if isinstance(queue, EmbeddedQueue):
            queue.start()
        done = queue.wait(job.id, timeout_s=24 * 3600)
    console.print(escape(done.status_line))
    for path in done.outputs:
        console.print(f"[green]Đã ghi[/] {escape(str(path))}")
    if done.state is not JobState.SUCCEEDED:
        raise SystemExit(1)


@command.command("live")
@click.argument("switch", type=click.Choice(["on", "off", "status"]))
@review_option
@db_option
@handle_errors
def live(switch: str, review_name: str | None, db_url: str | None) -> None:
    """Bật/tắt bản dự thảo tự động: tổng hợp và xuất bản dự thảo sau mỗi lần nhận tệp hợp lệ."""
    from reportgen.jobs.live import live_draft_enabled, set_live_draft
    from reportgen.store import open_store

    project, review = open_review(review_name)
    with open_store(project, review, url=db_url) as store:
        if switch != "status":
            set_live_draft(store, switch == "on")
        on = live_draft_enabled(store)
    console.print(f"Bản dự thảo tự động của đợt {review.id}: {'bật' if on else 'tắt'}.")


@command.command("remind")
@review_option
@db_option
@click.option("--send", is_flag=True, help="Gửi thật (mặc định: chỉ xem trước danh sách).")
@handle_errors
def remind_units(review_name: str | None, db_url: str | None, send: bool) -> None:
    """Nhắc bằng thư điện tử các đơn vị chưa nộp, nộp tệp không hợp lệ hoặc được yêu cầu bổ sung.

    Máy chủ thư lấy từ biến REPORTGEN_SMTP_HOST, REPORTGEN_SMTP_PORT, REPORTGEN_SMTP_FROM,
    REPORTGEN_SMTP_USER, REPORTGEN_SMTP_PASSWORD, REPORTGEN_SMTP_SECURITY (starttls|ssl|none).
    """
    from reportgen.jobs.reminders import SmtpConfig, remind
    from reportgen.store import open_store

    project, review = open_review(review_name)
    config = SmtpConfig.from_env() if send else None
    with open_store(project, review, url=db_url) as store:
        results = remind(store, review, config)
    table = Table(show_header=True, header_style="bold")
    for name in ("Mã", "Đơn vị", "Tình trạng", "Thư điện tử", "Kết quả"):
        table.add_column(name, overflow="fold")
    for r in results:
        outcome = "đã gửi" if r.sent else (r.error or "")
        table.add_row(
            r.mail.unit_code,
            escape(r.mail.unit_name),
            r.mail.reason,
            escape(r.mail.address or ""),
            escape(outcome),
        )
    console.print(table)
    sent = sum(r.sent for r in results)
    console.print(
        f"Đã gửi {sent}/{len(results)} thư nhắc."
        if send
        else f"{len(results)} đơn vị cần nhắc (chưa gửi; thêm --send để gửi)."
    )
