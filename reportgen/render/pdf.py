"""Report context → HTML (Jinja) → PDF (WeasyPrint).

The HTML is deterministic text (golden-tested); the PDF is tested on facts (page size, margins,
fonts, text). Determinism of the PDF: its creation date comes from ``<meta name=dcterms.created>``
written from the context (never the clock), and the PDF identifier is fixed.

WeasyPrint is imported lazily (it needs Pango) and keeps about 3,3 MiB per laid-out page that it
does not give back, so a large report is rendered in a child Python process (the HTML goes in on
stdin): the long-lived caller (CLI, web portal) never grows.
"""

from __future__ import annotations

import base64
import logging
import os
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from reportgen.errors import (
    EXIT_CODES,
    DefinitionError,
    MissingDependencyError,
    ProjectError,
    ReportgenError,
    TemplateError,
)
from reportgen.render.measures import measures_for

if TYPE_CHECKING:
    from reportgen.render.model import ReportContext

__all__ = ["ISOLATE_ABOVE_CHARS", "PDF_IDENTIFIER", "html_to_pdf", "render_html", "render_pdf"]

log = logging.getLogger(__name__)

PDF_IDENTIFIER = b"reportgen-report"
"""Fixed ``/ID`` of every PDF we write, so two renders of one context give the same file."""

ISOLATE_ABOVE_CHARS = 250_000
"""HTML longer than this (≈ 40 pages) is rendered in child processes by default: the caller does
not keep WeasyPrint's memory, and two processes share the layout (the Hanoi example, 81 pages:
6,4–7 s against 8,2 s in one process; 147 pages: 14 s against 26 s)."""

TEMPLATE_NAME = "report.html"


def render_html(
    context: ReportContext,
    *,
    charts_svg: Mapping[str, str] | None = None,
    review_dir: Path | None = None,
) -> str:
    """The report as one self-contained HTML document (CSS inlined, charts as inline SVG).

    ``charts_svg`` maps a chart key (``ChartSpec.key``) to its SVG text from
    :func:`reportgen.render.charts.chart_svg`; charts without an entry are left out.
    ``review_dir`` (``templates/<review>/``) may hold ``report.html``/``report.css`` that win
    over the built-ins. A broken template raises :class:`~reportgen.errors.TemplateError`
    naming the file and the line.
    """
    import jinja2

    from reportgen.render.env import make_environment

    env = make_environment(review_dir)
    try:
        template = env.get_template(TEMPLATE_NAME)
        return template.render(
            {f.name: getattr(context, f.name) for f in fields(context)},
            report=context,
            charts_svg=dict(charts_svg or {}),
            chart_uris={key: _data_uri(svg) for key, svg in (charts_svg or {}).items()},
            captions={spec.key: spec.caption for spec in context.chart_specs},
            m=measures_for(context.style),
        )
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            _where(exc.filename or exc.name, exc.lineno) + f"lỗi cú pháp: {exc.message}"
        ) from exc
    except jinja2.TemplateError as exc:
        name, line = _template_frame(exc)
        raise TemplateError(_where(name, line) + f"lỗi khi dựng báo cáo: {exc}") from exc


def _data_uri(svg: str) -> str:
    """An SVG as a ``data:`` URI. Drawn through ``<img>``, WeasyPrint renders it as a vector
    image of its own: inlined ``<svg>`` would also be run through the HTML stylesheet machinery,
    which warns about every SVG property (``fill``, ``stroke-linecap``…) it does not know."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _where(name: str | None, line: int | None) -> str:
    text = f"Mẫu báo cáo HTML {name or TEMPLATE_NAME}"
    if line:
        text += f", dòng {line}"
    return text + ": "


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line of a render-time error (Jinja rewrites tracebacks
    so template frames carry the template's file name and line)."""
    name: str | None = None
    line: int | None = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css")):
            name, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return name, line


def _url_fetcher(base_dir: Path) -> Any:
    """A fetcher for ``data:`` URIs and files under ``base_dir`` or the built-ins, nothing else.

    A report template may show a logo or load a font from its own folder; it must not read
    other files of the server nor make network requests (the web portal renders too).
    """
    from weasyprint import URLFetcher

    from reportgen.render.env import DEFAULTS

    roots = (base_dir.resolve(), DEFAULTS.resolve())

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
    out_path = Path(out_path)
    from reportgen.render.env import DEFAULTS

    base = Path(base_dir or DEFAULTS)
    document = HTML(
        string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=_url_fetcher(base)
    ).render()
    try:
        document.write_pdf(
            out_path,
            pdf_identifier=PDF_IDENTIFIER,
            uncompressed_pdf=uncompressed,
        )
    except OSError as exc:
        raise ProjectError(f"Không ghi được tệp PDF {out_path}: {exc.strerror or exc}") from exc
    return len(document.pages)


