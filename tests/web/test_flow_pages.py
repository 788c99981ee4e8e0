"""The review workflow on the portal: duyệt, yêu cầu bổ sung, mở khóa, cover documents, e-mail
reminders — real workbooks, a real store, an in-process SMTP server on loopback."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from reportgen.store.review_flow import ReviewFlow
from reportgen.web import Settings, create_app
from tests.conftest import HANOI_DIR
from tests.web.conftest import Portal, sample, upload

HOSTILE = '<script>alert(1)</script> {{ 7*7 }} ô số 5 "sai"'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _sid(response: Any) -> int:
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _send(portal: Portal, unit: str = "001", seed: int = 1, **kw: Any) -> int:
    return _sid(upload(portal.client(unit), sample(portal.review, unit, seed=seed, **kw)))


def _actions(portal: Portal) -> list[str]:
    return [e.action for e in reversed(portal.store.audit_log())]


def test_a_returned_unit_sees_the_comment_escaped_until_it_sends_a_new_version(
    portal: Portal,
) -> None:
    sid = _send(portal)
    staff = portal.client("thuky")
    page = staff.get("/thu-ky/don-vi/001")
    assert "Duyệt phiên bản 1" in page.text and "Yêu cầu bổ sung" in page.text
    r = staff.post(
        "/thu-ky/don-vi/001/yeu-cau-bo-sung", data={"ban": str(sid), "noi_dung": HOSTILE}
    )
    assert r.status_code == 303 and r.headers["location"] == "/thu-ky/don-vi/001#duyet"

    home = portal.client("001").get("/don-vi")
    assert "yêu cầu bổ sung" in home.text and "Ban thư ký yêu cầu bổ sung" in home.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} ô số 5 &#34;sai&#34;" in home.text
    assert "<script>alert(1)" not in home.text and ">49<" not in home.text
    board = staff.get("/thu-ky").text
    assert 'class="mark returned"' in board
    history = portal.client("001").get("/don-vi/lich-su").text
    assert "yêu cầu bổ sung" in history and "&lt;script&gt;" in history and "thuky" in history
    assert "unit-returned" in _actions(portal)
    entry = portal.store.audit_log(action="unit-returned")[0]
    assert (entry.unit_code, entry.object_id, entry.actor) == ("001", str(sid), "thuky")

    _send(portal, seed=2)  # a new version answers the request
    home = portal.client("001").get("/don-vi")
    assert "Ban thư ký yêu cầu bổ sung" not in home.text
    assert 'class="mark returned"' not in staff.get("/thu-ky").text
    assert "yêu cầu bổ sung" in portal.client("001").get("/don-vi/lich-su").text  # still in history


def test_a_return_needs_a_comment_and_the_counting_version(portal: Portal) -> None:
    first = _send(portal)
    _send(portal, seed=2)
    staff = portal.client("thuky")
    r = staff.post("/thu-ky/don-vi/001/yeu-cau-bo-sung", data={"ban": str(first), "noi_dung": "x"})
    assert r.status_code == 400 and "không phải bản đang được tính" in r.text
    latest = portal.store.versions("001")[-1].submission_id
    r = staff.post(
        "/thu-ky/don-vi/001/yeu-cau-bo-sung", data={"ban": str(latest), "noi_dung": "  "}
    )
    assert r.status_code == 400 and "cần ghi rõ nội dung" in r.text
    r = staff.post("/thu-ky/don-vi/001/duyet", data={"ban": "abc"})
    assert r.status_code == 400 and "Thiếu bản nộp" in r.text
    # unit 002's submission named under unit 001: refused by the library, nothing recorded
    other = _send(portal, "002")
    r = staff.post("/thu-ky/don-vi/001/duyet", data={"ban": str(other)})
    assert r.status_code == 400 and "không có bản nộp số" in r.text
    assert staff.post("/thu-ky/don-vi/999/duyet", data={"ban": str(other)}).status_code == 404
    assert ReviewFlow(portal.store).events() == []


def test_an_accepted_unit_is_locked_its_new_upload_kept_not_counted_until_unlocked(
    portal: Portal,
) -> None:
    sid = _send(portal)
    staff = portal.client("thuky")
    r = staff.post("/thu-ky/don-vi/001/duyet", data={"ban": str(sid), "ghi_chu": "Đạt"})
    assert r.status_code == 303
    page = staff.get("/thu-ky/don-vi/001").text
    assert "Đã duyệt" in page and "Mở khóa" in page and "Duyệt phiên bản" not in page

    newer = _send(portal, seed=2)  # kept, not counted
    assert newer != sid and len(portal.store.versions("001")) == 2
    status = next(s for s in portal.store.statuses(portal.review) if s.unit_code == "001")
    assert (status.submission_id, status.held, status.mark) == (sid, 1, "accepted")
    unit = portal.client("001")
    home = unit.get("/don-vi").text
    assert "không được tính cho đến khi thư ký mở khóa" in home
    history = unit.get("/don-vi/lich-su").text
    assert (
        "không được tính cho đến khi thư ký mở khóa (đơn vị đã được duyệt ở phiên bản 1)" in history
    )
    assert "được tính: phiên bản đã được thư ký duyệt" in history
    board = staff.get("/thu-ky").text
    assert "đã khóa" in board and "1 bản gửi sau chưa tính" in board

    r = staff.post("/thu-ky/don-vi/001/yeu-cau-bo-sung", data={"ban": str(sid), "noi_dung": "x"})
    assert r.status_code == 400 and "mở khoá trước" in r.text
    assert staff.post("/thu-ky/don-vi/001/mo-khoa", data={"ly_do": ""}).status_code == 400
    r = staff.post("/thu-ky/don-vi/001/mo-khoa", data={"ly_do": "Đơn vị sửa số liệu quý 4"})
    assert r.status_code == 303
    status = next(s for s in portal.store.statuses(portal.review) if s.unit_code == "001")
    assert (status.submission_id, status.mark) == (newer, None)
    assert [e.action.value for e in ReviewFlow(portal.store).events("001")] == ["accept", "unlock"]
    assert [a for a in _actions(portal) if a.startswith("unit-")] == [
        "unit-accepted",
        "unit-unlocked",
    ]
    assert "Đơn vị sửa số liệu quý 4" in unit.get("/don-vi/lich-su").text


def test_units_and_viewers_cannot_act_and_cross_site_posts_are_refused(portal: Portal) -> None:
    sid = _send(portal)
    for url, data in (("/thu-ky/don-vi/001/duyet", {"ban": str(sid)}),
                      ("/thu-ky/don-vi/001/yeu-cau-bo-sung", {"ban": str(sid), "noi_dung": "x"}),
                      ("/thu-ky/don-vi/001/mo-khoa", {"ly_do": "x"})):  # fmt: skip
        assert portal.client("001").post(url, data=data).status_code == 404
        assert portal.client("002").post(url, data=data).status_code == 404
        assert portal.client("lanhdao").post(url, data=data).status_code == 403
        for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
            r = portal.client("thuky").post(url, data=data, headers=headers)
            assert r.status_code == 403 and "không gửi từ trang của cổng thông tin" in r.text
    assert ReviewFlow(portal.store).events() == []


def test_a_cover_document_is_kept_byte_for_byte_and_scoped_to_its_unit(portal: Portal) -> None:
    sid = _send(portal)
    unit = portal.client("001")
    name = 'Công văn số 12 <script>alert(1)<script> "ký".pdf'
    r = unit.post(f"/ban-nop/{sid}/cong-van", files={"tep": (name, PDF, "application/pdf")})
    assert r.status_code == 303 and r.headers["location"] == f"/ban-nop/{sid}#cong-van"
    cover = ReviewFlow(portal.store).covers("001")[0]
    assert cover.file_name == name
    page = unit.get(f"/ban-nop/{sid}").text
    assert "Công văn số 12 &lt;script&gt;alert(1)&lt;script&gt;" in page and "<script>" not in page
    link = f"/ban-nop/{sid}/cong-van/{cover.id}"
    got = unit.get(link)
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    disposition = got.headers["content-disposition"]
    assert disposition.startswith(
        'attachment; filename="Cong van so 12 _script_alert_1_script_ _ky_.pdf"'
    )
    assert "filename*=UTF-8''C%C3%B4ng%20v%C4%83n%20s%E1%BB%91%2012%20%3Cscript%3E" in disposition
    assert link in unit.get("/don-vi/lich-su").text
    # unit 002 reaches neither the file nor the form; the viewer cannot attach
    other = portal.client("002")
    assert other.get(link).status_code == 404
    r = other.post(f"/ban-nop/{sid}/cong-van", files={"tep": ("x.pdf", PDF, "application/pdf")})
    assert r.status_code == 404
    assert portal.client("lanhdao").get(link).status_code == 404
    assert portal.client("lanhdao").post(f"/ban-nop/{sid}/cong-van").status_code == 403
    # the secretariat attaches another on the unit's behalf, and sees both on the board
    staff = portal.client("thuky")
    signed = PDF + b"% signed\n"
    r = staff.post(
        f"/ban-nop/{sid}/cong-van", files={"tep": ("Báo cáo đã ký.pdf", signed, "application/pdf")}
    )
    assert r.status_code == 303
    assert "có công văn (2)" in staff.get("/thu-ky").text
    assert [c.actor for c in ReviewFlow(portal.store).covers("001")] == ["001", "thuky"]
    assert "Báo cáo đã ký.pdf" in staff.get("/thu-ky/don-vi/001").text
    assert _actions(portal).count("cover-attached") == 2
    assert staff.get(link).content == PDF
    assert "cover-downloaded" in _actions(portal)


def test_hostile_cover_documents_get_vietnamese_answers(portal: Portal) -> None:
    sid = _send(portal)
    unit = portal.client("001")
    r = unit.post(
        f"/ban-nop/{sid}/cong-van", files={"tep": ("cong-van.pdf", b"MZ\x90\x00 not a pdf")}
    )
    assert r.status_code == 400 and "không phải tệp PDF" in r.text
    assert unit.post(f"/ban-nop/{sid}/cong-van", data={"x": "1"}).status_code == 400
    big = PDF + b"0" * (3 * 1024 * 1024)  # over the test portal's 2 MB limit
    r = unit.post(f"/ban-nop/{sid}/cong-van", files={"tep": ("lon.pdf", big, "application/pdf")})
    assert r.status_code == 413 and "vượt quá giới hạn" in r.text
    assert ReviewFlow(portal.store).covers("001") == []
    assert portal.client("001").get(f"/ban-nop/{sid}/cong-van/999").status_code == 404


# -- e-mail reminders ------------------------------------------------------------------------------


class _Inbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Inbox]:
    """A local SMTP server on loopback, named by the environment as an administrator would."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    handler = _Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("REPORTGEN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("REPORTGEN_SMTP_PORT", str(port))
    monkeypatch.setenv("REPORTGEN_SMTP_FROM", "van-phong@thanh-uy.test")
    monkeypatch.setenv("REPORTGEN_SMTP_SECURITY", "none")
    yield handler
    controller.stop()


