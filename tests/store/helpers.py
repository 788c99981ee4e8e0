"""Real workbook bytes and Submissions for the store's tests.

The bytes are real filled workbooks (``samples.write_sample``); the Submission is built here
rather than by intake so each test states exactly the values and findings it stores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from types import MappingProxyType

from reportgen.definition import Review
from reportgen.findings import Finding, Location
from reportgen.intake.model import IndicatorValue, ListRow, Reporter, SectionText, Submission
from reportgen.messages import make_finding

_CACHE: dict[tuple[str, int], bytes] = {}


def workbook_bytes(review: Review, unit_code: str, seed: int = 0) -> bytes:
    """A filled workbook of ``unit_code`` (distinct bytes per seed), written once per session."""
    from reportgen.demo.samples import write_sample

    key = (unit_code, seed)
    if key not in _CACHE:
        out = io.BytesIO()
        write_sample(review, review.unit_by_code[unit_code], out, seed=seed)
        _CACHE[key] = out.getvalue()
    return _CACHE[key]


def make_submission(
    review: Review,
    unit_code: str | None,
    data: bytes,
    *,
    values: dict[tuple[str, int], float | int | bool | str | None] | None = None,
    rejected: bool = False,
    warned: bool = False,
    name: str = "bao-cao.xlsx",
) -> Submission:
    """A Submission of ``data`` with ``values`` at made-up cells and the asked verdict."""
    values = (
        values
        if values is not None
        else {("NM01", 2022): 12, ("NM02", 2022): 95.5, ("XT01", 2022): True}
    )
    findings: list[Finding] = []
    if rejected:
        findings.append(
            make_finding("not-a-number", Location(sheet="Chỉ tiêu", cell="F7"), value="khoảng 120")
        )
    if warned:
        findings.append(
            make_finding("number-from-text", Location(sheet="Chỉ tiêu", cell="F8"), value="1.234,5")
        )
    return Submission(
        review_id=review.id,
        unit_code=unit_code,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        reporter=Reporter(
            "Nguyễn Văn An", "Chuyên viên", "0912345678", "an@example.vn", dt.date(2022, 12, 1)
        ),
        values=tuple(
            IndicatorValue(ind, year, v, f"Chỉ tiêu!F{7 + n}")
            for n, ((ind, year), v) in enumerate(values.items())
        ),
        sections=(
            SectionText("lanh-dao", "Đã triển khai nghiêm túc.\nKết quả tốt.", "Thuyết minh!B4"),
        ),
        rows=(
            ListRow(
                "van-ban",
                6,
                MappingProxyType(
                    {"so-ky-hieu": "12-KH/QU", "ngay": dt.date(2021, 3, 5), "trich-yeu": "=1+1"}
                ),
            ),
        ),
        findings=tuple(findings),
    )


def at(day: int, hour: int = 9, minute: int = 30) -> dt.datetime:
    """A time in Vietnam in December 2022 (the Hanoi deadline is 5 December 2022)."""
    return dt.datetime(2022, 12, day, hour, minute)
