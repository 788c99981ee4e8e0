"""What changed between two versions, cell by cell, and the Vietnamese summary."""

from __future__ import annotations

import pytest

from reportgen.definition import Review
from reportgen.errors import StoreError
from reportgen.store import Store, describe_diff
from reportgen.store.diff import changed_cells
from tests.store.helpers import at, make_submission, workbook_bytes


def test_the_diff_lists_changed_cells_with_old_and_new_values(store: Store, hanoi: Review) -> None:
    versions = [
        {("NM01", 2022): 12, ("NM02", 2022): 95.5, ("XT01", 2022): True, ("XT02", 2022): 1234.5},
        {("NM01", 2022): 15, ("NM02", 2022): 95.5, ("XT01", 2022): False, ("XT02", 2022): None},
    ]
    for seed, values in enumerate(versions):
        data = workbook_bytes(hanoi, "001", seed)
        store.submit(
            make_submission(hanoi, "001", data, values=values), data, received_at=at(1 + seed)
        )
    diffs = store.diff("001", 1, 2)
    assert changed_cells(diffs) == ["Chỉ tiêu!F7", "Chỉ tiêu!F9", "Chỉ tiêu!F10"]
    assert describe_diff(diffs) == (
        "3 ô thay đổi: Chỉ tiêu!F7 12 → 15; Chỉ tiêu!F9 Có → Không; Chỉ tiêu!F10 1.234,5 → (trống)"
    )
    assert store.diff("001", 2, 2) == []
    assert describe_diff([]) == "Không có ô nào thay đổi."


def test_asking_for_a_version_that_does_not_exist_says_which_exist(
    store: Store, hanoi: Review
) -> None:
    data = workbook_bytes(hanoi, "001")
    store.submit(make_submission(hanoi, "001", data), data, received_at=at(1))
    with pytest.raises(StoreError, match="không có phiên bản 3 \\(có: 1\\)"):
        store.diff("001", 1, 3)
