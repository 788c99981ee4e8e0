"""Every received file, kept forever.

The store keeps each submitted file byte for byte under ``inputs/<review>/<unit>/`` and
records it, with everything intake read from it, in a database (SQLite file
``inputs/<review>/reportgen.sqlite`` by default, PostgreSQL when a URL is given). Each new file
of a unit is its next version; the *counting* version is the latest acceptable one. Opening a
store first recovers from any crash (:mod:`.recovery`); docs/dev/guarantees.md states what a
crash can leave and how it is cleared.

Public API::

    store = open_store(project, review, url=None)
    receive_file(store, path, received_at=None) -> Receipt      # stream, check, record; never raises
    store.submit(submission, data, received_at=None) -> SubmitResult
    store.statuses(review, now=None) -> list[UnitStatus]
    store.unidentified() -> list[UnidentifiedFile]; set_aside(store) -> list[SetAside]
    assign(store, submission_id, unit_code, by=..., note=...) -> SubmitResult
    store.counting(review) -> list[tuple[int, Submission]]
    store.versions(unit_code) -> list[SubmissionRecord]
    store.diff(unit_code, v1, v2) -> list[CellDiff]

Portal (:mod:`.access`, :mod:`.audit`, :mod:`.justifications`, :mod:`.upload`)::

    receive_upload(store, review, file_name, data, account=, for_unit=) -> Upload
    store.issue_codes(units) / revoke_unit(unit) / add_staff(name, role) / sign_in(name, secret)
    store.open_session(principal) / principal_for(token) / close_session(token)
    store.audit(actor, action, ...) / audit_log() / record_upload(...) / upload_notes(ids)
    store.justify(review, submission_id, finding_key, text, *, author) -> Justification
    store.justifications(review, unit_code=None) -> list[Justification]
    store.warnings_to_justify(review, unit_code) -> list[tuple[Finding, Justification | None]]
"""

# Every table module is imported so Base.metadata describes the whole database.
from reportgen.store import flow_tables, jobs_table  # noqa: F401
from reportgen.store.accounts import IssuedCode, Principal, Role, SignIn
from reportgen.store.assign import assign
from reportgen.store.audit import AuditEntry, UploadNote
from reportgen.store.board import BoardSummary, summarize
from reportgen.store.diff import CellDiff, describe_diff
from reportgen.store.justifications import Justification, finding_keys
from reportgen.store.ledger import Store
from reportgen.store.opening import default_url, open_store
from reportgen.store.receive import MAX_FILE_BYTES, Receipt, receive_file
from reportgen.store.records import (
    Recovery,
    SetAside,
    SubmissionRecord,
    SubmitResult,
    UnidentifiedFile,
)
from reportgen.store.recovery import set_aside

__all__ = [
    "MAX_FILE_BYTES",
    "AuditEntry",
    "BoardSummary",
    "CellDiff",
    "IssuedCode",
    "Justification",
    "Principal",
    "Receipt",
    "Recovery",
    "Role",
    "SetAside",
    "SignIn",
    "Store",
    "SubmissionRecord",
    "SubmitResult",
    "UnidentifiedFile",
    "UploadNote",
    "assign",
    "default_url",
    "describe_diff",
    "finding_keys",
    "open_store",
    "receive_file",
    "set_aside",
    "summarize",
]
