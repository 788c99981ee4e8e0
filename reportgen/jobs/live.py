"""The live draft: consolidation + draft report re-run after accepted uploads, debounced.

The first accepted upload queues a draft job due :data:`DEBOUNCE_S` seconds later; uploads
until then join that job (its ``requests`` count grows) instead of queuing more. Once the job
runs, the next upload queues the next one. The window is fixed from the first upload — not
pushed back by each new one — so under a steady stream the draft is never more than about
``DEBOUNCE_S`` plus one build behind the last accepted file.

A build must stay short for that to hold: the PDF of a review of 1,000 units takes minutes
(WeasyPrint lays out every unit's row of the appendices), its DOCX seconds. Above
:data:`LIVE_PDF_MAX_UNITS` units the live draft is the workbook and the DOCX; the PDF is one
click of "Xuất báo cáo" away.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from reportgen.definition.model import Review
from reportgen.jobs.model import Job, JobKind, JobRequest
from reportgen.jobs.queue import JobQueue
from reportgen.store import Store, SubmitResult
from reportgen.store.flow_tables import get_setting, set_setting

__all__ = [
    "DEBOUNCE_S",
    "LIVE_BY",
    "LIVE_PDF_MAX_UNITS",
    "live_draft_enabled",
    "live_formats",
    "note_upload",
    "set_live_draft",
]

DEBOUNCE_S = 60.0
LIVE_PDF_MAX_UNITS = 200  # measured: 1,000 units → DOCX 14 s, PDF 217 s (2 cores, loaded)
LIVE_BY = "tự động (bản dự thảo)"
_SETTING = "live_draft"


def set_live_draft(store: Store, on: bool) -> None:
    """Turn the live draft of ``store``'s review on or off (a store setting)."""
    with Session(store.engine) as session, session.begin():
        set_setting(session, store.review.id, _SETTING, bool(on))


def live_draft_enabled(store: Store) -> bool:
    """Whether the review's draft follows the accepted uploads."""
    with Session(store.engine) as session:
        return bool(get_setting(session, store.review.id, _SETTING, False))


def note_upload(
    queue: JobQueue,
    store: Store,
    result: SubmitResult,
    review: str,
    *,
    debounce_s: float = DEBOUNCE_S,
) -> Job | None:
    """After a submit: queue (or join) the live draft job if the file counts and the option is on.

    ``review`` is the review's folder as jobs name it (:func:`reportgen.jobs.review_ref`).
    """
    if result.duplicate or not result.verdict.acceptable or result.version is None:
        return None
    if any(f.code == "held-while-accepted" for f in result.findings):
        return None  # kept, but it does not count: the draft would not change
    if not live_draft_enabled(store):
        return None
    request = JobRequest(review, JobKind.DRAFT, formats=live_formats(store.review), draft=True)
    return queue.submit(request, LIVE_BY, live=True, delay_s=debounce_s)


def live_formats(review: Review) -> tuple[str, ...]:
    """What the live draft of ``review`` renders: DOCX and PDF, or DOCX alone for a big review."""
    return ("docx", "pdf") if len(review.units) <= LIVE_PDF_MAX_UNITS else ("docx",)