@pytest.fixture
def mailing(portal: Portal) -> Iterator[Portal]:
    """The portal over a review whose units 001 and 002 have an e-mail contact."""
    units = [u.model_copy(update={"contact": f"don-vi-{u.code}@quan.test"}) if u.code in ("001", "002")
             else u for u in portal.review.units]  # fmt: skip
    review = portal.review.model_copy(update={"units": tuple(units)})
    app = create_app(portal.project, review, portal.store,
                     settings=Settings(max_upload_bytes=2 * 1024 * 1024), review_dir=HANOI_DIR)  # fmt: skip
    yield Portal(portal.project, review, portal.store, {}, app)


def test_without_smtp_the_page_says_so_and_sending_is_refused(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REPORTGEN_SMTP_HOST", raising=False)
    staff = portal.client("thuky")
    page = staff.get("/thu-ky/nhac-nop")
    assert page.status_code == 200 and "Chưa cấu hình máy chủ thư" in page.text
    assert "chưa nộp" in page.text and "không có địa chỉ: cần gọi điện" in page.text
    r = staff.post("/thu-ky/nhac-nop")
    assert r.status_code == 400 and "REPORTGEN_SMTP_HOST" in r.text
    assert "reminder-emailed" not in _actions(portal)


def test_reminders_are_planned_then_sent_and_each_result_is_audited(
    mailing: Portal, inbox: _Inbox
) -> None:
    staff = mailing.client("thuky")
    sid = _send(mailing, "002")
    staff.post(
        "/thu-ky/don-vi/002/yeu-cau-bo-sung",
        data={"ban": str(sid), "noi_dung": "Bổ sung mục 3 <b>"},
    )
    # unit 004 sent an acceptable file (by e-mail, uploaded by the secretariat): not reminded
    r = upload(staff, sample(mailing.review, "004"), url="/thu-ky/don-vi/004/gui", kenh="email")
    assert r.status_code == 303
    plan = staff.get("/thu-ky/nhac-nop").text
    assert "don-vi-001@quan.test" in plan and "don-vi-002@quan.test" in plan
    assert "Gửi 2 thư nhắc nộp" in plan and "Quận Long Biên" not in plan
    assert inbox.messages == []  # showing the plan sends nothing

    r = staff.post("/thu-ky/nhac-nop")
    assert r.status_code == 303 and r.headers["location"].startswith("/thu-ky/nhac-nop?lan=")
    sent = {tuple(to): m for to, m in inbox.messages}
    assert set(sent) == {("don-vi-001@quan.test",), ("don-vi-002@quan.test",)}
    subject = str(make_header(decode_header(sent[("don-vi-002@quan.test",)]["Subject"])))
    assert subject.startswith("Nhắc nộp báo cáo (yêu cầu bổ sung)")
    body = sent[("don-vi-002@quan.test",)].get_payload(decode=True).decode()
    assert "Nội dung cần bổ sung: Bổ sung mục 3 <b>" in body
    result = staff.get(r.headers["location"]).text
    assert "Đã gửi 2/" in result and "đã gửi" in result and "Bổ sung mục 3" not in result
    lines = mailing.store.audit_log(action="reminder-emailed")
    assert {(e.unit_code, e.outcome) for e in lines if e.outcome == "sent"} == {
        ("001", "sent"),
        ("002", "sent"),
    }
    assert all(e.detail["batch"] == lines[0].detail["batch"] for e in lines)
    assert any(
        e.outcome == "not-sent" and e.detail["error"] for e in lines
    )  # units without address
    # the .xlsx list names the same units (one rule, in the store)
    from reportgen.store.board import reminder_rows

    codes = {
        row[0] for row in reminder_rows(mailing.review, mailing.store.statuses(mailing.review))
    }
    assert {e.unit_code for e in lines} == codes and "004" not in codes


def test_a_dead_smtp_server_gives_a_vietnamese_503(
    mailing: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])  # nothing listens here
    monkeypatch.setenv("REPORTGEN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("REPORTGEN_SMTP_PORT", str(port))
    monkeypatch.setenv("REPORTGEN_SMTP_FROM", "van-phong@thanh-uy.test")
    monkeypatch.setenv("REPORTGEN_SMTP_SECURITY", "none")
    r = mailing.client("thuky").post("/thu-ky/nhac-nop")
    assert r.status_code == 503 and "Không gửi được thư qua máy chủ 127.0.0.1" in r.text
