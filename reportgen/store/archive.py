"""Received files, kept byte for byte under ``inputs/<review>/<unit>/``; never overwritten.

A file is first written to a temporary name in its final folder (and fsynced), then linked
into place with ``os.link``, which fails rather than replace an existing file. A temporary
file left by a crash ends in ``.tmp``, is never counted, and is removed an hour later.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import time
import unicodedata
from pathlib import Path

__all__ = ["UNIDENTIFIED", "Archive"]

UNIDENTIFIED = "_khong-xac-dinh"  # folder of files whose unit could not be read
_SAFE_UNIT = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_MAX_NAME_BYTES = 200  # file systems allow 255 bytes; leave room for the prefix
_STALE_SECONDS = 3600


class Archive:
    """The folder ``inputs/<review>/`` and the files in it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def relative_path(
        self, unit_code: str | None, received_at: dt.datetime, sha256: str, file_name: str
    ) -> str:
        """``<unit>/<YYYYmmddTHHMMSSZ>-<sha256[:12]>-<original name>`` (POSIX separators)."""
        folder = unit_code if unit_code and _SAFE_UNIT.match(unit_code) else UNIDENTIFIED
        stamp = received_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        return f"{folder}/{stamp}-{sha256[:12]}-{safe_name(file_name)}"

    def write_temp(self, relative: str, data: bytes) -> Path:
        """Write ``data`` to a fresh temporary file next to where it will live, fsynced."""
        final = self.root / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = final.parent / f".{secrets.token_hex(8)}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        return temp

    def place(self, temp: Path, relative: str) -> Path:
        """Link ``temp`` to its final name (refusing to replace anything) and drop the temp name."""
        final = self.root / relative
        os.link(temp, final)  # FileExistsError rather than overwrite
        temp.unlink()
        _fsync_dir(final.parent)
        return final

    def remove(self, *paths: Path | None) -> None:
        """Best-effort removal of files this submit created (used only when it fails)."""
        for path in paths:
            if path is not None:
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass

    def clean_stale_temps(self, older_than: float = _STALE_SECONDS) -> int:
        """Remove ``*.tmp`` files older than ``older_than`` seconds left by crashed submits."""
        if not self.root.is_dir():
            return 0
        cutoff = time.time() - older_than
        removed = 0
        for temp in self.root.glob("*/.*.tmp"):
            try:
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()
                    removed += 1
            except FileNotFoundError:  # another process cleaned it first
                pass
        return removed


def safe_name(file_name: str) -> str:
    """The original name without folders or characters file systems refuse, at most 200 bytes."""
    name = unicodedata.normalize("NFC", file_name.replace("\\", "/").rsplit("/", 1)[-1])
    name = _UNSAFE_NAME.sub("_", name).strip(" .") or "tep"
    if len(name.encode()) <= _MAX_NAME_BYTES:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        stem, ext = name, ""
    budget = _MAX_NAME_BYTES - len(ext.encode()) - 1
    short = stem.encode()[:budget].decode(errors="ignore")
    return f"{short}.{ext}" if ext else short


def _fsync_dir(path: Path) -> None:
    # Makes the new directory entry durable; not possible on every platform (e.g. Windows).
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
