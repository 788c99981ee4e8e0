"""Texts of the definition that are filled in later with ``str.format``: check them on load.

A rule's ``message`` (``{left}``, ``{right}``) is formatted each time a workbook breaks the rule,
and ``issuer.number_pattern`` (``{number}``) each time a report is rendered. A stray ``{``, an
unknown slot or a format spec (``{left:>200000000}`` pads to 200 MB) would crash or stall those
commands long after ``check-review`` said the definition was fine, so they are refused here.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Collection

from pydantic_core import PydanticCustomError

__all__ = ["NUMBER_SLOTS", "RULE_SLOTS", "slot_check", "slot_problem"]

RULE_SLOTS = ("left", "right", "year")
NUMBER_SLOTS = ("number",)

_FORMATTER = string.Formatter()


def slot_problem(text: str, allowed: Collection[str], required: Collection[str] = ()) -> str | None:
    """Why ``text`` cannot be formatted with ``allowed`` slots (Vietnamese), or None when it can."""
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError:
        return "dấu ngoặc { } không khớp (muốn in dấu ngoặc thì viết {{ hoặc }})"
    used: set[str] = set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed:
            shown = "{}" if name == "" else "{" + name + "}"
            return f"chỗ điền {shown} không được hỗ trợ"
        if spec or conversion:
            return f"chỗ điền {{{name}}} không được kèm định dạng (':…' hoặc '!…')"
        used.add(name)
    for name in required:
        if name not in used:
            return f"thiếu chỗ điền {{{name}}}"
    return None


def slot_check(allowed: Collection[str], required: Collection[str] = ()) -> Callable[[str], str]:
    """A pydantic after-validator refusing a text :func:`slot_problem` finds fault with."""

    def check(text: str) -> str:
        problem = slot_problem(text, allowed, required)
        if problem is not None:
            raise PydanticCustomError(
                "bad_template",
                "{detail}",
                {"detail": problem, "allowed": ", ".join("{" + a + "}" for a in allowed)},
            )
        return text

    return check
