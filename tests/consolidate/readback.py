"""Read the consolidated workbook back (openpyxl) into plain structures the tests compare."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

COVERAGE_LABEL = "Số đơn vị có số liệu"
_CODE = re.compile(r"\[([A-Za-z0-9_.-]+)\]")


@dataclass
class Block:
    """One indicator's block on a task-area sheet, cells by year."""

    code: str
    years: list[int]
    units: dict[str, dict[int, Any]] = field(default_factory=dict)  # unit name → year → cell
    totals: dict[str, dict[int, Any]] = field(default_factory=dict)  # "Cộng Quận", "TỔNG CỘNG"
    coverage: dict[str, dict[int, Any]] = field(default_factory=dict)


def area_blocks(path: Path) -> dict[str, Block]:
    """Every indicator block of every task-area sheet (sheets named "1. …", "2. …")."""
    wb = openpyxl.load_workbook(path, read_only=True)
    blocks: dict[str, Block] = {}
    try:
        for ws in wb.worksheets:
            if not re.match(r"^\d+\. ", ws.title):
                continue
            rows = list(ws.iter_rows(values_only=True))
            years = [int(str(h).removeprefix("Năm ")) for h in rows[3][2:] if h]
            block: Block | None = None
            last_label = ""
            for row in rows[4:]:
                first, label, cells = row[0], row[1], row[2 : 2 + len(years)]
                if isinstance(first, str) and (m := _CODE.search(first)):
                    block = blocks[m.group(1)] = Block(m.group(1), years)
                    continue
                if block is None or not label:
                    continue
                by_year = dict(zip(years, cells, strict=True))
                if label == COVERAGE_LABEL:
                    block.coverage[last_label] = by_year
                elif label.startswith("Cộng ") or label == "TỔNG CỘNG":
                    block.totals[label] = by_year
                    last_label = label
                elif isinstance(first, int):
                    block.units[label] = by_year
    finally:
        wb.close()
    return blocks


def sheet_rows(path: Path, title: str) -> list[tuple[Any, ...]]:
    """All rows of one sheet, as values."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in wb[title].iter_rows(values_only=True)]
    finally:
        wb.close()


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheet names, in order."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()
