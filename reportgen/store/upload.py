"""One file received through the portal: kept, checked and recorded as ``reportgen submit`` does.

:func:`receive_upload` takes the CLI's path (:func:`reportgen.store.receive.receive_file`):
the bytes are staged in the archive (``Archive.stage``), read by intake
(:func:`~reportgen.store.receive.submission_of`) and recorded (``Store.commit``); then it
remembers who sent the file, for which unit and by which channel, and appends the audit line.
A file is kept byte for byte whatever its verdict; the same bytes sent twice (a double click)
are one version.

A unit that sends another unit's workbook does not add a version to that unit: the file is kept
as unidentified with an ``upload-other-unit`` error, visible to the sender only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportgen.definition.model import Review
from reportgen.findings import Finding, Location, Verdict
from reportgen.intake.model import Submission
from reportgen.intake.pool import Checker
from reportgen.messages import make_finding
from reportgen.store.board import counting_record
from reportgen.store.db import FindingRow, SubmissionRow
from reportgen.store.ledger import Store
from reportgen.store.receive import MAX_FILE_BYTES, submission_of
from reportgen.store.records import SubmissionRecord, SubmitResult, record_of
from reportgen.store.rows import finding_of

__all__ = [
    "Upload",
    "counts",
    "receive_upload",
    "record_by_id",
    "stored_findings",
    "unit_may_see",
    "visible_to_unit",
]

_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Upload:
    """What happened to a received file, and whether the sender may see the stored record."""

    result: SubmitResult
    submission: Submission  # as checked (without the store's own findings)
    visible: bool  # False: the same bytes were already received for another unit


def _file_name(name: str) -> str:
    # Browsers escape only '"', CR and LF in multipart file names (WHATWG): undo that, then
    # keep the last part of a path some browsers send ("C:\\Users\\…\\bao-cao.xlsx").
    name = name.replace("%22", '"').replace("%0D", " ").replace("%0A", " ")
    base = PurePath(name.replace("\\", "/")).name.strip()
    return base[:200] or "tep-khong-ten.xlsx"


def receive_upload(
    store: Store,
    review: Review,
    file_name: str,
    data: bytes,
    *,
    account: str,
    for_unit: str | None,
    channel: str = "",
    note: str = "",
    address: str = "",
    received_at: dt.datetime | None = None,
    check: Checker | None = None,
) -> Upload:
    """Keep, check and record one file sent by ``account`` acting for ``for_unit``.

    ``check`` reads the staged bytes (the portal passes its process pool's); by default they
    are read in this thread, as ``reportgen submit`` does.

    Raises :class:`~reportgen.errors.StoreError` when the store cannot record it (the staged
    bytes are then removed by ``Store.commit``).
    """
    name = _file_name(file_name)
    chunks = (data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK))
    staged = store.archive.stage(chunks, keep_up_to=MAX_FILE_BYTES)
    try:
        submission = _for_unit(
            review, submission_of(review, name, staged, check=check), name, for_unit
        )
    except BaseException:
        store.archive.discard(staged)
        raise
    result = store.commit(submission, staged, received_at)
    return _after(store, result, submission, name, account=account, for_unit=for_unit,
                  channel=channel, note=note, address=address)  # fmt: skip


def _for_unit(
    review: Review, submission: Submission, name: str, for_unit: str | None
) -> Submission:
    """Another unit's workbook sent for ``for_unit`` counts for nobody (kept as unidentified)."""
    if (
        for_unit is not None
        and submission.unit_code is not None
        and submission.unit_code != for_unit
    ):
        other = review.unit_by_code.get(submission.unit_code)
        wrong = make_finding(
            "upload-other-unit",
            Location(file=name),
            value=submission.unit_code,
            other=submission.unit_code,
            other_name=other.name if other else "",
            unit=for_unit,
        )
        submission = dataclasses.replace(
            submission, unit_code=None, findings=(wrong, *submission.findings)
        )
    return submission


def _after(
    store: Store,
    result: SubmitResult,
    submission: Submission,
    name: str,
    *,
    account: str,
    for_unit: str | None,
    channel: str,
    note: str,
    address: str,
) -> Upload:
    line: dict[str, Any] = dict(actor=account, action="file-uploaded", unit_code=for_unit,
                object_id=result.submission_id, sha256=submission.sha256,
                outcome="duplicate" if result.duplicate else str(result.verdict),
                address=address, file_name=name, channel=channel)  # fmt: skip
    visible = True
    if result.duplicate:
        seen = store.versions(for_unit) if for_unit else []
        mine = {r.submission_id for r in seen} | set(store.sent_for(for_unit or ""))
        visible = for_unit is None or result.submission_id in mine
        store.audit(**line)
    else:
        store.record_upload(result.submission_id, account, for_unit=for_unit, channel=channel,
                            note=note, audit=line)  # fmt: skip
    return Upload(result, submission, visible)


def record_by_id(store: Store, submission_id: int) -> SubmissionRecord | None:
    """One stored version of the store's review by id (None when there is none)."""
    with Session(store.engine) as session, session.begin():
        row = session.get(SubmissionRow, submission_id)
        if row is None or row.review_id != store.review.id:
            return None
        return record_of(row, store.archive)


def stored_findings(store: Store, submission_id: int) -> tuple[Finding, ...]:
    """The stored findings of one file (intake's and the store's), without its values."""
    with Session(store.engine) as session, session.begin():
        query = select(FindingRow).where(FindingRow.submission_id == submission_id)
        return tuple(finding_of(r) for r in session.scalars(query.order_by(FindingRow.id)))


def counts(store: Store, record: SubmissionRecord) -> bool:
    """Whether ``record`` is its unit's counting version — the same answer as
    ``store.versions(unit)``'s mark, from at most two rows instead of the unit's whole history:
    the version a locked (đã duyệt) unit is pinned to, and its newest acceptable version."""
    if record.unit_code is None:
        return False
    mark = store.marks().get(record.unit_code)
    locked = mark.submission_id if mark is not None and mark.locked else None
    mine = (SubmissionRow.review_id == store.review.id) & (
        SubmissionRow.unit_code == record.unit_code
    )
    newest = (
        select(SubmissionRow)
        .where(mine, SubmissionRow.version.is_not(None))
        .where(SubmissionRow.verdict != Verdict.REJECTED.value)
        .order_by(SubmissionRow.version.desc(), SubmissionRow.id.desc())
        .limit(1)
    )
    with Session(store.engine) as session, session.begin():
        rows = list(session.scalars(newest))
        if locked is not None:
            rows += session.scalars(select(SubmissionRow).where(mine, SubmissionRow.id == locked))
        candidates = [record_of(r, store.archive) for r in rows]
    found = counting_record(candidates, locked)
    return found is not None and found.submission_id == record.submission_id


def unit_may_see(store: Store, unit_code: str, record: SubmissionRecord) -> bool:
    """Whether ``record`` is among :func:`visible_to_unit` (without listing them all)."""
    return record.unit_code == unit_code or record.submission_id in store.sent_for(unit_code)


def visible_to_unit(store: Store, unit_code: str) -> list[SubmissionRecord]:
    """Every stored file a unit may see: its versions, and what it sent that counted for none."""
    own = store.versions(unit_code)
    known = {r.submission_id for r in own}
    extra = [
        r
        for sid in store.sent_for(unit_code)
        if sid not in known and (r := record_by_id(store, sid)) is not None
    ]
    return [*own, *extra]
