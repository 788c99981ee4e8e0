"""ChartSpec → SVG (PDF) and PNG (DOCX): deterministic, fixed size, Vietnamese numbers."""

from __future__ import annotations

import dataclasses
import re
import struct
import sys

import pytest

from reportgen.consolidate.model import ALL, Dataset
from reportgen.errors import MissingDependencyError
from reportgen.render.charts import CHART_SIZES_CM, chart_png, chart_svg
from reportgen.render.charts_data import build_chart_specs
from reportgen.render.model import ChartSpec

YEARS = ("2017", "2018", "2019", "2020", "2021", "2022")
TREND = ChartSpec(
    key="trend-NM03",
    kind="trend",
    title="Tỷ lệ hộ dân được cấp nước sạch",
    unit="%",
    labels=YEARS,
    values=(80.5, 83.2, None, 90.1, 92.4, 95.2),
    target=95.0,
    caption="Biểu đồ 1. Tỷ lệ hộ dân được cấp nước sạch giai đoạn 2017–2022",
)
RANKING = ChartSpec(
    key="ranking-NM01",
    kind="ranking",
    title="Số hộ được cấp nước sạch năm 2022",
    unit="hộ",
    labels=("Quận Ba Đình", "Quận Đống Đa", "Huyện Ứng Hòa"),
    values=(12345.5, 8000.0, 1234.5),
)


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_svg_is_the_same_bytes_on_every_run() -> None:
    assert chart_svg(TREND) == chart_svg(TREND)
    assert chart_svg(RANKING) == chart_svg(RANKING)


def test_svg_has_no_date_and_starts_at_the_svg_element() -> None:
    svg = chart_svg(TREND)
    assert svg.startswith("<svg")
    assert "<dc:date>" not in svg


def test_trend_axis_and_point_labels_use_vietnamese_percent() -> None:
    texts = _texts(chart_svg(TREND))
    assert {"0%", "20%", "80%"} <= set(texts)
    assert {"80,5%", "83,2%", "95,2%"} <= set(texts)
    assert not any(re.search(r"\d\.\d%", t) for t in texts)
    assert [t for t in texts if t in YEARS] == list(YEARS)


def test_ranking_axis_uses_dots_for_thousands_and_lists_every_unit() -> None:
    texts = _texts(chart_svg(RANKING))
    assert any(re.fullmatch(r"\d{1,3}\.\d{3}", t) for t in texts)
    assert not any(re.fullmatch(r"\d{1,3},\d{3}", t) for t in texts)
    assert {"Quận Ba Đình", "Quận Đống Đa", "Huyện Ứng Hòa", "hộ"} <= set(texts)


def test_svg_keeps_text_as_text_in_the_report_font() -> None:
    # Decision: svg.fonttype "none". WeasyPrint sets the labels in the same Liberation Serif
    # (Times New Roman metrics) as the body; drawing glyphs as paths made the PDF 3× slower.
    svg = chart_svg(TREND)
    assert re.search(r"font-family: '(Times New Roman|Liberation Serif)'", svg)
    assert not re.search(r'id="(LiberationSerif|DejaVuSerif|TimesNewRoman)', svg)  # no glyph paths


def test_caption_replaces_the_title_inside_the_figure() -> None:
    assert TREND.title not in _texts(chart_svg(TREND))
    assert RANKING.title in _texts(chart_svg(RANKING))


def test_png_has_the_fixed_pixel_size_of_its_kind() -> None:
    for spec in (TREND, RANKING):
        width_cm, height_cm = CHART_SIZES_CM[spec.kind]
        expected = (int(width_cm / 2.54 * 200), int(height_cm / 2.54 * 200))  # matplotlib truncates
        assert _png_size(chart_png(spec)) == expected
    assert _png_size(chart_png(TREND, dpi=100)) == (629, 314)


def test_png_is_the_same_bytes_on_every_run() -> None:
    assert chart_png(TREND) == chart_png(TREND)


def test_missing_matplotlib_raises_a_vietnamese_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match="Thiếu thư viện matplotlib"):
        chart_svg(TREND)


def test_unknown_chart_kind_is_refused() -> None:
    spec = ChartSpec(key="x", kind="pie", title="x", unit="", labels=("a",), values=(1.0,))
    with pytest.raises(ValueError, match="pie"):
        chart_svg(spec)


def test_svg_ids_carry_the_chart_key_so_two_charts_never_clash() -> None:
    trend, ranking = chart_svg(TREND), chart_svg(RANKING)
    ids = re.findall(r'\bid="([^"]+)"', trend) + re.findall(r'\bid="([^"]+)"', ranking)
    assert len(ids) == len(set(ids))
    assert all(i.startswith(("trend-NM03-", "ranking-NM01-")) for i in ids)
    assert all(ref.startswith("trend-NM03-") for ref in re.findall(r"url\(#([^)]+)\)", trend))


def test_a_trend_over_uneven_coverage_says_how_many_units_each_year_stands_for(
    dataset: Dataset,
) -> None:
    spec = next(s for s in build_chart_specs(dataset) if s.kind == "trend")
    code = spec.key.removeprefix("trend-")
    first = int(spec.labels[0][:4])
    # One unit fewer in the first year: the points no longer stand for the same units.
    aggregates = tuple(
        dataclasses.replace(a, units_reported=a.units_reported - 1)
        if (a.indicator, a.year, a.scope) == (code, first, ALL)
        else a
        for a in dataset.aggregates
    )
    uneven = dataclasses.replace(dataset, aggregates=aggregates)
    again = next(s for s in build_chart_specs(uneven) if s.key == spec.key)
    assert "\n" not in "".join(spec.labels)  # even coverage: plain years
    assert all(label.endswith(" đv)") for label in again.labels)
    assert "số đơn vị có số liệu khác nhau giữa các năm" in again.caption
    chart_svg(again)  # the two-line labels draw
