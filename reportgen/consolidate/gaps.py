"""Dataset → findings about what it lacks: no submissions, missing units, ratios not computable."""

from __future__ import annotations

from reportgen.consolidate.model import Dataset
from reportgen.definition.model import ValueType
from reportgen.findings import Finding, Location
from reportgen.messages import make_finding

__all__ = ["gaps"]

_NAMES_SHOWN = 10  # a long list of missing units is cut, the count says how many


def gaps(dataset: Dataset) -> list[Finding]:
    """What the consolidated numbers do not cover, as findings (data problems, not errors)."""
    review = dataset.review
    if not dataset.submitted_units:
        return [make_finding("no-submissions")]
    findings: list[Finding] = []
    submitted = set(dataset.submitted_units)
    missing = [u for u in review.units if u.code not in submitted]
    if missing:
        names = ", ".join(u.name for u in missing[:_NAMES_SHOWN])
        if len(missing) > _NAMES_SHOWN:
            names += f" và {len(missing) - _NAMES_SHOWN} đơn vị khác"
        findings.append(
            make_finding(
                "units-missing", missing=len(missing), expected=len(review.units), units=names
            )
        )
    for p in dataset.points:
        ind = review.indicator_by_code[p.indicator]
        if ind.type is not ValueType.RATIO or p.value is not None or not ind.denominator:
            continue
        if dataset.value(p.unit_code, ind.denominator, p.year) == 0:
            findings.append(
                make_finding(
                    "ratio-denominator-zero",
                    Location(indicator=ind.code, year=p.year),
                    unit=review.unit_by_code[p.unit_code].name,
                    denominator=ind.denominator,
                )
            )
    return findings
