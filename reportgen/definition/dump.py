"""Write a review definition as ``review.yaml`` + ``units.csv`` that people can read and diff.

Keys come in the order of the model (id, title, subject, period … lists), values equal to
their default are left out (as a person writing the file would), short items stay on one
line (``- {code: nuoc-mat, title: …}``), and comments head each part and each task area of
the indicators. The text is read back before it is returned: if it does not load to the
same data, the plain PyYAML dump is used instead, so what is written is always what was meant.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from reportgen.definition.load import REVIEW_FILE, UNITS_FILE, Path_
from reportgen.definition.model import Review, Unit

__all__ = [
    "UNIT_COLUMNS",
    "clean",
    "csv_lines",
    "dump_review_yaml",
    "dump_units_csv",
    "review_data",
    "units_data",
    "write_definition",
    "write_review",
    "yaml_lines",
]

UNIT_COLUMNS = ("code", "name", "kind", "parent", "contact", "deadline")
_FLOW_MAX = 100  # a mapping or list written on one line must fit in this many characters
_TOP_FLOW = {"period"}
_ALWAYS = {
    "version"
}  # shown even when it is the default, since people bump it  # top-level mappings short enough to stay on one line
_PARTS = {
    "issuer": "Cơ quan ban hành báo cáo và người ký",
    "contact": "Đầu mối liên hệ",
    "unit_kinds": "Loại đơn vị (danh sách đơn vị nằm trong units.csv)",
    "areas": "Nhóm nhiệm vụ",
    "indicators": "Chỉ tiêu",
    "rules": "Quy tắc so sánh giữa hai chỉ tiêu",
    "sections": "Phần thuyết minh",
    "lists": "Danh sách đơn vị kê",
}


# -- data: ordered, defaults dropped ---------------------------------------------------------


def review_data(review: Review) -> dict[str, Any]:
    """The review as plain YAML-ready data, without its units and without default values."""
    return clean(review.model_dump(mode="python", exclude={"units"}), Review)


def units_data(review: Review) -> list[dict[str, Any]]:
    """The review's units as plain rows (the columns of ``units.csv``)."""
    return [clean(u.model_dump(mode="python"), Unit) for u in review.units]


