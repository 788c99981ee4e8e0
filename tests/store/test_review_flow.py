"""The review workflow: duyệt locks a unit, yêu cầu bổ sung until a new version, mở khoá, công văn."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter

from reportgen.definition import Review
from reportgen.errors import StoreError
from reportgen.messages import message_text
from reportgen.store import Store, summarize
from reportgen.store.flow_tables import Action
from reportgen.store.review_flow import ReviewFlow
from tests.store.helpers import at, make_submission, workbook_bytes


def _send(store: Store, review: Review, code: str, seed: int, day: int = 2, **kw: object) -> int:
    data = workbook_bytes(review, code, seed)
    sub = make_submission(review, code, data, **kw)  # type: ignore[arg-type]
    return store.submit(sub, data, received_at=at(day, 9, seed)).submission_id


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_accepted_unit_is_locked_until_unlocked_with_a_note(store: Store, hanoi: Review) -> None:
    code = hanoi.units[0].code
    first = _send(store, hanoi, code, 0, values={("NM01", 2022): 10})
    flow = ReviewFlow(store)
    flow.accept(code, first, actor="thu-ky")

    data = workbook_bytes(hanoi, code, 1)
    result = store.submit(
        make_submission(hanoi, code, data, values={("NM01", 2022): 99}), data, received_at=at(3)
    )
    # Kept (a new version), told why it does not count, and the accepted one still counts.
    assert result.version == 2 and not result.duplicate and result.stored_path.is_file()
    held = [f for f in result.findings if f.code == "held-while-accepted"]
    assert held and "chưa được tính cho đến khi ban thư ký mở khoá" in message_text(held[0], "vi")
    line = store.statuses(hanoi)[0]
    assert (line.submission_id, line.version, line.mark_label, line.held) == (
        first,
        1,
        "đã duyệt",
        1,
    )
    [(counted_id, counted)] = store.counting(hanoi)[:1]
    assert counted_id == first and counted.values[0].value == 10
    assert [v.counting for v in store.versions(code)] == [True, False]

    with pytest.raises(StoreError, match="cần ghi lý do"):
        flow.unlock(code, actor="thu-ky", note=" ")
    flow.unlock(code, actor="thu-ky", note="Đơn vị gửi lại số liệu đã sửa theo công văn")
    line = store.statuses(hanoi)[0]
    assert (line.submission_id, line.version, line.mark, line.held) == (
        result.submission_id,
        2,
        None,
        0,
    )
    actions = [(e.action, e.actor) for e in flow.events(code)]
    assert actions == [(Action.ACCEPT, "thu-ky"), (Action.UNLOCK, "thu-ky")]
    assert flow.events(code)[1].note == "Đơn vị gửi lại số liệu đã sửa theo công văn"


def test_a_returned_unit_sees_the_comment_until_it_sends_a_new_version(
    store: Store, hanoi: Review
) -> None:
    code = hanoi.units[1].code
    first = _send(store, hanoi, code, 0)
    flow = ReviewFlow(store)
    with pytest.raises(StoreError, match="ghi rõ nội dung"):
        flow.return_(code, first, actor="thu-ky", comment="")
    flow.return_(code, first, actor="thu-ky", comment="Bổ sung số liệu <năm 2021> mục 2")
    line = store.statuses(hanoi)[1]
    assert line.mark_label == "yêu cầu bổ sung"
    assert line.mark_note == "Bổ sung số liệu <năm 2021> mục 2"
    assert line.state.label == "đã nộp"  # still counts meanwhile: the board says both
    assert summarize(store.statuses(hanoi)).accepted == 1

    _send(store, hanoi, code, 1, day=3)
    line = store.statuses(hanoi)[1]
    assert (line.mark, line.mark_note, line.version) == (None, "", 2)
    assert [e.action for e in flow.events(code)] == [Action.RETURN]


def test_only_the_counting_submission_of_the_named_unit_can_be_reviewed(
    store: Store, hanoi: Review
) -> None:
    a, b = hanoi.units[0].code, hanoi.units[1].code
    a_first = _send(store, hanoi, a, 0)
    b_first = _send(store, hanoi, b, 0)
    flow = ReviewFlow(store)
    # Unit A's name with unit B's submission: the same answer as for a submission that does not exist.
    for act in (
        lambda: flow.accept(a, b_first, actor="x"),
        lambda: flow.return_(a, b_first, actor="x", comment="sửa"),
        lambda: flow.attach_cover(a, b_first, _pdf(), "cv.pdf", actor="x"),
    ):
        with pytest.raises(StoreError, match=f"Đơn vị {a} không có bản nộp số {b_first}"):
            act()
    _send(store, hanoi, a, 1, day=3)
    with pytest.raises(StoreError, match="không phải bản đang được tính"):
        flow.accept(a, a_first, actor="x")
    with pytest.raises(StoreError, match="chưa được duyệt"):
        flow.unlock(a, actor="x", note="không cần")
    flow.accept(b, b_first, actor="x")
    with pytest.raises(StoreError, match="đã được duyệt"):
        flow.return_(b, b_first, actor="x", comment="sửa")
    assert flow.events(a) == []
    assert [e.action for e in flow.events()] == [Action.ACCEPT]


def test_a_cover_document_is_kept_byte_for_byte_and_listed_in_the_history(
    store: Store, hanoi: Review
) -> None:
    code = hanoi.units[2].code
    sid = _send(store, hanoi, code, 0)
    flow = ReviewFlow(store)
    pdf = _pdf()
    cover = flow.attach_cover(code, sid, pdf, "Công văn số 12/UBND.pdf", actor="don-vi")
    assert cover.stored_path.read_bytes() == pdf
    assert cover.stored_path.parent == store.versions(code)[0].stored_path.parent
    assert flow.attach_cover(code, sid, pdf, "lại.pdf", actor="don-vi").id == cover.id
    with pytest.raises(StoreError, match="không phải tệp PDF"):
        flow.attach_cover(code, sid, b"PK\x03\x04 not a pdf", "cv.pdf", actor="don-vi")
    assert store.statuses(hanoi)[2].covers == 1
    history = flow.history(code)
    assert type(history[0]).__name__ == "SubmissionRecord"  # received in 2022, before the cover
    assert sorted(type(e).__name__ for e in history[1:]) == ["CoverRecord", "FlowEvent"]
    assert cover.stored_path.name.endswith("-cong-van-UBND.pdf")
    assert [c.file_name for c in flow.covers(code)] == ["Công văn số 12/UBND.pdf"]
    assert sorted(p.name for p in cover.stored_path.parent.iterdir() if p.suffix == ".tmp") == []


def test_one_unit_s_status_is_its_line_of_the_board(store: Store, hanoi: Review) -> None:
    # The unit's home page reads one unit's rows; it must show exactly the board's line.
    codes = [u.code for u in hanoi.units[:5]]
    flow = ReviewFlow(store)
    accepted = _send(store, hanoi, codes[0], 0)
    flow.accept(codes[0], accepted, actor="thu-ky")
    _send(store, hanoi, codes[0], 1, day=3)  # held while accepted
    returned = _send(store, hanoi, codes[1], 2)
    flow.return_(codes[1], returned, actor="thu-ky", comment="Bổ sung số liệu 2022")
    covered = _send(store, hanoi, codes[2], 3, day=6)  # late
    flow.attach_cover(codes[2], covered, _pdf(), "cong-van.pdf", codes[2])
    _send(store, hanoi, codes[3], 4, rejected=True)
    board = {s.unit_code: s for s in store.statuses(hanoi)}
    for code in codes:  # codes[4] never sent anything
        assert store.status(code) == board[code], code
