"""Read ``templates/<review>/review.yaml`` + ``units.csv`` into a :class:`Review`.

Every problem becomes a :class:`Finding` that names the file, the line and the field, in
Vietnamese. YAML is parsed once into nodes so that each pydantic error location
(``indicators.3.target.value``) can be traced back to a line of the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reportgen.definition.limits import MAX_UNITS_BYTES
from reportgen.definition.model import Review
from reportgen.definition.review import cross_check
from reportgen.definition.source import REVIEW_FILE, UNITS_FILE, Path_, format_size, read_yaml
from reportgen.errors import DefinitionError
from reportgen.findings import Finding, Location, Severity
from reportgen.messages import make_finding
from reportgen.numbers import format_number

__all__ = ["REVIEW_FILE", "UNITS_FILE", "Path_", "check_review", "load_review"]

_UNIT_COLUMNS = ("code", "name", "kind")
_UNIT_OPTIONAL = ("parent", "contact", "deadline")


def load_review(directory: Path | str) -> Review:
    """Load and check the review in ``directory``; raise :class:`DefinitionError` on any error."""
    review, findings = check_review(directory)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if review is None or errors:
        raise DefinitionError(
            f"Định nghĩa báo cáo trong {directory} có {len(errors)} lỗi, cần sửa trước khi tiếp tục.",
            findings,
        )
    return review


def check_review(directory: Path | str) -> tuple[Review | None, list[Finding]]:
    """Load the review in ``directory`` and return it with every finding (errors included).

    The review is None when the files cannot be read or do not validate.
    """
    directory = Path(directory)
    review_path = directory / REVIEW_FILE
    if not review_path.is_file():
        return None, [make_finding("definition-missing", Location(file=str(review_path)))]
    source = read_yaml(review_path)
    data, lines, findings = source.data, source.lines, list(source.findings)
    if data is None:
        return None, findings
    units, unit_lines, unit_findings = _read_units(directory / UNITS_FILE)
    findings += unit_findings
    if unit_findings:
        return None, findings
    if isinstance(data, dict):
        if "units" in data:
            findings.append(
                make_finding(
                    "unknown-key",
                    Location(file=REVIEW_FILE, line=lines.get(("units",), 1), field="units"),
                    hint=" Danh sách đơn vị đặt trong units.csv.",
                )
            )
            return None, findings
        data = {**data, "units": units}
    try:
        review = Review.model_validate(data)
    except ValidationError as exc:
        findings += [_translate(err, lines, unit_lines, data) for err in exc.errors()]
        return None, findings
    findings += cross_check(review, lines, unit_lines)
    return review, findings


# -- units.csv ---------------------------------------------------------------------------


def _read_units(path: Path) -> tuple[list[dict[str, Any]], dict[int, int], list[Finding]]:
    if not path.is_file():
        return [], {}, [make_finding("definition-missing", Location(file=str(path)))]
    size = path.stat().st_size
    if size > MAX_UNITS_BYTES:
        where = Location(file=UNITS_FILE)
        limit = format_size(MAX_UNITS_BYTES)
        return (
            [],
            {},
            [make_finding("definition-too-large", where, size=format_size(size), limit=limit)],
        )
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        detail = f"không phải UTF-8 ({exc.reason})"
        return [], {}, [make_finding("csv-unreadable", Location(file=UNITS_FILE), detail=detail)]
    reader = csv.DictReader(io.StringIO(raw))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in _UNIT_COLUMNS if c not in header]
    if missing:
        return (
            [],
            {},
            [
                make_finding("csv-missing-column", Location(file=UNITS_FILE, line=1, field=c))
                for c in missing
            ],
        )
    findings = [
        make_finding(
            "unknown-key",
            Location(file=UNITS_FILE, line=1, field=h),
            hint=_hint(h, _UNIT_COLUMNS + _UNIT_OPTIONAL),
        )
        for h in header
        if h and h not in _UNIT_COLUMNS + _UNIT_OPTIONAL
    ]
    rows: list[dict[str, Any]] = []
    row_lines: dict[int, int] = {}
    for record in reader:
        clean = {k.strip(): (v or "").strip() for k, v in record.items() if k}
        if not any(clean.values()):
            continue
        row: dict[str, Any] = {k: v for k, v in clean.items() if v != ""}
        if "deadline" in row:
            parsed = _parse_date(row["deadline"])
            if parsed is None:
                findings.append(
                    make_finding(
                        "bad-value",
                        Location(file=UNITS_FILE, line=reader.line_num, field="deadline"),
                        detail=f"'{row['deadline']}' không phải ngày (dd/mm/yyyy)",
                    )
                )
                continue
            row["deadline"] = parsed
        row_lines[len(rows)] = reader.line_num
        rows.append(row)
    return rows, row_lines, findings


def _parse_date(text: str) -> dt.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# -- pydantic errors → findings -----------------------------------------------------------

_DETAILS = {
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "finite_number": "phải là một số (không dùng .nan hay .inf)",
    "date_from_datetime_inexact": "phải là ngày, không kèm giờ",
    "string_type": "phải là văn bản",
    "string_pattern_mismatch": "chỉ dùng chữ không dấu, chữ số và các dấu '-', '_', '.'",
    "string_too_short": "không được để trống",
    "dict_type": "phải là một nhóm trường",
    "model_type": "phải là một nhóm trường",
    "model_attributes_type": "phải là một nhóm trường",
    "list_type": "phải là một danh sách",
    "tuple_type": "phải là một danh sách",
}


def _translate(
    err: Mapping[str, Any], lines: dict[Path_, int], unit_lines: dict[int, int], data: Any
) -> Finding:
    loc: Path_ = tuple(err["loc"])
    kind = err["type"]
    if loc and loc[0] == "units" and len(loc) >= 2 and isinstance(loc[1], int):
        where = Location(
            file=UNITS_FILE,
            line=unit_lines.get(loc[1], loc[1] + 2),
            field=".".join(str(p) for p in loc[2:]) or "units",
        )
    else:
        where = Location(file=REVIEW_FILE, line=_line_of(loc, lines), field=_field_name(loc, data))
    if kind == "missing":
        return make_finding("missing-key", where)
    if kind == "extra_forbidden":
        return make_finding(
            "unknown-key", where, hint=_hint(str(loc[-1]), _allowed_fields(loc, data))
        )
    ctx = err.get("ctx") or {}
    if kind == "bad_template":
        return make_finding("bad-template", where, detail=ctx.get("detail", ""),
                            allowed=ctx.get("allowed", ""))  # fmt: skip
    if kind in ("date_parsing", "date_from_datetime_parsing"):
        # '2022-02-30' and '0000-01-01' reach here as text (see definition/source.py)
        shown = str(err.get("input"))[:40]
        detail = f"'{shown}' không phải là ngày có thật (dạng YYYY-MM-DD, ví dụ 2022-12-05)"
    elif kind == "too_long":
        detail = f"quá nhiều mục ({ctx.get('actual_length')}; tối đa {ctx.get('max_length')})"
    elif kind == "enum":
        detail = f"'{err.get('input')}' không hợp lệ, chọn một trong: {ctx.get('expected', '')}"
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {
            "greater_than_equal": "≥",
            "greater_than": ">",
            "less_than_equal": "≤",
            "less_than": "<",
        }[kind]
        limit = next(iter(ctx.values()), "")
        if isinstance(limit, int | float) and not isinstance(limit, bool):
            limit = format_number(limit)  # 1e15 → 1.000.000.000.000.000
        detail = f"phải {sign} {limit} (đang là {err.get('input')})"
    elif kind == "string_too_long":
        detail = f"quá dài, tối đa {ctx.get('max_length')} ký tự"
    else:
        shown = str(err.get("input"))[:40]
        detail = _DETAILS.get(kind, f"giá trị '{shown}' không hợp lệ")
    return make_finding("bad-value", where, detail=detail)


def _line_of(loc: Path_, lines: dict[Path_, int]) -> int:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1


def _field_name(loc: Path_, data: Any) -> str:
    """``indicators[NM01].target.value`` rather than ``indicators.3.target.value``."""
    parts: list[str] = []
    node = data
    for p in loc:
        if isinstance(p, int):
            code = (
                node[p].get("code")
                if isinstance(node, list) and p < len(node) and isinstance(node[p], dict)
                else None
            )
            parts[-1:] = [f"{parts[-1] if parts else ''}[{code or p + 1}]"]
            node = node[p] if isinstance(node, list) and p < len(node) else None
        else:
            parts.append(p)
            node = node.get(p) if isinstance(node, dict) else None
    return ".".join(parts)


def _allowed_fields(loc: Path_, data: Any) -> Sequence[str]:
    model: type[BaseModel] | None = Review
    for p in loc[:-1]:
        if isinstance(p, int) or model is None:
            continue
        field = model.model_fields.get(p)
        model = _model_of(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found:
            return found
    return None


def _hint(name: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(allowed), n=1)
    if close:
        return f" Có phải ý bạn là '{close[0]}'?"
    return f" Các trường được dùng: {', '.join(allowed)}." if allowed else ""
