"""The non-empty cells of each unit kind's blank workbook, kept on disk between processes.

:func:`reportgen.intake.validate.blank_content` writes a unit kind's blank workbook with the
real writer and reads it back with the real reader (about 0,1 s, plus importing xlsxwriter).
``reportgen check FILE`` and each worker of a folder check would pay that on every start, so
the result is also stored as a small JSON file. Its name is a digest of everything the result
depends on: the review's identity and fingerprint, the unit kind, every reportgen module (its
size and modification time) and the versions of xlsxwriter and python-calamine, so any change
to any of them gives a new name and the blank is written again. A cache file that cannot be
read or written is ignored.

The folder is ``$REPORTGEN_CACHE`` if set (an empty value turns the cache off), else
``$XDG_CACHE_HOME/reportgen`` or ``~/.cache/reportgen``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from functools import cache
from pathlib import Path

__all__ = ["cache_dir", "load", "store"]

log = logging.getLogger("reportgen.intake")

_PACKAGE = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    """Where the cache lives, or None when ``REPORTGEN_CACHE`` is set empty (no cache)."""
    configured = os.environ.get("REPORTGEN_CACHE")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportgen"


@cache
def _code_digest() -> str:
    """Digest of every reportgen module (path, size, modification time: a stat, no read) and
    of the writer's and reader's versions."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        stat = path.stat()
        digest.update(
            f"{path.relative_to(_PACKAGE)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode()
        )
    for dist in ("xlsxwriter", "python-calamine"):
        try:
            digest.update(f"{dist}={version(dist)}\0".encode())
        except PackageNotFoundError:  # pragma: no cover - both are dependencies
            digest.update(f"{dist}=?\0".encode())
    return digest.hexdigest()


def _path(key: tuple[str, str, str]) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    name = hashlib.sha256("\0".join((*key, _code_digest())).encode()).hexdigest()[:32]
    return folder / "blank-content" / f"{name}.json"


def load(key: tuple[str, str, str]) -> dict[str, frozenset[str]] | None:
    """The cached sheets → non-empty cells for ``key`` (review id, fingerprint, kind), or None."""
    try:
        path = _path(key)
        if path is None or not path.is_file():
            return None
        found = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(found, dict) or not all(
            isinstance(v, list) and all(isinstance(a, str) for a in v) for v in found.values()
        ):
            return None
        return {str(sheet): frozenset(cells) for sheet, cells in found.items()}
    except (OSError, ValueError) as exc:  # unreadable: written again by the caller
        log.debug("bộ nhớ đệm biểu mẫu trống không đọc được: %s", exc)
        return None


def store(key: tuple[str, str, str], sheets: dict[str, frozenset[str]]) -> None:
    """Keep ``sheets`` for ``key``; written to a temporary file then renamed (never half a file)."""
    try:
        path = _path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({sheet: sorted(cells) for sheet, cells in sheets.items()})
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:  # a read-only home, a full disk: the check goes on without it
        log.debug("không ghi được bộ nhớ đệm biểu mẫu trống: %s", exc)
