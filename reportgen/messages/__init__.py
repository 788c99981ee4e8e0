"""The one catalogue of user-facing finding messages: code → severity + Vietnamese + English.

Every finding code is defined here exactly once, in the module of the stage that yields it
(:mod:`.definition`, :mod:`.intake`, :mod:`.store`, …), so the wording can be proofread in one folder.
Templates use ``{slots}`` filled from the finding's params, its location (``{cell}``,
``{sheet}``, ``{indicator}``, ``{year}``, ``{file}``, ``{line}``, ``{field}``…) and ``{value}``.
A code is never renamed: a table under ``docs/`` (``docs/tham-chieu.md`` for the bundled stages)
lists each one with its severity, and ``tests/test_messages.py`` keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from reportgen.findings import Finding, Location, Severity

__all__ = [
    "CATALOG",
    "Message",
    "default_severity",
    "finding_dict",
    "flatten",
    "make_finding",
    "message_text",
    "render",
]


@dataclass(frozen=True, slots=True)
class Message:
    """The catalogue entry of one finding code."""

    severity: Severity
    vi: str
    en: str
    # The wording for a finding located at a sheet and cell instead of a file and line
    # (a review definition read from its workbook); empty when the code has none.
    cell_vi: str = ""
    cell_en: str = ""


class _Slots(dict[str, Any]):
    """Format mapping that leaves unknown slots visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _build() -> dict[str, Message]:
    from reportgen.messages import consolidate, definition, intake, render, store

    catalog: dict[str, Message] = {}
    for module in (definition, intake, store, consolidate, render):
        cells: dict[str, tuple[str, str]] = getattr(module, "CELL_MESSAGES", {})
        for code, entry in module.MESSAGES.items():
            if code in catalog:  # pragma: no cover - caught by tests/test_messages.py
                raise RuntimeError(f"finding code defined twice: {code}")
            cell_vi, cell_en = cells.get(code, ("", ""))
            catalog[code] = Message(Severity(entry[0]), entry[1], entry[2], cell_vi, cell_en)
    return catalog


CATALOG: dict[str, Message] = _build()


def default_severity(code: str) -> Severity:
    """The severity the catalogue gives ``code``."""
    try:
        return CATALOG[code].severity
    except KeyError:
        raise KeyError(f"unknown finding code {code!r}: add it to reportgen/messages/") from None


def make_finding(
    code: str,
    location: Location | None = None,
    *,
    value: object = None,
    severity: Severity | None = None,
    **params: Any,
) -> Finding:
    """Build a finding; the severity defaults to the one the catalogue gives ``code``."""
    shown = None if value is None else str(value)
    return Finding(
        code=code,
        severity=severity or default_severity(code),
        location=location or Location(),
        value=shown,
        params=MappingProxyType(dict(params)),
    )


def message_text(finding: Finding, lang: str = "vi") -> str:
    """The user-facing text of ``finding`` in ``lang`` (``vi`` or ``en``)."""
    return render(finding, lang)


def finding_dict(finding: Finding, lang: str = "vi") -> dict[str, Any]:
    """A JSON-ready form of ``finding`` with its message (used by ``--json`` and the store)."""
    return {
        "code": finding.code,
        "severity": str(finding.severity),
        "location": finding.location.as_dict(),
        "value": finding.value,
        "params": {k: _jsonable(v) for k, v in finding.params.items()},
        "message": message_text(finding, lang),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)


def flatten(findings: Iterable[Finding], keys: Sequence[str]) -> list[list[Any]]:
    """Findings as plain lists of the named attributes, for one-line test assertions.

    Keys are finding attributes (``code``, ``severity``, ``value``, ``message``) or location
    parts (``sheet``, ``cell``, ``indicator``, ``year``, ...)::

        assert flatten(findings, ["code", "cell"]) == [["not-a-number", "D7"]]
    """
    rows: list[list[Any]] = []
    for f in findings:
        row: list[Any] = []
        for key in keys:
            if key == "message":
                row.append(message_text(f))
            elif key in ("code", "severity", "value"):
                v = getattr(f, key)
                row.append(str(v) if key == "severity" else v)
            else:
                row.append(getattr(f.location, key))
        rows.append(row)
    return rows


def render(finding: Finding, lang: str = "vi") -> str:
    """The finding's message in ``lang``, slots filled from params, location and value."""
    entry = CATALOG[finding.code]
    template = entry.en if lang == "en" else entry.vi
    where = finding.location
    if where.sheet and not where.file and entry.cell_vi:
        template = entry.cell_en if lang == "en" else entry.cell_vi
    slots = _Slots(finding.location.as_dict())
    slots["value"] = finding.value if finding.value is not None else ""
    slots.update(finding.params)
    # An explicit message param (cross-field rules carry their own text) wins over the template.
    custom = finding.params.get(f"message_{lang}") or finding.params.get("message_vi")
    if custom and "{custom}" in template:
        try:
            slots["custom"] = str(custom).format_map(slots)
        except (ValueError, AttributeError, IndexError):
            # check-review refuses such texts; one stored before it did is shown as written
            slots["custom"] = str(custom)
    return template.format_map(slots)
