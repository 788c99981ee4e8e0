"""HTML → PDF with WeasyPrint: in this process, or in child Python processes.

WeasyPrint is imported lazily (it needs Pango) and keeps about 3,3 MiB per laid-out page that it
does not give back, so a large report is rendered in a child process (the long-lived caller
never grows). A split render (:mod:`.pdf_parts`) runs one child per part at the same time; the
children can be started before the HTML exists (:class:`PdfChildren`), so their start-up
(Python, WeasyPrint: about a second) overlaps the caller's work on the context and the charts.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from reportgen.errors import (
    EXIT_CODES,
    DefinitionError,
    MissingDependencyError,
    ProjectError,
    ReportgenError,
)

__all__ = ["PDF_IDENTIFIER", "PdfChildren", "SplitRender", "child_main", "html_to_pdf",
           "render_in_child", "render_split"]  # fmt: skip

log = logging.getLogger(__name__)

PDF_IDENTIFIER = b"reportgen-report"
"""Fixed ``/ID`` of every PDF we write, so two renders of one context give the same file."""

BUILTIN_TEMPLATES = Path(__file__).resolve().parent / "defaults"
"""``reportgen.render.env.DEFAULTS``, found without importing ``env``: that module loads Jinja
and, through the filters, the context's modules (about 0,6 s of CPU a PDF child would spend
after its job arrived, on the report's critical path)."""


def _url_fetcher(base_dir: Path) -> Any:
    """A fetcher for ``data:`` URIs and files under ``base_dir`` or the built-ins, nothing else.

    A report template may show a logo or load a font from its own folder; it must not read
    other files of the server nor make network requests (the web portal renders too).
    """
    from weasyprint import URLFetcher

    roots = (base_dir.resolve(), BUILTIN_TEMPLATES)

    class ReportFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.lower().startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in roots):
                    raise ValueError(f"tệp ngoài thư mục mẫu báo cáo: {path}")
            return super().fetch(url, headers)

    return ReportFetcher(allowed_protocols=("data", "file"), timeout=5)


def html_to_pdf(
    html: str, out_path: Path, *, base_dir: Path | None = None, uncompressed: bool = False
) -> int:
    """Write ``html`` as a PDF at ``out_path`` in this process; return the page count.

    Relative URLs in the HTML (a logo, a font) resolve against ``base_dir`` (the review's
    folder; default the built-in templates), and only files there can be read.
    """
    return len(_write_pdf(html, Path(out_path), base_dir, uncompressed))


def _write_pdf(
    html: str,
    out_path: Path,
    base_dir: Path | None,
    uncompressed: bool,
    laid_out: Callable[[int], None] | None = None,
) -> list[bool]:
    """:func:`html_to_pdf`; for each page, whether it is landscape (wider than tall).
    ``laid_out(pages)`` is called once the pages are laid out, before the PDF is written
    (a split render's next part can be told its first page number that much earlier)."""
    try:
        with warnings.catch_warnings():
            # Without libharfbuzz-subset0 WeasyPrint warns on import (and subsets fonts more
            # slowly with fontTools); the PDF is the same, so that is not the user's concern.
            warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
            from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango/HarfBuzz libraries missing
        raise MissingDependencyError(
            "Thiếu thư viện WeasyPrint (hoặc thư viện Pango của hệ thống) để xuất PDF. "
            "Cài đặt: pip install weasyprint; trên Debian/Ubuntu: apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 fonts-liberation2"
        ) from exc
    base = Path(base_dir or BUILTIN_TEMPLATES)
    document = HTML(
        string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=_url_fetcher(base)
    ).render()
    if laid_out is not None:
        laid_out(len(document.pages))
    try:
        document.write_pdf(
            out_path,
            pdf_identifier=PDF_IDENTIFIER,
            uncompressed_pdf=uncompressed,
        )
    except OSError as exc:
        raise ProjectError(f"Không ghi được tệp PDF {out_path}: {exc.strerror or exc}") from exc
    return [page.width > page.height for page in document.pages]


_CHILD = "from reportgen.render.pdf_engine import child_main; raise SystemExit(child_main())"
_ERRORS_BY_EXIT_CODE = {code: cls for cls, code in EXIT_CODES.items() if cls is not DefinitionError}


