"""What every command shares: the --review option, the console, and turning errors into text."""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from reportgen.errors import DefinitionError, ReportgenError
from reportgen.findings import Finding, Severity
from reportgen.messages import message_text
from reportgen.project import Project

if TYPE_CHECKING:
    from reportgen.definition import Review

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)
# Piped output (CI logs, `| less`) gets 80 columns from rich, which crushes Vietnamese tables.
for _c in (console, err_console):
    if not _c.is_terminal:
        _c.width = max(_c.width, 120)

review_option = click.option(
    "--review",
    "review_name",
    metavar="THƯ_MỤC",
    default=None,
    help="Thư mục định nghĩa đợt báo cáo (hoặc mã trong templates/). "
    "Mặc định: biến REPORTGEN_REVIEW, nếu không có thì ví dụ Hà Nội nq11-moi-truong.",
)


# C0/C1 controls (ESC starts ANSI sequences), DEL, and bidi overrides that reorder what is shown.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """``text`` with every control character shown as ``�``: nothing reaches the terminal raw."""
    return _CONTROL.sub("\ufffd", str(text))


def shown(text: object) -> str:
    """A user-supplied string (file name, cell text, unit name) safe inside rich markup."""
    return escape(plain(text))


class _NoTraceback(logging.Formatter):
    """Log lines for users: the message, never the traceback (REPORTGEN_DEBUG=1 shows it)."""

    def format(self, record: logging.LogRecord) -> str:
        if os.environ.get("REPORTGEN_DEBUG"):
            return plain(super().format(record)).replace("\ufffd", "\n")
        label = {"ERROR": "lỗi", "CRITICAL": "lỗi", "WARNING": "cảnh báo"}.get(
            record.levelname, "lưu ý"
        )
        return f"{label}: {plain(record.getMessage())}"


class _Stderr(logging.Handler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def setup_logging() -> None:
    """Library log records (warnings and up) reach stderr as one Vietnamese line each."""
    logger = logging.getLogger("reportgen")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        handler = _Stderr(logging.WARNING)
        handler.setFormatter(_NoTraceback())
        logger.addHandler(handler)


def with_progress(
    items: Sequence[T], label: str, describe: Callable[[T], str], *, from_count: int = 4
) -> Iterator[T]:
    """Yield ``items``; from ``from_count`` items on, a bar on stderr shows which one is at work.

    On stderr, so ``--json`` output on stdout stays clean.
    """
    if len(items) < from_count:
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn  # folders only

    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("", total=len(items))
        for item in items:
            bar.update(task, description=describe(item))
            yield item
            bar.advance(task)


def collect_files(targets: tuple[str, ...], verb: str) -> list[Path]:
    """Files named on the command line, and the spreadsheets directly inside folders named.

    Every other entry of a folder named gets its own line on stderr (what it is, and that it
    is not read), so no file is skipped silently. ``verb`` ("kiểm tra", "nộp") words the
    usage error when nothing is named.
    """
    from reportgen.intake.check import SPREADSHEET_SUFFIXES, scan_folder  # not for `--help`

    if not targets:
        raise click.UsageError(f"Hãy chỉ ra ít nhất một tệp hoặc thư mục cần {verb}.")
    files: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            scan = scan_folder(path)
            for skipped in scan.skipped:
                err_console.print(
                    f"[yellow]Bỏ qua[/] {shown(skipped.path.name)} — {shown(skipped.reason)}"
                )
            if not scan.spreadsheets:
                suffixes = ", ".join(SPREADSHEET_SUFFIXES)
                raise click.UsageError(
                    f"Thư mục {plain(path)} không có tệp bảng tính nào ({suffixes})."
                )
            files.extend(scan.spreadsheets)
        elif path.is_file():
            files.append(path)
        else:
            raise click.UsageError(f"Không tìm thấy tệp hoặc thư mục: {plain(path)}")
    return files


def open_review(review_name: str | None) -> tuple[Project, Review]:
    """Resolve and load the review named on the command line."""
    from reportgen.definition import load_review  # pydantic + YAML: not for `--help`

    project = Project.here()
    return project, load_review(project.review_dir(review_name))


def handle_errors(func: F) -> F:
    """Print a ReportgenError as Vietnamese text and exit with its code — never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DefinitionError as exc:
            err_console.print(f"[bold red]Lỗi:[/] {shown(exc.message)}")
            print_findings(exc.findings, err_console)
            sys.exit(exc.exit_code)
        except ReportgenError as exc:
            err_console.print(f"[bold red]Lỗi:[/] {shown(exc.message)}")
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:  # in-process callers; the `reportgen` command itself: __main__
            err_console.print("[yellow]Đã dừng theo yêu cầu (Ctrl-C).[/]")
            sys.exit(130)
        except OSError as exc:
            detail = shown(f"{exc.strerror or exc} ({exc.filename or ''})")
            err_console.print(f"[bold red]Lỗi tệp:[/] {detail}")
            sys.exit(4)

    return wrapper  # type: ignore[return-value]


_SEVERITY_LABEL = {
    Severity.ERROR: "[red]lỗi[/]",
    Severity.WARNING: "[yellow]cảnh báo[/]",
    Severity.INFO: "[blue]lưu ý[/]",
}


def print_findings(
    findings: Iterable[Finding], out: Console | None = None, lang: str = "vi"
) -> None:
    """A table of findings: severity, location, code, message."""
    findings = list(findings)
    if not findings:
        return
    from rich.table import Table  # only when there is something to show

    table = Table(show_header=True, header_style="bold", expand=False)
    table.add_column("Mức độ" if lang == "vi" else "Severity")
    table.add_column("Vị trí" if lang == "vi" else "Location")
    table.add_column("Mã" if lang == "vi" else "Code")
    table.add_column("Nội dung" if lang == "vi" else "Message", overflow="fold")
    for f in findings:
        table.add_row(
            _SEVERITY_LABEL[f.severity],
            shown(f.location.describe()),
            f.code,
            shown(message_text(f, lang)),
        )
    (out or console).print(table)
