"""Who reaches what: an access matrix generated from the route table, plus cross-site POSTs."""

from __future__ import annotations

import re

import pytest

from reportgen.store import Role
from reportgen.store.review_flow import ReviewFlow
from reportgen.web import ROUTES
from tests.web.conftest import Portal, finished_job, sample, upload

PEOPLE = {"001": Role.UNIT, "002": Role.UNIT, "thuky": Role.SECRETARIAT, "lanhdao": Role.VIEWER}


@pytest.fixture
def a_file(portal: Portal) -> int:
    """Unit 001's stored submission (with a warning), sent through the portal."""
    r = upload(portal.client("001"), sample(portal.review, "001", mistakes=("decimal-comma-text",)))
    assert r.status_code == 303
    sid = int(r.headers["location"].rsplit("/", 1)[1])
    # a cover document of it, so the matrix reaches /ban-nop/{sid}/cong-van/{cid}
    ReviewFlow(portal.store).attach_cover("001", sid, b"%PDF-1.4\n%%EOF\n", "cong-van.pdf", "001")
    return sid


def _url(path: str, sid: int, job: int = 0) -> str:
    path = (
        path.replace("{sid:int}", str(sid)).replace("{code}", "001").replace("{kind}", "tong-hop")
    ).replace("{cid:int}", "1")
    path = path.replace("{jid:int}", str(job)).replace("{name}", "tong-hop-thu.xlsx")
    assert "{" not in path
    return path


def test_the_matrix_covers_every_route() -> None:
    assert len({(r.path, r.method) for r in ROUTES}) == len(ROUTES)
    assert all(r.roles for r in ROUTES if r.path.startswith(("/don-vi", "/ban-nop", "/thu-ky")))


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.roles], ids=lambda r: f"{r.method} {r.path}"
)
def test_access_matrix(portal: Portal, a_file: int, route: object) -> None:
    from reportgen.web.app import Page

    assert isinstance(route, Page)
    out = portal.project.output_dir(portal.review.id) / f"tong-hop-{portal.review.id}.xlsx"
    out.write_bytes(b"PK tong hop")
    url = _url(route.path, a_file, finished_job(portal))
    anonymous = portal.client().request(route.method, url)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/dang-nhap"
    for name, role in PEOPLE.items():
        client = portal.client(name)
        r = client.request(route.method, url)
        allowed = role in route.roles and not (route.scoped and role is Role.UNIT and name != "001")
        if allowed:
            assert r.status_code not in (403, 404) and r.headers.get("location") != "/dang-nhap", (
                name, r.status_code)  # fmt: skip
            assert r.status_code < 500, (name, r.status_code, r.text[-300:])
        else:
            assert r.status_code in (403, 404), (name, r.status_code)
            assert "Traceback" not in r.text and "001" not in r.headers.get(
                "content-disposition", ""
            )


def test_another_units_justification_is_refused(portal: Portal, a_file: int) -> None:
    key = portal.store.warnings_of(a_file)[0]
    from reportgen.store import finding_keys

    k = finding_keys(portal.store.submission(a_file).findings)[0]
    assert key[0].code == "number-from-text"
    r = portal.client("002").post(
        f"/ban-nop/{a_file}/giai-trinh", data={"khoa": k, "giai_trinh": "x"}
    )
    assert r.status_code == 404
    assert portal.store.justifications(portal.review) == []
    viewer = portal.client("lanhdao").post(
        f"/ban-nop/{a_file}/giai-trinh", data={"khoa": k, "giai_trinh": "x"}
    )
    assert viewer.status_code in (403, 404)


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
    ],
)
def test_cross_site_posts_are_refused(portal: Portal, headers: dict[str, str]) -> None:
    client = portal.client("001")
    r = client.post("/don-vi/gui", files={"tep": ("a.xlsx", b"x")}, headers=headers)
    assert r.status_code == 403 and "không gửi từ trang của cổng thông tin" in r.text
    login = portal.client().post("/dang-nhap", data={"ten": "001", "ma": "x"}, headers=headers)
    assert login.status_code == 403
    assert portal.store.versions("001") == []


def test_same_origin_posts_pass(portal: Portal) -> None:
    client = portal.client()
    for headers in ({"origin": "http://testserver"}, {"sec-fetch-site": "same-origin"}):
        r = client.post("/dang-nhap", data={"ten": "001", "ma": "sai"}, headers=headers)
        assert r.status_code == 401 and "không đúng" in r.text


def test_sessions_end_on_logout_and_revoke(portal: Portal) -> None:
    client = portal.client("001")
    assert client.get("/don-vi").status_code == 200
    client.post("/dang-xuat")
    assert client.get("/don-vi").status_code == 303
    client = portal.client("001")
    portal.store.revoke_unit("001")
    assert client.get("/don-vi").status_code == 303
    cookie = re.compile(r"HttpOnly", re.I)
    r = portal.client().post("/dang-nhap", data={"ten": "002", "ma": "mat-khau-thu-nghiem"})
    assert (
        cookie.search(r.headers["set-cookie"]) and "samesite=lax" in r.headers["set-cookie"].lower()
    )
