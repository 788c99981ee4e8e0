"""``reportgen check-review``: check a review definition and list every problem."""

from __future__ import annotations

import sys

import click

from reportgen.cli._common import console, handle_errors, print_findings, review_option
from reportgen.findings import Severity
from reportgen.project import Project


@click.command("check-review")
@review_option
@handle_errors
def command(review_name: str | None) -> None:
    """Kiểm tra tệp định nghĩa đợt báo cáo (review.yaml, units.csv).

    In ra mọi lỗi kèm tên tệp, số dòng và tên trường. Mã thoát 0 khi không có lỗi, 3 khi có.

    Ví dụ: reportgen check-review --review templates/nq11-moi-truong
    """
    from reportgen.definition import check_review  # pydantic + YAML: not for `--help`

    directory = Project.here().review_dir(review_name)
    review, findings = check_review(directory)
    print_findings(findings)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    if errors or review is None:
        console.print(f"[bold red]Định nghĩa có {errors} lỗi.[/]")
        sys.exit(3)
    units = len(review.units)
    console.print(
        f"[green]Định nghĩa hợp lệ:[/] {review.title} — {units} đơn vị, "
        f"{len(review.indicators)} chỉ tiêu, {len(review.sections)} phần thuyết minh, "
        f"{len(review.lists)} danh sách."
    )
