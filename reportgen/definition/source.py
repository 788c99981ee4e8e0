"""``review.yaml`` → plain data plus the line of every field, within documented limits.

PyYAML's SafeLoader is safe against code execution but not against size: aliases expand
exponentially (a 14 KB "billion laughs" file needs gigabytes), nesting recurses until Python's
stack runs out, an impossible date (``2022-02-30``) raises ``ValueError`` from inside the
constructor, and a key written twice silently keeps the last value. :func:`read_yaml` refuses
all of these with a located finding, and parses the file once (compose, then construct from
the same nodes), so loading stays linear in the size of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen.definition.limits import MAX_DEPTH, MAX_REVIEW_BYTES
from reportgen.findings import Finding, Location
from reportgen.messages import make_finding
from reportgen.numbers import format_number

__all__ = ["REVIEW_FILE", "UNITS_FILE", "Path_", "YamlSource", "format_size", "read_yaml"]

REVIEW_FILE = "review.yaml"
UNITS_FILE = "units.csv"
Path_ = tuple[str | int, ...]  # a field's place in the data: ("indicators", 3, "min")


@dataclass(frozen=True, slots=True)
class YamlSource:
    """What a YAML file holds: the data (None when unusable), field lines, and findings."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


class _Refused(yaml.MarkedYAMLError):
    """A construct we do not accept, raised where the parser meets it."""

    def __init__(self, code: str, mark: yaml.Mark | None, **params: Any) -> None:
        super().__init__(problem=code, problem_mark=mark)
        self.code = code
        self.params = params


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases, with bounded nesting and dates that may be impossible."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            # An alias is the only way a small file becomes a huge document; a definition
            # never needs one, so refuse them all rather than count expansions.
            raise _Refused("yaml-alias", self._mark())
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused("yaml-too-deep", self._mark(), limit=MAX_DEPTH)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _mark(self) -> yaml.Mark | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        return event.start_mark if event is not None else None

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:  # e.g. an integer of 5,000 digits
            shown = str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else ""
            raise _Refused("yaml-syntax", node.start_mark, detail=_unreadable(shown)) from exc

    def construct_date(self, node: yaml.ScalarNode) -> Any:
        """``2022-02-30`` stays text, so the schema names the field and says it is no date."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_date)


def _unreadable(shown: str) -> str:
    return f"không đọc được giá trị '{shown}'" if shown else "không đọc được giá trị"


def format_size(size: int) -> str:
    """A byte count as users read it: ``1,5 MB``, ``12 KB``."""
    if size >= 1024 * 1024:
        return f"{format_number(round(size / 1024 / 1024, 1))} MB"
    return f"{format_number(max(1, round(size / 1024)))} KB"


def read_yaml(path: Path) -> YamlSource:
    """Parse ``path`` once; refuse oversize files, aliases, deep nesting and duplicate keys."""
    where = Location(file=path.name)
    try:
        size = path.stat().st_size
        if size > MAX_REVIEW_BYTES:  # checked before reading: parsing is ~1 s per MB
            limit = format_size(MAX_REVIEW_BYTES)
            found = make_finding("definition-too-large", where, size=format_size(size), limit=limit)
            return YamlSource(None, findings=[found])
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return YamlSource(None, findings=[make_finding("csv-unreadable", where, detail=str(exc))])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except _Refused as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        found = make_finding(exc.code, Location(file=path.name, line=line), **exc.params)
        return YamlSource(None, findings=[found])
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        detail = exc.problem or str(exc)
        located = Location(file=path.name, line=line)
        return YamlSource(None, findings=[make_finding("yaml-syntax", located, detail=detail)])
    except yaml.YAMLError as exc:
        located = Location(file=path.name, line=1)
        return YamlSource(None, findings=[make_finding("yaml-syntax", located, detail=str(exc))])
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    findings: list[Finding] = []
    if node is not None:
        for p, line, first in _walk(node):
            if first is not None:
                where = Location(file=path.name, line=line, field=_dotted(p))
                findings.append(make_finding("duplicate-key", where, first_line=first))
            else:
                lines[p] = line
    findings.sort(key=lambda f: f.location.line or 0)
    if not isinstance(data, dict):
        detail = "tệp phải là một nhóm trường"
        located = Location(file=path.name, line=1)
        return YamlSource(None, lines, [make_finding("yaml-syntax", located, detail=detail)])
    return YamlSource(None if findings else data, lines, findings)


def _walk(root: yaml.Node) -> Iterator[tuple[Path_, int, int | None]]:
    """(path, line, None) for every node and key; (path, line, first line) for a repeated key.

    Iterative, so the cost is one step per node whatever the nesting.
    """
    stack: list[tuple[Path_, yaml.Node, bool]] = [((), root, True)]
    while stack:
        path, node, own_line = stack.pop()
        if own_line:  # a mapping value keeps the line of its key
            yield path, node.start_mark.line + 1, None
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                name = str(key.value)
                line = key.start_mark.line + 1
                if name in seen:
                    yield (*path, name), line, seen[name]
                    continue
                seen[name] = line
                yield (*path, name), line, None
                stack.append(((*path, name), value, False))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(((*path, i), item, True) for i, item in enumerate(node.value))


def _dotted(path: Path_) -> str:
    """``indicators[3].min`` (1-based, as people count list items)."""
    out = ""
    for p in path:
        out += f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out
