"""Uploads checked in the portal's process pool: a dead worker or a time-out still ends.

The pool's workers are real processes; ``hostile_check`` kills its worker for ``giet-…`` files
and hangs for ``treo-…`` ones. Either way the file is kept and recorded, the unit is told in
Vietnamese, and the next upload is checked normally by a fresh pool.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.definition import Review
from reportgen.intake.pool import CheckPool
from reportgen.project import Project
from reportgen.store import Role, open_store
from reportgen.web import Settings, create_app
from tests.conftest import HANOI_DIR
from tests.intake.hostile_checks import hostile_check
from tests.web.conftest import PASSWORD, Portal, sample, upload


@pytest.fixture(scope="module")
def checks(hanoi: Review) -> Iterator[CheckPool]:
    with CheckPool(hanoi, 2, timeout=3, check=hostile_check) as pool:
        yield pool


@pytest.fixture
def pooled(tmp_path: Path, hanoi: Review, checks: CheckPool) -> Iterator[Portal]:
    project = Project(tmp_path)
    store = open_store(project, hanoi)
    store.add_staff("001", Role.UNIT, password=PASSWORD, unit_code="001")
    store.add_staff("thuky", Role.SECRETARIAT, password=PASSWORD)
    app = create_app(project, hanoi, store, settings=Settings(), review_dir=HANOI_DIR,
                     checks=checks)  # fmt: skip
    yield Portal(project, hanoi, store, {}, app)
    store.close()


def _sid(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_a_file_checked_in_the_pool_shows_its_findings(pooled: Portal) -> None:
    client = pooled.client("001")
    sid = _sid(upload(client, sample(pooled.review, "001", mistakes=("text-in-number",))))
    page = client.get(f"/ban-nop/{sid}")
    assert "Chỉ tiêu!K10" in page.text and "not-a-number" in page.text
    assert len(pooled.store.versions("001")) == 1


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("giet-bao-cao.xlsx", "file-check-failed", "bị dừng bất thường"),
        ("treo-bao-cao.xlsx", "file-check-timeout", "quá 3 giây"),
    ],
)
def test_a_check_that_cannot_finish_keeps_the_file_and_tells_the_unit(
    pooled: Portal, name: str, code: str, words: str
) -> None:
    client = pooled.client("001")
    data = sample(pooled.review, "001", seed=7)
    sid = _sid(upload(client, data, name=name))
    page = client.get(f"/ban-nop/{sid}")
    assert page.status_code == 200
    assert code in page.text and words in page.text
    assert "chưa kiểm tra được tệp này" in page.text and "danh-dau" not in page.text
    assert client.get(f"/ban-nop/{sid}/danh-dau.html").status_code == 404
    # kept byte for byte, recorded once, counting for nobody; the secretariat sees it too
    assert client.get(f"/ban-nop/{sid}/tep").content == data
    record = pooled.store.record(sid)
    assert (record.sha256, record.unit_code) == (hashlib.sha256(data).hexdigest(), None)
    assert pooled.store.versions("001") == []
    assert code in pooled.client("thuky").get(f"/ban-nop/{sid}").text
    history = client.get("/don-vi/lich-su").text
    assert f"/ban-nop/{sid}/tep" in history and "không xác định được đơn vị" in history
    # the next file goes through a fresh pool and is checked as usual
    good = _sid(upload(client, sample(pooled.review, "001", seed=8)))
    assert "Kết quả kiểm tra" in client.get(f"/ban-nop/{good}").text
    assert [v.submission_id for v in pooled.store.versions("001")] == [good]
