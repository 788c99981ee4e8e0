"""The job pages through the route table: start Tổng hợp / Xuất báo cáo, watch, download.

The embedded queue's dispatcher runs real child processes (consolidation and DOCX/PDF rendering
of the Hanoi review); the PostgreSQL variant is in ``test_jobs_pg.py``.
"""

from __future__ import annotations

import io
import re
import time

import openpyxl
import pytest
from starlette.testclient import TestClient

from reportgen.jobs import JobState
from tests.web.conftest import Portal, finished_job, sample, upload


def _wait(client: TestClient, url: str, timeout_s: float = 300) -> str:
    """The job page once it no longer reloads itself (the job is over)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        r = client.get(url)
        assert r.status_code == 200
        if 'http-equiv="refresh"' not in r.text:
            return r.text
        time.sleep(0.5)
    raise AssertionError(f"job at {url} did not finish")


def _files(html: str) -> list[str]:
    return re.findall(r'href="(/thu-ky/cong-viec/\d+/tep/[^"]+)"', html)


@pytest.fixture
def running(portal: Portal) -> Portal:
    """The portal with its dispatcher started and two units' files received."""
    for code in ("001", "002"):
        assert upload(portal.client(code), sample(portal.review, code)).status_code == 303
    portal.queue.start()
    return portal


def test_consolidate_and_render_from_the_board(running: Portal) -> None:
    client = running.client("thuky")
    board = client.get("/thu-ky")
    assert 'action="/thu-ky/cong-viec"' in board.text and "Xuất báo cáo" in board.text
    r = client.post("/thu-ky/cong-viec", data={"loai": "tong-hop"})
    assert r.status_code == 303 and re.fullmatch(r"/thu-ky/cong-viec/\d+", r.headers["location"])
    consolidate = r.headers["location"]
    page = client.get(consolidate).text
    assert 'http-equiv="refresh"' in page and re.search("đang chờ|đang chạy", page)
    page = _wait(client, consolidate)
    assert "hoàn tất" in page and "2/" in page
    [xlsx] = _files(page)
    got = client.get(xlsx)
    assert got.status_code == 200 and got.content[:2] == b"PK"
    assert "attachment" in got.headers["content-disposition"]
    openpyxl.load_workbook(io.BytesIO(got.content))  # a real workbook

    r = client.post("/thu-ky/cong-viec", data={"loai": "bao-cao", "dinh_dang": ["docx", "pdf"],
                                                "kieu": "nha-nuoc", "ban": "du-thao"})  # fmt: skip
    render = r.headers["location"]
    twin = client.post("/thu-ky/cong-viec", data={"loai": "bao-cao", "dinh_dang": ["docx", "pdf"],
                                                   "kieu": "nha-nuoc", "ban": "du-thao"})  # fmt: skip
    assert twin.headers["location"] == render + "?trung=1"
    assert "không bắt đầu thêm công việc mới" in client.get(twin.headers["location"]).text
    page = _wait(client, render)
    assert "hoàn tất" in page, page
    names = _files(page)
    assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "pdf"]
    pdf = client.get(names[1])
    assert pdf.content.startswith(b"%PDF")
    # The list shows both, in Vietnam time; the board shows the draft line and its files.
    listing = client.get("/thu-ky/cong-viec").text
    assert listing.count("hoàn tất") == 2 and "thuky" in listing
    board = client.get("/thu-ky").text
    assert "bản dự thảo cập nhật lúc" in board and "gồm 2/" in board
    assert sum(1 for e in running.store.audit_log() if e.action == "job-started") == 2
    # A viewer sees the jobs and their files, but no buttons, and cannot start one.
    viewer = running.client("lanhdao")
    seen = viewer.get("/thu-ky").text
    assert "bản dự thảo cập nhật lúc" in seen and 'action="/thu-ky/cong-viec"' not in seen
    assert viewer.get(names[1]).status_code == 200
    assert viewer.post("/thu-ky/cong-viec", data={"loai": "tong-hop"}).status_code == 403
    # A unit reaches none of it.
    unit = running.client("001")
    for url in (consolidate, names[1], "/thu-ky/cong-viec"):
        assert unit.get(url).status_code == 404
    assert unit.post("/thu-ky/cong-viec", data={"loai": "tong-hop"}).status_code == 404
    assert len(running.queue.recent()) == 2


