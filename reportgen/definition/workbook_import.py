"""The definition workbook → ``review.yaml`` + ``units.csv``, checked exactly as check-review checks.

The workbook is read into plain data (:mod:`.workbook_read`), written as the two text files
into a temporary folder (:mod:`.dump`), and that folder goes through
:func:`~reportgen.definition.load.check_review`, the very function behind
``reportgen check-review``. Each finding the loader gives (a file, a line, a field) is then
traced back to the sheet and cell the value came from, so a clerk reads
"Chỉ tiêu!B14: không có nhóm nhiệm vụ mã 'nuoc-mat2'". The files are written to the review
folder only when there is no error.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from reportgen.definition.dump import (
    clean,
    csv_lines,
    dump_review_yaml,
    dump_units_csv,
    write_definition,
    yaml_lines,
)
from reportgen.definition.load import REVIEW_FILE, UNITS_FILE, Path_, check_review
from reportgen.definition.model import Review, Unit
from reportgen.definition.workbook_read import Cell, RawDefinition, read_definition_workbook
from reportgen.findings import Finding, Location, Severity

__all__ = ["import_definition_workbook"]

_NAME = re.compile(r"\.?([^.\[\]]+)|\[[^\]]*\]")


def import_definition_workbook(
    source: Path | str | bytes, out_dir: Path | str | None = None, *, name: str = ""
) -> tuple[Review | None, list[Finding]]:
    """Read, check and (with ``out_dir``, when there is no error) write a definition workbook.

    ``source`` is a path or the uploaded file's bytes (``name`` is then the file name shown in
    findings). Returns the checked :class:`Review` — None when there is any error — and every
    finding, located at a sheet and cell. Nothing is written when there is an error.
    """
    raw = read_definition_workbook(source, name)
    if not raw.readable:
        return None, raw.findings
    shown = name or (Path(source).name if not isinstance(source, bytes) else "dinh-nghia.xlsx")
    data = clean(raw.data, Review)
    units = [clean(u, Unit) for u in raw.units]
    title = str(data.get("title") or data.get("id") or "")
    header = (
        title,
        f"Tạo từ bảng Excel {shown} bằng 'reportgen review import'. Sửa trong Excel rồi nhập lại,",
        "hoặc sửa trực tiếp tệp này; 'reportgen review export' xuất lại ra Excel.",
    )
    yaml_text = dump_review_yaml(data, header)
    csv_text = dump_units_csv(units)
    with tempfile.TemporaryDirectory(prefix="reportgen-def-") as tmp:
        write_definition(tmp, yaml_text, csv_text)
        review, found = check_review(tmp)
    locator = _Locator(raw, yaml_text, csv_text)
    taken = {
        (f.location.sheet, f.location.cell) for f in raw.findings if f.severity is Severity.ERROR
    }
    findings = list(raw.findings)
    for f in found:
        located = locator.locate(f)
        # A cell that could not be read already has its finding; the loader's is an echo.
        if (
            located.severity is Severity.ERROR
            and (located.location.sheet, located.location.cell) in taken
        ):
            continue
        findings.append(located)
    if review is None or any(f.severity is Severity.ERROR for f in findings):
        return None, findings
    if out_dir is not None:
        write_definition(out_dir, yaml_text, csv_text)
    return review, findings


class _Locator:
    """Turns the loader's (file, line, field) into the workbook's (sheet, cell)."""

    def __init__(self, raw: RawDefinition, yaml_text: str, csv_text: str) -> None:
        self.raw = raw
        self.at_line: dict[int, list[Path_]] = {}
        for path, line in yaml_lines(yaml_text).items():
            self.at_line.setdefault(line, []).append(path)
        self.unit_at_line = {line: n for n, line in csv_lines(csv_text).items()}

    def locate(self, f: Finding) -> Finding:
        where = f.location
        cell = self._cell(where.file, where.line, where.field, f.value)
        if cell is None:
            return f
        params: dict[str, Any] = {"label": cell.label, **f.params}
        if "first_line" in params:
            first = self._cell(where.file, int(params["first_line"]), "code", None)
            params["first_cell"] = str(first) if first else f"dòng {params['first_line']}"
        location = Location(sheet=cell.sheet, cell=cell.cell, field=where.field)
        return replace(f, location=location, params=MappingProxyType(params))

    def _cell(
        self, file: str | None, line: int | None, field: str | None, value: str | None
    ) -> Cell | None:
        if line is None:
            return None
        if file == UNITS_FILE:
            n = self.unit_at_line.get(line)
            if n is None:
                return None
            column = (field or "code").split(".")[0]
            return self.raw.unit_cells.get((n, column)) or self.raw.unit_cells.get((n, "code"))
        if file != REVIEW_FILE:
            return None
        return self._review_cell(self.at_line.get(line, []), field, value)

    def _review_cell(
        self, candidates: list[Path_], field: str | None, value: str | None
    ) -> Cell | None:
        if not candidates:
            return None
        candidates = sorted(candidates, key=len)
        names = [m.group(1) for m in _NAME.finditer(field or "") if m.group(1)]
        last = names[-1] if names else None
        path = next((p for p in reversed(candidates) if p and p[-1] == last), None)
        if path is None:
            base = candidates[0]
            path = (*base, last) if last and (*base, last) in self.raw.cells else base
        if len(path) == 1 and value is not None:
            # "area-empty" and the like point at a whole part: find the item by its code.
            for n, item in enumerate(self.raw.data.get(str(path[0])) or ()):
                if isinstance(item, Mapping) and item.get("code") == value:
                    path = (path[0], n, "code")
                    break
        for end in range(len(path), 0, -1):
            if path[:end] in self.raw.cells:
                return self.raw.cells[path[:end]]
        return None
