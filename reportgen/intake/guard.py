"""Hostile-file checks that run before any parser: size, real type, zip bombs, encryption, macros.

A submitted file is untrusted. Before python-calamine sees a byte, :func:`sniff` decides what
the file really is from its magic bytes (never from its name) and refuses what we cannot read
safely. Zip-based formats go through :mod:`reportgen.intake.zipcheck` (central directory,
then the members the reader needs, inflated under a byte budget); the budgets themselves are
:class:`~reportgen.intake.limits.Limits`. The inflated worksheet XML is handed on, so the
reader can bound the cell grid *before* calamine allocates it (a two-cell xlsx with a cell at
XFD1048576 makes calamine 0.9 abort the process; see docs/readme/intake-read.md).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from types import MappingProxyType

from reportgen.findings import Finding, Location
from reportgen.intake.limits import (
    DEFAULT_LIMITS,
    Limits,
    Reject,
    corrupt,
    not_spreadsheet,
    size_text,
)
from reportgen.intake.zipcheck import EMPTY_ZIP_MAGIC, ZIP_MAGIC, sniff_zip
from reportgen.messages import make_finding

__all__ = ["DEFAULT_LIMITS", "FORMATS", "Limits", "Sniffed", "sniff"]

FORMATS = ("xlsx", "xlsm", "xls", "ods", "xlsb")

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What a file really is.

    ``format`` is one of :data:`FORMATS`, or None when the file must be rejected (then
    ``findings`` holds the one ``file-*`` error). ``members`` holds the inflated zip parts the
    reader needs to look at itself (workbook.xml, its rels, the worksheets, ODS content.xml).
    """

    format: str | None
    findings: tuple[Finding, ...] = ()
    members: Mapping[str, bytes] = field(default_factory=lambda: MappingProxyType({}))


def sniff(
    data: bytes,
    file_name: str,
    limits: Limits = DEFAULT_LIMITS,
    *,
    skip_sheets: Collection[str] = (),
) -> Sniffed:
    """Find the real type of ``data`` and refuse what cannot be read safely.

    Never raises for a bad file. Returns ``Sniffed(None, (error,))`` for an empty, too large,
    non-spreadsheet, corrupt, encrypted or zip-bomb file; otherwise the real format plus
    warnings (``file-type-mismatch``, ``file-has-macros``). The worksheets named in
    ``skip_sheets`` are left out of ``members`` (not inflated).
    """
    where = Location(file=file_name)
    try:
        if not data:
            raise Reject(make_finding("file-empty", where))
        if len(data) > limits.max_file_bytes:
            raise Reject(
                make_finding(
                    "file-too-large",
                    where,
                    size=size_text(len(data)),
                    limit=size_text(limits.max_file_bytes),
                )
            )
        if data.startswith(ZIP_MAGIC):
            fmt, members, notes = sniff_zip(data, where, limits, skip_sheets)
        elif data.startswith(_OLE2_MAGIC):
            fmt, members, notes = _sniff_ole2(data, where), {}, []
        elif data.startswith(EMPTY_ZIP_MAGIC):
            raise Reject(not_spreadsheet(where, "tệp nén .zip rỗng"))
        else:
            raise Reject(not_spreadsheet(where, _describe_other(data)))
    except Reject as stop:
        return Sniffed(None, (stop.finding,))
    except Exception:  # a hostile file must never become a traceback: anything else is damage
        return Sniffed(
            None, (make_finding("file-corrupt", where, detail="cấu trúc tệp bất thường"),)
        )
    findings = list(notes)
    extension = PurePath(file_name).suffix.lower().lstrip(".")
    same_family = {extension, fmt} <= {"xlsx", "xlsm"}
    if extension != fmt and not same_family:
        findings.insert(
            0,
            make_finding("file-type-mismatch", where, extension=extension or "?", actual=fmt),
        )
    return Sniffed(fmt, tuple(findings), MappingProxyType(members))


# -- OLE2 (compound file): xls, encrypted OOXML, .doc ------------------------------------------


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _sniff_ole2(data: bytes, where: Location) -> str:
    # Directory entry names are UTF-16LE; a plain byte search finds them without parsing the CFB
    # (which is exactly where calamine's OOM_alloc*.xls bugs live).
    # Stream names are case-insensitive ("WORKBOOK" happens); bytes.lower() only folds ASCII.
    data = data.lower()
    if _utf16("encryptioninfo") in data or _utf16("encryptedpackage") in data:
        raise Reject(make_finding("file-encrypted", where))
    if _utf16("workbook") in data or _utf16("book") in data:
        return "xls"
    if _utf16("worddocument") in data:
        raise Reject(not_spreadsheet(where, "đây là tệp Word .doc"))
    if _utf16("powerpoint document") in data:
        raise Reject(not_spreadsheet(where, "đây là tệp PowerPoint .ppt"))
    raise corrupt(where, "tệp dạng Office cũ nhưng không có dữ liệu bảng tính")


# -- everything else ---------------------------------------------------------------------------


def _describe_other(data: bytes) -> str:
    head = data[:4096]
    if head.startswith(b"%PDF"):
        return "đây là tệp PDF"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "đây là tệp ảnh"
    if head.startswith(b"{\\rtf"):
        return "đây là tệp văn bản RTF"
    if head.startswith((b"Rar!", b"7z\xbc\xaf")):
        return "đây là tệp nén RAR/7z"
    text = _as_text(head)
    if text is None:
        return "không nhận ra định dạng tệp"
    lowered = text.lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return "đây là tệp 'XML Spreadsheet 2003'; hãy mở bằng Excel rồi lưu dạng .xlsx"
    if "<html" in lowered or "<table" in lowered or "<!doctype html" in lowered:
        return "đây là trang web (HTML) được đổi tên; hãy mở bằng Excel rồi lưu dạng .xlsx"
    lines = [line for line in text.splitlines() if line.strip()][:5]
    if lines and all(any(sep in line for sep in (",", ";", "\t")) for line in lines):
        return "có vẻ là tệp CSV (văn bản phân tách bằng dấu phẩy)"
    return "đây là tệp văn bản thuần"


def _as_text(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a multi-byte character cut by the 4 KB window
            text = head[: exc.start].decode("utf-8")
        else:
            text = head.decode("cp1258", errors="replace")  # Vietnamese Windows code page
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n")
    return None if controls > len(text) // 20 else text