def test_the_job_page_survives_a_new_app(portal: Portal) -> None:
    """State lives in the database: another app on the same store shows the same job."""
    from reportgen.web import create_app
    from tests.conftest import HANOI_DIR

    job_id = finished_job(portal)
    other = create_app(portal.project, portal.review, portal.store, review_dir=HANOI_DIR,
                       queue=portal.queue)  # fmt: skip
    client = TestClient(other, follow_redirects=False)
    client.post("/dang-nhap", data={"ten": "thuky", "ma": "mat-khau-thu-nghiem"})
    page = client.get(f"/thu-ky/cong-viec/{job_id}").text
    assert "hoàn tất" in page and "tong-hop-thu.xlsx" in page


def test_bad_requests_and_file_names(portal: Portal) -> None:
    client = portal.client("thuky")
    job_id = finished_job(portal)
    assert client.get(f"/thu-ky/cong-viec/{job_id}/tep/tong-hop-thu.xlsx").content == b"PK tong hop"
    for name in ("..%2F..%2Freportgen.sqlite", "khac.xlsx", "%2Fetc%2Fpasswd"):
        assert client.get(f"/thu-ky/cong-viec/{job_id}/tep/{name}").status_code == 404
    assert client.get("/thu-ky/cong-viec/99999").status_code == 404
    r = client.post("/thu-ky/cong-viec", data={"loai": "xoa-het"})
    assert r.status_code == 400 and "Yêu cầu không hợp lệ" in r.text
    r = client.post("/thu-ky/cong-viec", data={"loai": "bao-cao", "kieu": "dang"})
    assert r.status_code == 400 and "ít nhất một định dạng" in r.text
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
        r = client.post("/thu-ky/cong-viec", data={"loai": "tong-hop"}, headers=headers)
        assert r.status_code == 403
        r = client.post("/thu-ky/du-thao-tu-dong", data={"bat": "1"}, headers=headers)
        assert r.status_code == 403
    assert [j.id for j in portal.queue.recent()] == [job_id]


def test_a_failed_job_shows_its_reason(portal: Portal) -> None:
    from reportgen.jobs import JobKind, JobRequest, review_ref
    from reportgen.jobs.supervise import HOST
    from tests.conftest import HANOI_DIR

    job = portal.queue.submit(
        JobRequest(review_ref(portal.project, HANOI_DIR), JobKind.RENDER), "thuky"
    )
    assert portal.queue.book.claim(job.id, HOST, 1)
    portal.queue.book.finish(job.id, JobState.FAILED, reason="Thiếu phông chữ <Times>")
    page = portal.client("thuky").get(f"/thu-ky/cong-viec/{job.id}").text
    assert "thất bại" in page and "Thiếu phông chữ &lt;Times&gt;" in page
    assert 'http-equiv="refresh"' not in page


def test_live_draft_follows_portal_uploads(portal: Portal) -> None:
    client = portal.client("thuky")
    assert "đang tắt" in client.get("/thu-ky").text
    assert upload(portal.client("001"), sample(portal.review, "001")).status_code == 303
    assert portal.queue.recent() == []  # off: nothing queued
    r = client.post("/thu-ky/du-thao-tu-dong", data={"bat": "1"})
    assert r.status_code == 303 and "đang bật" in client.get("/thu-ky").text
    assert upload(portal.client("002"), sample(portal.review, "002")).status_code == 303
    r = upload(client, sample(portal.review, "003"), url="/thu-ky/don-vi/003/gui", kenh="email")
    assert r.status_code == 303
    # the same bytes again (a double click) start nothing
    assert upload(portal.client("002"), sample(portal.review, "002")).status_code == 303
    [draft] = portal.queue.recent()
    assert draft.live and draft.requests == 2 and draft.state is JobState.QUEUED
    assert draft.started_by == "tự động (bản dự thảo)"
    assert any(e.action == "live-draft-changed" for e in portal.store.audit_log())
    client.post("/thu-ky/du-thao-tu-dong", data={"bat": "0"})
    assert "đang tắt" in client.get("/thu-ky").text
