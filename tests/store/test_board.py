"""The status board on a realistic scenario, and its DHIS2-style summary."""

from __future__ import annotations

import datetime as dt

from reportgen.definition import Review
from reportgen.store import Store, summarize
from tests.store.helpers import at, make_submission, workbook_bytes


def _send(
    store: Store, review: Review, code: str, when: dt.datetime, seed: int = 0, **kw: bool
) -> None:
    data = workbook_bytes(review, code, seed)
    store.submit(make_submission(review, code, data, **kw), data, received_at=when)


def test_the_board_shows_each_units_state_and_the_summary_counts(
    store: Store, hanoi: Review
) -> None:
    codes = [u.code for u in hanoi.units]
    missing = set(codes[-2:])
    for n, code in enumerate(codes[:-2]):
        if n < 3:
            _send(store, hanoi, code, at(8))  # late
        elif n < 5:
            _send(store, hanoi, code, at(4), rejected=True)  # only a rejected file
        elif n == 5:
            _send(store, hanoi, code, at(2), rejected=True)  # rejected, then fixed in time
            _send(store, hanoi, code, at(3), seed=1, warned=True)
        else:
            _send(store, hanoi, code, at(5, 23, 0))
    board = store.statuses(hanoi)
    assert [s.unit_code for s in board] == codes
    assert [s.state.label for s in board[:7]] == ["nộp muộn"] * 3 + ["không hợp lệ"] * 2 + [
        "đã nộp"
    ] * 2
    assert {s.unit_code for s in board if s.state.label == "chưa nộp"} == missing
    resubmitted = board[5]
    assert (
        resubmitted.version,
        resubmitted.versions,
        resubmitted.errors,
        resubmitted.warnings,
    ) == (2, 2, 0, 1)
    assert board[3].errors == 1 and board[3].version == 1

    summary = summarize(board)
    assert summary.line() == "32/36 đơn vị đã nộp, 3 nộp muộn, 2 không hợp lệ, 2 chưa nộp"
    assert (summary.expected, summary.received, summary.accepted, summary.on_time) == (
        36,
        34,
        32,
        29,
    )
    assert (
        summary.rates()
        == "Đã gửi 34/36 (94,4%); hợp lệ (đầy đủ) 32/36 (88,9%); đúng hạn 29/36 (80,6%)"
    )


def test_the_board_as_of_a_date_ignores_files_received_later(store: Store, hanoi: Review) -> None:
    _send(store, hanoi, "001", at(2))
    _send(store, hanoi, "001", at(9), seed=1)
    _send(store, hanoi, "002", at(9))
    early = store.statuses(hanoi, now=dt.datetime(2022, 12, 6))
    assert [(s.state.label, s.version) for s in early[:2]] == [("đã nộp", 1), ("chưa nộp", None)]
    later = store.statuses(hanoi)
    assert [(s.state.label, s.version) for s in later[:2]] == [("đã nộp", 2), ("nộp muộn", 1)]


def test_a_correction_after_the_deadline_keeps_a_unit_on_time(store: Store, hanoi: Review) -> None:
    _send(store, hanoi, "001", at(5))
    _send(store, hanoi, "001", at(12), seed=1)
    [status] = store.statuses(hanoi)[:1]
    assert (status.state.label, status.version) == ("đã nộp", 2)


def test_the_next_step_a_unit_is_told_follows_its_line_of_the_board() -> None:
    from reportgen.store.board import next_step
    from reportgen.store.status import UnitState, UnitStatus

    def told(unjustified: int = 0, **kw: object) -> str:
        return next_step(UnitStatus("001", **kw), unjustified)  # type: ignore[arg-type]

    assert "yêu cầu bổ sung" in told(state=UnitState.ON_TIME, mark="returned")
    assert "không được tính cho đến khi thư ký mở khóa" in told(
        state=UnitState.ON_TIME, mark="accepted"
    )
    assert told(state=UnitState.MISSING).startswith("Tải biểu mẫu")
    assert "có lỗi nên chưa được tính" in told(state=UnitState.REJECTED)
    assert "Còn 2 cảnh báo chưa giải trình" in told(2, state=UnitState.LATE)
    assert told(state=UnitState.ON_TIME).startswith("Đã nộp đầy đủ")
