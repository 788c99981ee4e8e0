"""``reportgen render``: the consolidated Dataset → the review report as DOCX and PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from reportgen.cli._common import console, handle_errors, open_review, review_option
from reportgen.errors import InputFileError


def _formats(value: str) -> list[str]:
    wanted = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in ("docx", "pdf")]
    if unknown or not wanted:
        shown = ", ".join(unknown) or repr(value)
        raise InputFileError(f"Định dạng không hỗ trợ: {shown}. Dùng docx, pdf hoặc docx,pdf.")
    return wanted


@click.command("render")
@review_option
@click.option(
    "--format",
    "formats",
    metavar="DẠNG",
    default="docx,pdf",
    show_default=True,
    help="Định dạng cần xuất: docx, pdf hoặc docx,pdf.",
)
@click.option(
    "--out",
    "out_dir",
    metavar="THƯ_MỤC",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Thư mục ghi báo cáo. Mặc định: outputs/<mã đợt>/.",
)
@click.option("--draft", is_flag=True, help="Đánh dấu “DỰ THẢO” ở đầu trang 1.")
@click.option(
    "--number", metavar="SỐ", default=None, help="Số văn bản (bỏ trống để văn thư điền tay)."
)
@click.option(
    "--date",
    "report_date",
    metavar="NGÀY",
    type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]),
    default=None,
    help="Ngày báo cáo (mặc định: hạn báo cáo trong review.yaml).",
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    default=None,
    help="Cơ sở dữ liệu của kho tệp. Mặc định: biến REPORTGEN_DB, nếu không có thì "
    "inputs/<mã đợt>/reportgen.sqlite.",
)
@click.option(
    "--sample",
    is_flag=True,
    help="Dùng số liệu giả lập thay cho kho tệp (để xem trước mẫu báo cáo).",
)
@handle_errors
def command(
    review_name: str | None,
    formats: str,
    out_dir: Path | None,
    draft: bool,
    number: str | None,
    report_date: dt.datetime | None,
    db_url: str | None,
    sample: bool,
) -> None:
    """Xuất báo cáo sơ kết/tổng kết (DOCX theo mẫu, PDF) từ số liệu đã tổng hợp.

    Mẫu báo cáo: templates/<mã đợt>/report.docx, report.html, report.css nếu có, nếu không
    dùng mẫu có sẵn theo thể thức văn bản của Đảng hoặc của cơ quan nhà nước (NĐ 30/2020).

    \b
    Ví dụ:
      reportgen render
      reportgen render --format docx --draft
      reportgen render --review templates/nq11-moi-truong --out bao-cao/
    """
    wanted = _formats(formats)
    total = 3 + len(wanted)
    console.print(f"[bold]Bước 1/{total}[/] – Đọc định nghĩa đợt báo cáo và số liệu tổng hợp")
    project, review = open_review(review_name)
    if sample:
        from reportgen.demo.synthetic import synthetic_dataset

        dataset = synthetic_dataset(review)
    else:
        from reportgen.consolidate import read_dataset
        from reportgen.store import open_store

        with open_store(project, review, url=db_url) as store:
            dataset = read_dataset(store, review, generated_at=dt.datetime.now(dt.UTC))

    if not dataset.submitted_units:
        console.print(
            "[yellow]Chưa có đơn vị nào nộp báo cáo hợp lệ: báo cáo sẽ không có số liệu.[/]"
        )

    from reportgen.render import render_report
    from reportgen.render.marks import left_out_of_final

    if not draft and (left_out := left_out_of_final(review)):
        console.print(f"[yellow]{left_out}[/]", soft_wrap=True)

    def step(n: int, total: int, text: str) -> None:
        console.print(f"[bold]Bước {n + 1}/{total + 1}[/] – {text}")

    target = out_dir or project.output_dir(review.id)
    paths = render_report(
        dataset,
        target,
        wanted,
        draft,
        review_dir=project.review_dir(review_name),
        report_date=report_date.date() if report_date else None,
        number=number,
        on_step=step,
    )
    for path in paths:
        console.print(f"[green]Đã ghi[/] {path}")
