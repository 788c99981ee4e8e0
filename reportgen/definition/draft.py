"""Start a new review: a folder with a draft ``review.yaml``, ``units.csv`` and the workbook to fill.

A draft copies a bundled review (or starts empty), takes a fresh id from the folder name and
version ``1``, and leaves the dates to fill: the cut-off, the units' deadline and the report's.
It does not pass check-review until they are filled, which is the point — the findings list
what is still missing.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from reportgen.definition.dump import clean, dump_review_yaml, dump_units_csv, write_definition
from reportgen.definition.load import REVIEW_FILE
from reportgen.definition.model import Review, Unit
from reportgen.definition.workbook_export import write_definition_workbook
from reportgen.errors import ProjectError

__all__ = ["DATES_TO_FILL", "WORKBOOK_FILE", "new_review", "review_id_for"]

WORKBOOK_FILE = "dinh-nghia.xlsx"
DATES_TO_FILL = ("cutoff_date", "deadline", "report_due")


def review_id_for(name: str) -> str:
    """A review id from a folder name: ``Báo cáo năm 2024`` → ``bao-cao-nam-2024``."""
    text = name.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_text.lower()).split()
    return "-".join(words) or "dot-bao-cao-moi"


def new_review(directory: Path | str, source: Review | None = None) -> Path:
    """Write a draft review into ``directory`` (new or empty); return the workbook's path.

    Refuses to overwrite a folder that already holds a definition.
    """
    directory = Path(directory)
    for existing in (REVIEW_FILE, WORKBOOK_FILE):
        if (directory / existing).exists():
            raise ProjectError(
                f"Thư mục {directory} đã có {existing}; chọn thư mục khác để tạo đợt báo cáo mới."
            )
    review_id = review_id_for(directory.resolve().name)
    data: dict[str, Any]
    units: list[dict[str, Any]]
    if source is not None:
        data = source.model_dump(mode="python", exclude={"units"})
        units = [u.model_dump(mode="python", exclude={"deadline"}) for u in source.units]
    else:
        data = {"kind": "dinh_ky", "unit_kinds": {}, "areas": [], "indicators": []}
        units = []
    data.update(id=review_id, version="1")
    for key in DATES_TO_FILL:
        data.pop(key, None)
    directory.mkdir(parents=True, exist_ok=True)
    workbook = directory / WORKBOOK_FILE
    write_definition_workbook(data, units, workbook)
    header = (
        f"Đợt báo cáo mới '{review_id}'" + (f", lập từ '{source.id}'." if source else "."),
        "Còn phải điền: cutoff_date (số liệu tính đến ngày), deadline (hạn đơn vị nộp),",
        "report_due (hạn hoàn thành báo cáo), dạng 2024-12-05 — hoặc điền trong dinh-nghia.xlsx",
        "rồi chạy 'reportgen review import dinh-nghia.xlsx'.",
    )
    write_definition(
        directory,
        dump_review_yaml(clean(data, Review), header),
        dump_units_csv([clean(u, Unit) for u in units]),
    )
    return workbook
