"""Recovery on open, size limits, 64-bit sizes, unidentified files and assigning them."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from reportgen.definition import Review
from reportgen.errors import StoreError
from reportgen.findings import Verdict
from reportgen.project import Project
from reportgen.store import Store, assign, open_store, receive_file, set_aside
from reportgen.store.db import SubmissionRow
from reportgen.store.status import UnitState
from tests.store.helpers import at, make_submission, workbook_bytes


def _orphan(root: Path, data: bytes, folder: str = "001", name: str = "bao-cao.xlsx") -> Path:
    """A file under its final name without a row, as a kill between link and commit leaves it."""
    sha = hashlib.sha256(data).hexdigest()
    path = root / folder / f"20221204T023000Z-{sha[:12]}-{name}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _state(store: Store, hanoi: Review, code: str) -> UnitState:
    return next(s.state for s in store.statuses(hanoi) if s.unit_code == code)


def test_a_file_without_its_row_is_adopted_on_open_with_its_receipt_time(
    tmp_path: Path, hanoi: Review, db_url: str | None
) -> None:
    root = tmp_path / "inputs" / hanoi.id
    orphan = _orphan(root, workbook_bytes(hanoi, "001"))
    with open_store(Project(tmp_path), hanoi, db_url) as store:
        [record] = store.versions("001")
        assert record.recovered and record.stored_path == orphan
        assert record.received_at == dt.datetime(2022, 12, 4, 2, 30, tzinfo=dt.UTC)
        assert _state(store, hanoi, "001") is UnitState.ON_TIME
        codes = [f.code for f in store.submission(record.submission_id).findings]
        assert "recovered-after-crash" in codes


def test_files_that_cannot_be_adopted_are_moved_aside_with_a_reason_never_deleted(
    tmp_path: Path, hanoi: Review
) -> None:
    root = tmp_path / "inputs" / hanoi.id
    data = workbook_bytes(hanoi, "001")
    (root / "001").mkdir(parents=True)
    (root / "001" / "chep-tay.xlsx").write_bytes(b"dropped in by hand")
    _orphan(root, b"edited after", name="sua.xlsx").write_bytes(b"changed")
    with open_store(Project(tmp_path), hanoi) as store:
        store.submit(make_submission(hanoi, "001", data), data, received_at=at(1))
    _orphan(root, data, name="ban-sao.xlsx")  # the same bytes again, under another time
    with open_store(Project(tmp_path), hanoi) as store:
        aside = {Path(a.original).name: a for a in set_aside(store)}
        assert [r.version for r in store.versions("001")] == [1]
    assert sorted(aside) == sorted(
        ["chep-tay.xlsx", next(n for n in aside if n.endswith("sua.xlsx")),
         next(n for n in aside if n.endswith("ban-sao.xlsx"))]
    )  # fmt: skip
    assert "không do kho tệp đặt" in aside["chep-tay.xlsx"].reason
    for entry in aside.values():
        assert (root / entry.path).is_file()


def test_a_resubmit_takes_over_an_identical_file_a_crash_left_under_its_name(
    store: Store, hanoi: Review
) -> None:
    data = workbook_bytes(hanoi, "001")
    # Left after the store was opened (recovery has not seen it): same name, same bytes.
    orphan = _orphan(store.archive.root, data)
    result = store.submit(make_submission(hanoi, "001", data), data, received_at=at(4))
    assert result.version == 1 and result.stored_path == orphan and orphan.read_bytes() == data


def test_a_file_over_the_limit_is_kept_whole_and_rejected_without_being_read(
    store: Store, hanoi: Review, tmp_path: Path
) -> None:
    data = workbook_bytes(hanoi, "001")
    path = tmp_path / "to.xlsx"
    path.write_bytes(data)
    receipt = receive_file(store, path, received_at=at(2), max_bytes=len(data) - 1)
    assert receipt.error is None and receipt.result is not None
    assert receipt.result.verdict is Verdict.REJECTED
    assert [f.code for f in receipt.submission.findings] == ["file-too-large"]  # type: ignore[union-attr]
    assert receipt.result.stored_path.read_bytes() == data
    [waiting] = store.unidentified()
    assert (waiting.record.size, waiting.record.sha256) == (
        len(data),
        hashlib.sha256(data).hexdigest(),
    )


def test_sizes_over_2_gib_fit_the_size_column(store: Store, hanoi: Review) -> None:
    big = 5 * 2**30
    with Session(store.engine) as session, session.begin():
        row = SubmissionRow(review_id=hanoi.id, received_at=at(1).replace(tzinfo=dt.UTC), sha256="0" * 64,
                            size=big, file_name="x", stored_path="x", verdict="rejected", reporter={})  # fmt: skip
        session.add(row)
    [waiting] = store.unidentified()
    assert waiting.record.size == big


def test_an_unidentified_file_is_listed_then_assigned_as_a_new_version(
    store: Store, hanoi: Review, tmp_path: Path
) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 broken zip")
    receipt = receive_file(store, path, received_at=at(3))
    assert receipt.result is not None and receipt.result.version is None
    [waiting] = store.unidentified()
    assert waiting.record.file_name == "hong.xlsx" and waiting.findings[0].code == "file-corrupt"
    assert _state(store, hanoi, "002") is UnitState.MISSING
    result = assign(
        store, waiting.record.submission_id, "002", by="Văn phòng", note="gọi điện xác nhận"
    )
    assert result.version == 1 and result.verdict is Verdict.REJECTED
    assert _state(store, hanoi, "002") is UnitState.REJECTED
    assert store.unidentified() == []
    [assigned] = store.versions("002")
    assert assigned.assigned_from == waiting.record.submission_id
    assert assigned.stored_path == waiting.record.stored_path  # the same kept file
    assert store.record(waiting.record.submission_id).unit_code is None  # the original stays
    with pytest.raises(StoreError, match="đã thuộc đơn vị 002"):
        assign(store, assigned.submission_id, "003", by="Văn phòng")
    with pytest.raises(StoreError, match="đã được gán"):
        assign(store, waiting.record.submission_id, "003", by="Văn phòng")
