"""``reportgen justify``: write a unit's justification of a warning without the portal."""

from __future__ import annotations

import os

import click

from reportgen.cli._common import console, handle_errors, open_review, review_option, shown
from reportgen.cli.submit import db_option


@click.command("justify")
@review_option
@db_option
@click.option("--unit", "unit_code", metavar="MÃ", required=True, help="Mã đơn vị giải trình.")
@click.option("--finding", "which", metavar="SỐ", required=True,
              help="Số thứ tự của cảnh báo trong reportgen status --unit MÃ (hoặc khóa đầy đủ).")  # fmt: skip
@click.option("--text", "text", metavar="NỘI_DUNG", required=True, help="Nội dung giải trình.")
@click.option("--by", "by", metavar="TÊN", default=None,
              help="Người ghi (mặc định: tên đăng nhập máy).")  # fmt: skip
@handle_errors
def command(
    review_name: str | None,
    db_url: str | None,
    unit_code: str,
    which: str,
    text: str,
    by: str | None,
) -> None:
    """Ghi giải trình của đơn vị cho một cảnh báo của phiên bản đang được tính.

    Dùng khi đơn vị gửi giải trình qua thư điện tử, E-Office hoặc văn bản giấy. Giải trình được
    lưu như giải trình viết trên cổng thông tin, đưa vào sheet "Giải trình" của workbook tổng hợp
    và phụ lục "Giải trình của các đơn vị" của báo cáo. Ghi lại lần nữa thì giải trình mới thay
    giải trình cũ (lịch sử vẫn được giữ).

    \b
    Ví dụ:
      reportgen status --unit 001          xem các cảnh báo và số thứ tự
      reportgen justify --unit 001 --finding 1 --text "Số liệu đã được xác minh lại."
    """
    project, review = open_review(review_name)
    if unit_code not in review.unit_by_code:
        raise click.BadParameter(
            f"Không có đơn vị mã '{unit_code}' trong đợt báo cáo.", param_hint="--unit"
        )
    who = by or os.environ.get("USER") or os.environ.get("USERNAME") or "dòng lệnh"
    # The store (SQLAlchemy) is imported by the command, not by `reportgen --help`.
    from reportgen.store import open_store
    from reportgen.store.justifying import justify_warning

    with open_store(project, review, db_url) as store:
        j = justify_warning(store, review, unit_code, which, text, author=who)
    console.print(
        f"[green]Đã ghi giải trình[/] của đơn vị {shown(unit_code)} cho cảnh báo "
        f"{shown(j.code)} ở {shown(j.location.describe() or '—')} (phiên bản {j.version})."
    )
