"""Vietnamese alphabetical order for unit names: a ă â b c d đ e ê … o ô ơ … u ư … y.

The Unicode Collation Algorithm (``pyuca``, DUCET) treats ``ă â đ ê ô ơ ư`` as ``a d e o u``
with an accent, so "Đống Đa" would sort before "Dương". The CLDR ``vi`` tailoring makes them
letters of their own::

    &a < ă <<< Ă < â <<< Â   &d < đ <<< Đ   &e < ê <<< Ê   &o < ô <<< Ô < ơ <<< Ơ   &u < ư <<< Ư

PyICU (which carries that tailoring) has no wheel for this platform, so we apply it to
pyuca's table: each of these letters becomes an *expansion*, the base letter's collation
elements followed by one extra primary weight above every letter. "ă…" then sorts after every
"a…" word and before "â…"; tones (sắc, huyền, hỏi, ngã, nặng) stay secondary differences as in
CLDR, reordered as CLDR does (huyền < hỏi < ngã < sắc < nặng). The contractions are keyed on the decomposed form (``a`` + U+0306), and pyuca matches them
even when a tone mark sits between (``ậ`` = a + dot below + circumflex in NFD).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

__all__ = ["vn_sort_key", "vn_sorted"]

T = TypeVar("T")

# Base letter, combining mark, rank among the letters built on that base (1 = first after base).
_TAILORING = (
    ("a", "\u0306", 1),  # ă
    ("a", "\u0302", 2),  # â
    ("d", "", 1),  # đ is a letter of its own (U+0111), not d + mark
    ("e", "\u0302", 1),  # ê
    ("o", "\u0302", 1),  # ô
    ("o", "\u031b", 2),  # ơ
    ("u", "\u031b", 1),  # ư
)
# Tones in Vietnamese order (huyền, hỏi, ngã, sắc, nặng); DUCET puts sắc first.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
# Above every primary weight of DUCET's letters, below the implicit weights of CJK (0xFB40).
_EXTRA_PRIMARY = 0xFB00


@cache
def _collator() -> Any:
    import pyuca

    collator = pyuca.Collator()
    table = collator.table
    tone_elements = [table.find_prefix([ord(mark)])[1] for mark in _TONES]
    weights = sorted(elements[0][1] for elements in tone_elements)
    for mark, weight in zip(_TONES, weights, strict=True):
        table.add([ord(mark)], [[0, weight, 0x0002]])
    for base, mark, rank in _TAILORING:
        extra = [_EXTRA_PRIMARY + rank, 0x0020, 0x0002]
        for letter in (base, base.upper()):
            base_elements = table.find_prefix([ord(letter)])[1]
            elements = [list(e) for e in base_elements] + [extra]
            if mark:
                table.add([ord(letter), ord(mark)], elements)
            else:
                stroke = "\u0111" if letter == "d" else "\u0110"
                table.add([ord(stroke)], elements)
    return collator


def vn_sort_key(text: str) -> tuple[int, ...]:
    """A sort key giving Vietnamese alphabetical order (case and tones as tie-breakers)."""
    key: tuple[int, ...] = _collator().sort_key(text)
    return key


def vn_sorted(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """``items`` in Vietnamese alphabetical order of ``key(item)`` (or the item itself)."""
    if key is None:
        return sorted(items, key=lambda item: vn_sort_key(str(item)))
    get = key
    return sorted(items, key=lambda item: vn_sort_key(get(item)))
