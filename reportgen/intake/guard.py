"""Hostile-file checks that run before any parser: size, real type, zip bombs, encryption, macros.

A submitted file is untrusted. Before python-calamine sees a byte, :func:`sniff` decides what
the file really is from its magic bytes (never from its name), refuses what we cannot read
safely, and for zip-based formats checks the central directory (member count, declared sizes
and compression ratios) and then inflates the members it must look at itself in chunks under
a byte budget (a member is given up as soon as it grows past the budget or past
``max_member_ratio`` times its compressed size, whatever size it declared).
The inflated worksheet XML is handed on, so the reader can bound the cell grid *before*
calamine allocates it (a two-cell xlsx with a cell at XFD1048576 makes calamine 0.9 abort the
process; see docs/readme/intake-read.md).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from types import MappingProxyType

from reportgen.findings import Finding, Location
from reportgen.messages import make_finding
from reportgen.numbers import format_number

__all__ = ["DEFAULT_LIMITS", "FORMATS", "Limits", "Sniffed", "sniff"]

FORMATS = ("xlsx", "xlsm", "xls", "ods", "xlsb")

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 64 * 1024
# A member smaller than this may compress as well as it likes (an empty sheet is 99% markup).
_RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of a submitted file we are willing to read (defaults fit a unit workbook 100×)."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_member_ratio: int = 100
    max_members: int = 5_000
    max_cells: int = 2_000_000
    max_rows: int = 1_048_576
    max_cols: int = 16_384
    max_sheets: int = 255
    # xls/xlsb/ods are read in a child process with these bounds (see read.py).
    # 256 MB: a ~2M-cell grid fits; calamine's dense grid of a 5 KB .xls with a cell at
    # IV65536 (1 GB, 6 s unbounded) fails its allocation in 0,4 s instead.
    child_memory_bytes: int = 256 * 1024 * 1024
    child_timeout_s: float = 10.0


DEFAULT_LIMITS = Limits()


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


class _Reject(Exception):
    """Internal: stop sniffing with this finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.code)
        self.finding = finding


def _size(n: int) -> str:
    """A byte count for people: ``20 MB``, ``1,5 MB``, ``12 KB``."""
    if n >= 1024 * 1024:
        return f"{format_number(n / (1024 * 1024), 1)} MB"
    return f"{format_number(max(1, round(n / 1024)), 0)} KB"


