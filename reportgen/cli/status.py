"""``reportgen status``: the board of which units have sent their workbook, late or not at all."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from reportgen.cli._common import console, handle_errors, open_review, review_option, shown
from reportgen.cli.submit import db_option
from reportgen.findings import Severity
from reportgen.messages import finding_dict, message_text
from reportgen.numbers import format_date_short, format_percent

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported by the command, not by `--help`
    from reportgen.definition import Review
    from reportgen.store import BoardSummary, SetAside, Store, UnidentifiedFile
    from reportgen.store.status import UnitStatus

# By UnitState value (a StrEnum), for the same reason.
_STATE_STYLE = {"missing": "dim", "rejected": "bold red", "on_time": "green", "late": "yellow"}


def format_time(value: dt.datetime) -> str:
    """``09:30 06/12/2022`` in Vietnam time."""
    from reportgen.store.deadline import LOCAL_TZ

    local = value.astimezone(LOCAL_TZ)
    return f"{local:%H:%M} {format_date_short(local.date())}"


def _parse_day(text: str) -> dt.date:
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parse(text.strip())
        except ValueError:
            continue
    raise click.BadParameter(
        f"'{text}' không phải ngày hợp lệ; hãy viết 2022-12-06 hoặc 06/12/2022."
    )


def status_table(review: Review, board: list[UnitStatus]) -> Table:
    """The status board as a rich table: one line per unit."""
    table = Table(show_header=True, header_style="bold", expand=False)
    for title, justify in (("Mã", "left"), ("Đơn vị", "left"), ("Tình trạng", "left"), ("Phiên bản", "right"),
                           ("Nhận lúc", "left"), ("Lỗi", "right"), ("Cảnh báo", "right")):  # fmt: skip
        # Only the unit's name may wrap; codes, states and times stay on one line.
        table.add_column(title, justify=justify, no_wrap=title != "Đơn vị")  # type: ignore[arg-type]
    for status in board:
        unit = review.unit_by_code[status.unit_code]
        table.add_row(
            shown(unit.code),
            shown(unit.name),
            f"[{_STATE_STYLE[status.state]}]{status.state.label}[/]"
            + (f" · [bold]{status.mark_label}[/]" if status.mark else ""),
            "" if status.version is None else f"{status.version}/{status.versions}",
            format_time(status.received_at) if status.received_at else "",
            str(status.errors) if status.versions else "",
            str(status.warnings) if status.versions else "",
        )
    return table


def _json(
    review: Review,
    board: list[UnitStatus],
    summary: BoardSummary,
    as_of: dt.date | None,
    waiting: list[UnidentifiedFile],
    aside: list[SetAside],
) -> dict[str, Any]:
    from reportgen.store.deadline import LOCAL_TZ

    return {
        "review": review.id,
        "as_of": as_of.isoformat() if as_of else None,
        "units": [
            {
                "code": s.unit_code,
                "name": review.unit_by_code[s.unit_code].name,
                "state": s.state.value,
                "state_label": s.state.label,
                "version": s.version,
                "versions": s.versions,
                "received_at": s.received_at.astimezone(LOCAL_TZ).isoformat()
                if s.received_at
                else None,
                "deadline": review.deadline_of(review.unit_by_code[s.unit_code]).isoformat(),
                "errors": s.errors,
                "warnings": s.warnings,
                "submission_id": s.submission_id,
                "sha256": s.file_hash,
                "mark": s.mark,
                "mark_note": s.mark_note,
                "held": s.held,
                "covers": s.covers,
            }
            for s in board
        ],
        "summary": summary.as_json(),
        "unidentified": [
            {
                "submission_id": u.record.submission_id,
                "file": u.record.file_name,
                "received_at": u.record.received_at.astimezone(LOCAL_TZ).isoformat(),
                "size": u.record.size,
                "sha256": u.record.sha256,
                "stored_path": u.record.stored_key,
                "recovered": u.record.recovered,
                "findings": [finding_dict(f) for f in u.findings],
            }
            for u in waiting
        ],
        "set_aside": [
            {"path": a.path, "original": a.original, "reason": a.reason, "moved_at": a.moved_at}
            for a in aside
        ],
    }


def unidentified_table(waiting: list[UnidentifiedFile]) -> Table:
    """Files kept without a unit: number (for --assign), name, time, why."""
    table = Table(show_header=True, header_style="bold", expand=False)
    for title in ("Số", "Tệp", "Nhận lúc", "Lý do"):
        table.add_column(title, no_wrap=title in ("Số", "Nhận lúc"), overflow="fold")
    for u in waiting:
        why = "; ".join(message_text(f) for f in u.findings if f.severity is Severity.ERROR)
        table.add_row(
            str(u.record.submission_id),
            shown(u.record.file_name),
            format_time(u.record.received_at),
            shown(why or "không xác định được đơn vị"),
        )
    return table


def _print_unidentified(waiting: list[UnidentifiedFile], aside: list[SetAside]) -> None:
    if waiting:
        console.print(
            f"[bold]Tệp chưa xác định được đơn vị: {len(waiting)}[/] "
            '(gán cho đơn vị: reportgen status --assign SỐ --unit MÃ --by "TÊN")'
        )
        console.print(unidentified_table(waiting))
    if aside:
        console.print(f"[bold]Tệp tách riêng khi khôi phục sau sự cố: {len(aside)}[/]")
        for a in aside:
            console.print(f"  {shown(a.path)} — {shown(a.reason)}")


@click.command("status")
@review_option
@db_option
@click.option("--json", "as_json", is_flag=True, help="In bảng theo dõi dạng JSON (để máy đọc).")
@click.option(
    "--as-of",
    "as_of",
    metavar="NGÀY",
    default=None,
    help="Xem tình hình tính đến hết ngày này (giờ Việt Nam), ví dụ 2022-12-05; bỏ qua tệp nhận sau đó.",
)
@click.option(
    "--unit",
    "unit_code",
    metavar="MÃ",
    default=None,
    help="Xem mọi phiên bản một đơn vị đã gửi và các ô thay đổi giữa hai phiên bản liền nhau.",
)
@click.option(
    "--assign",
    "assign_id",
    metavar="SỐ",
    type=int,
    default=None,
    help="Gán tệp chưa xác định được đơn vị (số trong bảng) cho đơn vị --unit MÃ; tệp được "
    "kiểm tra lại và ghi thành phiên bản mới của đơn vị, bản ghi gốc giữ nguyên.",
)
@click.option(
    "--by", "by", metavar="TÊN", default=None, help="Người quyết định gán (cùng --assign)."
)
@click.option("--note", "note", metavar="GHI_CHÚ", default="", help="Lý do gán (cùng --assign).")
@handle_errors
def command(
    review_name: str | None,
    db_url: str | None,
    as_json: bool,
    as_of: str | None,
    unit_code: str | None,
    assign_id: int | None,
    by: str | None,
    note: str,
) -> None:
    """Bảng theo dõi: đơn vị nào đã nộp, nộp muộn, nộp tệp không hợp lệ hay chưa nộp.

    Mỗi đơn vị một dòng: mã, tên, tình trạng, phiên bản đang được tính / số phiên bản, thời
    điểm nhận, số lỗi và cảnh báo. Dòng cuối tóm tắt và nêu tỷ lệ đầy đủ, đúng hạn (như DHIS2).

    Ví dụ: reportgen status --as-of 2022-12-05
    """
    from reportgen.store import assign, open_store, set_aside, summarize
    from reportgen.store.deadline import end_of_day

    day = _parse_day(as_of) if as_of else None
    cutoff = end_of_day(day) - dt.timedelta(microseconds=1) if day else None
    project, review = open_review(review_name)
    if assign_id is not None:
        if unit_code is None:
            raise click.UsageError("--assign cần --unit MÃ: đơn vị nhận tệp.")
        who = by or os.environ.get("USER") or os.environ.get("USERNAME") or ""
        with open_store(project, review, db_url) as store:
            result = assign(store, assign_id, unit_code, by=who, note=note)
        console.print(
            f"Đã gán bản nộp số {assign_id} cho đơn vị {shown(unit_code)}: phiên bản "
            f"{result.version}, {result.verdict.label}."
        )
        return
    if unit_code is not None:
        if unit_code not in review.unit_by_code:
            raise click.BadParameter(
                f"Không có đơn vị mã '{unit_code}' trong đợt báo cáo.", param_hint="--unit"
            )
        with open_store(project, review, db_url) as store:
            _print_versions(review, store, unit_code, project.root)
            _print_warnings(review, store, unit_code)
        return
    with open_store(project, review, db_url) as store:
        board = store.statuses(review, now=cutoff)
        waiting = [
            u for u in store.unidentified() if cutoff is None or u.record.received_at <= cutoff
        ]
        aside = set_aside(store)
    summary = summarize(board)
    if as_json:
        data = _json(review, board, summary, day, waiting, aside)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    title = f"Tình hình nộp báo cáo — {review.title}"
    if day:
        title += f" (tính đến hết ngày {format_date_short(day)})"
    console.print(f"[bold]{title}[/]")
    console.print(status_table(review, board))
    console.print(f"[bold]{summary.line()}[/]")
    console.print(
        f"Tỷ lệ đầy đủ: {format_percent(summary.completeness)} ({summary.accepted}/{summary.expected}); "
        f"đúng hạn: {format_percent(summary.timeliness)} ({summary.on_time}/{summary.expected}); "
        f"đã gửi: {format_percent(summary.rate(summary.received))} ({summary.received}/{summary.expected})."
    )
    _print_unidentified(waiting, aside)


def _print_versions(review: Review, store: Store, unit_code: str, root: Path) -> None:
    """Every version of one unit, then what changed from each version to the next."""
    from reportgen.store import describe_diff

    records = store.versions(unit_code)
    console.print(
        f"[bold]{shown(unit_code)} — {shown(review.unit_by_code[unit_code].name)}: {len(records)} phiên bản[/]"
    )
    if not records:
        return
    table = Table(show_header=True, header_style="bold", expand=False)
    for title in ("Phiên bản", "Nhận lúc", "Kết luận", "Lỗi", "Cảnh báo", "Tệp lưu"):
        table.add_column(title, no_wrap=title != "Tệp lưu", overflow="fold")
    for r in records:
        verdict = (
            r.verdict.label
            + (", nộp muộn" if r.late else "")
            + (" [bold](được tính)[/]" if r.counting else "")
        )
        table.add_row(
            str(r.version),
            format_time(r.received_at),
            verdict,
            str(r.errors),
            str(r.warnings),
            shown(r.location),
        )
    console.print(table)
    for old, new in itertools.pairwise(records):
        if old.version is not None and new.version is not None:
            diffs = store.diff(unit_code, old.version, new.version)
            console.print(f"Phiên bản {old.version} → {new.version}: {shown(describe_diff(diffs))}")


def _print_warnings(review: Review, store: Store, unit_code: str) -> None:
    """The warnings of the counting version with their numbers, keys and current justifications."""
    from reportgen.store.justifying import counting_warnings

    warnings = counting_warnings(store, review, unit_code)
    if not warnings:
        return
    open_ = sum(1 for w in warnings if w.justification is None)
    console.print(
        f"[bold]Cảnh báo của phiên bản {warnings[0].version} (đang được tính): {len(warnings)}, "
        f"chưa giải trình {open_}[/] — ghi giải trình: reportgen justify --unit "
        f'{shown(unit_code)} --finding SỐ --text "…"'
    )
    table = Table(show_header=True, header_style="bold", expand=False)
    for title in ("Số", "Ô", "Cảnh báo", "Giải trình hiện tại", "Khóa"):
        table.add_column(title, no_wrap=title in ("Số", "Ô"), overflow="fold")
    for w in warnings:
        j = w.justification
        current = (
            f"{shown(' '.join(j.text.splitlines()))} [dim]({shown(j.author)}, {format_time(j.written_at)})[/]"
            if j
            else "[yellow]chưa giải trình[/]"
        )
        table.add_row(
            str(w.number),
            shown(w.finding.location.describe()),
            shown(message_text(w.finding, "vi")),
            current,
            shown(w.key),
        )
    console.print(table)


def _shown_path(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
