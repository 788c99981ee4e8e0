"""A real store holding warnings and their justifications (hostile texts included).

Shared by the consolidate, render and CLI tests of justifications: real sample workbooks are
written, checked by intake and stored; justifications are written through the store's API.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.intake.check import check_file
from reportgen.project import Project
from reportgen.store import Store, finding_keys, open_store

HOSTILE = '=HYPERLINK("http://x.invalid","bấm") <script>alert(1)</script> {{ 7*7 }}'
AT_FORMULA = "@SUM(A1:A2) là tổng đúng\nDòng thứ hai"
PLUS_PHONE = "+84 912 345 678 đã xác nhận số liệu"
OLD_TEXT = "Giải trình của phiên bản cũ"


@dataclass(frozen=True)
class Stored:
    """What :func:`store_justified` wrote: submission ids per unit and version."""

    first_001: int
    old_002: int
    new_002: int


def send_sample(
    store: Store, review: Review, unit: str, seed: int, mistakes: tuple[str, ...]
) -> int:
    """Store a sample workbook of ``unit`` (received before the deadline); its submission id."""
    buf = io.BytesIO()
    write_sample(review, review.unit_by_code[unit], buf, seed=seed, mistakes=mistakes)
    data = buf.getvalue()
    # Before the deadline: no late-submission warning besides the planted ones.
    received = dt.datetime.combine(review.deadline, dt.time(1, seed), tzinfo=dt.UTC)
    sub = check_file(review, Path(f"{unit}.xlsx"), data=data)
    return store.submit(sub, data, received_at=received).submission_id


def _key(store: Store, submission_id: int, cell: str) -> str:
    findings = store.submission(submission_id).findings
    return next(
        k for k, f in zip(finding_keys(findings), findings, strict=True) if f.location.cell == cell
    )


def store_justified(project: Path, review: Review, url: str | None = None) -> Stored:
    """001: two justified warnings (K18, K30); 002: v1 justified, then v2 (counting) justified;
    005: clean. Hostile texts: ``=HYPERLINK``, ``<script>``, ``{{ 7*7 }}``, ``@``, ``+``."""
    with open_store(Project(project), review, url) as store:
        first = send_sample(store, review, "001", 1, ("decimal-comma-text", "percent-text"))
        store.justify(review, first, _key(store, first, "K18"), HOSTILE, author="001")
        store.justify(review, first, _key(store, first, "K30"), AT_FORMULA, author="ke-toan")
        old = send_sample(store, review, "002", 2, ("decimal-comma-text",))
        store.justify(review, old, _key(store, old, "K18"), OLD_TEXT, author="002")
        new = send_sample(store, review, "002", 3, ("percent-text",))
        store.justify(review, new, _key(store, new, "K30"), PLUS_PHONE, author="002")
        send_sample(store, review, "005", 4, ())
    return Stored(first, old, new)
