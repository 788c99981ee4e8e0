"""Every received file, kept forever.

The store keeps each submitted file byte for byte under ``inputs/<review>/<unit>/`` and
records it, with everything intake read from it, in a database (SQLite file
``inputs/<review>/reportgen.sqlite`` by default, PostgreSQL when a URL is given). Each new file
of a unit is its next version; the *counting* version is the latest acceptable one.

Public API::

    store = open_store(project, review, url=None)
    store.submit(submission, data, received_at=None) -> SubmitResult
    store.statuses(review, now=None) -> list[UnitStatus]
    store.counting(review) -> list[tuple[int, Submission]]
    store.versions(unit_code) -> list[SubmissionRecord]
    store.diff(unit_code, v1, v2) -> list[CellDiff]
"""

# Every table module is imported so Base.metadata describes the whole database.
from reportgen.store import flow_tables, jobs_table  # noqa: F401
from reportgen.store.board import BoardSummary, summarize
from reportgen.store.diff import CellDiff, describe_diff
from reportgen.store.ledger import Store, open_store
from reportgen.store.records import SubmissionRecord, SubmitResult

__all__ = [
    "BoardSummary",
    "CellDiff",
    "Store",
    "SubmissionRecord",
    "SubmitResult",
    "describe_diff",
    "open_store",
    "summarize",
]
