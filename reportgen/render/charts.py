"""Chart definitions → SVG text (for the PDF) and PNG bytes (for the DOCX), drawn by matplotlib.

One :class:`~reportgen.render.context.ChartSpec` gives the same figure in both formats:

* ``trend``   — one indicator over the years (line with markers) against its target (dashed);
* ``ranking`` — units ranked by their last-year value (horizontal bars, best at the top).

Choices that keep the output a function of the spec alone:

* matplotlib is imported lazily (it is heavy) and used through ``Figure`` objects, never
  ``pyplot``: no global figure registry, nothing leaks in a long-lived process;
* the figure size is fixed per kind (centimetres below), so the PNG has a fixed pixel size;
* the axes are placed by a fixed layout computed from the label sizes (measured with the font's
  metrics, no drawing), not by matplotlib's constrained layout, which draws the figure several
  times to solve it (a third of a chart's cost); a figure is drawn once and saved as SVG and PNG
  from the same object (:func:`draw_chart`, :func:`figure_svg`, :func:`figure_png`);
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

__all__ = [
    "CHART_SIZES_CM",
    "FONT_FAMILIES",
    "chart_png",
    "chart_svg",
    "draw_chart",
    "figure_png",
    "figure_svg",
]

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


# Fixed layout, in points: room around the axes for what is drawn outside them.
_EDGE = 4.0  # blank border of the figure
_TICK = 7.0  # tick length (3,5) + pad to its label (3,5), matplotlib's defaults
_LABEL_PAD = 4.0  # axis label to tick labels (axes.labelpad)
_TITLE_PAD = 6.0  # title to axes (axes.titlepad)
_LEADING = 1.2  # line height as a multiple of the font size


def _text_width(text: str, size: float) -> float:
    """Width in points of ``text`` set at ``size`` points in the chart font (metrics only)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=list(_font_family()), size=size)
    width, _height, _descent = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def _tick_labels(spec: ChartSpec, low: float, high: float) -> list[str]:
    from matplotlib.ticker import MaxNLocator

    ticks = MaxNLocator(nbins=6).tick_values(low, high)
    return [_tick_text(spec, float(t)) for t in ticks if low - 1e-9 <= t <= high + 1e-9]


def _place_axes(fig: Figure, spec: ChartSpec, value_top: float, category_width: float) -> None:
    """Set the axes rectangle from the sizes of the labels around it (what constrained layout
    finds by drawing, computed from font metrics: the same on every run)."""
    width_pt, height_pt = (v * 72 for v in fig.get_size_inches())
    font = 10.0
    value_labels = _tick_labels(spec, 0.0, value_top)
    value_width = max((_text_width(t, font) for t in value_labels), default=0.0)
    unit_label = bool(spec.unit) and not _is_percent(spec)
    axis_label = font * _LEADING + _LABEL_PAD
    top = _EDGE + 2.0
    if not getattr(spec, "caption", ""):
        top += 11.0 * _LEADING + _TITLE_PAD
    if spec.kind == "trend":
        left = _EDGE + (axis_label if unit_label else 0.0) + value_width + _TICK
        bottom = _EDGE + axis_label + font * _LEADING + _TICK  # "Năm" under the year labels
        right = _EDGE + 4.0
    else:
        left = _EDGE + category_width + _TICK
        bottom = _EDGE + (axis_label if unit_label else 0.0) + font * _LEADING + _TICK
        right = _EDGE + value_width / 2  # the last value label is centred on the axes' end
    fig.subplots_adjust(
        left=left / width_pt,
        right=1 - right / width_pt,
        bottom=bottom / height_pt,
        top=1 - top / height_pt,
    )


def _figure(spec: ChartSpec) -> Figure:
    """Draw ``spec`` on a new Figure of the fixed size for its kind."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if spec.kind not in CHART_SIZES_CM:
        raise ValueError(f"unknown chart kind {spec.kind!r}")
    width, height = CHART_SIZES_CM[spec.kind]
    fig = Figure(figsize=(width * CM, height * CM))
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
            ax.axhline(
                spec.target, color=_TARGET, linestyle="--", linewidth=1.2, label=spec.target_label
            )
        ax.set_xticks(xs, labels)
        ax.yaxis.set_major_formatter(formatter)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
        top = max([v for v in values if v == v] + [spec.target or 0.0, 0.0])
        ax.set_ylim(0, top * 1.15 or 1.0)  # room above the highest point for its label
        _place_axes(fig, spec, top * 1.15 or 1.0, 0.0)
        ax.set_xlabel("Năm")
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        ax.grid(axis="y", linewidth=0.4, alpha=0.5)
    else:
        ys = list(range(len(labels)))
        ax.barh(ys, values, color=_LINE, height=0.7)
        label_size = max(5.0, min(9.0, 300 / max(len(labels), 1)))
        ax.set_yticks(ys, labels, fontsize=label_size)
        widest = max((_text_width(t, label_size) for t in labels), default=0.0)
        # Bars start at 0 and matplotlib pads the data limits by 5 %.
        top = max([v for v in values if v == v] + [spec.target or 0.0, 0.0]) * 1.05
        _place_axes(fig, spec, top or 1.0, widest)
        ax.invert_yaxis()  # first unit (the best) at the top
        if spec.target is not None:
            ax.axvline(
                spec.target, color=_TARGET, linestyle="--", linewidth=1.2, label=spec.target_label
            )
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


def draw_chart(spec: ChartSpec) -> Figure:
    """The chart as a matplotlib Figure, to be saved by :func:`figure_svg` / :func:`figure_png`
    (one figure serves both formats)."""
    mpl = _matplotlib()
    with mpl.rc_context(_rc()):
        return _figure(spec)


def figure_svg(fig: Figure, key: str) -> str:
    """A figure from :func:`draw_chart` as an SVG document (same bytes on every run)."""
    mpl = _matplotlib()
    with mpl.rc_context(_rc()):
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    # WeasyPrint inlines the <svg> element; the XML prolog and DOCTYPE are not wanted inside HTML.
    start = text.find("<svg")
    return _prefix_ids(text[start:] if start >= 0 else text, key)


def figure_png(fig: Figure, dpi: int = 200) -> bytes:
    """A figure from :func:`draw_chart` as PNG bytes of a fixed pixel size (cm × ``dpi``)."""
    mpl = _matplotlib()
    with mpl.rc_context(_rc()):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def chart_svg(spec: ChartSpec) -> str:
    """The chart as an SVG document (text stays text; same bytes on every run)."""
    return figure_svg(draw_chart(spec), spec.key)


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
    return figure_png(draw_chart(spec), dpi)
