"""Example values inside report text: marked in the context, highlighted by each renderer.

A value the definition gives as an example (``basis_example: true``: the number and date of the
plan that ordered the review) must never read as text of the report. The context wraps it in
two private-use characters; the HTML environment turns a pair into ``<mark class="example">``
(yellow), the DOCX pass into a run with a yellow highlight. Only a draft carries marks: a final
report never prints an example value (:func:`reportgen.render.context.build_context` leaves it
out). Unpaired or nested marks are dropped, so text that happens to contain the characters can
at worst lose them.
"""

from __future__ import annotations

import dataclasses
import re
from html import escape

from markupsafe import Markup

from reportgen.consolidate.model import Dataset
from reportgen.definition.model import Review

__all__ = [
    "EXAMPLE_CLOSE",
    "EXAMPLE_OPEN",
    "example",
    "html_finalize",
    "left_out_of_final",
    "split_marks",
    "unmark",
    "without_examples",
]

EXAMPLE_OPEN = "\ue000"
EXAMPLE_CLOSE = "\ue001"
_PAIR = re.compile(f"{EXAMPLE_OPEN}([^{EXAMPLE_OPEN}{EXAMPLE_CLOSE}]*){EXAMPLE_CLOSE}")


def example(text: str) -> str:
    """``text`` marked as an example value."""
    return f"{EXAMPLE_OPEN}{unmark(text)}{EXAMPLE_CLOSE}"


def without_examples(dataset: Dataset) -> Dataset:
    """``dataset`` as a final report sees it: example targets (``example: true``) are gone.

    A final report judges nothing against a target the definition only gives as an example:
    the verdict, the target column and the "Mục tiêu" line are left out until the clerk puts
    the real target in the definition (``check-review`` reminds them: ``example-targets``).
    """
    review = dataset.review
    if not any(i.target is not None and i.target.example for i in review.indicators):
        return dataset
    indicators = tuple(
        i.model_copy(update={"target": None}) if i.target is not None and i.target.example else i
        for i in review.indicators
    )
    # model_construct: a fresh instance, so no cached lookup of the old indicators is carried.
    fields = {name: getattr(review, name) for name in type(review).model_fields}
    stripped = Review.model_construct(
        review.model_fields_set, **(fields | {"indicators": indicators})
    )
    return dataclasses.replace(dataset, review=stripped)


def left_out_of_final(review: Review) -> str:
    """What a final report of ``review`` leaves out because it is an example, in Vietnamese
    (empty when nothing is): for the command or page that renders it to say so."""
    parts = []
    if review.basis and review.basis_example:
        parts.append("số, ngày văn bản căn cứ")
    targets = sum(1 for i in review.indicators if i.target is not None and i.target.example)
    if targets:
        parts.append(f"mục tiêu của {targets} chỉ tiêu (không đánh giá đạt/chưa đạt)")
    if not parts:
        return ""
    return (
        "Bản chính thức không in các giá trị ví dụ của định nghĩa: "
        + "; ".join(parts)
        + ". Hãy thay bằng giá trị thật trong review.yaml (xem reportgen check-review)."
    )


def unmark(text: str) -> str:
    """``text`` without any mark characters (for metadata, and for text from units)."""
    return text.replace(EXAMPLE_OPEN, "").replace(EXAMPLE_CLOSE, "")


def split_marks(text: str) -> list[tuple[str, bool]]:
    """``text`` as (piece, is_example) pieces, in order; empty pieces are left out."""
    out: list[tuple[str, bool]] = []
    at = 0
    for match in _PAIR.finditer(text):
        if match.start() > at:
            out.append((unmark(text[at : match.start()]), False))
        if match.group(1):
            out.append((match.group(1), True))
        at = match.end()
    if at < len(text):
        out.append((unmark(text[at:]), False))
    return [(piece, flag) for piece, flag in out if piece]


def html_finalize(value: object) -> object:
    """Jinja ``finalize`` for HTML: a marked string becomes escaped text with ``<mark>``."""
    if not isinstance(value, str):
        return value
    if EXAMPLE_OPEN not in value and EXAMPLE_CLOSE not in value:
        return value
    if isinstance(value, Markup):
        # Already HTML (a filter such as ``nobr`` escaped it): the pieces are safe as they are.
        marked = _PAIR.sub(lambda m: f'<mark class="example">{m.group(1)}</mark>', str(value))
        return Markup(unmark(marked))
    html = "".join(
        f'<mark class="example">{escape(piece, quote=False)}</mark>'
        if flag
        else escape(piece, quote=False)
        for piece, flag in split_marks(value)
    )
    return Markup(html)
