"""The intake library API: check one file or many, never raising for a bad file.

:func:`check_file` reads, identifies and validates one submitted file into a
:class:`~reportgen.intake.model.Submission`; :func:`inspect_file` also returns the raw values
the annotated copy needs; :func:`check_files` checks many, optionally on several processes,
sending back compact results (findings as tuples) rather than pickled sheets.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from reportgen.definition.model import Review
from reportgen.findings import Finding, Location, Severity
from reportgen.intake.guard import DEFAULT_LIMITS
from reportgen.intake.identify import UNREAD_SHEETS
from reportgen.intake.model import Submission
from reportgen.intake.read import read_workbook
from reportgen.intake.validate import Validated, validate
from reportgen.messages import make_finding
from reportgen.numbers import format_number

__all__ = [
    "SPREADSHEET_SUFFIXES",
    "FolderScan",
    "Progress",
    "Skipped",
    "check_file",
    "check_files",
    "default_workers",
    "inspect_file",
    "scan_folder",
    "size_text",
    "spreadsheets_in",
]

log = logging.getLogger("reportgen.intake")

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
Progress = Callable[[int, int, Path], None]  # (files done, files in all, the file just done)
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Skipped:
    """A folder entry that is not read, and why (Vietnamese)."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class FolderScan:
    """Every entry directly in a folder: the spreadsheets to read, and the rest with a reason."""

    spreadsheets: tuple[Path, ...]
    skipped: tuple[Skipped, ...]


