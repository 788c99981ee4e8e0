"""The idle timeout as users meet it: the expiry shown, staying signed in, expired forms."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import update
from sqlalchemy.orm import Session

from reportgen.store import finding_keys
from reportgen.store.deadline import LOCAL_TZ
from reportgen.store.portal_tables import SessionRow
from tests.web.conftest import PASSWORD, Portal, sample, upload

HOSTILE = '<script>alert(1)</script> {{ 7*7 }} =HYPERLINK("http://x")'


def _expire_sessions(portal: Portal) -> None:
    """Every session last used two hours ago (idle limit: one hour)."""
    old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    with Session(portal.store.engine) as session, session.begin():
        session.execute(update(SessionRow).values(seen_at=old))


def _a_warning(portal: Portal) -> tuple[int, str]:
    r = upload(portal.client("001"), sample(portal.review, "001", mistakes=("decimal-comma-text",)))
    sid = int(r.headers["location"].rsplit("/", 1)[1])
    findings = portal.store.submission(sid).findings
    key = next(k for f, k in zip(findings, finding_keys(findings), strict=True)
               if f.severity.value == "warning")  # fmt: skip
    return sid, key


def test_every_signed_in_page_says_when_the_session_ends_in_vietnam_time(portal: Portal) -> None:
    client = portal.client("001")
    before = dt.datetime.now(LOCAL_TZ) + dt.timedelta(minutes=60)
    page = client.get("/don-vi").text
    found = re.search(
        r"hết hạn lúc <b>(\d\d):(\d\d) (\d\d)/(\d\d)/(\d{4})</b> \(giờ Việt Nam\)", page
    )
    assert found, page
    hh, mm = int(found.group(1)), int(found.group(2))
    assert abs((hh * 60 + mm) - (before.hour * 60 + before.minute)) in (0, 1, 1439)
    assert 'action="/phien/gia-han"' in page and 'value="/don-vi"' in page
    assert '<script src="/static/session.js" defer></script>' in page
    left = int(re.search(r'data-con-lai="(\d+)"', page).group(1))  # type: ignore[union-attr]
    assert 3500 < left <= 3600
    assert "phien" not in portal.client().get("/dang-nhap").text  # nobody signed in: nothing
    assert client.get("/static/session.js").status_code == 200


def test_staying_signed_in_renews_the_session_and_goes_back(portal: Portal) -> None:
    client = portal.client("001")
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=58)
    with Session(portal.store.engine) as session, session.begin():
        session.execute(update(SessionRow).values(seen_at=old))
    # the page has been left open for 58 minutes: two minutes left, the script asks to renew
    r = client.post("/phien/gia-han", headers={"accept": "application/json"})
    assert r.status_code == 200 and 3500 < r.json()["con_lai"] <= 3600
    assert re.fullmatch(r"\d\d:\d\d \d\d/\d\d/\d{4}", r.json()["het_han"])
    assert (
        client.post("/phien/gia-han", data={"tiep": "/don-vi/lich-su"}).headers["location"]
        == "/don-vi/lich-su"
    )
    for evil in ("//evil.example/x", "https://evil.example", "/\\evil", "javascript:alert(1)"):
        assert client.post("/phien/gia-han", data={"tiep": evil}).headers["location"] == "/"
    viewer = portal.client("lanhdao").post("/phien/gia-han", data={"tiep": "/thu-ky"})
    assert viewer.status_code == 303 and viewer.headers["location"] == "/thu-ky"
    _expire_sessions(portal)
    gone = client.post("/phien/gia-han", headers={"accept": "application/json"})
    assert gone.status_code == 401 and "Phiên đăng nhập đã hết hạn" in gone.text


def test_a_justification_sent_after_the_session_ended_is_saved_after_signing_in(
    portal: Portal,
) -> None:
    sid, key = _a_warning(portal)
    client = portal.client("001")
    _expire_sessions(portal)
    r = client.post(f"/ban-nop/{sid}/giai-trinh", data={"khoa": key, "giai_trinh": HOSTILE})
    assert r.status_code == 401
    assert "giải trình chưa được lưu" in r.text and "sẽ được lưu ngay sau khi đăng nhập" in r.text
    assert "<script>alert" not in r.text and "&lt;script&gt;" in r.text  # carried as text
    assert portal.store.justifications(portal.review) == []
    carried = dict(re.findall(r'<input type="hidden" name="(giu_[a-z_]+)" value="([^"]*)"', r.text))
    assert set(carried) == {"giu_ban_nop", "giu_khoa", "giu_giai_trinh"}
    import html

    form = {k: html.unescape(v) for k, v in carried.items()}
    wrong = client.post("/dang-nhap", data={"ten": "001", "ma": "sai", **form})
    assert wrong.status_code == 401 and "Giải trình đang giữ" in wrong.text  # still carried
    again = client.post("/dang-nhap", data={"ten": "001", "ma": PASSWORD, **form})
    assert (
        again.status_code == 303
        and again.headers["location"] == f"/ban-nop/{sid}?da-luu=1#giai-trinh"
    )
    [j] = portal.store.justifications(portal.review)
    assert (j.text, j.author, j.submission_id) == (HOSTILE, "001", sid)
    page = client.get(f"/ban-nop/{sid}?da-luu=1").text
    assert "Đã lưu giải trình bạn viết trước khi phiên đăng nhập hết hạn" in page


def test_a_carried_justification_never_lands_on_another_units_file(portal: Portal) -> None:
    sid, key = _a_warning(portal)
    other = portal.client()
    form = {"giu_ban_nop": str(sid), "giu_khoa": key, "giu_giai_trinh": "của đơn vị khác"}
    r = other.post("/dang-nhap", data={"ten": "002", "ma": PASSWORD, **form})
    assert r.status_code == 303 and r.headers["location"] == "/don-vi"
    assert portal.store.justifications(portal.review) == []


def test_an_upload_sent_after_the_session_ended_says_it_was_not_sent(portal: Portal) -> None:
    client = portal.client("001")
    _expire_sessions(portal)
    r = upload(client, sample(portal.review, "001"))
    assert r.status_code == 401 and "tệp chưa được gửi" in r.text
    assert portal.store.versions("001") == []
    anonymous = upload(portal.client(), sample(portal.review, "001"))
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/dang-nhap"
