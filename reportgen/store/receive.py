"""Receive one file from disk: stream it into the archive, check it, record it — never raising.

``submit`` used to read a whole file into memory before any limit (2,3 GB for a 2,2 GB file).
Here the file is streamed to the archive in 1 MiB chunks while it is hashed; only a file of at
most :data:`MAX_FILE_BYTES` is also kept in memory and read by intake. A bigger one is kept
whole on disk, recorded with its size and SHA-256, and rejected with ``file-too-large``
without being opened as a workbook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportgen.definition.model import Review
from reportgen.errors import ReportgenError
from reportgen.findings import Location
from reportgen.intake.check import check_file, size_text
from reportgen.intake.guard import DEFAULT_LIMITS
from reportgen.intake.model import Submission
from reportgen.intake.pool import Checker
from reportgen.messages import make_finding
from reportgen.store.archive import Staged, file_chunks
from reportgen.store.ledger import Store
from reportgen.store.records import SubmitResult

__all__ = ["MAX_FILE_BYTES", "Receipt", "receive_file", "submission_of"]

MAX_FILE_BYTES = DEFAULT_LIMITS.max_file_bytes  # 20 MiB: intake's own limit


@dataclass(frozen=True, slots=True)
class Receipt:
    """What became of one file: its check and its record, or why it could not be kept.

    Exactly one of ``result`` and ``error`` is set; ``exit_code`` is the error's (0 if none).
    """

    path: Path
    submission: Submission | None
    result: SubmitResult | None
    error: str | None = None
    exit_code: int = 0


def receive_file(
    store: Store,
    path: Path,
    *,
    received_at: dt.datetime | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Receipt:
    """Keep, check and record the file at ``path``; a failure is the Receipt's ``error``.

    Only an interruption (Ctrl-C) propagates, after the file's half-written traces are removed.
    """
    try:
        staged = store.archive.stage(file_chunks(path), keep_up_to=max_bytes)
    except OSError as exc:
        where = exc.filename or path
        return Receipt(
            path, None, None, f"Không đọc/ghi được tệp {where}: {exc.strerror or exc}", 4
        )
    try:
        submission = submission_of(store.review, path.name, staged, max_bytes)
    except BaseException:
        store.archive.discard(staged)
        raise
    try:
        result = store.commit(submission, staged, received_at)
    except ReportgenError as exc:
        return Receipt(path, submission, None, exc.message, exc.exit_code)
    except OSError as exc:
        where = exc.filename or path
        return Receipt(
            path, submission, None, f"Không ghi được tệp {where}: {exc.strerror or exc}", 4
        )
    return Receipt(path, submission, result)


def submission_of(
    review: Review,
    file_name: str,
    staged: Staged,
    max_bytes: int = MAX_FILE_BYTES,
    *,
    check: Checker | None = None,
) -> Submission:
    """Intake's reading of a staged file, or ``file-too-large`` when it was not kept in memory.

    ``check`` reads the bytes elsewhere (the portal's :class:`~reportgen.intake.pool.CheckPool`);
    by default they are read here, in this thread.
    """
    if staged.data is not None and staged.size <= max_bytes:
        if check is not None:
            return check(file_name, staged.data)
        return check_file(review, Path(file_name), data=staged.data)
    finding = make_finding(
        "file-too-large",
        Location(file=file_name),
        size=size_text(staged.size),
        limit=size_text(max_bytes),
    )
    return Submission(review.id, None, file_name, staged.sha256, staged.size, findings=(finding,))
