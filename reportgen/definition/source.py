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
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

try:  # the Python composer on libyaml's events: our checks, at C parsing speed
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover
    _CParser = None  # type: ignore[assignment, misc]

from reportgen.definition.limits import MAX_DEPTH, MAX_NODES, MAX_REVIEW_BYTES
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


class _Checks(Composer, SafeConstructor, Resolver):
    """SafeLoader's composer and constructor without aliases, with bounded nesting and dates
    that may be impossible. The parser (events) comes from libyaml when it is installed.
    """

    _depth = 0
    _nodes = 0

    if TYPE_CHECKING:  # provided by the parser half (libyaml's or PyYAML's)

        def check_event(self, *choices: Any) -> bool: ...
        def peek_event(self) -> yaml.Event | None: ...

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            # An alias is the only way a small file becomes a huge document; a definition
            # never needs one, so refuse them all rather than count expansions.
            raise _Refused("yaml-alias", self._mark())
        self._depth += 1
        self._nodes += 1
        try:
            if self._nodes > MAX_NODES:  # bounds the work of a dense file within the size cap
                shown = f"hơn {format_number(MAX_NODES)} giá trị"
                raise _Refused("definition-too-large", self._mark(), size=shown,
                               limit=f"{format_number(MAX_NODES)} giá trị")  # fmt: skip
            if self._depth > MAX_DEPTH:
                raise _Refused("yaml-too-deep", self._mark(), limit=MAX_DEPTH)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _mark(self) -> Any:  # yaml.Mark, or libyaml's own Mark
        event = self.peek_event()
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


if _CParser is not None:

    class _Loader(_Checks, _CParser):
        """libyaml's parser (about 7× faster) under the checking composer and constructor."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)

else:  # pragma: no cover - PyYAML wheels ship libyaml

    class _Loader(_Checks, Reader, Scanner, Parser):  # type: ignore[no-redef]
        """PyYAML's own parser under the checking composer and constructor."""

        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)


_Checks.yaml_constructors = {
    **SafeConstructor.yaml_constructors,
    "tag:yaml.org,2002:timestamp": _Checks.construct_date,
}


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
        if "nesting depth" in (exc.problem or ""):  # libyaml stops at 1,000 levels itself
            where = Location(file=path.name, line=line)
            return YamlSource(
                None, findings=[make_finding("yaml-too-deep", where, limit=MAX_DEPTH)]
            )
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