def scan_folder(directory: Path) -> FolderScan:
    """Sort every entry of ``directory`` into spreadsheets (by extension) and skipped entries."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(("~$", ".~lock")):
            skipped.append(
                Skipped(path, "tệp khóa tạm của Excel/LibreOffice, không phải bảng tính")
            )
        elif path.is_dir():
            skipped.append(Skipped(path, "thư mục con, không quét (hãy chỉ ra riêng nếu cần)"))
        elif not path.is_file():
            skipped.append(Skipped(path, "không phải tệp thường"))
        elif path.suffix.lower() in SPREADSHEET_SUFFIXES:
            found.append(path)
        else:
            suffixes = ", ".join(SPREADSHEET_SUFFIXES)
            skipped.append(Skipped(path, f"không phải bảng tính (chỉ đọc {suffixes})"))
    return FolderScan(tuple(found), tuple(skipped))


def spreadsheets_in(directory: Path) -> list[Path]:
    """Every spreadsheet file directly in ``directory``, sorted (see :func:`scan_folder`)."""
    return list(scan_folder(directory).spreadsheets)


def _read_bounded(path: Path, limit: int) -> tuple[bytes | None, str, int]:
    """``(bytes or None if over limit, sha256, size)`` in one pass and at most ``limit`` in memory."""
    digest = hashlib.sha256()
    kept: list[bytes] | None = []
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if kept is not None:
                kept.append(chunk)
                if size > limit:
                    kept = None
    return (b"".join(kept) if kept is not None else None), digest.hexdigest(), size


def inspect_file(review: Review, path: Path, *, data: bytes | None = None) -> Validated:
    """Check one file and keep its raw input values (for :func:`~reportgen.intake.annotate`).

    Never raises for the file's content: an unexpected error becomes an ``internal-error``
    finding (and is logged with its traceback).
    """
    name = path.name
    digest: str | None = None
    try:
        if data is None:
            # Never more than the size limit in memory: a 2 GB file is hashed, not loaded.
            data, digest, size = _read_bounded(path, DEFAULT_LIMITS.max_file_bytes)
            if data is None:
                too_large = make_finding(
                    "file-too-large",
                    Location(file=name),
                    size=size_text(size),
                    limit=size_text(DEFAULT_LIMITS.max_file_bytes),
                )
                sub = Submission(review.id, None, name, digest, size, findings=(too_large,))
                return Validated(sub, {})
    except OSError as exc:
        detail = f"không đọc được tệp: {exc.strerror or exc}"
        return _failed(review, name, b"", "internal-error", detail=detail)
    try:
        raw, findings = read_workbook(data, name, skip=UNREAD_SHEETS)
        size = len(data)
        if digest is None:  # bytes handed in: not hashed while reading
            digest = hashlib.sha256(data).hexdigest()
        if raw is None:
            sub = Submission(review.id, None, name, digest, size, findings=tuple(findings))
            return Validated(sub, {})
        checked = validate(review, raw, file_name=name, sha256=digest, size=size)
        if findings:  # the reader's own findings (macros, a renamed type…) come first
            sub = dataclasses.replace(
                checked.submission, findings=(*findings, *checked.submission.findings)
            )
            return dataclasses.replace(checked, submission=sub)
        return checked
    except Exception as exc:
        log.exception("lỗi nội bộ khi kiểm tra %s", path)
        return _failed(
            review, name, data, "internal-error", detail=f"{type(exc).__name__}: {exc}"[:200]
        )


def size_text(n: int) -> str:
    """A byte count for people: ``2,2 GB``, ``20 MB``, ``12 KB``."""
    if n >= 1024**3:
        return f"{format_number(n / 1024**3, 1)} GB"
    if n >= 1024**2:
        return f"{format_number(n / 1024**2, 1)} MB"
    return f"{format_number(max(1, round(n / 1024)), 0)} KB"


def _failed(review: Review, name: str, data: bytes, code: str, **params: Any) -> Validated:
    finding = make_finding(code, Location(file=name), **params)
    digest = hashlib.sha256(data).hexdigest()
    return Validated(Submission(review.id, None, name, digest, len(data), findings=(finding,)), {})


def check_file(review: Review, path: Path, *, data: bytes | None = None) -> Submission:
    """Read, identify and validate one submitted file; never raises for a bad file."""
    return inspect_file(review, path, data=data).submission


# -- many files ------------------------------------------------------------------------------
def default_workers() -> int:
    """Processes for a folder check: every core this process may use (at least one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


_Packed = tuple[Submission, tuple[tuple[Any, ...], ...]]
_WORKER_REVIEW: list[Review] = []


def _pack(sub: Submission) -> _Packed:
    """Findings hold MappingProxyType params, which do not pickle: send plain tuples."""
    found = tuple(
        (f.code, f.severity.value, dataclasses.astuple(f.location), f.value, dict(f.params))
        for f in sub.findings
    )
    return dataclasses.replace(sub, findings=()), found


def _unpack(packed: _Packed) -> Submission:
    sub, found = packed
    findings = tuple(
        Finding(code, Severity(sev), Location(*loc), value, MappingProxyType(params))
        for code, sev, loc, value, params in found
    )
    return dataclasses.replace(sub, findings=findings)


def _init_worker(review: Review) -> None:
    _WORKER_REVIEW[:] = [review]


def _check_in_worker(path: Path) -> _Packed:
    return _pack(check_file(_WORKER_REVIEW[0], path))


def check_files(
    review: Review, paths: Iterable[Path], *, progress: Progress | None = None, workers: int = 1
) -> Iterator[Submission]:
    """Check every file in ``paths``, in order; never raises for a bad file.

    With ``workers`` > 1 the files are checked in that many processes (the review is sent
    once per process; results come back as compact tuples).
    """
    paths = list(paths)
    total = len(paths)
    if workers <= 1 or total < 2:
        for done, path in enumerate(paths, start=1):
            sub = check_file(review, path)
            if progress is not None:
                progress(done, total, path)
            yield sub
        return
    from concurrent.futures import ProcessPoolExecutor  # not for one file: 10 ms of imports

    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(review,)
    ) as pool:
        chunk = max(1, min(32, total // (workers * 4)))
        for done, (path, packed) in enumerate(
            zip(paths, pool.map(_check_in_worker, paths, chunksize=chunk), strict=True), start=1
        ):
            if progress is not None:
                progress(done, total, path)
            yield _unpack(packed)
