"""``reportgen submit``: check submitted workbooks and keep them in the store."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reportgen.cli._common import (
    collect_files,
    console,
    handle_errors,
    open_review,
    print_findings,
    review_option,
    with_progress,
)
from reportgen.errors import InputFileError
from reportgen.findings import Verdict, count
from reportgen.messages import message_text

if TYPE_CHECKING:  # the store (SQLAlchemy) and intake are imported by the command, not `--help`
    from reportgen.definition import Review
    from reportgen.store import Store, SubmitResult

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
    from reportgen.store.deadline import LOCAL_TZ

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


def _submit_one(
    review: Review, store: Store, path: Path, received_at: dt.datetime | None, detail: bool
) -> SubmitResult:
    """Check, store and report one file."""
    from reportgen.intake.check import check_file

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"Không đọc được tệp {path}: {exc.strerror or exc}") from exc
    submission = check_file(review, path, data=data)
    result = store.submit(submission, data, received_at=received_at)
    unit = review.unit_by_code.get(submission.unit_code or "")
    own = [] if result.duplicate else list(result.findings)
    errors, warnings = count((*submission.findings, *own))
    console.print(
        _line(
            path,
            f"{unit.code} — {unit.name}" if unit else "không xác định được",
            result,
            errors,
            warnings,
        )
    )
    if detail:
        for finding in result.findings:
            console.print(f"  {message_text(finding)}")
        if not result.duplicate:
            print_findings(submission.findings)
    return result


def _line(path: Path, unit: str, result: SubmitResult, errors: int, warnings: int) -> str:
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
    return f"[bold]{path.name}[/] — đơn vị {unit}: [{style}]{result.verdict.label}[/] ({'; '.join(notes)})"


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
    không được ghi nhận lại. In kết luận từng tệp. Mã thoát 0 khi mọi tệp hợp lệ, 1 khi có tệp
    không hợp lệ.

    Ví dụ: reportgen submit nhan-ve/ --received-at "2022-12-06 09:30"
    """
    from reportgen.store import open_store

    when = parse_received_at(received_at) if received_at else None
    files = collect_files(targets, "nộp")
    project, review = open_review(review_name)
    with open_store(project, review, db_url) as store:
        detail = len(files) <= _DETAIL_UP_TO
        steps = with_progress(files, "Nộp", lambda p: p.name, from_count=_PROGRESS_FROM)
        results = [_submit_one(review, store, path, when, detail) for path in steps]
    bad = sum(1 for r in results if not r.verdict.acceptable)
    dup = sum(1 for r in results if r.duplicate)
    late = sum(1 for r in results if r.late and not r.duplicate)
    console.print(
        f"Đã nhận {len(results)} tệp: {len(results) - bad} hợp lệ, {bad} không hợp lệ, "
        f"{late} nộp muộn, {dup} trùng tệp đã nhận."
    )
    if bad:
        console.print("Xem chi tiết lỗi: reportgen check TỆP; theo dõi tiến độ: reportgen status")
        sys.exit(1)