def child_main() -> int:
    """Child-process entry: HTML on stdin, target path in ``argv[1]``; prints the page count.

    A plain ``python -c`` child, not ``multiprocessing``: the spawn start method re-imports the
    caller's ``__main__``, which re-runs the CLI under ``python -m reportgen``.

    ``--wait`` (a child of :class:`PdfChildren`): load WeasyPrint, then read one job line on
    stdin, ``{"out": …, "html": FILE, "part": bool}`` (an empty line: nothing to do). A *part*
    (a later part of a split render, :mod:`.pdf_parts`) prints its page count, reads from stdin
    how many pages come before it, and stamps its own page numbers.
    """
    options = sys.argv[2:]
    base = next((Path(a[7:]) for a in options if a.startswith("--base=")), None)
    uncompressed = "--uncompressed" in options
    try:
        if "--wait" not in options:
            html = sys.stdin.buffer.read().decode("utf-8")
            pages = html_to_pdf(html, Path(sys.argv[1]), base_dir=base, uncompressed=uncompressed)
            sys.stdout.write(f"{pages}\n")
            return 0
        _import_weasyprint()  # while the parent builds the context and draws the charts
        line = sys.stdin.readline()
        if not line.strip():
            return 0
        job = json.loads(line)
        out, html = Path(job["out"]), Path(job["html"]).read_text(encoding="utf-8")
        if job["part"]:
            _numbered_part(html, out, base, uncompressed)
        else:
            _write_pdf(html, out, base, uncompressed, laid_out=_say_pages)
    except ReportgenError as exc:
        sys.stderr.write(exc.message + "\n")
        return exc.exit_code
    except Exception as exc:  # reported to the parent as one Vietnamese line, no traceback
        sys.stderr.write(f"Lỗi khi dựng PDF: {type(exc).__name__}: {exc}\n")
        return 1
    return 0


def _import_weasyprint() -> None:
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
            import weasyprint  # noqa: F401
    except (ImportError, OSError):
        pass  # html_to_pdf reports it in Vietnamese when the job comes


def _say_pages(pages: int) -> None:
    """Tell the parent how many pages this part has (it passes the offsets on)."""
    sys.stdout.write(f"{pages}\n")
    sys.stdout.flush()


def _numbered_part(html: str, out: Path, base: Path | None, uncompressed: bool) -> None:
    """Render a later part, report its pages, wait for its offset, stamp its page numbers."""
    from reportgen.render.pdf_parts import number_pages_html, stamp_numbers, with_margin_boxes

    bare = out.with_suffix(".bare.pdf")
    landscape = _write_pdf(html, bare, base, uncompressed, laid_out=_say_pages)
    line = sys.stdin.readline()
    if not line.strip():  # the parent gave up (another part failed)
        raise ProjectError("Dừng dựng PDF vì một phần khác bị lỗi.")
    numbers = out.with_suffix(".numbers.pdf")
    numbers_html = number_pages_html(with_margin_boxes(html), landscape, after=int(line))
    html_to_pdf(numbers_html, numbers, base_dir=base, uncompressed=uncompressed)
    stamp_numbers(bare, numbers, out)


def _child_env() -> dict[str, str]:
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return env


def _child_command(out: str, base_dir: Path | None, uncompressed: bool) -> list[str]:
    command = [sys.executable, "-c", _CHILD, out]
    command += [f"--base={base_dir}"] if base_dir else []
    command += ["--uncompressed"] if uncompressed else []
    return command


def render_in_child(html: str, out: Path, base_dir: Path | None, uncompressed: bool) -> int:
    """Render in a fresh interpreter; its memory goes back to the system when it exits."""
    done = subprocess.run(
        _child_command(str(out), base_dir, uncompressed),
        input=html.encode("utf-8"),
        capture_output=True,
        env=_child_env(),
        check=False,
    )
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        cls = _ERRORS_BY_EXIT_CODE.get(done.returncode, ReportgenError)
        detail = lines[-1] if lines else f"Lỗi khi dựng PDF: mã thoát {done.returncode}"
        raise cls(detail)
    return int(done.stdout.decode().strip() or 0)


