"""Submitted file bytes → raw cells with addresses (python-calamine), after the guard.

Order of work in :func:`read_workbook`:

1. :func:`reportgen.intake.guard.sniff` decides the real format and refuses hostile files.
2. xlsx/xlsm: the worksheet XML (already inflated under a budget by the guard) is scanned with
   a regex for the cell grid's extent, so a sheet whose grid would exceed ``max_cells`` is
   refused *before* calamine allocates it, and for formula cells that have no cached value.
   Then calamine reads the file in this process.
3. xls, xlsb, ods: their grid cannot be bounded as cheaply (binary records, repeated ODS rows),
   and calamine 0.9 can be made to allocate without limit or abort the process. They are read
   by calamine in a child process under ``RLIMIT_AS`` and a timeout (about 0,1 s extra; these
   formats are rare among submissions).
"""

from __future__ import annotations

import inspect
import pickle
import subprocess
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from reportgen.findings import Finding, Location
from reportgen.intake.guard import DEFAULT_LIMITS, Limits, sniff
from reportgen.intake.scan import column_number, scan_xlsx
from reportgen.messages import make_finding
from reportgen.numbers import format_number

__all__ = ["RawSheet", "RawWorkbook", "column_letters", "read_workbook"]


class RawSheet:
    """One sheet as read.

    ``cells`` maps an address (``"F7"``) to the value calamine gives: str, float, int, bool,
    ``datetime.date``/``datetime``/``time``/``timedelta``. Empty cells (and empty strings) are
    absent. ``max_row``/``max_col`` are the 1-based extent of the non-empty cells (0 when none).

    A sheet read in this process keeps calamine's grid (``rows``, from A1) and builds ``cells``
    on first use: the metadata sheet's ~1,600 cells are compared row by row and never need
    addresses, which spares a third of the reading's Python work.
    """

    __slots__ = ("_cells", "_extent", "name", "rows", "visible")

    def __init__(
        self,
        name: str,
        visible: bool,  # False for hidden and very hidden sheets
        cells: Mapping[str, object] | None = None,
        max_row: int = 0,
        max_col: int = 0,
        *,
        rows: Sequence[Sequence[object]] | None = None,
    ) -> None:
        self.name = name
        self.visible = visible
        self.rows = rows
        self._cells = cells
        self._extent = (max_row, max_col) if cells is not None or rows is None else None

    @property
    def cells(self) -> Mapping[str, object]:
        """Address → value of every non-empty cell."""
        if self._cells is None:
            self._fill()
        assert self._cells is not None
        return self._cells

    @property
    def max_row(self) -> int:
        """The last row holding a non-empty cell (0 when none)."""
        return self._filled_extent()[0]

    @property
    def max_col(self) -> int:
        """The last column holding a non-empty cell (0 when none)."""
        return self._filled_extent()[1]

    def _filled_extent(self) -> tuple[int, int]:
        if self._extent is None:
            self._fill()
        assert self._extent is not None
        return self._extent

    def row_values(self, row: int, width: int) -> tuple[object, ...]:
        """The first ``width`` values of 1-based ``row``, None where empty."""
        if self.rows is not None and self._cells is None:
            found = self.rows[row - 1] if 0 < row <= len(self.rows) else ()
            return tuple(
                None if c >= len(found) or found[c] == "" else found[c] for c in range(width)
            )
        cells = self.cells
        return tuple(cells.get(f"{column_letters(c)}{row}") for c in range(1, width + 1))

    def row(self, row: int) -> tuple[object, ...]:
        """The values of 1-based ``row`` from column A to the sheet's last column, None where empty."""
        if self.rows is not None and self._cells is None:
            found = self.rows[row - 1] if 0 < row <= len(self.rows) else ()
            return tuple(None if v == "" else v for v in found)
        return self.row_values(row, self.max_col)

    def _fill(self) -> None:
        cells, max_row, max_col = _grid_cells(self.rows or ())
        self._cells = MappingProxyType(cells)
        self._extent = (max_row, max_col)

    def __repr__(self) -> str:
        return f"RawSheet({self.name!r}, visible={self.visible}, {len(self.cells)} cells)"


@dataclass(frozen=True, slots=True)
class RawWorkbook:
    """All worksheets of a file, in workbook order (chart and macro sheets are left out).

    ``formula_cells_without_value`` lists (sheet, cell) of formula cells that were never
    calculated (e.g. written by openpyxl): calamine reads them as empty. Filled for xlsx/xlsm.
    ``unread`` names the sheets the caller asked not to read that the file has.
    """

    format: str  # "xlsx" | "xlsm" | "xls" | "ods" | "xlsb"
    sheets: Mapping[str, RawSheet]
    formula_cells_without_value: frozenset[tuple[str, str]] = frozenset()
    unread: frozenset[str] = frozenset()  # sheets there but not read (``skip``)


