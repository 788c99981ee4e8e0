"""``counts`` (the findings page's "đang được tính") agrees with ``versions()`` in every state."""

from __future__ import annotations

import io

from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.store import Store
from reportgen.store.review_flow import ReviewFlow
from reportgen.store.upload import counts, receive_upload, record_by_id


def _send(
    store: Store, review: Review, unit: str, seed: int, mistakes: tuple[str, ...] = ()
) -> int:
    buf = io.BytesIO()
    write_sample(review, review.unit_by_code[unit], buf, seed=seed, mistakes=mistakes)
    up = receive_upload(store, review, "bao-cao.xlsx", buf.getvalue(), account=unit, for_unit=unit)
    return up.result.submission_id


def _agrees(store: Store, unit: str) -> list[int]:
    versions = store.versions(unit)
    for v in versions:
        record = record_by_id(store, v.submission_id)
        assert record is not None
        assert counts(store, record) is v.counting, v.submission_id
    return [v.submission_id for v in versions if v.counting]


def test_counts_agrees_with_versions_through_rejections_newer_files_and_a_lock(
    store: Store, hanoi: Review
) -> None:
    first = _send(store, hanoi, "001", 1)
    assert _agrees(store, "001") == [first]
    _send(store, hanoi, "001", 2, mistakes=("text-in-number",))  # rejected: first still counts
    assert _agrees(store, "001") == [first]
    second = _send(store, hanoi, "001", 3)
    assert _agrees(store, "001") == [second]
    ReviewFlow(store).accept("001", second, "thuky")  # locked on the second
    third = _send(store, hanoi, "001", 4)
    assert _agrees(store, "001") == [second]
    ReviewFlow(store).unlock("001", "thuky", "đơn vị gửi bản sửa")
    assert _agrees(store, "001") == [third]
    other = _send(store, hanoi, "002", 5, mistakes=("text-in-number",))
    assert _agrees(store, "002") == []
    record = record_by_id(store, other)
    assert record is not None and not counts(store, record)
