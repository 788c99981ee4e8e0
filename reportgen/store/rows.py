"""A Submission to database rows and back, keeping every typed value exact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from sqlalchemy import Row

from reportgen.definition.model import ColumnType, Review
from reportgen.findings import Finding, Location, Severity
from reportgen.intake.model import IndicatorValue, ListRow, Reporter, SectionText, Submission, Value
from reportgen.messages import finding_dict
from reportgen.store.db import Base, FindingRow, ListRowRow, SectionRow, SubmissionRow, ValueRow

__all__ = ["child_rows", "finding_of", "rebuild", "reporter_json"]

_EXACT_FLOAT_INT = 2**53  # beyond this an int would not survive a trip through a double


def reporter_json(reporter: Reporter) -> dict[str, Any]:
    """The reporter block as JSON (the date as ISO text)."""
    return {
        "name": reporter.name,
        "position": reporter.position,
        "phone": reporter.phone,
        "email": reporter.email,
        "report_date": reporter.report_date.isoformat() if reporter.report_date else None,
    }


def _reporter(data: Mapping[str, Any]) -> Reporter:
    date = data.get("report_date")
    return Reporter(
        name=data.get("name", ""),
        position=data.get("position", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        report_date=dt.date.fromisoformat(date) if date else None,
    )


def _value_columns(value: Value) -> dict[str, Any]:
    cols: dict[str, Any] = {"value_num": None, "value_text": None, "value_bool": None}
    if value is None:
        cols["kind"] = "none"
    elif isinstance(value, bool):  # before int: bool is an int
        cols.update(kind="bool", value_bool=value)
    elif isinstance(value, int):
        cols.update(kind="int", value_num=float(value))
        if abs(value) > _EXACT_FLOAT_INT:
            cols["value_text"] = str(value)
    elif isinstance(value, float):
        cols.update(kind="float", value_num=value)
    elif isinstance(value, dt.date):
        cols.update(kind="date", value_text=value.isoformat())
    else:
        cols.update(kind="str", value_text=str(value))
    return cols


def _value(row: Row[Any]) -> float | int | bool | str | None:
    kind = row.kind
    if kind == "bool":
        return bool(row.value_bool)
    if kind == "int":
        return int(row.value_text) if row.value_text else int(row.value_num or 0)
    if kind == "float":
        return float(row.value_num)
    if kind in ("str", "date"):
        return str(row.value_text)
    return None


def _json_value(value: Value) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def finding_json(finding: Finding) -> dict[str, Any]:
    """The columns of a findings row."""
    data = finding_dict(finding)
    return {
        "code": finding.code,
        "severity": str(finding.severity),
        "location": data["location"],
        "value": finding.value,
        "params": data["params"],
    }


def finding_of(row: Row[Any] | FindingRow) -> Finding:
    """A finding back from its row (Core row or ORM object)."""
    return Finding(
        code=row.code,
        severity=Severity(row.severity),
        location=Location(**row.location),
        value=row.value,
        params=MappingProxyType(dict(row.params)),
    )


def child_rows(
    submission_id: int, submission: Submission, findings: Sequence[Finding]
) -> dict[type[Base], list[dict[str, Any]]]:
    """Rows of the child tables, ready for one bulk insert per table."""
    sid = {"submission_id": submission_id}
    return {
        FindingRow: [sid | finding_json(f) for f in findings],
        ValueRow: [
            sid
            | {"indicator": v.indicator, "year": v.year, "cell": v.cell}
            | _value_columns(v.value)
            for v in submission.values
        ],
        SectionRow: [
            sid | {"section": s.section, "text": s.text, "cell": s.cell}
            for s in submission.sections
        ],
        ListRowRow: [
            sid
            | {
                "list": r.list,
                "row": r.row,
                "values": {k: _json_value(v) for k, v in r.values.items()},
            }
            for r in submission.rows
        ],
    }


def _date_columns(review: Review | None) -> dict[str, set[str]]:
    if review is None:
        return {}
    return {
        lt.code: {c.code for c in lt.columns if c.type is ColumnType.DATE} for lt in review.lists
    }


def _list_values(values: Mapping[str, Any], dates: set[str]) -> Mapping[str, Value]:
    out: dict[str, Value] = {}
    for key, value in values.items():
        if key in dates and isinstance(value, str):
            try:
                out[key] = dt.date.fromisoformat(value)
                continue
            except ValueError:
                pass
        out[key] = value
    return MappingProxyType(out)


def rebuild(
    row: SubmissionRow,
    values: Iterable[Row[Any]],
    sections: Iterable[Row[Any]],
    list_rows: Iterable[Row[Any]],
    findings: Iterable[Row[Any]],
    review: Review | None = None,
) -> Submission:
    """The Submission as intake made it (plus the store's own findings), from its rows."""
    dates = _date_columns(review)
    return Submission(
        review_id=row.review_id,
        unit_code=row.unit_code,
        file_name=row.file_name,
        sha256=row.sha256,
        size=row.size,
        reporter=_reporter(row.reporter or {}),
        values=tuple(IndicatorValue(v.indicator, v.year, _value(v), v.cell) for v in values),
        sections=tuple(SectionText(s.section, s.text, s.cell) for s in sections),
        rows=tuple(
            ListRow(r.list, r.row, _list_values(r.values, dates.get(r.list, set())))
            for r in list_rows
        ),
        findings=tuple(finding_of(f) for f in findings),
    )
