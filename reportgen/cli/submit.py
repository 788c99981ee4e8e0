"""``reportgen submit``: check submitted workbooks and keep them in the store."""

from __future__ import annotations

import datetime as dt
import sys

import click

from reportgen.cli._common import (
    collect_files,
    console,
    handle_errors,
    open_review,
    plain,
    print_findings,
    review_option,
    shown,
    with_progress,
)
from reportgen.definition import Review
from reportgen.findings import Verdict, count
from reportgen.messages import message_text
from reportgen.project import Project
from reportgen.store import Receipt, Store, SubmitResult, open_store, receive_file
from reportgen.store.deadline import LOCAL_TZ

_VERDICT_STYLE = {
    Verdict.ACCEPTED: "green",
    Verdict.ACCEPTED_WITH_WARNINGS: "yellow",
    Verdict.REJECTED: "bold red",
}
_PROGRESS_FROM = 4  # show a progress bar from this many files on
_DETAIL_UP_TO = 10  # list each file's findings only when there are this few files

db_option = click.option(
    "--db",
    "db_url",
    metavar="URL",
    envvar="REPORTGEN_DB",
    default=None,
    help="Cơ sở dữ liệu của kho tệp, ví dụ postgresql://user:mk@máy/csdl "
    "(mặc định: biến REPORTGEN_DB, nếu không có thì tệp SQLite inputs/<đợt>/reportgen.sqlite).",
)


def parse_received_at(text: str) -> dt.datetime:
    """``2022-12-06 09:30``, ``2022-12-06T09:30:00+07:00``, ``06/12/2022 09:30`` or a date; Vietnam time by default."""
    text = text.strip()
    for parse in (dt.datetime.fromisoformat, _parse_vietnamese):
        try:
            value = parse(text)
        except ValueError:
            continue
        return value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)
    raise click.BadParameter(
        f"'{text}' không phải thời điểm hợp lệ; hãy viết như 2022-12-06 09:30 hoặc 06/12/2022 09:30.",
        param_hint="--received-at",
    )


def _parse_vietnamese(text: str) -> dt.datetime:
    for pattern in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise ValueError(text)


def _report(review: Review, receipt: Receipt, detail: bool) -> None:
    """One line for the file (its result or why it was not kept), then its findings."""
    name = shown(receipt.path.name)
    if receipt.result is None or receipt.submission is None:
        console.print(f"[bold]{name}[/] — [bold red]không lưu được:[/] {shown(receipt.error)}")
        return
    submission, result = receipt.submission, receipt.result
    unit = review.unit_by_code.get(submission.unit_code or "")
    own = [] if result.duplicate else list(result.findings)
    errors, warnings = count((*submission.findings, *own))
    where = f"{unit.code} — {unit.name}" if unit else "không xác định được"
    console.print(_line(name, shown(where), result, errors, warnings))
    if detail:
        for finding in result.findings:
            console.print(f"  {shown(message_text(finding))}")
        if not result.duplicate:
            print_findings(submission.findings)


def _live_draft(
    project: Project, review_name: str | None, store: Store, results: list[SubmitResult]
) -> None:
    """With the live draft on, queue (or join) the draft job for the files that count."""
    from reportgen.jobs import live_draft_enabled, note_upload, review_ref
    from reportgen.jobs.factory import open_queue

    if not live_draft_enabled(store):
        return
    with open_queue(project, store.engine.url.render_as_string(hide_password=False)) as queue:
        ref = review_ref(project, review_name)
        jobs = [j for r in results if (j := note_upload(queue, store, r, ref)) is not None]
    if jobs:
        job = jobs[-1]
        console.print(
            f"Bản dự thảo tự động: công việc số {job.id} gộp {job.requests} tệp, "
            "chạy sau khoảng một phút (khi reportgen serve hoặc reportgen worker đang chạy)."
        )


def _line(name: str, unit: str, result: SubmitResult, errors: int, warnings: int) -> str:
    """The result line; ``name`` and ``unit`` are already escaped."""
    notes = []
    if result.version is not None:
        notes.append(f"phiên bản {result.version}")
    elif not result.verdict.acceptable:
        notes.append("lưu riêng, không tính")
    if result.late:
        notes.append(f"[yellow]nộp muộn {result.days_late} ngày[/]")
    if result.duplicate:
        notes.append("[blue]trùng tệp đã nhận, không ghi nhận lại[/]")
    else:
        notes.append(f"{errors} lỗi, {warnings} cảnh báo")
    style = _VERDICT_STYLE[result.verdict]
    return (
        f"[bold]{name}[/] — đơn vị {unit}: [{style}]{result.verdict.label}[/] ({'; '.join(notes)})"
    )


@click.command("submit")
@click.argument("targets", nargs=-1, metavar="TỆP|THƯ_MỤC…")
@review_option
@click.option(
    "--received-at",
    "received_at",
    metavar="THỜI_ĐIỂM",
    default=None,
    help='Thời điểm nhận tệp (giờ Việt Nam), ví dụ "2022-12-06 09:30"; mặc định: bây giờ. '
    "Dùng khi ghi nhận tệp nhận qua thư điện tử từ trước.",
)
@db_option
@handle_errors
def command(
    targets: tuple[str, ...], review_name: str | None, received_at: str | None, db_url: str | None
) -> None:
    """Kiểm tra và lưu các tệp đơn vị gửi về (như lệnh check, rồi cất vào kho tệp).

    Mỗi tệp được giữ nguyên vẹn trong inputs/<đợt>/<mã đơn vị>/ và ghi nhận là phiên bản kế
    tiếp của đơn vị; tệp gửi sau hạn được ghi là nộp muộn (không bị từ chối); tệp đã nhận rồi
    không được ghi nhận lại. In kết luận từng tệp; tệp lỗi không làm dừng các tệp khác. Mã thoát
    0 khi mọi tệp hợp lệ, 1 khi có tệp không hợp lệ, mã lỗi của tệp đầu tiên không lưu được
    (4, 5, 7) khi có tệp như vậy.

    Ví dụ: reportgen submit nhan-ve/ --received-at "2022-12-06 09:30"
    """
    when = parse_received_at(received_at) if received_at else None
    files = collect_files(targets, "nộp")
    project, review = open_review(review_name)
    receipts: list[Receipt] = []
    with open_store(project, review, db_url) as store:
        detail = len(files) <= _DETAIL_UP_TO
        steps = with_progress(files, "Nộp", lambda p: plain(p.name), from_count=_PROGRESS_FROM)
        for path in steps:
            # Each file gets its own result: one that cannot be kept never stops the others.
            receipt = receive_file(store, path, received_at=when)
            _report(review, receipt, detail)
            receipts.append(receipt)
        _live_draft(project, review_name, store, [r.result for r in receipts if r.result])
    results = [r.result for r in receipts if r.result is not None]
    failed = [r for r in receipts if r.result is None]
    bad = sum(1 for r in results if not r.verdict.acceptable)
    dup = sum(1 for r in results if r.duplicate)
    late = sum(1 for r in results if r.late and not r.duplicate)
    console.print(
        f"Đã nhận {len(results)} tệp: {len(results) - bad} hợp lệ, {bad} không hợp lệ, "
        f"{late} nộp muộn, {dup} trùng tệp đã nhận."
        + (f" [bold red]{len(failed)} tệp không lưu được.[/]" if failed else "")
    )
    if failed:
        sys.exit(failed[0].exit_code)
    if bad:
        console.print("Xem chi tiết lỗi: reportgen check TỆP; theo dõi tiến độ: reportgen status")
        sys.exit(1)
