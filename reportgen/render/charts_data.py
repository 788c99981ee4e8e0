"""Dataset → :class:`ChartSpec` list: what to draw, not how (drawing is in ``charts.py``).

For every indicator with a target: a ``trend`` chart (city-wide value per year against the
target); for the first :data:`MAX_RANKINGS` of them also a ``ranking`` chart (units by last-year
value, best first, against the target). Each figure costs about 0,5 s to draw per format, so
the ranking charts are capped to keep the whole report under 10 s.

A review of one year has no trend to draw (a one-point line "giai đoạn 2023–2023"): each
indicator with a target gets its ranking chart instead — the comparison between units and with
the target — so the figure count stays what it would have been.

Value labels are formatted here, with the indicator's display precision, so the chart prints
the figure the text and the tables print.
"""

from __future__ import annotations

from reportgen.consolidate.model import ALL, Dataset
from reportgen.definition.model import Better, Target
from reportgen.render.model import ChartSpec
from reportgen.render.values import format_value

__all__ = ["MAX_RANKINGS", "build_chart_specs"]

MAX_RANKINGS = 2
MAX_RANKED_UNITS = 40  # bars in one ranking chart; more would be unreadable


def build_chart_specs(dataset: Dataset, *, example_targets: bool = True) -> tuple[ChartSpec, ...]:
    """Trend and ranking specs for each indicator that has a target, numbered as printed.

    An example target is drawn as "Mục tiêu (ví dụ)" when ``example_targets`` (drafts), and
    not at all otherwise (a final report never shows an example value).
    """
    review = dataset.review
    last = review.period.last_year
    specs: list[ChartSpec] = []
    for indicator in review.indicators:
        if indicator.target is None or not indicator.type.is_numeric:
            continue
        years = review.years_of(indicator)
        line, label = _target_line(indicator.target, example_targets)
        values = []
        coverage: list[str] = []
        for year in years:
            agg = dataset.aggregate(indicator.code, year, ALL)
            values.append(None if agg is None or agg.value is None else float(agg.value))
            coverage.append(f"{agg.units_reported}/{agg.units_expected}" if agg else "0")
        # A total over 10 units one year and 11 the next is no trend: when the units behind the
        # points differ, every year's label says how many units it stands for, and so does the
        # caption, so a change in coverage is never read as a change in the indicator.
        uneven = len(set(coverage)) > 1
        if all(v is None for v in values):
            continue
        single = len(years) < 2
        if not single:
            n = len(specs) + 1
            specs.append(
                ChartSpec(
                    key=f"trend-{indicator.code}",
                    kind="trend",
                    title=f"{indicator.name} ({years[0]}–{years[-1]})",
                    unit=indicator.unit,
                    labels=tuple(
                        f"{y}\n({c} đv)" if uneven else str(y)
                        for y, c in zip(years, coverage, strict=True)
                    ),
                    values=tuple(values),
                    target=line,
                    target_label=label,
                    caption=f"Biểu đồ {n}. {indicator.name} giai đoạn {years[0]}–{years[-1]}"
                    + (
                        " (số đơn vị có số liệu khác nhau giữa các năm, ghi dưới mỗi năm)"
                        if uneven
                        else ""
                    ),
                    value_labels=tuple(format_value(indicator, v) for v in values),
                )
            )
        ranked: list[tuple[str, float]] = []
        for unit in review.units:
            if not indicator.applies_to(unit.kind):
                continue
            v = dataset.value(unit.code, indicator.code, last)
            if isinstance(v, int | float) and not isinstance(v, bool):
                ranked.append((unit.name, float(v)))
        capped = sum(1 for s in specs if s.kind == "ranking") >= MAX_RANKINGS
        if not ranked or (capped and not single):
            continue
        ranked.sort(key=lambda p: p[1], reverse=indicator.target.better is Better.HIGHER)
        scope = "theo đơn vị"
        if len(ranked) > MAX_RANKED_UNITS:
            # 200 bars would shrink labels to 5 pt: show the best and the worst instead.
            half = MAX_RANKED_UNITS // 2
            ranked = ranked[:half] + ranked[-half:]
            scope = f"— {half} đơn vị tốt nhất và {half} đơn vị thấp nhất"
        n = len(specs) + 1
        specs.append(
            ChartSpec(
                key=f"ranking-{indicator.code}",
                kind="ranking",
                title=f"{indicator.name} năm {last} {scope}",
                unit=indicator.unit,
                labels=tuple(name for name, _ in ranked),
                values=tuple(v for _, v in ranked),
                target=line,
                target_label=label,
                caption=f"Biểu đồ {n}. {indicator.name} năm {last} {scope}",
                value_labels=tuple(format_value(indicator, v) for _, v in ranked),
            )
        )
    return tuple(specs)


def _target_line(target: Target, example_targets: bool) -> tuple[float | None, str]:
    if not target.example:
        return target.value, "Mục tiêu"
    return (target.value, "Mục tiêu (ví dụ)") if example_targets else (None, "Mục tiêu")
