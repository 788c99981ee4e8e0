"""Command line: one thin command per pipeline verb, over the library API.

Each verb lives in its own module (``reportgen/cli/<verb>.py``) exposing ``command``; a verb's
module is imported only when that verb (or ``--help``) needs it, and the verb modules import
the heavy libraries (SQLAlchemy, WeasyPrint, matplotlib, openpyxl) only inside their commands,
so ``reportgen --help`` and ``reportgen check FILE`` start quickly. Errors are printed in Vietnamese with an exit code from :mod:`reportgen.errors`; usage
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
    "justify",
    "consolidate",
    "render",
    "jobs",
    "worker",
    "demo",
    "access",
    "serve",
)


def _verb_name(module: str) -> str:
    return module.replace("_", "-")


class _LazyGroup(click.Group):
    """The verbs in pipeline order, each module imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [_verb_name(v) for v in _VERBS if _verb_available(v)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = cmd_name.replace("-", "_")
        if module not in _VERBS or not _verb_available(module):
            return None
        command: click.Command = importlib.import_module(f"reportgen.cli.{module}").command
        return command


def _verb_available(module: str) -> bool:
    return importlib.util.find_spec(f"reportgen.cli.{module}") is not None


@click.group(
    cls=_LazyGroup,
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
         reportgen justify        ghi giải trình cảnh báo của đơn vị (không qua cổng)
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
