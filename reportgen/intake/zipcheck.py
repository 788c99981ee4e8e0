"""Zip container checks for xlsx, xlsm, xlsb and ods: members, declared sizes, bounded inflation.

Called by :func:`reportgen.intake.guard.sniff` once the magic bytes say "zip". The central
directory is checked first (member count, declared sizes and compression ratios), then the
members the reader must look at itself are inflated in chunks under a byte budget: a member is
given up as soon as it grows past the budget or past ``max_member_ratio`` times its compressed
size, whatever size it declared. An ODS ``content.xml`` is scanned for repeated-cell blow-ups.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Collection

from reportgen.findings import Finding, Location
from reportgen.intake.limits import (
    RATIO_FLOOR,
    Limits,
    Reject,
    bomb,
    corrupt,
    not_spreadsheet,
    size_text,
)
from reportgen.intake.scan import sheet_parts
from reportgen.messages import make_finding
from reportgen.numbers import format_number

__all__ = ["EMPTY_ZIP_MAGIC", "ZIP_MAGIC", "sniff_zip"]

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


def _zip_entry_count(data: bytes) -> int | None:
    """Entries announced by the end-of-central-directory record, read before zipfile parses it."""
    tail = data[-(65536 + 22) :]
    at = tail.rfind(EMPTY_ZIP_MAGIC)
    if at < 0 or at + 22 > len(tail):
        return None
    return int(struct.unpack_from("<H", tail, at + 10)[0])


def sniff_zip(
    data: bytes, where: Location, limits: Limits, skip_sheets: Collection[str] = ()
) -> tuple[str, dict[str, bytes], list[Finding]]:
    """Check the container; return the format, the inflated members the reader needs, notes.

    The worksheets of ``skip_sheets`` (xlsx) are not inflated: nobody will read them.
    """
    entries = _zip_entry_count(data)
    if entries is None:
        raise corrupt(where, "thiếu danh mục tệp nén, có thể tệp bị cắt ngắn khi tải lên")
    if entries > limits.max_members:
        raise bomb(where, f"{format_number(entries)} thành phần")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise corrupt(where, "cấu trúc tệp nén hỏng") from exc
    if len(infos) > limits.max_members:
        raise bomb(where, f"{format_number(len(infos))} thành phần")
    names = {info.filename for info in infos}
    _check_declared_sizes(infos, where, limits)
    fmt = _zip_format(names, where) or _content_type_format(archive, names, where)
    wanted = _members_to_keep(fmt, names)
    budget = limits.max_unzipped_bytes
    members: dict[str, bytes] = {}
    if skip_sheets and fmt == "xlsx":
        # workbook.xml and its rels first, to learn which parts hold the skipped sheets
        first = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"} & wanted
        members, budget = _inflate(archive, infos, first, where, limits, budget)
        try:
            parts = sheet_parts(members) or {}
        except Exception:  # odd XML: inflate every worksheet, the scan will judge the file
            parts = {}
        wanted = wanted - first - {parts[n] for n in skip_sheets if n in parts}
    more, budget = _inflate(archive, infos, wanted, where, limits, budget)
    members.update(more)
    if fmt == "ods":
        if b"encryption-data" in members.get("META-INF/manifest.xml", b""):
            raise Reject(make_finding("file-encrypted", where))
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
            raise bomb(
                where,
                f"khai báo {size_text(total)} khi giải nén, tối đa {size_text(limits.max_unzipped_bytes)}",
            )
        if info.file_size > RATIO_FLOOR and (
            info.file_size > limits.max_member_ratio * max(info.compress_size, 1)
        ):
            raise bomb(where, f"thành phần {info.filename} nén {_ratio(info)} lần")


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
        raise Reject(not_spreadsheet(where, "đây là tệp Word .docx"))
    if "ppt/presentation.xml" in names:
        raise Reject(not_spreadsheet(where, "đây là tệp PowerPoint .pptx"))
    return None


def _content_type_format(archive: zipfile.ZipFile, names: set[str], where: Location) -> str:
    """Odd but valid packages keep the workbook elsewhere; [Content_Types].xml says what it is."""
    declared = b""
    if "[Content_Types].xml" in names:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > RATIO_FLOOR:
            raise bomb(where, "[Content_Types].xml quá lớn")
        try:
            declared = archive.read(info)
        except Exception as exc:  # zlib.error, BadZipFile, ...: a broken part
            raise corrupt(where, "phần [Content_Types].xml bị hỏng") from exc
    if b"spreadsheetml.sheet.main" in declared or b"sheet.macroEnabled.main" in declared:
        return "xlsx"
    if b"sheet.binary.macroEnabled.main" in declared:
        return "xlsb"
    if declared:
        raise Reject(not_spreadsheet(where, "tài liệu Office nhưng không phải bảng tính"))
    raise Reject(not_spreadsheet(where, "đây là tệp nén .zip, không phải tệp Excel"))


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
    budget: int,
) -> tuple[dict[str, bytes], int]:
    """Inflate the ``wanted`` members under what is left of the byte ``budget``, checking their
    CRC; returns them and the budget left.

    The other members are bounded by :func:`_check_declared_sizes` alone: calamine inflates
    the parts it reads (shared strings, styles) itself, and its zip reader refuses a part that
    grows past its declared size (corpus file issue252.xlsx), so the declared sizes we checked
    bound its work too. Inflating them here as well would cost ~40 % of a whole read.
    """
    kept: dict[str, bytes] = {}
    for info in infos:
        if info.flag_bits & 0x1:
            raise Reject(make_finding("file-encrypted", where))
        if info.is_dir() or info.filename not in wanted:
            continue
        member_cap = max(RATIO_FLOOR, limits.max_member_ratio * max(info.compress_size, 1))
        cap = min(member_cap, budget)
        try:
            with archive.open(info) as stream:
                # One read of at most cap + 1 bytes: zipfile inflates under that bound (and
                # checks the CRC on reaching the end), so a bomb costs no more than the cap.
                data = stream.read(cap + 1)
        except Reject:
            raise
        except NotImplementedError as exc:  # unsupported compression method
            raise corrupt(where, f"cách nén không được hỗ trợ ({info.filename})") from exc
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise corrupt(where, f"phần {info.filename} bị hỏng") from exc
        except Exception as exc:  # zlib.error and friends: any failure here means a broken file
            raise corrupt(where, f"phần {info.filename} bị hỏng") from exc
        if len(data) > cap:
            raise bomb(where, f"thành phần {info.filename} giải nén quá lớn")
        budget -= len(data)
        kept[info.filename] = data
    if "mimetype" in kept and not kept["mimetype"].startswith(
        b"application/vnd.oasis.opendocument.spreadsheet"
    ):
        raise Reject(not_spreadsheet(where, "đây là tài liệu OpenDocument không phải bảng tính"))
    return kept, budget


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


def _too_many_cells(where: Location, cells: int, limits: Limits) -> Reject:
    detail = f"{format_number(cells)} ô, tối đa {format_number(limits.max_cells)}"
    return Reject(make_finding("file-too-many-cells", where, detail=detail))