def clean(data: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """``data`` in the model's field order, nested models cleaned, defaults left out.

    Works on raw data too (what the workbook import reads), before any validation.
    """
    out: dict[str, Any] = {}
    fields = model.model_fields
    for key in [*fields, *(k for k in data if k not in fields)]:
        if key not in data:
            continue
        value = data[key]
        info = fields.get(key)
        sub = _model_of(info.annotation) if info is not None else None
        if sub is not None and isinstance(value, Mapping):
            value = clean(value, sub)
        elif sub is not None and isinstance(value, list | tuple):
            value = [clean(v, sub) if isinstance(v, Mapping) else _plain(v) for v in value]
        else:
            value = _plain(value)
        if (
            info is not None
            and key not in _ALWAYS
            and not info.is_required()
            and _same(value, info.get_default(call_default_factory=True))
        ):
            continue
        out[key] = value
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _same(value: Any, default: Any) -> bool:
    default = _plain(default)
    if isinstance(value, bool) or isinstance(default, bool):
        return isinstance(value, bool) and isinstance(default, bool) and value == default
    if isinstance(value, int | float) and isinstance(default, int | float):
        return value == default
    return type(value) is type(default) and bool(value == default)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found:
            return found
    return None


# -- YAML text -----------------------------------------------------------------------------


def dump_review_yaml(data: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """``review.yaml`` text for ``data`` (from :func:`review_data` or :func:`clean`).

    ``header`` lines become the comment at the top of the file.
    """
    lines = [f"# {h}".rstrip() for h in header]
    areas = {a.get("code"): a.get("title") for a in data.get("areas", []) if isinstance(a, dict)}
    for key, value in data.items():
        if key in _PARTS:
            lines += ["", f"# -- {_PARTS[key]}"]
        lines += _entry(key, value, 0, top=True, areas=areas)
    text = "\n".join(lines).lstrip("\n") + "\n"
    if _loads_to(text, data):
        return text
    # Some text we do not know how to lay out by hand: PyYAML's own dump is always right.
    plain = yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=100)
    return "\n".join([*lines[: len(header)], plain])


def _loads_to(text: str, data: Mapping[str, Any]) -> bool:
    try:
        return bool(yaml.safe_load(text) == _plain(dict(data)))
    except yaml.YAMLError:
        return False


def _entry(
    key: str, value: Any, indent: int, *, top: bool = False, areas: Mapping[Any, Any] | None = None
) -> list[str]:
    pad = " " * indent
    name = _scalar(key, flow=True)
    if isinstance(value, Mapping):
        flow = _flow(value) if (not top or key in _TOP_FLOW) else None
        if flow is not None:
            return [f"{pad}{name}: {flow}"]
        if not value:
            return [f"{pad}{name}: {{}}"]
        out = [f"{pad}{name}:"]
        for k, v in value.items():
            out += _entry(str(k), v, indent + 2)
        return out
    if isinstance(value, list):
        flow = _flow(value)
        if flow is not None and (not value or not isinstance(value[0], Mapping)):
            return [f"{pad}{name}: {flow}"]
        return [f"{pad}{name}:", *_items(key, value, indent + 2, areas or {})]
    if isinstance(value, str) and "\n" in value and _literal_ok(value):
        body = [f"{pad}  {line}".rstrip() if line else "" for line in value.split("\n")]
        return [f"{pad}{name}: |2-", *body]
    return [f"{pad}{name}: {_scalar(value)}"]


def _items(key: str, items: list[Any], indent: int, areas: Mapping[Any, Any]) -> list[str]:
    pad = " " * indent
    flows = [_flow(v) for v in items]
    if all(f is not None for f in flows):
        return [f"{pad}- {f}" for f in flows]
    out: list[str] = []
    area = None
    for item in items:
        if not isinstance(item, Mapping):
            out.append(f"{pad}- {_scalar(item)}")
            continue
        if key == "indicators" and item.get("area") != area:
            area = item.get("area")
            out.append(f"{pad}# {areas.get(area) or area}")
        lines: list[str] = []
        for k, v in item.items():
            lines += _entry(str(k), v, indent + 2)
        if not lines:
            out.append(f"{pad}- {{}}")
            continue
        out.append(f"{pad}- {lines[0][indent + 2 :]}")
        out += lines[1:]
    return out


def _flow(value: Any) -> str | None:
    """The one-line form of a mapping or list of scalars, or None when it does not fit."""
    if isinstance(value, Mapping):
        parts = []
        for k, v in value.items():
            shown = _flow(v) if isinstance(v, list) else None
            if isinstance(v, Mapping) or (isinstance(v, list) and shown is None):
                return None
            parts.append(f"{_scalar(str(k), flow=True)}: {shown or _scalar(v, flow=True)}")
        text = "{" + ", ".join(parts) + "}"
    elif isinstance(value, list):
        if any(isinstance(v, Mapping | list) for v in value):
            return None
        text = "[" + ", ".join(_scalar(v, flow=True) for v in value) + "]"
    else:
        return None
    return text if len(text) <= _FLOW_MAX and "\n" not in text else None


def _literal_ok(text: str) -> bool:
    return (
        text == text.strip()
        and "\r" not in text
        and all(c.isprintable() or c == "\n" for c in text)
    )


def _scalar(value: Any, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | int | float):
        return _dump_one(value)
    text = str(value)
    out = _dump_one(text)
    if flow and not out.startswith(("'", '"')) and any(c in text for c in ",[]{}#"):
        out = _dump_one(text, style='"')
    return out


def _dump_one(value: Any, style: str | None = None) -> str:
    out = yaml.safe_dump(value, allow_unicode=True, width=10**9, default_style=style)
    if out.endswith("\n...\n"):
        out = out[: -len("\n...\n")]
    return out.rstrip("\n")


# -- line numbers, as the loader counts them ---------------------------------------------------


def yaml_lines(text: str) -> dict[Path_, int]:
    """Every path of ``text`` (``("indicators", 3, "area")``) → its 1-based line."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    return dict(_walk(node, ())) if node is not None else {}


def _walk(node: yaml.Node, path: Path_) -> Iterator[tuple[Path_, int]]:
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, str(key.value))
            yield sub, key.start_mark.line + 1
            for p, line in _walk(value, sub):
                if p != sub:
                    yield p, line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _walk(item, (*path, i))


# -- units.csv -------------------------------------------------------------------------------


def dump_units_csv(units: Iterable[Mapping[str, Any]]) -> str:
    """``units.csv`` text: one row per unit, deadlines as dd/mm/yyyy."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(UNIT_COLUMNS)
    for unit in units:
        row = []
        for col in UNIT_COLUMNS:
            value = unit.get(col)
            if isinstance(value, dt.date):
                value = value.strftime("%d/%m/%Y")
            row.append("" if value is None else str(value))
        writer.writerow(row)
    return out.getvalue()


def csv_lines(text: str) -> dict[int, int]:
    """Unit index → the line its row ends on, as the loader counts (``csv`` line numbers)."""
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    lines: dict[int, int] = {}
    n = 0
    for row in reader:
        if any(cell.strip() for cell in row):
            lines[n] = reader.line_num
            n += 1
    return lines


# -- files -------------------------------------------------------------------------------------


def write_definition(directory: Path | str, yaml_text: str, csv_text: str) -> Path:
    """Write ``review.yaml`` and ``units.csv`` into ``directory`` (each file replaced whole)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in ((REVIEW_FILE, yaml_text), (UNITS_FILE, csv_text)):
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.replace(tmp, directory / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return directory


def write_review(directory: Path | str, review: Review, header: Sequence[str] = ()) -> Path:
    """Write ``review`` as ``review.yaml`` + ``units.csv`` into ``directory``."""
    header = header or (review.title,)
    return write_definition(
        directory, dump_review_yaml(review_data(review), header), dump_units_csv(units_data(review))
    )
