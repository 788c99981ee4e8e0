"""Command line: one thin command per pipeline verb, over the library API.

Each verb lives in its own module (``reportgen/cli/<verb>.py``) exposing ``command``.
Errors are printed in Vietnamese with an exit code from :mod:`reportgen.errors`; usage
errors exit with 2.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

from reportgen import __version__
from reportgen.cli._common import setup_logging

# In pipeline order; `reportgen --help` lists them in this order.
_VERBS = (
    "review",
    "check_review",
    "blank",
    "check",
    "submit",
    "status",
    "consolidate",
    "render",
    "jobs",
    "worker",
    "demo",
    "access",
    "serve",
)


class _OrderedGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(
    cls=_OrderedGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    """reportgen — tổng hợp báo cáo sơ kết, tổng kết từ biểu mẫu Excel của các đơn vị.

    \b
    Quy trình (mỗi bước một lệnh):
      0. reportgen review         định nghĩa đợt báo cáo bằng bảng Excel (new, export, import)
      1. reportgen check-review   kiểm tra định nghĩa đợt báo cáo
      2. reportgen blank          tạo biểu mẫu Excel trống cho từng đơn vị
      3. reportgen check          kiểm tra tệp đơn vị gửi về (không lưu)
      4. reportgen submit         kiểm tra và lưu tệp đơn vị gửi về
      5. reportgen status         bảng theo dõi đơn vị đã nộp, nộp muộn, chưa nộp
      6. reportgen consolidate    tổng hợp số liệu vào workbook tổng hợp
      7. reportgen render         xuất báo cáo DOCX và PDF
      8. reportgen serve          cổng thông tin cho đơn vị và thư ký (reportgen access: tài khoản)
    \b
    Chạy nền (cổng thông tin web, nhiều máy):
      reportgen jobs list|start   xem và xếp công việc tổng hợp, xuất báo cáo
      reportgen worker            chạy các công việc đang chờ (cả trên máy khác)
    \b
    reportgen demo chạy toàn bộ quy trình trên ví dụ Hà Nội.
    Mọi lệnh nhận --review THƯ_MỤC (mặc định: biến REPORTGEN_REVIEW, rồi ví dụ Hà Nội).
    """
    setup_logging()


for _verb in _VERBS:
    if importlib.util.find_spec(f"reportgen.cli.{_verb}") is not None:
        main.add_command(importlib.import_module(f"reportgen.cli.{_verb}").command)