def sniff(data: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> Sniffed:
    """Find the real type of ``data`` and refuse what cannot be read safely.

    Never raises for a bad file. Returns ``Sniffed(None, (error,))`` for an empty, too large,
    non-spreadsheet, corrupt, encrypted or zip-bomb file; otherwise the real format plus
    warnings (``file-type-mismatch``, ``file-has-macros``).
    """
    where = Location(file=file_name)
    try:
        if not data:
            raise _Reject(make_finding("file-empty", where))
        if len(data) > limits.max_file_bytes:
            raise _Reject(
                make_finding(
                    "file-too-large",
                    where,
                    size=_size(len(data)),
                    limit=_size(limits.max_file_bytes),
                )
            )
        if data.startswith(_ZIP_MAGIC):
            fmt, members, notes = _sniff_zip(data, where, limits)
        elif data.startswith(_OLE2_MAGIC):
            fmt, members, notes = _sniff_ole2(data, where), {}, []
        elif data.startswith(_EMPTY_ZIP_MAGIC):
            raise _Reject(_not_spreadsheet(where, "tệp nén .zip rỗng"))
        else:
            raise _Reject(_not_spreadsheet(where, _describe_other(data)))
    except _Reject as stop:
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


def _not_spreadsheet(where: Location, detail: str) -> Finding:
    return make_finding("file-not-spreadsheet", where, detail=detail)


def _corrupt(where: Location, detail: str) -> _Reject:
    return _Reject(make_finding("file-corrupt", where, detail=detail))


def _bomb(where: Location, detail: str) -> _Reject:
    return _Reject(make_finding("file-zip-bomb", where, detail=detail))


# -- zip: xlsx, xlsm, xlsb, ods (and docx, odt... which we refuse) ---------------------------------


def _zip_entry_count(data: bytes) -> int | None:
    """Entries announced by the end-of-central-directory record, read before zipfile parses it."""
    tail = data[-(65536 + 22) :]
    at = tail.rfind(_EMPTY_ZIP_MAGIC)
    if at < 0 or at + 22 > len(tail):
        return None
    return int(struct.unpack_from("<H", tail, at + 10)[0])


def _sniff_zip(
    data: bytes, where: Location, limits: Limits
) -> tuple[str, dict[str, bytes], list[Finding]]:
    entries = _zip_entry_count(data)
    if entries is None:
        raise _corrupt(where, "thiếu danh mục tệp nén, có thể tệp bị cắt ngắn khi tải lên")
    if entries > limits.max_members:
        raise _bomb(where, f"{format_number(entries)} thành phần")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise _corrupt(where, "cấu trúc tệp nén hỏng") from exc
    if len(infos) > limits.max_members:
        raise _bomb(where, f"{format_number(len(infos))} thành phần")
    names = {info.filename for info in infos}
    _check_declared_sizes(infos, where, limits)
    fmt = _zip_format(names, where) or _content_type_format(archive, names, where)
    wanted = _members_to_keep(fmt, names)
    members = _inflate(archive, infos, wanted, where, limits)
    if fmt == "ods":
        if b"encryption-data" in members.get("META-INF/manifest.xml", b""):
            raise _Reject(make_finding("file-encrypted", where))
        _check_ods_grid(members.pop("content.xml", b""), where, limits)
    notes: list[Finding] = []
    if fmt in ("xlsx", "xlsm") and "xl/vbaProject.bin" in names:
        fmt = "xlsm"
        notes.append(make_finding("file-has-macros", where))
    elif fmt == "xlsb" and "xl/vbaProject.bin" in names:
        notes.append(make_finding("file-has-macros", where))
    return fmt, members, notes


def _check_declared_sizes(infos: list[zipfile.ZipInfo], where: Location, limits: Limits) -> None:
    """First filter on the central directory; the real check is done while inflating."""
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.max_unzipped_bytes:
            raise _bomb(
                where,
                f"khai báo {_size(total)} khi giải nén, tối đa {_size(limits.max_unzipped_bytes)}",
            )
        if info.file_size > _RATIO_FLOOR and (
            info.file_size > limits.max_member_ratio * max(info.compress_size, 1)
        ):
            raise _bomb(where, f"thành phần {info.filename} nén {_ratio(info)} lần")


def _ratio(info: zipfile.ZipInfo) -> str:
    return format_number(info.file_size // max(info.compress_size, 1))


def _zip_format(names: set[str], where: Location) -> str | None:
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names and "mimetype" in names:
        return "ods"  # refined below: an .odt also has these two
    if "word/document.xml" in names:
        raise _Reject(_not_spreadsheet(where, "đây là tệp Word .docx"))
    if "ppt/presentation.xml" in names:
        raise _Reject(_not_spreadsheet(where, "đây là tệp PowerPoint .pptx"))
    return None


def _content_type_format(archive: zipfile.ZipFile, names: set[str], where: Location) -> str:
    """Odd but valid packages keep the workbook elsewhere; [Content_Types].xml says what it is."""
    declared = b""
    if "[Content_Types].xml" in names:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > _RATIO_FLOOR:
            raise _bomb(where, "[Content_Types].xml quá lớn")
        try:
            declared = archive.read(info)
        except Exception as exc:  # zlib.error, BadZipFile, ...: a broken part
            raise _corrupt(where, "phần [Content_Types].xml bị hỏng") from exc
    if b"spreadsheetml.sheet.main" in declared or b"sheet.macroEnabled.main" in declared:
        return "xlsx"
    if b"sheet.binary.macroEnabled.main" in declared:
        return "xlsb"
    if declared:
        raise _Reject(_not_spreadsheet(where, "tài liệu Office nhưng không phải bảng tính"))
    raise _Reject(_not_spreadsheet(where, "đây là tệp nén .zip, không phải tệp Excel"))


def _members_to_keep(fmt: str, names: set[str]) -> set[str]:
    if fmt == "ods":
        return {"mimetype", "META-INF/manifest.xml", "content.xml"}
    if fmt == "xlsx":
        keep = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
        return keep | {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    return set()


def _inflate(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    wanted: set[str],
    where: Location,
    limits: Limits,
) -> dict[str, bytes]:
    """Inflate the ``wanted`` members in chunks under a byte budget, checking their CRC.

    The other members are bounded by :func:`_check_declared_sizes` alone: calamine inflates
    the parts it reads (shared strings, styles) itself, and its zip reader refuses a part that
    grows past its declared size (corpus file issue252.xlsx), so the declared sizes we checked
    bound its work too. Inflating them here as well would cost ~40 % of a whole read.
    """
    budget = limits.max_unzipped_bytes
    kept: dict[str, bytes] = {}
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Reject(make_finding("file-encrypted", where))
        if info.is_dir() or info.filename not in wanted:
            continue
        member_cap = max(_RATIO_FLOOR, limits.max_member_ratio * max(info.compress_size, 1))
        parts: list[bytes] = []
        size = 0
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > member_cap or size > budget:
                        raise _bomb(where, f"thành phần {info.filename} giải nén quá lớn")
                    parts.append(chunk)
        except _Reject:
            raise
        except NotImplementedError as exc:  # unsupported compression method
            raise _corrupt(where, f"cách nén không được hỗ trợ ({info.filename})") from exc
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise _corrupt(where, f"phần {info.filename} bị hỏng") from exc
        except Exception as exc:  # zlib.error and friends: any failure here means a broken file
            raise _corrupt(where, f"phần {info.filename} bị hỏng") from exc
        budget -= size
        kept[info.filename] = b"".join(parts)
    if "mimetype" in kept and not kept["mimetype"].startswith(
        b"application/vnd.oasis.opendocument.spreadsheet"
    ):
        raise _Reject(_not_spreadsheet(where, "đây là tài liệu OpenDocument không phải bảng tính"))
    return kept


_ODS_TAG = re.compile(
    rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
    rb"|</table:(table-row|table)>"
)
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="([0-9]{1,10})"')
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="([0-9]{1,10})"')


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    found = pattern.search(attrs) if b"repeated" in attrs else None
    return int(found.group(1)) if found else 1


def _check_ods_grid(content: bytes, where: Location, limits: Limits) -> None:
    """Refuse an ODS whose sheets span more than ``max_cells`` from A1 to the last value.

    ODS compresses a block of equal cells into one tag with ``number-rows-repeated`` /
    ``number-columns-repeated``; a 1 KB file can ask for billions of cells (corpus file
    issue_594_dos.ods), and 90 million still fit under calamine's own limit (it then needs
    ~1 GB and 2 s before failing). Empty repeats (LibreOffice ends every row and sheet with one)
    do not count, as calamine skips them too.
    """
    tags = content.count(b"<table:table-cell") + content.count(b"<table:covered-table-cell")
    if tags > limits.max_cells:
        raise _too_many_cells(where, tags, limits)
    total = row = max_row = max_col = column = last = 0
    rows_repeated = 1
    for match in _ODS_TAG.finditer(content):
        name, attrs, closed, end = match.groups()
        if name in (b"table-cell", b"covered-table-cell"):
            column += _repeat(_COLUMNS_REPEATED, attrs)
            if not closed or b"value-type" in attrs:
                last = column
        elif name == b"table-row":
            column = last = 0
            rows_repeated = _repeat(_ROWS_REPEATED, attrs)
            if closed:
                row += rows_repeated
        elif end == b"table-row":
            if last:
                max_row, max_col = row + rows_repeated, max(max_col, last)
            row += rows_repeated
        elif name == b"table" or end == b"table":  # a sheet starts or ends
            total += max_row * max_col
            row = max_row = max_col = 0
        if total + max_row * max_col > limits.max_cells:
            raise _too_many_cells(where, total + max_row * max_col, limits)


def _too_many_cells(where: Location, cells: int, limits: Limits) -> _Reject:
    detail = f"{format_number(cells)} ô, tối đa {format_number(limits.max_cells)}"
    return _Reject(make_finding("file-too-many-cells", where, detail=detail))


# -- OLE2 (compound file): xls, encrypted OOXML, .doc ------------------------------------------


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _sniff_ole2(data: bytes, where: Location) -> str:
    # Directory entry names are UTF-16LE; a plain byte search finds them without parsing the CFB
    # (which is exactly where calamine's OOM_alloc*.xls bugs live).
    # Stream names are case-insensitive ("WORKBOOK" happens); bytes.lower() only folds ASCII.
    data = data.lower()
    if _utf16("encryptioninfo") in data or _utf16("encryptedpackage") in data:
        raise _Reject(make_finding("file-encrypted", where))
    if _utf16("workbook") in data or _utf16("book") in data:
        return "xls"
    if _utf16("worddocument") in data:
        raise _Reject(_not_spreadsheet(where, "đây là tệp Word .doc"))
    if _utf16("powerpoint document") in data:
        raise _Reject(_not_spreadsheet(where, "đây là tệp PowerPoint .ppt"))
    raise _corrupt(where, "tệp dạng Office cũ nhưng không có dữ liệu bảng tính")


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