_CHILD = "from reportgen.render.pdf import child_main; raise SystemExit(child_main())"
_ERRORS_BY_EXIT_CODE = {code: cls for cls, code in EXIT_CODES.items() if cls is not DefinitionError}


def child_main() -> int:
    """Child-process entry: HTML on stdin, target path in ``argv[1]``; prints the page count.

    A plain ``python -c`` child, not ``multiprocessing``: the spawn start method re-imports the
    caller's ``__main__``, which re-runs the CLI under ``python -m reportgen``.
    """
    out = Path(sys.argv[1])
    base = next((Path(a[7:]) for a in sys.argv[2:] if a.startswith("--base=")), None)
    html = sys.stdin.buffer.read().decode("utf-8")
    try:
        pages = html_to_pdf(html, out, base_dir=base, uncompressed="--uncompressed" in sys.argv[2:])
    except ReportgenError as exc:
        sys.stderr.write(exc.message + "\n")
        return exc.exit_code
    except Exception as exc:  # reported to the parent as one Vietnamese line, no traceback
        sys.stderr.write(f"Lỗi khi dựng PDF: {type(exc).__name__}: {exc}\n")
        return 1
    sys.stdout.write(f"{pages}\n")
    return 0


def _render_in_child(html: str, out: Path, base_dir: Path | None, uncompressed: bool) -> int:
    """Render in a fresh interpreter; its memory goes back to the system when it exits."""
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-c", _CHILD, str(out)]
    command += [f"--base={base_dir}"] if base_dir else []
    command += ["--uncompressed"] if uncompressed else []
    done = subprocess.run(
        command, input=html.encode("utf-8"), capture_output=True, env=env, check=False
    )
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        cls = _ERRORS_BY_EXIT_CODE.get(done.returncode, ReportgenError)
        detail = lines[-1] if lines else f"Lỗi khi dựng PDF: mã thoát {done.returncode}"
        raise cls(detail)
    return int(done.stdout.decode().strip() or 0)


def _render_split(
    pieces: list[str], html: str, out: Path, base_dir: Path | None, uncompressed: bool
) -> int:
    """Each piece in its own child process at the same time; then join and number the pages."""
    from reportgen.render.pdf_parts import join_parts, number_pages_html, page_orientations

    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as tmp:
        paths = [Path(tmp) / f"part-{n}.pdf" for n in range(len(pieces))]
        with ThreadPoolExecutor(max_workers=len(pieces)) as pool:
            jobs = [
                pool.submit(_render_in_child, h, p, base_dir, uncompressed)
                for h, p in zip(pieces, paths, strict=True)
            ]
            for job in jobs:
                job.result()  # re-raises the first child's error
        landscape = [wide for path in paths for wide in page_orientations(path)]
        numbers = Path(tmp) / "numbers.pdf"
        html_to_pdf(
            number_pages_html(html, landscape),
            numbers,
            base_dir=base_dir,
            uncompressed=uncompressed,
        )
        try:
            return join_parts(paths, numbers, out)
        except OSError as exc:
            raise ProjectError(f"Không ghi được tệp PDF {out}: {exc.strerror or exc}") from exc


def render_pdf(
    context: ReportContext,
    out_path: Path | str,
    *,
    charts_svg: Mapping[str, str] | None = None,
    review_dir: Path | None = None,
    isolate: bool | None = None,
    parts: int | None = None,
    uncompressed: bool = False,
) -> Path:
    """Render the report PDF to ``out_path`` and return that path.

    ``isolate``: True renders in child processes, False in this one, None (default) decides by
    size (HTML above :data:`ISOLATE_ABOVE_CHARS`). ``parts``: when isolated, how many child
    processes share the layout (cut before appendices, joined with pypdf, page numbers stamped
    after); None = one per CPU, at most 2, and only with the built-in template. ``uncompressed``
    writes readable PDF streams (for tests). Charts are drawn by the caller
    (:func:`~reportgen.render.charts.chart_svg`) and passed as ``charts_svg``.
    """
    from reportgen.render.env import template_file
    from reportgen.render.pdf_parts import split_html

    out = Path(out_path)
    html = render_html(context, charts_svg=charts_svg, review_dir=review_dir)
    if isolate is None:
        isolate = len(html) > ISOLATE_ABOVE_CHARS
    if parts is None:
        builtin = not any(template_file(review_dir, n) for n in ("report.html", "report.css"))
        parts = min(2, os.cpu_count() or 1) if builtin else 1
    pieces = split_html(html, parts) if isolate and parts > 1 else None
    if not isolate:
        pages = html_to_pdf(html, out, base_dir=review_dir, uncompressed=uncompressed)
    elif pieces:
        pages = _render_split(pieces, html, out, review_dir, uncompressed)
    else:
        pages = _render_in_child(html, out, review_dir, uncompressed)
    log.info("PDF %s: %d trang", out, pages)
    return out
