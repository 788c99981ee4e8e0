"""The portal with its files on S3 (moto's server): an upload lands in the bucket, downloads and
the annotated copy read it back from there, and a cover document goes to the bucket too."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from reportgen.definition import Review
from reportgen.project import Project
from reportgen.store import Role, open_store
from reportgen.store.blobs import S3Blobs
from reportgen.store.review_flow import ReviewFlow
from reportgen.web import Settings, create_app
from tests.conftest import HANOI_DIR
from tests.web.conftest import PASSWORD, Portal, sample, upload


@pytest.fixture
def s3_portal(tmp_path: Path, hanoi: Review, s3_storage: str) -> Iterator[Portal]:
    """The portal of the Hanoi review, its files in a fresh bucket, unit 001 signed up."""
    project = Project(tmp_path)
    store = open_store(project, hanoi, storage=s3_storage)
    store.add_staff("001", Role.UNIT, password=PASSWORD, unit_code="001")
    settings = Settings(max_upload_bytes=2 * 1024 * 1024)
    app = create_app(project, hanoi, store, settings=settings, review_dir=HANOI_DIR)
    yield Portal(project, hanoi, store, {}, app)
    store.close()


def test_an_upload_goes_to_the_bucket_and_every_download_reads_it_back(s3_portal: Portal) -> None:
    client = s3_portal.client("001")
    data = sample(s3_portal.review, "001", mistakes=("text-in-number",))
    response = upload(client, data, name="Báo cáo.xlsx")
    assert response.status_code == 303, response.text
    sid = int(response.headers["location"].rsplit("/", 1)[1])
    [record] = s3_portal.store.versions("001")
    blobs = s3_portal.store.archive
    assert isinstance(blobs, S3Blobs) and blobs.get(record.stored_key) == data
    assert not record.stored_path.exists()  # nothing on the web machine's disk
    assert client.get(f"/ban-nop/{sid}/tep").content == data
    annotated = client.get(f"/ban-nop/{sid}/danh-dau.xlsx")
    assert annotated.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(annotated.content))
    assert "K10" in str([c.value for row in book.worksheets[0].iter_rows() for c in row])
    cover = ReviewFlow(s3_portal.store).attach_cover(
        "001", sid, b"%PDF-1.4 cong van", "Công văn.pdf", "001"
    )
    assert blobs.get(cover.stored_key) == b"%PDF-1.4 cong van"
    assert cover.stored_key.startswith("001/") and cover.stored_key.endswith(".pdf")
