"""``reportgen access``: unit access codes and staff accounts of the portal."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli._common import console, handle_errors, open_review, review_option
from reportgen.cli.submit import db_option
from reportgen.demo.portal import demo_accounts
from reportgen.store import Role, open_store
from reportgen.web.exports import distribution_xlsx


@click.group("access")
def command() -> None:
    """Tài khoản cổng thông tin: mã truy cập của đơn vị, tài khoản thư ký và lãnh đạo.

    \b
    Ví dụ:
      reportgen access issue --out danh-sach.xlsx --url https://baocao.example.gov.vn
      reportgen access revoke --unit 001
      reportgen access add-staff thuky --role secretariat
    """


@command.command("issue")
@review_option
@db_option
@click.option("--unit", "units", metavar="MÃ", multiple=True,
              help="Chỉ cấp (hoặc cấp lại) mã cho đơn vị này; lặp lại để chọn nhiều. Mặc định: mọi đơn vị.")  # fmt: skip
@click.option("--out", "out", metavar="TỆP.xlsx", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Tệp danh sách gửi đơn vị (mặc định outputs/<đợt>/ma-truy-cap.xlsx).")  # fmt: skip
@click.option("--url", "url", metavar="ĐỊA_CHỈ", default="http://127.0.0.1:8000",
              help="Địa chỉ cổng thông tin ghi trong danh sách.")  # fmt: skip
@handle_errors
def issue(
    review_name: str | None, db_url: str | None, units: tuple[str, ...], out: Path | None, url: str
) -> None:
    """Cấp hoặc cấp lại mã truy cập cho đơn vị (mã cũ hết hiệu lực ngay; đơn vị đặt lại mật khẩu).

    Mã chỉ hiện một lần, trong tệp danh sách; kho chỉ giữ bản băm.
    """
    project, review = open_review(review_name)
    with open_store(project, review, db_url) as store:
        issued = store.issue_codes(list(units) or None)
        store.audit("dòng lệnh", "codes-issued", units=", ".join(i.unit_code for i in issued))
    target = out or project.output_dir(review.id) / "ma-truy-cap.xlsx"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(distribution_xlsx(review, issued, url))
    console.print(f"[green]Đã cấp {len(issued)} mã truy cập.[/] Danh sách gửi đơn vị: {target}")
    console.print("Mã chỉ có trong tệp này: hãy gửi riêng cho từng đơn vị rồi xóa tệp sau khi gửi.")


@command.command("revoke")
@review_option
@db_option
@click.option(
    "--unit", "unit", metavar="MÃ", required=True, help="Đơn vị bị thu hồi quyền truy cập."
)
@handle_errors
def revoke(review_name: str | None, db_url: str | None, unit: str) -> None:
    """Thu hồi quyền truy cập của một đơn vị: mọi phiên đăng nhập kết thúc ngay."""
    project, review = open_review(review_name)
    with open_store(project, review, db_url) as store:
        n = store.revoke_unit(unit)
        store.audit("dòng lệnh", "unit-revoked", unit_code=unit, accounts=n)
    console.print(f"Đã thu hồi {n} tài khoản của đơn vị {unit}.")


@command.command("add-staff")
@click.argument("name", metavar="TÊN")
@review_option
@db_option
@click.option("--role", "role", type=click.Choice(["secretariat", "viewer", "unit"]), required=True,
              help="secretariat: thư ký (mọi đơn vị); viewer: lãnh đạo, chỉ xem; unit: thêm cán bộ của một đơn vị.")  # fmt: skip
@click.option(
    "--unit", "unit", metavar="MÃ", default=None, help="Đơn vị của tài khoản (với --role unit)."
)
@click.option("--display-name", "display", default="", help="Họ tên hiển thị.")
@click.option(
    "--password", "ask", is_flag=True, help="Tự nhập mật khẩu (mặc định: tạo ngẫu nhiên)."
)
@handle_errors
def add_staff(
    name: str,
    review_name: str | None,
    db_url: str | None,
    role: str,
    unit: str | None,
    display: str,
    ask: bool,
) -> None:
    """Tạo (hoặc đặt lại) tài khoản cán bộ; in mật khẩu được tạo một lần."""
    password = (
        click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại") if ask else None
    )
    project, review = open_review(review_name)
    with open_store(project, review, db_url) as store:
        principal, chosen = store.add_staff(
            name, Role(role), password=password, display_name=display, unit_code=unit
        )
        store.audit("dòng lệnh", "staff-added", unit_code=unit, account=principal.name, role=role)
    console.print(f"Tài khoản [bold]{principal.name}[/] ({principal.role.label}) đã sẵn sàng.")
    if password is None:
        console.print(f"Mật khẩu (chỉ hiện một lần): [bold]{chosen}[/]")


@command.command("demo")
@review_option
@db_option
@handle_errors
def demo(review_name: str | None, db_url: str | None) -> None:
    """Tạo tài khoản dùng thử (một thư ký, hai đơn vị) và in tên, mật khẩu/mã truy cập."""
    project, review = open_review(review_name)
    with open_store(project, review, db_url) as store:
        accounts = demo_accounts(store, review)
    console.print("[bold]Tài khoản dùng thử[/] (đăng nhập bằng tên và mật khẩu / mã truy cập):")
    for a in accounts:
        who = f"{a.role.label}" + (f" — {a.unit_name}" if a.unit_name else "")
        console.print(f"  {who}: tên [bold]{a.name}[/], mật khẩu/mã [bold]{a.secret}[/]")
