"""A definition workbook uploaded while a review runs: checked, its text files, and put in place.

:func:`read_upload` checks the workbook exactly as ``reportgen review import`` does and gives
the ``review.yaml`` / ``units.csv`` it would write, without writing anything. :func:`install`
puts them in the review folder only after the old two files are copied, untouched, into
``<review folder>/phien-ban-cu/<time>/`` — a definition is never overwritten silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.definition.dump import write_definition
from reportgen.definition.load import REVIEW_FILE, UNITS_FILE
from reportgen.definition.model import Review
from reportgen.definition.workbook_import import import_definition_workbook
from reportgen.errors import ReportgenError
from reportgen.findings import Finding, Severity

__all__ = ["BACKUP_DIR", "ImportedDefinition", "install", "read_upload", "stage", "staged"]

BACKUP_DIR = "phien-ban-cu"


@dataclass(frozen=True, slots=True)
class ImportedDefinition:
    """The checked workbook: the review (None on error), its findings, the two text files."""

    review: Review | None
    findings: tuple[Finding, ...]
    yaml_text: str = ""
    csv_text: str = ""

    @property
    def ok(self) -> bool:
        """No error: the files can be downloaded and put in place."""
        return self.review is not None and not any(
            f.severity is Severity.ERROR for f in self.findings
        )

    def zip_bytes(self) -> bytes:
        """``review.yaml`` and ``units.csv`` in a zip (to keep under version control)."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(REVIEW_FILE, self.yaml_text)
            zf.writestr(UNITS_FILE, self.csv_text)
        return out.getvalue()


def read_upload(data: bytes, name: str) -> ImportedDefinition:
    """Check an uploaded definition workbook; nothing is written outside a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="reportgen-upload-") as tmp:
        review, findings = import_definition_workbook(data, tmp, name=name)
        if review is None:
            return ImportedDefinition(None, tuple(findings))
        folder = Path(tmp)
        return ImportedDefinition(
            review,
            tuple(findings),
            (folder / REVIEW_FILE).read_text(encoding="utf-8"),
            (folder / UNITS_FILE).read_text(encoding="utf-8"),
        )


def install(review_dir: Path, imported: ImportedDefinition, when: dt.datetime) -> Path:
    """Back up the review folder's two files, then write the imported ones; the backup folder.

    Raises :class:`ReportgenError` (Vietnamese) when the workbook had errors or the folder
    cannot be written; the old files are then left as they were.
    """
    if not imported.ok:
        raise ReportgenError("Bảng định nghĩa còn lỗi nên không được áp dụng.")
    stamp = when.strftime("%Y%m%d-%H%M%S")
    backup = review_dir / BACKUP_DIR / stamp
    n = 1
    while backup.exists():  # two confirmations in the same second: never one over the other
        n += 1
        backup = review_dir / BACKUP_DIR / f"{stamp}-{n}"
    try:
        backup.mkdir(parents=True)
        for name in (REVIEW_FILE, UNITS_FILE):
            if (review_dir / name).is_file():
                shutil.copy2(review_dir / name, backup / name)
        write_definition(review_dir, imported.yaml_text, imported.csv_text)
    except OSError as exc:
        raise ReportgenError(f"Không ghi được định nghĩa mới vào {review_dir}: {exc}") from exc
    return backup


_KEY = re.compile(r"^[0-9a-f]{64}$")


def stage(folder: Path, data: bytes, name: str) -> str:
    """Keep an uploaded workbook in ``folder`` under its SHA-256 until it is confirmed; the key.

    The staged copy is a file (not process memory), so the confirmation can reach another web
    worker that shares the folder.
    """
    key = hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{key}.xlsx"
    if not target.exists():
        tmp = folder / f".{key}.tmp"
        tmp.write_bytes(data)
        tmp.replace(target)
    (folder / f"{key}.name").write_text(name[:200], encoding="utf-8")
    return key


def staged(folder: Path, key: str) -> tuple[bytes, str] | None:
    """The staged workbook of ``key`` and its file name, or None (unknown or malformed key)."""
    if not _KEY.match(key):
        return None
    path = folder / f"{key}.xlsx"
    if not path.is_file():
        return None
    named = folder / f"{key}.name"
    name = named.read_text(encoding="utf-8") if named.is_file() else "dinh-nghia.xlsx"
    return path.read_bytes(), name