class PdfChildren:
    """Child processes started before the HTML exists; each then takes one job (a part).

    Use as a context manager, or call :meth:`close`: a child never given a job exits quietly.
    """

    def __init__(self, count: int, base_dir: Path | None = None, uncompressed: bool = False):
        self.base_dir, self.uncompressed = base_dir, uncompressed
        self._tmp = tempfile.TemporaryDirectory(prefix="reportgen-pdf-")
        self.folder = Path(self._tmp.name)
        self.processes: list[tuple[subprocess.Popen[bytes], Any]] = []
        for n in range(count):
            errors = (self.folder / f"child-{n}.err").open("w+b")
            process = subprocess.Popen(
                [*_child_command("-", base_dir, uncompressed), "--wait"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, env=_child_env(),
            )  # fmt: skip
            self.processes.append((process, errors))

    def __enter__(self) -> PdfChildren:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every child still running (one never given a job, or one whose part is no
        longer wanted), reap them all and remove the temporary files."""
        for process, errors in self.processes:
            if process.poll() is None:
                process.kill()
            for stream in (process.stdin, process.stdout):
                if stream is not None and not stream.closed:
                    try:
                        stream.close()
                    except OSError:  # a child that died leaves a broken pipe
                        pass
            process.wait()
            errors.close()
        self.processes = []
        self._tmp.cleanup()


class SplitRender:
    """A split render (:mod:`.pdf_parts`) whose parts are handed over one by one, in any order
    (the parts that show no chart can start before the charts are drawn); :meth:`join` waits
    for them all and joins them.

    The first part is numbered as it is laid out (it starts on page 1). Each later child prints
    its page count and waits for the number of pages before it, then stamps its own numbers;
    the parent only passes the offsets on and concatenates (it never loads WeasyPrint).
    ``children`` started ahead are used when there are enough of them (and closed by their
    owner); otherwise the render starts its own and :meth:`close` stops them.
    """

    def __init__(
        self,
        count: int,
        out: Path,
        base_dir: Path | None,
        uncompressed: bool,
        children: PdfChildren | None = None,
    ):
        self.out = out
        self._own: PdfChildren | None = None
        if children is None or len(children.processes) < count:
            self._own = children = PdfChildren(count, base_dir, uncompressed)
        self.children = children
        self.used = children.processes[:count]
        self.paths = [children.folder / f"part-{n}.pdf" for n in range(count)]

    def send(self, n: int, piece: str) -> None:
        """Hand part ``n`` (an HTML document) to its child process."""
        source = self.children.folder / f"part-{n}.html"
        source.write_text(piece, encoding="utf-8")
        job = {"out": str(self.paths[n]), "html": str(source), "part": n > 0}
        process = self.used[n][0]
        assert process.stdin is not None
        process.stdin.write((json.dumps(job) + "\n").encode())
        process.stdin.flush()

    def join(self) -> int:
        """Wait for every part (all sent), pass the page offsets on, join; the page count."""
        from reportgen.render.pdf_parts import join_parts

        before = 0
        for n, (process, errors) in enumerate(self.used):
            assert process.stdout is not None and process.stdin is not None
            reported = process.stdout.readline().strip()
            if n:
                process.stdin.write(f"{before}\n".encode() if reported else b"\n")
                process.stdin.flush()
            if not reported:
                _raise_child_error(process.wait(), errors)
            before += int(reported)
        for process, errors in self.used:
            if process.stdin is not None:
                process.stdin.close()
            if process.wait() != 0:
                _raise_child_error(process.returncode, errors)
        try:
            return join_parts(self.paths, self.out)
        except OSError as exc:
            raise ProjectError(f"Không ghi được tệp PDF {self.out}: {exc.strerror or exc}") from exc

    def close(self) -> None:
        """Stop the children this render started itself (not those it was given)."""
        if self._own is not None:
            self._own.close()


def render_split(
    pieces: Sequence[str],
    out: Path,
    base_dir: Path | None,
    uncompressed: bool,
    children: PdfChildren | None = None,
) -> int:
    """Each piece in its own child process at the same time; then join the numbered parts
    (:class:`SplitRender` with every part handed over at once)."""
    split = SplitRender(len(pieces), out, base_dir, uncompressed, children)
    try:
        for n, piece in enumerate(pieces):
            split.send(n, piece)
        return split.join()
    finally:
        split.close()


def _raise_child_error(returncode: int, errors: Any) -> None:
    """Raise the child's own error (its last stderr line), typed by its exit code."""
    errors.seek(0)
    lines = errors.read().decode("utf-8", "replace").strip().splitlines()
    cls = _ERRORS_BY_EXIT_CODE.get(returncode, ReportgenError)
    raise cls(lines[-1] if lines else f"Lỗi khi dựng PDF: mã thoát {returncode}")
