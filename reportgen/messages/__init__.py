"""The one catalogue of user-facing finding messages: code → severity + Vietnamese + English.

Every finding code is defined here exactly once, in the module of the stage that yields it
(:mod:`.spec`, :mod:`.intake`, :mod:`.store`, …), so the wording can be proofread in one folder.
Templates use ``{slots}`` filled from the finding's params, its location (``{cell}``,
``{sheet}``, ``{indicator}``, ``{year}``, ``{file}``, ``{line}``, ``{field}``…) and ``{value}``.
A code is never renamed: the README lists them all and a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.findings import Severity

if TYPE_CHECKING:
    from reportgen.findings import Finding

__all__ = ["CATALOG", "Message", "default_severity", "render"]


@dataclass(frozen=True, slots=True)
class Message:
    """The catalogue entry of one finding code."""

    severity: Severity
    vi: str
    en: str


class _Slots(dict[str, Any]):
    """Format mapping that leaves unknown slots visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _build() -> dict[str, Message]:
    from reportgen.messages import consolidate, intake, render, spec, store

    catalog: dict[str, Message] = {}
    for module in (spec, intake, store, consolidate, render):
        for code, entry in module.MESSAGES.items():
            if code in catalog:  # pragma: no cover - caught by tests/test_messages.py
                raise RuntimeError(f"finding code defined twice: {code}")
            catalog[code] = Message(Severity(entry[0]), entry[1], entry[2])
    return catalog


CATALOG: dict[str, Message] = _build()


def default_severity(code: str) -> Severity:
    """The severity the catalogue gives ``code``."""
    try:
        return CATALOG[code].severity
    except KeyError:
        raise KeyError(f"unknown finding code {code!r}: add it to reportgen/messages/") from None


def render(finding: Finding, lang: str = "vi") -> str:
    """The finding's message in ``lang``, slots filled from params, location and value."""
    entry = CATALOG[finding.code]
    template = entry.en if lang == "en" else entry.vi
    slots = _Slots(finding.location.as_dict())
    slots["value"] = finding.value if finding.value is not None else ""
    slots.update(finding.params)
    # An explicit message param (cross-field rules carry their own text) wins over the template.
    custom = finding.params.get(f"message_{lang}") or finding.params.get("message_vi")
    if custom and "{custom}" in template:
        slots["custom"] = str(custom).format_map(slots)
    return template.format_map(slots)
