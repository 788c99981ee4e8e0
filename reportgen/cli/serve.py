"""``reportgen serve``: the web portal on one process (uvicorn)."""

from __future__ import annotations

import errno
import signal
import socket
from types import FrameType

import click

from reportgen.cli._common import console, handle_errors, print_findings, review_option
from reportgen.cli.submit import db_option
from reportgen.errors import DefinitionError, ProjectError
from reportgen.findings import Severity
from reportgen.project import Project


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, or a Vietnamese refusal when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ProjectError(
                f"Cổng {port} trên {host} đang được chương trình khác dùng. "
                "Hãy chọn cổng khác: reportgen serve --port 8080"
            ) from exc
        raise ProjectError(f"Không mở được địa chỉ {host}:{port}: {exc.strerror}") from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _stopped(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)  # SIGTERM (systemd, docker stop): a normal stop


@click.command("serve")
@review_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe.")
@click.option(
    "--port", default=8000, show_default=True, type=int, help="Cổng (0: cổng trống bất kỳ)."
)
@db_option
@click.option("--max-upload-mb", "max_mb", default=20, show_default=True, type=int,
              help="Dung lượng tối đa một tệp gửi lên (bằng client_max_body_size của nginx).")  # fmt: skip
@click.option("--check-workers", "check_workers", default=0, type=click.IntRange(min=0),
              help="Số tiến trình kiểm tra tệp gửi lên (mặc định 0: bằng số lõi CPU, chia đều "
              "cho các tiến trình web).")  # fmt: skip
@click.option("--check-timeout", "check_timeout", default=30, show_default=True,
              type=click.IntRange(min=1), help="Số giây tối đa để kiểm tra một tệp.")  # fmt: skip
# -- jobs and several web processes (issue 11) --
@click.option("--queue", "queue", type=click.Choice(["embedded", "procrastinate"]), default="embedded",
              show_default=True, help="Hàng đợi công việc: embedded (chạy trong cổng) hoặc "
              "procrastinate (PostgreSQL; công việc chạy bằng reportgen worker).")  # fmt: skip
@click.option("--job-workers", type=click.IntRange(1, 32), default=None, metavar="N",
              help="Số công việc chạy cùng lúc trong mỗi tiến trình web (--queue embedded; mặc định 1).")  # fmt: skip
@click.option("--workers", "web_workers", type=click.IntRange(1, 64), default=1, show_default=True,
              metavar="N", help="Số tiến trình web dùng chung cổng; hơn 1 cần PostgreSQL (--db).")  # fmt: skip
@handle_errors
def command(review_name: str | None, host: str, port: int, db_url: str | None, max_mb: int,
            check_workers: int, check_timeout: int, queue: str, job_workers: int | None,
            web_workers: int) -> None:  # fmt: skip
    """Chạy cổng thông tin: đơn vị tải biểu mẫu, gửi tệp, xem lỗi, giải trình; thư ký theo dõi.

    Một tiến trình, cùng kho tệp với các lệnh khác (SQLite trong inputs/, hoặc PostgreSQL
    với --db). Đặt sau nginx (HTTPS) khi dùng thật; xem docs/cong-thong-tin.md.

    Ví dụ: reportgen serve --port 8000
    """
    # Imported by the command, not by `reportgen --help` (start-up stays light).
    import uvicorn  # only this command needs the server

    from reportgen.definition import check_review
    from reportgen.intake.check import default_workers
    from reportgen.intake.pool import CheckPool
    from reportgen.store import open_store
    from reportgen.web import Settings, create_app

    # SIGTERM at any moment (even while the check workers start) must run the `finally` below
    # that stops them and closes the store; uvicorn also re-raises it after its graceful stop.
    signal.signal(signal.SIGTERM, _stopped)
    project = Project.here()
    review_dir = project.review_dir(review_name)
    review, findings = check_review(review_dir)
    if review is None or any(f.severity is Severity.ERROR for f in findings):
        print_findings(findings)
        raise DefinitionError("Định nghĩa đợt báo cáo có lỗi; không chạy cổng thông tin.")
    from reportgen.jobs.factory import resolve_url
    from reportgen.web.serving import ServeSpec, job_settings, run_processes

    url = resolve_url(project, review, db_url)
    jobs = job_settings(url, queue, job_workers, web_workers)
    sock = _bind(host, port)
    try:
        store = open_store(project, review, db_url)
    except BaseException:
        sock.close()
        raise
    checks = None
    try:
        # The cores are shared by every web process's checkers.
        per_process = check_workers or max(1, default_workers() // web_workers)
        if web_workers == 1:
            # Checking is CPU work: in warm processes of their own, not under the server's GIL.
            checks = CheckPool(review, per_process, timeout=check_timeout)
        settings = Settings(max_upload_bytes=max_mb * 1024 * 1024, jobs=jobs)
        shown_host = f"[{host}]" if ":" in host else host
        address = f"http://{shown_host}:{sock.getsockname()[1]}"
        console.print(f"[green]Cổng thông tin đang chạy:[/] {address}  (Ctrl-C để dừng)")
        each = " mỗi tiến trình web" if web_workers > 1 else ""
        console.print(f"Đợt báo cáo: {review.title} — {len(review.units)} đơn vị; "
                      f"{per_process} tiến trình kiểm tra tệp{each}.", soft_wrap=True)  # fmt: skip
        console.print(_jobs_line(jobs.backend or "", jobs.workers, web_workers), soft_wrap=True)
        if web_workers > 1:  # each process opens its own store, queue and checkers
            store.close()
            spec = ServeSpec(str(project.root), str(review_dir), url, max_mb, queue, jobs.workers,
                             per_process, check_timeout)  # fmt: skip
            run_processes(sock, spec, web_workers)
            return
        app = create_app(
            project, review, store, settings=settings, review_dir=review_dir, checks=checks
        )
        config = uvicorn.Config(app, log_level="warning", proxy_headers=True, server_header=False)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        if checks is not None:
            checks.close()
        store.close()
        sock.close()


def _jobs_line(queue: str, job_workers: int, web_workers: int) -> str:
    procs = f"{web_workers} tiến trình web; " if web_workers > 1 else ""
    if queue == "procrastinate":
        return procs + "công việc chạy bằng reportgen worker (hàng đợi PostgreSQL)."
    return procs + f"công việc chạy trong cổng ({job_workers} việc cùng lúc mỗi tiến trình web)."
