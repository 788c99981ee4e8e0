"""``reportgen blank``: write one blank Excel workbook per unit, plus a ZIP of them all."""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from reportgen.cli._common import console, handle_errors, open_review, review_option


@click.command("blank")
@review_option
@click.option(
    "--unit",
    "units",
    metavar="MÃ",
    multiple=True,
    help="Chỉ tạo biểu mẫu cho đơn vị có mã này (lặp lại để chọn nhiều đơn vị). Mặc định: mọi đơn vị.",
)
@click.option(
    "--out",
    "out_dir",
    metavar="THƯ_MỤC",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Thư mục ghi biểu mẫu. Mặc định: outputs/<mã đợt báo cáo>/blank/.",
)
@handle_errors
def command(review_name: str | None, units: tuple[str, ...], out_dir: Path | None) -> None:
    """Tạo biểu mẫu Excel trống cho từng đơn vị, kèm một tệp ZIP chứa tất cả.

    Mỗi tệp (ví dụ 001-quan-ba-dinh.xlsx) có sheet Hướng dẫn, thông tin đơn vị điền sẵn,
    chỉ tiêu theo loại đơn vị, ô nhập liệu có kiểm tra kiểu dữ liệu, và đã khóa các ô khác.

    \b
    Ví dụ:
      reportgen blank                              # mọi đơn vị của ví dụ Hà Nội
      reportgen blank --unit 001 --unit STNMT      # chỉ hai đơn vị
      reportgen blank --review templates/nq11-moi-truong --out bieu-mau/
    """
    from reportgen.blank import make_blanks  # xlsxwriter: imported by this command only

    project, review = open_review(review_name)
    target = out_dir or project.output_dir(review.id, "blank")
    with Progress(
        TextColumn("[bold]Tạo biểu mẫu[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=len(units) or len(review.units))

        def advance(done: int, total: int, code: str) -> None:
            bar.update(task, completed=done, total=total, description=f"đơn vị {code}")

        result = make_blanks(review, target, units or None, progress=advance)
    console.print(f"[green]Đã tạo {len(result.files)} biểu mẫu[/] trong thư mục {result.out_dir}")
    if len(result.files) <= 5:
        for path in result.files:
            console.print(f"  {path.name}")
    console.print(f"Tệp nén gửi các đơn vị: {result.zip_path}")
