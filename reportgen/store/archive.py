"""Received files, kept byte for byte under ``inputs/<review>/<unit>/``; never overwritten.

A file is first streamed (hashed on the way) to a temporary name in ``.incoming/`` and
fsynced, then linked to its final name with ``os.link``, which fails rather than replace an
existing file. From its first byte to the commit of its row, the writing process holds an
exclusive ``flock`` on the file's inode (the temporary and the final name share it). The lock
dies with the process, even on SIGKILL, so an unlocked temporary file, or an unlocked final
file without a row, was left by a crash: :mod:`reportgen.store.recovery` removes the first and
adopts (or moves aside) the second on the next open. Where ``flock`` does not exist (Windows)
temporary files are removed only after an hour, as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import shutil
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "ASIDE",
    "INCOMING",
    "UNIDENTIFIED",
    "Archive",
    "Staged",
    "checked_key",
    "parse_stored_name",
]

UNIDENTIFIED = "_khong-xac-dinh"  # folder of files whose unit could not be read
INCOMING = ".incoming"  # temporary names while a file is being received
ASIDE = "_tach-rieng"  # files recovery could not adopt, moved here and reported
_SAFE_UNIT = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_STORED_NAME = re.compile(r"^(\d{8}T\d{6}Z)-([0-9a-f]{12})-(.+)$")
_MAX_NAME_BYTES = 200  # file systems allow 255 bytes; leave room for the prefix
_STALE_SECONDS = 3600
_CHUNK = 1024 * 1024


@dataclass(slots=True)
class Staged:
    """A received file under its temporary name, locked by this process until released.

    ``data`` holds the bytes when there were at most ``keep_up_to`` of them (what intake
    reads); a bigger file is on disk only.
    """

    temp: Path
    fd: int
    sha256: str
    size: int
    data: bytes | None


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

    # -- receiving -------------------------------------------------------------------------

    def stage(self, chunks: Iterable[bytes], *, keep_up_to: int) -> Staged:
        """Stream ``chunks`` to a fresh, locked temporary file, hashing them; fsynced.

        At most ``keep_up_to`` bytes are also kept in memory (``Staged.data``); beyond that
        the file goes to disk only, so a 2 GB file costs one chunk of memory.
        """
        folder = self.root / INCOMING
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = _locked_temp(folder)
        digest = hashlib.sha256()
        kept: list[bytes] | None = []
        size = 0
        try:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                if kept is not None:
                    kept.append(chunk)
                    if size > keep_up_to:
                        kept = None
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
            os.fsync(fd)
        except BaseException:
            _drop(temp)
            os.close(fd)
            raise
        data = b"".join(kept) if kept is not None else None
        return Staged(temp, fd, digest.hexdigest(), size, data)

    def place(self, staged: Staged, relative: str) -> Path | None:
        """Link the staged file to its final name, refusing to replace anything.

        The temporary name stays until :meth:`finish`, so a failed commit can be retried.
        """
        final = self.root / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        os.link(staged.temp, final)  # FileExistsError rather than overwrite
        _fsync_dir(final.parent)
        return final

    def finish(self, staged: Staged) -> None:
        """After the commit: drop the temporary name and release the lock."""
        _drop(staged.temp)
        self.release(staged)

    def release(self, staged: Staged) -> None:
        """Give up the lock (once; the descriptor number could be reused afterwards)."""
        if staged.fd >= 0:
            fd, staged.fd = staged.fd, -1
            os.close(fd)

    def discard(self, staged: Staged, placed: str | None = None) -> None:
        """Remove both names of a failed or duplicate submit, then release the lock."""
        _drop(staged.temp)
        if placed is not None:
            self.remove(placed)
        self.release(staged)

    def same_bytes(self, relative: str, staged: Staged) -> bool:
        """Whether ``relative`` holds exactly the staged bytes (a copy a crash left behind)."""
        digest = hashlib.sha256()
        for chunk in self.chunks(relative):
            digest.update(chunk)
        return digest.hexdigest() == staged.sha256

    # -- stored files, by key (relative POSIX path): what every reader goes through ---------

    @property
    def location(self) -> str:
        """Where the files are, for people: the folder."""
        return str(self.root)

    def url(self, relative: str) -> str:
        """Where one stored file is, for people (a path here, ``s3://…`` on S3)."""
        return str(self.root / relative)

    def local_path(self, relative: str) -> Path | None:
        """The file on this machine's disk (None on object storage)."""
        return self.root / relative

    def chunks(self, relative: str) -> Iterator[bytes]:
        """The bytes of a stored file in 1 MiB chunks; ``FileNotFoundError`` if none."""
        return file_chunks(self.root / checked_key(relative))

    def get(self, relative: str) -> bytes:
        """The whole bytes of a stored file (small files: cover documents, workbooks)."""
        return (self.root / checked_key(relative)).read_bytes()

    def exists(self, relative: str) -> bool:
        """Whether a file is stored under ``relative``."""
        return (self.root / checked_key(relative)).is_file()

    def put(self, relative: str, data: bytes) -> None:
        """Store ``data`` under a new key, whole or not at all; ``FileExistsError`` if taken."""
        staged = self.stage([data], keep_up_to=0)
        try:
            self.place(staged, checked_key(relative))
        finally:
            self.finish(staged)

    def replace(self, relative: str, data: bytes) -> None:
        """Write a bookkeeping file that may be rewritten (the set-aside reasons), atomically."""
        target = self.root / checked_key(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{secrets.token_hex(8)}.tmp-write")
        temp.write_bytes(data)
        temp.replace(target)

    def remove(self, relative: str) -> None:
        """Remove a stored name whose row was never committed (a rolled-back or taken-over write)."""
        _drop(self.root / checked_key(relative))

    delete = remove  # the name the cover documents' code uses

    def keys(self, prefix: str = "") -> list[str]:
        """Every stored file under ``prefix`` (temporary files excluded), sorted."""
        if not self.root.is_dir():
            return []
        found = (
            p.relative_to(self.root).as_posix()
            for p in self.root.rglob("*")
            if p.is_file() and not p.name.startswith(".") and INCOMING not in p.parts
        )
        return sorted(k for k in found if k.startswith(prefix))

    def claim(self, relative: str) -> AbstractContextManager[bool]:
        """:meth:`abandoned` for a stored name: whether its writer is gone."""
        return self.abandoned(self.root / relative)

    # -- recovery --------------------------------------------------------------------------

    def stored_files(self) -> Iterator[str]:
        """Relative paths of every file in the unit folders (not temporary, not set aside)."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if not folder.is_dir() or folder.name in (INCOMING, ASIDE) or folder.name[0] == ".":
                continue
            for path in sorted(folder.iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    yield f"{folder.name}/{path.name}"

    def temp_files(self) -> list[Path]:
        """Temporary files: ``.incoming/*.tmp`` and, from older versions, ``<unit>/.*.tmp``."""
        if not self.root.is_dir():
            return []
        return [*self.root.glob(f"{INCOMING}/.*.tmp"), *self.root.glob("*/.*.tmp")]

    @contextmanager
    def abandoned(self, path: Path) -> Iterator[bool]:
        """Yield whether no live process holds ``path``; while True, this process holds it.

        Without ``flock`` a file counts as abandoned an hour after it was last written.
        """
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            yield False
            return
        try:
            if fcntl is None:  # pragma: no cover - Windows
                yield os.fstat(fd).st_mtime < time.time() - _STALE_SECONDS
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            # The name may have been unlinked (or reused) between open and lock.
            yield _same_file(path, fd)
        finally:
            os.close(fd)

    def move_aside(self, relative: str) -> str:
        """Move a file recovery could not adopt to ``_tach-rieng/`` (never deleted); new relative path."""
        source = self.root / relative
        target_dir = self.root / ASIDE
        target_dir.mkdir(exist_ok=True)
        name = relative.replace("/", "__")
        target = target_dir / name
        while target.exists():
            target = target_dir / f"{secrets.token_hex(3)}-{name}"
        shutil.move(source, target)
        return f"{ASIDE}/{target.name}"

    def unlink(self, path: Path) -> None:
        """Remove a dead process's temporary file."""
        _drop(path)


def _locked_temp(folder: Path) -> tuple[int, Path]:
    """A new ``.<random>.tmp`` in ``folder``, opened and exclusively locked."""
    while True:
        temp = folder / f".{secrets.token_hex(8)}.tmp"
        fd = os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        if fcntl is None:  # pragma: no cover - Windows
            return fd, temp
        fcntl.flock(fd, fcntl.LOCK_EX)
        # Recovery may have taken the name between our open and our lock (it saw an unlocked
        # file): if the name is gone, start again with another.
        if _same_file(temp, fd):
            return fd, temp
        os.close(fd)


def _same_file(path: Path, fd: int) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def _drop(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def checked_key(key: str) -> str:
    """``key`` if it is a relative POSIX path without ``..``, ``.`` or empty parts, else StoreError."""
    if not key or key.startswith("/") or "\\" in key or "\x00" in key:
        raise StoreError(f"Tên tệp trong kho không hợp lệ: {key!r}")
    if any(part in ("", ".", "..") for part in key.split("/")):
        raise StoreError(f"Tên tệp trong kho không hợp lệ: {key!r}")
    return key


def parse_stored_name(relative: str) -> tuple[str, dt.datetime, str, str] | None:
    """``(folder, received_at, sha256 prefix, original name)`` of a stored path, or None."""
    folder, _, name = relative.partition("/")
    match = _STORED_NAME.match(name)
    if not match:
        return None
    try:
        when = dt.datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return folder, when, match[2], match[3]


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


def file_chunks(path: Path) -> Iterator[bytes]:
    """The bytes of ``path`` in 1 MiB chunks."""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


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
