"""mkdocs hooks: give headings the anchors GitHub gives them, so one link works in both places.

Python-Markdown's own slugify drops Vietnamese letters (or, with ``unicode=True``, merges the
two hyphens GitHub writes for " — "), and the docs link to headings such as
``kiem-tra-va-nop.md#nộp-vào-kho--reportgen-submit``. ``tests/test_docs.py`` checks every anchor
with this same function.
"""

from __future__ import annotations

import re
from typing import Any


def github_slug(value: str, separator: str = "-") -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, each space a hyphen."""
    text = re.sub(r"[^\w\- ]", "", value.strip().lower())
    return text.replace(" ", separator)


def on_config(config: Any) -> Any:
    """Use :func:`github_slug` for the table of contents (the toc extension is always on)."""
    config.mdx_configs.setdefault("toc", {})["slugify"] = github_slug
    return config
