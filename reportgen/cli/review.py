"""``reportgen review new|export|import``: define a review in Excel, kept as review.yaml + units.csv."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reportgen.cli._common import (
    console,
    handle_errors,
    open_review,
    print_findings,
    review_option,
)
from reportgen.definition import load_review
from reportgen.definition.draft import WORKBOOK_FILE, new_review
from reportgen.definition.workbook_export import export_review_workbook
from reportgen.definition.workbook_import import import_definition_workbook
from reportgen.findings import Severity
from reportgen.project import Project


@click.group("review")
def command() -> None:
    """Định nghĩa đợt báo cáo bằng bảng Excel: tạo mới, xuất ra Excel, nhập lại từ Excel.

    \b
    Định nghĩa luôn được lưu thành review.yaml + units.csv (đọc được, đưa vào quản lý phiên
    bản được); bảng Excel dinh-nghia.xlsx là cách điền, sửa định nghĩa không cần biết YAML.
    \b
    Ví dụ:
      reportgen review new bao-cao-2024 --from nq11-moi-truong
      reportgen review import bao-cao-2024/dinh-nghia.xlsx
      reportgen review export --review bao-cao-2024 --out dinh-nghia.xlsx
    """


@command.command("new")
@click.argument("directory", metavar="THƯ_MỤC", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--from",
    "source",
    metavar="MÃ",
    default=None,
    help="Lập từ một đợt báo cáo có sẵn (mã trong templates/ hoặc thư mục). Mặc định: để trống.",
)
@handle_errors
def new(directory: Path, source: str | None) -> None:
    """Tạo đợt báo cáo mới trong THƯ_MỤC: review.yaml, units.csv và dinh-nghia.xlsx để điền.

    Mã đợt lấy theo tên thư mục, phiên bản 1; các ngày (chốt số liệu, hạn nộp, hạn báo cáo)
    để trống cho người soạn điền.
    """
    base = load_review(Project.here().review_dir(source)) if source else None
    workbook = new_review(directory, base)
    console.print(f"[green]Đã tạo đợt báo cáo mới[/] trong thư mục {directory}")
    console.print(f"  Mở {workbook} bằng Excel hoặc LibreOffice Calc, điền các ngày và nội dung,")
    console.print(f"  rồi chạy: reportgen review import {workbook}")


@command.command("export")
@review_option
@click.option(
    "--out",
    "out",
    metavar="TỆP",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Tệp Excel ghi ra. Mặc định: outputs/<mã đợt báo cáo>/{WORKBOOK_FILE}.",
)
@handle_errors
def export(review_name: str | None, out: Path | None) -> None:
    """Xuất định nghĩa đợt báo cáo ra bảng Excel để xem, sửa rồi nhập lại."""
    project, review = open_review(review_name)
    target = out or project.output_dir(review.id) / WORKBOOK_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    export_review_workbook(review, target)
    console.print(f"[green]Đã xuất định nghĩa[/] {review.id} ra {target}")


@command.command("import")
@click.argument(
    "workbook", metavar="TỆP_EXCEL", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "out_dir",
    metavar="THƯ_MỤC",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Thư mục ghi review.yaml và units.csv. Mặc định: thư mục chứa tệp Excel.",
)
@handle_errors
def import_(workbook: Path, out_dir: Path | None) -> None:
    """Nhập bảng Excel định nghĩa: kiểm tra như check-review, rồi ghi review.yaml + units.csv.

    Mọi lỗi được báo kèm sheet và ô (ví dụ Chỉ tiêu!B14). Khi còn lỗi, không tệp nào bị ghi
    (mã thoát 3).
    """
    target = out_dir or workbook.parent
    review, findings = import_definition_workbook(workbook, target)
    print_findings(findings)
    if review is None:
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        console.print(f"[bold red]Bảng định nghĩa có {errors} lỗi; chưa ghi tệp nào.[/]")
        sys.exit(3)
    console.print(
        f"[green]Đã nhập định nghĩa:[/] {review.title} — {len(review.units)} đơn vị, "
        f"{len(review.indicators)} chỉ tiêu, {len(review.sections)} phần thuyết minh, "
        f"{len(review.lists)} danh sách."
    )
    console.print(f"  Đã ghi {target / 'review.yaml'} và {target / 'units.csv'}")
    console.print(f"  Tạo biểu mẫu cho các đơn vị: reportgen blank --review {target}")


import_.name = "import"
