"""Crash recovery, run on every open: nothing a killed submit leaves behind blocks, hides or lingers.

A submit killed at any step (see :mod:`reportgen.store.crash`) can leave:

* a temporary file (``.incoming/.<random>.tmp``): removed as soon as no live process holds
  its lock;
* a file under its final name without a row (killed between the link and the commit): it is
  *adopted* — read again by intake and recorded, as it would have been, with its receipt time
  from its name and a ``recovered-after-crash`` note — or, when it cannot be (a name not made
  by the store, bytes that do not match the hash in the name, bytes already recorded), moved
  to ``_tach-rieng/`` and listed there with the reason. Nothing is deleted silently.

A file still locked belongs to a submit in progress in another process and is left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import replace

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reportgen.findings import Location
from reportgen.messages import make_finding
from reportgen.numbers import format_date_short
from reportgen.store.archive import ASIDE, Staged, parse_stored_name
from reportgen.store.blobs import BlobStore
from reportgen.store.db import lock_unit
from reportgen.store.deadline import LOCAL_TZ
from reportgen.store.ledger import Store
from reportgen.store.receive import MAX_FILE_BYTES, submission_of
from reportgen.store.records import Recovery, SetAside

__all__ = ["REASONS_FILE", "read_stored", "recover", "set_aside"]

log = logging.getLogger("reportgen.store")
REASONS_FILE = ".ly-do.json"  # in _tach-rieng/: why each file is there


def recover(store: Store) -> Recovery:
    """Remove dead temporary files; adopt or set aside placed files that have no row."""
    archive = store.archive
    removed = 0
    for temp in archive.temp_files():
        with archive.abandoned(temp) as dead:
            if dead:
                archive.unlink(temp)
                removed += 1
    known = store.stored_paths()
    adopted: list[str] = []
    aside: list[SetAside] = []
    for relative in archive.stored_files():
        if relative in known:
            continue
        with archive.claim(relative) as dead:
            # Locked: a submit in progress. Unlocked: its writer is gone — unless it committed
            # between our listing and our lock, which the second look catches.
            if not dead or store.knows(relative):
                continue
            reason = _adopt(store, relative)
            if reason is None:
                adopted.append(relative)
                log.warning("đã khôi phục tệp %s (ghi nhận lại sau sự cố)", relative)
            else:
                moved = _move_aside(store, relative, reason)
                aside.append(moved)
                log.warning("đã tách riêng tệp %s: %s", relative, reason)
    return Recovery(removed, tuple(adopted), tuple(aside))


def _adopt(store: Store, relative: str) -> str | None:
    """Record the file at ``relative``; None when done, else why it cannot be."""
    parsed = parse_stored_name(relative)
    if parsed is None:
        return "tên tệp không do kho tệp đặt (có thể do người chép vào)"
    _folder, when, prefix, name = parsed
    staged = read_stored(store.archive, relative)
    if staged.sha256[:12] != prefix:
        return "nội dung tệp không khớp mã băm ghi trong tên (tệp đã bị sửa?)"
    if store.knows(relative, staged.sha256):
        return "cùng nội dung với một tệp đã ghi nhận"
    submission = submission_of(store.review, name, staged)
    note = make_finding(
        "recovered-after-crash",
        Location(file=name),
        received=when.astimezone(LOCAL_TZ).strftime("%H:%M:%S ")
        + format_date_short(when.astimezone(LOCAL_TZ).date()),
    )
    submission = replace(submission, findings=(*submission.findings, note))
    try:
        with Session(store.engine) as session, session.begin():
            lock_unit(session, store.review.id, submission.unit_code)
            store.insert(session, submission, when, relative, recovered=True)
    except IntegrityError:
        # Another process adopted it, or received the same bytes, at the same moment.
        return None if store.knows(relative) else "cùng nội dung với một tệp đã ghi nhận"
    return None


def read_stored(blobs: BlobStore, relative: str) -> Staged:
    """The stored file's hash and size, and its bytes when small enough for intake (one pass)."""
    digest = hashlib.sha256()
    kept: list[bytes] | None = []
    size = 0
    for chunk in blobs.chunks(relative):
        digest.update(chunk)
        size += len(chunk)
        if kept is not None:
            kept.append(chunk)
            if size > MAX_FILE_BYTES:
                kept = None
    data = b"".join(kept) if kept is not None else None
    return Staged(blobs.root / relative, -1, digest.hexdigest(), size, data)


def _move_aside(store: Store, relative: str, reason: str) -> SetAside:
    moved = store.archive.move_aside(relative)
    entry = SetAside(moved, relative, reason, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    reasons = _reasons(store.archive)
    reasons[moved.rsplit("/", 1)[-1]] = {
        "original": relative,
        "reason": reason,
        "moved_at": entry.moved_at,
    }
    text = json.dumps(reasons, ensure_ascii=False, indent=1)
    store.archive.replace(f"{ASIDE}/{REASONS_FILE}", text.encode())
    return entry


def _reasons(blobs: BlobStore) -> dict[str, dict[str, str]]:
    try:
        data = json.loads(blobs.get(f"{ASIDE}/{REASONS_FILE}").decode("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def set_aside(store: Store) -> list[SetAside]:
    """Every file in ``_tach-rieng/``, with the reason recovery gave (the board lists them)."""
    keys = store.archive.keys(f"{ASIDE}/")
    if not keys:
        return []
    reasons = _reasons(store.archive)
    out = []
    for key in keys:
        name = key.rsplit("/", 1)[-1]
        if key.count("/") == 1 and not name.startswith("."):
            why = reasons.get(name, {})
            out.append(
                SetAside(
                    key,
                    why.get("original", ""),
                    why.get("reason", "tệp được tách riêng khỏi kho"),
                    why.get("moved_at", ""),
                )
            )
    return out