@cache
def column_letters(index: int) -> str:
    """1 → ``A``, 27 → ``AA``."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_workbook(
    data: bytes,
    file_name: str,
    limits: Limits = DEFAULT_LIMITS,
    *,
    skip: Collection[str] = (),
) -> tuple[RawWorkbook | None, list[Finding]]:
    """Read every worksheet of ``data`` safely, except the sheets named in ``skip``.

    A skipped sheet is neither scanned nor parsed (its name is in ``RawWorkbook.unread``):
    the caller vouches that it needs nothing from it. Never raises for a bad file: returns
    ``(None, [one file-* error])`` when the file cannot be used, else the workbook and any
    warnings (``file-type-mismatch``, ``file-has-macros``).
    """
    sniffed = sniff(data, file_name, limits, skip_sheets=skip)
    findings = list(sniffed.findings)
    if sniffed.format is None:
        return None, findings
    where = Location(file=file_name)
    fmt = sniffed.format
    formulas: frozenset[tuple[str, str]] = frozenset()
    outcome: _Outcome
    if fmt in ("xlsx", "xlsm"):
        try:
            scan = scan_xlsx(
                sniffed.members, limits.max_cells, limits.max_rows, limits.max_cols, skip=skip
            )
        except Exception:  # odd XML the scan did not foresee: let the sandbox judge the file
            scan = None
        if scan is None:  # sheet parts we could not locate: fall back to the sandbox
            outcome = _read_in_child(data, limits)
        elif scan.grid_cells > limits.max_cells:
            outcome = ("reject", "file-too-many-cells", scan.grid_cells)
        elif scan.largest[0] > limits.max_rows or scan.largest[1] > limits.max_cols:
            rows, columns = scan.largest
            outcome = ("reject", "file-too-many-cells", f"{rows} dòng × {columns} cột")
        else:
            formulas = scan.formulas
            outcome = _with_errors(_read_calamine(data, limits, tuple(skip)), scan.errors)
    else:
        outcome = _read_in_child(data, limits)
    if outcome[0] == "reject":
        _, code, detail = outcome
        detail = _too_many(detail, limits) if isinstance(detail, int) else detail
        return None, [make_finding(code, where, detail=detail)]
    sheets = {
        sheet[0]: RawSheet(sheet[0], sheet[1], rows=sheet[2])
        if len(sheet) == 3
        else RawSheet(sheet[0], sheet[1], MappingProxyType(sheet[2]), sheet[3], sheet[4])
        for sheet in outcome[1]
    }
    # The sandbox reads every sheet; a skipped one is dropped here, read or not.
    unread = frozenset(name for name in sheets if name in skip) | frozenset(outcome[2])
    for name in unread:
        sheets.pop(name, None)
    book = RawWorkbook(fmt, MappingProxyType(sheets), formulas, unread)
    return book, findings


def _with_errors(outcome: _Outcome, errors: Mapping[tuple[str, str], str]) -> _Outcome:
    """Put the Excel error values calamine dropped back into the cells."""
    if outcome[0] != "ok" or not errors:
        return outcome
    sheets = []
    for read in outcome[1]:
        name, visible = read[:2]
        cells, max_row, max_col = _grid_cells(read[2]) if len(read) == 3 else read[2:]
        for (sheet, ref), text in errors.items():
            if sheet == name:
                cells[ref] = text
                row = int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
                max_row = max(max_row, row)
                max_col = max(max_col, column_number(ref[: len(ref) - len(str(row))].encode()))
        sheets.append((name, visible, cells, max_row, max_col))
    return ("ok", sheets, outcome[2])


def _too_many(cells: int, limits: Limits) -> str:
    return f"{format_number(cells)} ô, tối đa {format_number(limits.max_cells)}"


# -- calamine (the same code runs in-process and in the child) ---------------------------------

# ("ok", [(name, visible, cells, max_row, max_col) or (name, visible, rows), ...], [skipped])
# or ("reject", code, detail)
_Outcome = tuple[Any, ...]


def _read_with_calamine(
    data: bytes,
    max_cells: int,
    max_sheets: int,
    max_rows: int,
    max_cols: int,
    keep_rows: bool = False,
    skip: tuple[str, ...] = (),
) -> _Outcome:
    """Read all worksheets with calamine. Self-contained: its source is also the child's code.

    Each sheet comes back as ``(name, visible, cells, max_row, max_col)``, or with
    ``keep_rows`` as ``(name, visible, rows)``: calamine's grid from A1, for a
    :class:`RawSheet` that builds its cells when asked. Worksheets named in ``skip`` are not
    parsed; their names come back third: ``("ok", sheets, skipped)``.
    """
    import io

    import python_calamine as pc

    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        return ("reject", "file-encrypted", "")
    except BaseException as exc:  # calamine errors, and pyo3's PanicException (a BaseException)
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        if isinstance(exc, MemoryError):
            return ("reject", "file-too-many-cells", "vùng dữ liệu cần quá nhiều bộ nhớ")
        if "cell limit" in str(exc).lower():  # calamine's own guard (ODS repeated cells)
            return ("reject", "file-too-many-cells", "quá 100 triệu ô")
        return ("reject", "file-corrupt", "cấu trúc bảng tính hỏng")
    metadata = book.sheets_metadata
    if len(metadata) > max_sheets:
        return ("reject", "file-too-many-cells", f"{len(metadata)} trang tính")
    sheets: list[tuple[Any, ...]] = []
    skipped: list[str] = []
    total = 0
    for meta in metadata:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        if meta.name in skip:
            skipped.append(meta.name)
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
            rows: Sequence[Sequence[object]] = []
            if sheet.height and sheet.width:
                # to_python(skip_empty_area=False) starts at A1: bound that grid first.
                last_row, last_col = sheet.end or (0, 0)
                if last_row >= max_rows or last_col >= max_cols:
                    return (
                        "reject",
                        "file-too-many-cells",
                        f"{last_row + 1} dòng × {last_col + 1} cột",
                    )
                total += (last_row + 1) * (last_col + 1)
                if total > max_cells:
                    return ("reject", "file-too-many-cells", total)
                rows = sheet.to_python(skip_empty_area=False)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            if isinstance(exc, MemoryError):
                return ("reject", "file-too-many-cells", "vùng dữ liệu cần quá nhiều bộ nhớ")
            return ("reject", "file-corrupt", f"trang '{meta.name}' hỏng")
        visible = meta.visible == pc.SheetVisibleEnum.Visible
        if keep_rows:
            sheets.append((meta.name, visible, rows))
        else:
            sheets.append((meta.name, visible, *_grid_cells(rows)))
    return ("ok", sheets, skipped)


def _grid_cells(rows: Sequence[Sequence[object]]) -> tuple[dict[str, object], int, int]:
    """An A1-based grid's non-empty cells by address, and their extent (rows, columns).

    Its source is also the child's code, with :func:`column_letters`'s.
    """
    cells: dict[str, object] = {}
    max_row = max_col = 0
    names = [column_letters(c) for c in range(1, max(map(len, rows), default=0) + 1)]
    for r, row in enumerate(rows, 1):
        number = str(r)
        for c, value in enumerate(row):
            if value == "" or value is None:
                continue
            cells[names[c] + number] = value
            max_row = r
            if c >= max_col:
                max_col = c + 1
    return cells, max_row, max_col


def _read_calamine(data: bytes, limits: Limits, skip: tuple[str, ...] = ()) -> _Outcome:
    return _read_with_calamine(
        data, limits.max_cells, limits.max_sheets, limits.max_rows, limits.max_cols, True, skip
    )


@cache
def _child_code() -> str:
    """The child's program: the source of :func:`_read_with_calamine` and its helpers, plus a main.

    It imports nothing from reportgen, so the child starts in ~35 ms.
    """
    header = (
        "from __future__ import annotations\n"
        "from collections.abc import Sequence\n"
        "from functools import cache\n"
        "from typing import Any\n"
        "_Outcome = Any\n"
    )
    return (
        header
        + inspect.getsource(_read_with_calamine)
        + inspect.getsource(_grid_cells)
        + inspect.getsource(column_letters)
        + """
