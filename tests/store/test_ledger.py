"""Submitting files: duplicates, versions, the counting version, lateness, rebuilt Submissions."""

from __future__ import annotations

import datetime as dt

from reportgen.definition import Review
from reportgen.findings import Verdict
from reportgen.messages import flatten, message_text
from reportgen.store import Store
from tests.store.helpers import at, make_submission, workbook_bytes


def test_a_file_is_kept_byte_for_byte_under_its_unit_with_time_and_hash_in_the_name(
    store: Store, hanoi: Review
) -> None:
    data = workbook_bytes(hanoi, "001")
    result = store.submit(
        make_submission(hanoi, "001", data, name="Báo cáo Ba Đình.xlsx"), data, received_at=at(4)
    )
    sha = make_submission(hanoi, "001", data).sha256
    assert result.stored_path.read_bytes() == data
    assert result.stored_path.relative_to(store.archive.root).as_posix() == (
        f"001/20221204T023000Z-{sha[:12]}-Báo cáo Ba Đình.xlsx"
    )
    assert (result.version, result.late, result.duplicate, result.verdict) == (
        1,
        False,
        False,
        Verdict.ACCEPTED,
    )


def test_the_same_bytes_twice_record_nothing_new_and_say_so(store: Store, hanoi: Review) -> None:
    data = workbook_bytes(hanoi, "001")
    first = store.submit(make_submission(hanoi, "001", data), data, received_at=at(3))
    again = store.submit(
        make_submission(hanoi, "001", data, name="gui-lai.xlsx"), data, received_at=at(4)
    )
    assert again.duplicate and (again.submission_id, again.version) == (first.submission_id, 1)
    assert flatten(again.findings, ["code", "severity"]) == [["duplicate-submission", "info"]]
    assert message_text(again.findings[0]) == (
        "Tệp này đã được nhận lúc 09:30 03/12/2022 (phiên bản 1 của đơn vị 001); không ghi nhận lại."
    )
    assert len(store.versions("001")) == 1
    assert sorted(p.name for p in (store.archive.root / "001").iterdir()) == [
        first.stored_path.name
    ]


def test_each_new_file_of_a_unit_is_its_next_version(store: Store, hanoi: Review) -> None:
    for seed in range(3):
        data = workbook_bytes(hanoi, "002", seed)
        store.submit(make_submission(hanoi, "002", data), data, received_at=at(1 + seed))
    data = workbook_bytes(hanoi, "003")
    other = store.submit(make_submission(hanoi, "003", data), data, received_at=at(2))
    assert [r.version for r in store.versions("002")] == [1, 2, 3]
    assert [r.counting for r in store.versions("002")] == [False, False, True]
    assert other.version == 1


def test_a_later_rejected_file_never_replaces_the_accepted_one(store: Store, hanoi: Review) -> None:
    good, bad = workbook_bytes(hanoi, "001", 1), workbook_bytes(hanoi, "001", 2)
    store.submit(
        make_submission(hanoi, "001", good, values={("NM01", 2022): 10}), good, received_at=at(2)
    )
    result = store.submit(make_submission(hanoi, "001", bad, rejected=True), bad, received_at=at(3))
    assert (result.version, result.verdict) == (2, Verdict.REJECTED)
    [status] = [s for s in store.statuses(hanoi) if s.unit_code == "001"]
    assert (status.state.label, status.version, status.versions) == ("đã nộp", 1, 2)
    [(_, counted)] = store.counting(hanoi)
    assert [(v.indicator, v.value) for v in counted.values] == [("NM01", 10)]
    assert (
        store.versions("001")[1].stored_path.read_bytes() == bad
    )  # earlier versions stay readable


def test_a_file_after_the_deadline_day_is_recorded_late_not_refused(
    store: Store, hanoi: Review
) -> None:
    assert hanoi.deadline == dt.date(2022, 12, 5)
    data = workbook_bytes(hanoi, "001")
    result = store.submit(make_submission(hanoi, "001", data), data, received_at=at(7, 9, 30))
    assert (result.late, result.days_late, result.verdict) == (
        True,
        2,
        Verdict.ACCEPTED_WITH_WARNINGS,
    )
    assert [message_text(f) for f in result.findings] == [
        "Nộp muộn 2 ngày so với hạn ngày 05 tháng 12 năm 2022."
    ]
    [(_, counted)] = store.counting(hanoi)
    assert flatten(counted.findings, ["code", "severity"]) == [["late-submission", "warning"]]


def test_the_whole_deadline_day_in_vietnam_time_is_on_time(store: Store, hanoi: Review) -> None:
    last_minute = dt.datetime(2022, 12, 5, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    midnight_utc = dt.datetime(2022, 12, 5, 17, 0, tzinfo=dt.UTC)  # 00:00 on 6 Dec in Hanoi
    a, b = workbook_bytes(hanoi, "001"), workbook_bytes(hanoi, "002")
    assert not store.submit(make_submission(hanoi, "001", a), a, received_at=last_minute).late
    assert (
        store.submit(make_submission(hanoi, "002", b), b, received_at=midnight_utc).days_late == 1
    )


def test_counting_rebuilds_every_typed_value_exactly(store: Store, hanoi: Review) -> None:
    values = {("NM01", 2021): 0, ("NM01", 2022): 2**60, ("NM02", 2022): 0.1 + 0.2, ("XT01", 2022): False,
              ("XT02", 2022): "=HYPERLINK(\"x\")", ("XT03", 2022): None}  # fmt: skip
    data = workbook_bytes(hanoi, "001")
    sent = make_submission(hanoi, "001", data, values=values, warned=True)
    result = store.submit(sent, data, received_at=at(1))
    [(sid, back)] = store.counting(hanoi)
    assert sid == result.submission_id
    assert back == sent  # values, sections, list rows (dates too), reporter and findings
    assert [type(v.value) for v in back.values] == [int, int, float, bool, str, type(None)]


def test_a_file_whose_unit_is_unknown_is_kept_apart_and_never_counts(
    store: Store, hanoi: Review
) -> None:
    data = b"not a workbook at all"
    result = store.submit(
        make_submission(hanoi, None, data, rejected=True, name="../../x.xlsx"), data
    )
    assert result.stored_path.parent.name == "_khong-xac-dinh"
    assert result.stored_path.name.endswith("-x.xlsx") and result.version is None
    assert [u.record.submission_id for u in store.unidentified()] == [result.submission_id]
    assert store.counting(hanoi) == []
