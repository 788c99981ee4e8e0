"""``reportgen consolidate``: merge every unit's counting submission into the tổng hợp workbook."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli._common import console, handle_errors, open_review, print_findings, review_option


@click.command("consolidate")
@review_option
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    default=None,
    help="Cơ sở dữ liệu của kho tệp (ví dụ postgresql://…). "
    "Mặc định: biến REPORTGEN_DB, nếu không có thì inputs/<mã đợt>/reportgen.sqlite.",
)
@click.option(
    "--out",
    "out",
    metavar="TỆP",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Tệp workbook tổng hợp. Mặc định: outputs/<mã đợt>/tong-hop-<mã đợt>.xlsx.",
)
@handle_errors
def command(review_name: str | None, db_url: str | None, out: Path | None) -> None:
    """Tổng hợp số liệu của các đơn vị đã nộp vào một workbook Excel.

    Mỗi đơn vị được tính theo bản nộp hợp lệ mới nhất. Workbook có: tình hình nộp, mỗi nhóm
    nhiệm vụ một sheet (đơn vị × năm, cộng theo loại đơn vị, tổng cộng, số đơn vị có số liệu),
    bảng chỉ tiêu năm cuối, thuyết minh gộp, các danh sách gộp và nguồn của từng số liệu.
    Đơn vị chưa nộp ghi "chưa nộp", không bao giờ tính là 0.

    \b
    Ví dụ:
      reportgen consolidate
      reportgen consolidate --review templates/nq11-moi-truong --out tong-hop.xlsx
    """
    from reportgen.consolidate import consolidate  # SQLAlchemy, xlsxwriter: this command only

    # Reading the definition is step 1; the library counts its own steps after it.
    console.print("[bold]Bước 1/4[/] – Đọc định nghĩa đợt báo cáo")
    project, review = open_review(review_name)

    def step(n: int, total: int, text: str) -> None:
        console.print(f"[bold]Bước {n + 1}/{total + 1}[/] – {text}")

    result = consolidate(project, review, out=out, db_url=db_url, on_step=step)
    print_findings(result.findings)
    dataset = result.dataset
    done = len(dataset.submitted_units)
    if done:
        console.print(f"[green]Đã tổng hợp số liệu của {done}/{len(review.units)} đơn vị.[/]")
    console.print(f"Workbook tổng hợp: {result.path}")