import pickle, sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[5]), int(sys.argv[5])))
except ImportError:  # not on POSIX: the timeout is the only bound
    pass
outcome = _read_with_calamine(sys.stdin.buffer.read(), *map(int, sys.argv[1:5]))
sys.stdout.buffer.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
"""
    )


def _read_in_child(data: bytes, limits: Limits) -> _Outcome:
    """Run calamine in ``python -I`` under RLIMIT_AS and a timeout; a crash means a bad file."""
    command = [
        sys.executable,
        "-I",
        "-c",
        _child_code(),
        str(limits.max_cells),
        str(limits.max_sheets),
        str(limits.max_rows),
        str(limits.max_cols),
        str(limits.child_memory_bytes),
    ]
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=limits.child_timeout_s, check=False
        )
    except subprocess.TimeoutExpired:
        return ("reject", "file-corrupt", "đọc tệp quá lâu, có thể tệp bị hỏng hoặc cố ý làm hại")
    if done.returncode < 0 or b"MemoryError" in done.stderr:
        # Killed by a signal: calamine aborts the process when an allocation fails under
        # RLIMIT_AS, which in practice means a cell grid far larger than any report.
        return ("reject", "file-too-many-cells", "vùng dữ liệu cần quá nhiều bộ nhớ để đọc")
    if done.returncode != 0 or not done.stdout:
        return ("reject", "file-corrupt", "trình đọc bảng tính dừng bất thường")
    # The child is our own code and pickles only str/float/int/bool/date values.
    outcome: _Outcome = pickle.loads(done.stdout)
    return outcome
