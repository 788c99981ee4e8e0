"""Cross-checks of a review definition that a schema alone cannot express.

Duplicate codes, references to things that do not exist, ratio indicators without numerator,
targets outside their own range, unit kinds nobody answers for…: each becomes a finding with
the file and line it comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reportgen.definition.model import Aggregation, Review, ValueType
from reportgen.definition.source import REVIEW_FILE, UNITS_FILE, Path_
from reportgen.findings import Finding, Location
from reportgen.messages import make_finding

__all__ = ["cross_check"]

Callable_ = Callable[..., Location]

_AGGREGATIONS: dict[ValueType, set[Aggregation]] = {
    ValueType.INTEGER: {
        Aggregation.SUM,
        Aggregation.MEAN,
        Aggregation.MIN,
        Aggregation.MAX,
        Aggregation.NONE,
    },
    ValueType.DECIMAL: {
        Aggregation.SUM,
        Aggregation.MEAN,
        Aggregation.MIN,
        Aggregation.MAX,
        Aggregation.NONE,
    },
    ValueType.PERCENT: {Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX, Aggregation.NONE},
    ValueType.RATIO: {
        Aggregation.RATIO_OF_SUMS,
        Aggregation.MEAN,
        Aggregation.MIN,
        Aggregation.MAX,
        Aggregation.NONE,
    },
    ValueType.YES_NO: {Aggregation.COUNT_YES, Aggregation.NONE},
    ValueType.CHOICE: {Aggregation.NONE},
    ValueType.TEXT: {Aggregation.NONE},
}


def cross_check(
    review: Review, lines: dict[Path_, int], unit_lines: dict[int, int]
) -> list[Finding]:
    """Every cross-field problem of ``review``; ``lines`` maps YAML paths to line numbers."""

    def at(*path: str | int, field: str | None = None) -> Location:
        line = 1
        for end in range(len(path), -1, -1):
            if path[:end] in lines:
                line = lines[path[:end]]
                break
        return Location(file=REVIEW_FILE, line=line, field=field)

    out: list[Finding] = []
    out += _duplicates("areas", (a.code for a in review.areas), at)
    out += _duplicates("indicators", (i.code for i in review.indicators), at)
    out += _duplicates("rules", (r.code for r in review.rules), at)
    out += _duplicates("sections", (s.code for s in review.sections), at)
    out += _duplicates("lists", (lt.code for lt in review.lists), at)
    for n, table in enumerate(review.lists):
        seen: dict[str, int] = {}
        for m, col in enumerate(table.columns):
            if col.code in seen:
                out.append(
                    make_finding(
                        "duplicate-code",
                        at("lists", n, "columns", m),
                        value=col.code,
                        first_line=at("lists", n, "columns", seen[col.code]).line,
                    )
                )
            seen.setdefault(col.code, m)
        for u, code in enumerate(table.unique):
            if code not in seen:
                out.append(
                    make_finding(
                        "unknown-reference",
                        at("lists", n, "unique", u, field="unique"),
                        value=code,
                        what="cột",
                    )
                )
    seen_units: dict[str, int] = {}
    for n, unit in enumerate(review.units):
        line = unit_lines.get(n, n + 2)
        if unit.code in seen_units:
            out.append(
                make_finding(
                    "duplicate-code",
                    Location(file=UNITS_FILE, line=line, field="code"),
                    value=unit.code,
                    first_line=seen_units[unit.code],
                )
            )
        seen_units.setdefault(unit.code, line)
        if unit.kind not in review.unit_kinds:
            out.append(
                make_finding(
                    "unit-kind-unknown",
                    Location(file=UNITS_FILE, line=line, field="kind"),
                    value=unit.kind,
                )
            )
        if unit.parent and unit.parent not in seen_units and unit.parent not in review.unit_by_code:
            out.append(
                make_finding(
                    "unit-parent-unknown",
                    Location(file=UNITS_FILE, line=line, field="parent"),
                    value=unit.parent,
                )
            )

    if review.period.first_year > review.period.last_year:
        out.append(
            make_finding(
                "period-invalid",
                at("period"),
                first=review.period.first_year,
                last=review.period.last_year,
            )
        )
    area_codes = {a.code for a in review.areas}
    by_code = review.indicator_by_code
    for n, ind in enumerate(review.indicators):
        if ind.area not in area_codes:
            out.append(
                make_finding(
                    "unknown-reference",
                    at("indicators", n, "area", field="area"),
                    value=ind.area,
                    what="nhóm nhiệm vụ",
                )
            )
        for k, kind in enumerate(ind.kinds):
            if kind not in review.unit_kinds:
                out.append(
                    make_finding(
                        "unknown-reference",
                        at("indicators", n, "kinds", k, field="kinds"),
                        value=kind,
                        what="loại đơn vị",
                    )
                )
        out += _check_ratio(review, n, at)
        lo, hi = ind.bounds
        if lo is not None and hi is not None and lo > hi:
            out.append(
                make_finding(
                    "range-invalid", at("indicators", n, "min"), indicator=ind.code, min=lo, max=hi
                )
            )
        if ind.target is not None:
            if not ind.type.is_numeric:
                out.append(
                    make_finding(
                        "target-not-allowed",
                        at("indicators", n, "target"),
                        value=ind.type,
                        indicator=ind.code,
                    )
                )
            elif (lo is not None and ind.target.value < lo) or (
                hi is not None and ind.target.value > hi
            ):
                out.append(
                    make_finding(
                        "target-out-of-range",
                        at("indicators", n, "target", "value"),
                        value=ind.target.value,
                        indicator=ind.code,
                        min="-∞" if lo is None else lo,
                        max="+∞" if hi is None else hi,
                    )
                )
        if ind.type is ValueType.CHOICE and not ind.choices:
            out.append(make_finding("choices-missing", at("indicators", n), indicator=ind.code))
        if ind.aggregate not in _AGGREGATIONS[ind.type]:
            out.append(
                make_finding(
                    "aggregate-not-allowed",
                    at("indicators", n, "aggregate"),
                    value=ind.aggregate,
                    type=ind.type,
                )
            )
    for n, table in enumerate(review.lists):
        for m, col in enumerate(table.columns):
            if col.type.value == "choice" and not col.choices:
                out.append(
                    make_finding(
                        "choices-missing",
                        at("lists", n, "columns", m),
                        indicator=f"{table.code}.{col.code}",
                    )
                )
    for n, rule in enumerate(review.rules):
        for side in ("left", "right"):
            code = getattr(rule, side)
            if code not in by_code:
                out.append(
                    make_finding(
                        "unknown-reference",
                        at("rules", n, side, field=side),
                        value=code,
                        what="chỉ tiêu",
                    )
                )
            elif not by_code[code].type.is_numeric:
                out.append(
                    make_finding(
                        "ratio-part-not-numeric",
                        at("rules", n, side),
                        field=side,
                        indicator=rule.code,
                        value=by_code[code].type,
                    )
                )
        if rule.left == rule.right:
            out.append(make_finding("rule-same-indicator", at("rules", n), value=rule.code))
    for kind in review.unit_kinds:
        units = [u for u in review.units if u.kind == kind]
        if units and not any(i.applies_to(kind) for i in review.indicators):
            out.append(
                make_finding(
                    "unit-kind-unused", at("unit_kinds", kind), value=kind, units=len(units)
                )
            )
    for area in review.areas:
        if not any(i.area == area.code for i in review.indicators):
            out.append(make_finding("area-empty", at("areas"), value=area.code))
    examples = sum(1 for i in review.indicators if i.target and i.target.example)
    if examples:
        out.append(make_finding("example-targets", at("indicators"), count=examples))
    if review.basis and review.basis_example:
        out.append(make_finding("example-basis", at("basis"), value=review.basis))
    return out


def _check_ratio(review: Review, n: int, at: Callable_) -> list[Finding]:
    ind = review.indicators[n]
    out: list[Finding] = []
    if ind.type is not ValueType.RATIO:
        return out
    for part in ("numerator", "denominator"):
        code = getattr(ind, part)
        if not code:
            out.append(
                make_finding(
                    "ratio-part-missing", at("indicators", n, field=part), indicator=ind.code
                )
            )
        elif code not in review.indicator_by_code:
            out.append(
                make_finding(
                    "unknown-reference",
                    at("indicators", n, part, field=part),
                    value=code,
                    what="chỉ tiêu",
                )
            )
        else:
            other = review.indicator_by_code[code]
            if other.type not in (ValueType.INTEGER, ValueType.DECIMAL):
                out.append(
                    make_finding(
                        "ratio-part-not-numeric",
                        at("indicators", n, part),
                        field=part,
                        indicator=ind.code,
                        value=other.type,
                    )
                )
            elif set(other.kinds or review.unit_kinds) < set(ind.kinds or review.unit_kinds) or (
                other.years != ind.years and other.years.value == "last"
            ):
                out.append(
                    make_finding(
                        "bad-value",
                        at("indicators", n, part, field=part),
                        detail=f"chỉ tiêu '{code}' phải được hỏi cùng các năm và cùng loại đơn vị như '{ind.code}'",
                    )
                )
    return out


def _duplicates(section: str, codes: Iterable[str], at: Callable_) -> list[Finding]:
    out: list[Finding] = []
    first: dict[str, int] = {}
    for n, code in enumerate(codes):
        if code in first:
            out.append(
                make_finding(
                    "duplicate-code",
                    at(section, n, "code"),
                    value=code,
                    first_line=at(section, first[code], "code").line,
                )
            )
        first.setdefault(code, n)
    return out
