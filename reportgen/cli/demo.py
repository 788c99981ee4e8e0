"""``reportgen demo``: the whole job on a bundled review, in one go."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from reportgen.cli._common import console, handle_errors, open_review, review_option
from reportgen.cli.status import status_table


@click.command("demo")
@review_option
@click.option(
    "--out",
    "workspace",
    metavar="THƯ_MỤC",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Thư mục làm việc của bản chạy thử (mặc định outputs/demo/; được xóa và tạo lại).",
)
@click.option("--no-pdf", is_flag=True, help="Chỉ xuất DOCX (nhanh hơn).")
@handle_errors
def command(review_name: str | None, workspace: Path | None, no_pdf: bool) -> None:
    """Chạy toàn bộ quy trình trên ví dụ có sẵn (mặc định: Hà Nội, NQ 11-NQ/TU).

    \b
    Các bước: tạo biểu mẫu trống cho mọi đơn vị → tạo các tệp đơn vị gửi về (vài tệp có lỗi
    thường gặp, vài tệp nộp muộn, hai đơn vị không nộp, một đơn vị nộp lại sau khi bị trả lại)
    → kiểm tra và lưu → bảng theo dõi → tổng hợp → xuất báo cáo DOCX và PDF.
    Kho tệp của bản chạy thử nằm trong THƯ_MỤC/inputs, không đụng tới inputs/ thật.

    Ví dụ: reportgen demo            (hoặc: make demo)
    """
    from reportgen.demo.scenario import run_demo
    from reportgen.store import summarize

    project, review = open_review(review_name)
    workspace = workspace or project.outputs / "demo"
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def on_step(n: int, total: int, text: str) -> None:
            console.print(f"[bold]Bước {n}/{total}[/] – {escape(text)}")
            bar.update(task, description=text, completed=0, total=None)

        def on_file(n: int, total: int, code: str) -> None:
            bar.update(task, completed=n, total=total, description=f"đơn vị {code}")

        result = run_demo(
            review,
            project.review_dir(review_name),
            workspace,
            formats=("docx",) if no_pdf else ("docx", "pdf"),
            on_step=on_step,
            on_file=on_file,
        )

    for planned, _path, outcome in result.sent:
        if planned.note == "nộp đúng hạn" and outcome.verdict.value == "accepted":
            continue
        console.print(
            f"  {escape(planned.unit.name)}: {escape(planned.note)} → [bold]{outcome.verdict.label}[/]"
            + (f", phiên bản {outcome.version}" if outcome.version else "")
        )
    console.print(status_table(review, list(result.statuses)))
    console.print(f"[bold]{escape(summarize(result.statuses).line())}[/]")
    console.print(f"\n[bold green]Xong trong {time.perf_counter() - started:.1f} giây.[/] Kết quả:")
    rows = [
        ("Biểu mẫu trống (ZIP)", result.blank_zip),
        ("Tệp đơn vị gửi về", result.sent[0][1].parent),
        ("Kho tệp đã nhận", workspace / "inputs" / review.id),
        ("Workbook tổng hợp", result.consolidated.path),
        *(("Báo cáo " + p.suffix[1:].upper(), p) for p in result.reports),
    ]
    for label, path in rows:
        console.print(f"  {label:<22} {escape(str(path))}")
