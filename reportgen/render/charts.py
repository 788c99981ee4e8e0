"""Chart definitions → SVG text (for the PDF) and PNG bytes (for the DOCX), drawn by matplotlib.

One :class:`~reportgen.render.context.ChartSpec` gives the same figure in both formats:

* ``trend``   — one indicator over the years (line with markers) against its target (dashed);
* ``ranking`` — units ranked by their last-year value (horizontal bars, best at the top).

Choices that keep the output a function of the spec alone:

* matplotlib is imported lazily (it is heavy) and used through ``Figure`` objects, never
  ``pyplot``: no global figure registry, nothing leaks in a long-lived process;
* the figure size is fixed per kind (centimetres below), so the PNG has a fixed pixel size;
* the font is Times New Roman, else Liberation Serif (metric-compatible), else DejaVu Serif;
* SVG text stays **text** (``svg.fonttype = "none"``) in the same family matplotlib measured
  with; WeasyPrint sets it with that installed font (the one the body uses), so the labels look
  the same and stay searchable. Glyphs as paths (``"path"``) looked identical but made WeasyPrint
  about 3× slower on the example (thousands of ``<use>`` elements drawn in Python);
* ``svg.hashsalt`` is fixed and the ``Date`` metadata dropped, so two runs give the same bytes;
* axis numbers use Vietnamese formatting (``1.234,5``, ``95%``) through :mod:`reportgen.numbers`.
"""

from __future__ import annotations

import io
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from reportgen.errors import MissingDependencyError
from reportgen.numbers import format_number, format_percent

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from reportgen.render.model import ChartSpec

__all__ = ["CHART_SIZES_CM", "FONT_FAMILIES", "chart_png", "chart_svg"]

CM = 1 / 2.54
# Fixed figure sizes (width, height) in centimetres, per chart kind: fit the 16,5 cm text width.
CHART_SIZES_CM: dict[str, tuple[float, float]] = {"trend": (16.0, 8.0), "ranking": (16.0, 12.0)}
FONT_FAMILIES = ("Times New Roman", "Liberation Serif", "DejaVu Serif")
_HASH_SALT = "reportgen"
_LINE = "#1f3d7a"
_TARGET = "#b22222"


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise MissingDependencyError(
            "Thiếu thư viện matplotlib để vẽ biểu đồ. Cài đặt: pip install matplotlib"
        ) from exc
    matplotlib.use("Agg")  # no display, no GUI toolkit
    return matplotlib


@cache
def _font_family() -> tuple[str, ...]:
    """The first installed family of :data:`FONT_FAMILIES` (avoids findfont log noise)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    chosen = [name for name in FONT_FAMILIES if name in installed]
    return tuple(chosen[:1]) or ("serif",)


def _is_percent(spec: ChartSpec) -> bool:
    return spec.unit.strip() == "%"


def _tick_text(spec: ChartSpec, value: float) -> str:
    if _is_percent(spec):
        return format_percent(value, decimals=1)
    # Whole numbers print without decimals; large axes never need more than one decimal.
    return format_number(value, 0 if float(value).is_integer() else 1)


def _rc() -> dict[str, Any]:
    return {
        "font.family": "serif",
        "font.serif": list(_font_family()),
        "font.size": 10,
        "axes.titlesize": 11,
        "svg.fonttype": "none",
        "svg.hashsalt": _HASH_SALT,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.formatter.use_locale": False,
    }


def _figure(spec: ChartSpec) -> Figure:
    """Draw ``spec`` on a new Figure of the fixed size for its kind."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if spec.kind not in CHART_SIZES_CM:
        raise ValueError(f"unknown chart kind {spec.kind!r}")
    width, height = CHART_SIZES_CM[spec.kind]
    fig = Figure(figsize=(width * CM, height * CM), layout="constrained")
    ax = fig.add_subplot()
    formatter = FuncFormatter(lambda v, _pos: _tick_text(spec, v))
    labels = list(spec.labels)
    values = [float("nan") if v is None else float(v) for v in spec.values]
    if spec.kind == "trend":
        xs = list(range(len(labels)))
        ax.plot(xs, values, marker="o", color=_LINE, linewidth=1.6, label="Thực hiện")
        for x, v in zip(xs, spec.values, strict=True):
            if v is not None:
                ax.annotate(
                    # The figure as the text prints it (the indicator's display precision).
                    spec.value_labels[x]
                    if len(spec.value_labels) == len(xs)
                    else format_percent(v)
                    if _is_percent(spec)
                    else format_number(v),
                    (x, float(v)),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontsize=8,
                )
        if spec.target is not None:
            ax.axhline(spec.target, color=_TARGET, linestyle="--", linewidth=1.2, label="Mục tiêu")
        ax.set_xticks(xs, labels)
        ax.yaxis.set_major_formatter(formatter)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
        top = max([v for v in values if v == v] + [spec.target or 0.0, 0.0])
        ax.set_ylim(0, top * 1.15 or 1.0)  # room above the highest point for its label
        ax.set_xlabel("Năm")
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        ax.grid(axis="y", linewidth=0.4, alpha=0.5)
    else:
        ys = list(range(len(labels)))
        ax.barh(ys, values, color=_LINE, height=0.7)
        ax.set_yticks(ys, labels, fontsize=max(5.0, min(9.0, 300 / max(len(labels), 1))))
        ax.invert_yaxis()  # first unit (the best) at the top
        if spec.target is not None:
            ax.axvline(spec.target, color=_TARGET, linestyle="--", linewidth=1.2, label="Mục tiêu")
            ax.legend(loc="lower right", fontsize=8, frameon=False)
        ax.xaxis.set_major_formatter(formatter)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
        ax.grid(axis="x", linewidth=0.4, alpha=0.5)
    if not getattr(spec, "caption", ""):  # the document prints the caption under the figure
        ax.set_title(spec.title)
    if spec.unit and not _is_percent(spec):
        if spec.kind == "trend":
            ax.set_ylabel(spec.unit)
        else:
            ax.set_xlabel(spec.unit)
    return fig


def chart_svg(spec: ChartSpec) -> str:
    """The chart as an SVG document (text as paths; same bytes on every run)."""
    mpl = _matplotlib()
    with mpl.rc_context(_rc()):
        fig = _figure(spec)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    # WeasyPrint inlines the <svg> element; the XML prolog and DOCTYPE are not wanted inside HTML.
    start = text.find("<svg")
    return _prefix_ids(text[start:] if start >= 0 else text, spec.key)


_ID = re.compile(r'(\bid="|xlink:href="#|href="#|url\(#)([^")]+)')


def _prefix_ids(svg: str, key: str) -> str:
    """Prefix every id (and reference to it) with the chart key.

    Matplotlib numbers ids per figure (``figure_1``, ``axes_1``…); inlined side by side in one
    HTML page they would clash (WeasyPrint warns "Anchor defined twice" and a ``url(#…)`` could
    pick another chart's clip path).
    """
    safe = re.sub(r"[^A-Za-z0-9_-]", "-", key)
    return _ID.sub(lambda m: f"{m.group(1)}{safe}-{m.group(2)}", svg)


def chart_png(spec: ChartSpec, dpi: int = 200) -> bytes:
    """The chart as PNG bytes of a fixed pixel size (size in cm × ``dpi``)."""
    mpl = _matplotlib()
    with mpl.rc_context(_rc()):
        fig = _figure(spec)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()
