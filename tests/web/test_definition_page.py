"""The definition workbook page: download, upload = import with located findings, the changes
against the running review, and the confirmed write with the old files backed up."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.definition import Review
from reportgen.definition.install import BACKUP_DIR
from reportgen.definition.load import load_review
from reportgen.definition.workbook_export import export_review_workbook
from reportgen.store import open_store
from reportgen.web import Settings, create_app
from tests.conftest import HANOI_DIR
from tests.definition.workbook_helpers import Edit, append_row, column, row_of, set_info
from tests.web.conftest import PASSWORD, Portal

IND = "Chỉ tiêu"


@pytest.fixture
def site(tmp_path: Path, hanoi: Review) -> Iterator[tuple[Portal, Path]]:
    """The portal over a copy of the Hanoi review folder (the page may write into it)."""
    from reportgen.project import Project
    from reportgen.store import Role

    folder = tmp_path / "templates" / hanoi.id
    shutil.copytree(HANOI_DIR, folder)
    project = Project(tmp_path)
    store = open_store(project, hanoi)
    for name, role, unit in (("001", Role.UNIT, "001"), ("thuky", Role.SECRETARIAT, None),
                             ("lanhdao", Role.VIEWER, None)):  # fmt: skip
        store.add_staff(name, role, password=PASSWORD, unit_code=unit)
    app = create_app(project, hanoi, store, settings=Settings(), review_dir=folder)
    yield Portal(project, hanoi, store, {}, app), folder
    store.close()


def _book(tmp_path: Path, review: Review) -> Path:
    path = tmp_path / "dinh-nghia.xlsx"
    export_review_workbook(review, path)
    return path


def _upload(client, path: Path, name: str = "dinh-nghia.xlsx"):  # type: ignore[no-untyped-def]
    return client.post(
        "/thu-ky/dinh-nghia", files={"tep": (name, path.read_bytes(), "application/octet-stream")}
    )


def test_download_is_the_export_and_an_unchanged_upload_shows_no_change(
    site: tuple[Portal, Path], tmp_path: Path
) -> None:
    portal, _folder = site
    staff = portal.client("thuky")
    page = staff.get("/thu-ky/dinh-nghia")
    assert page.status_code == 200 and "Tải bảng định nghĩa (.xlsx)" in page.text
    r = staff.get("/thu-ky/dinh-nghia.xlsx")
    expected = io.BytesIO()
    export_review_workbook(portal.review, expected)
    assert r.content == expected.getvalue()
    assert "filename*=UTF-8''dinh-nghia-nq11-moi-truong.xlsx" in r.headers["content-disposition"]
    r = _upload(staff, _book(tmp_path, portal.review))
    assert r.status_code == 303 and r.headers["location"].startswith("/thu-ky/dinh-nghia?ban=")
    shown = staff.get(r.headers["location"])
    assert (
        "Không có lỗi" in shown.text
        and "Không có thay đổi nào so với phiên bản 2022.1" in shown.text
    )
    assert staff.get(r.headers["location"]).text == shown.text  # a reload shows the same
    actions = [e.action for e in portal.store.audit_log()]
    assert "definition-uploaded" in actions and "definition-downloaded" in actions


def test_errors_are_located_on_the_page_and_nothing_can_be_written(
    site: tuple[Portal, Path], tmp_path: Path
) -> None:
    portal, folder = site
    book = _book(tmp_path, portal.review)
    with Edit(book) as wb:
        ws = wb[IND]
        cell = f"{column(IND, 'area')}{row_of(ws, 'NM02')}"
        ws[cell] = "nuoc-mat2"
    staff = portal.client("thuky")
    r = _upload(staff, book)
    page = staff.get(r.headers["location"]).text
    assert f"{IND}!{cell}: không có nhóm nhiệm vụ mã &#39;nuoc-mat2&#39;" in page
    assert "không có gì được ghi" in page and "Áp dụng định nghĩa mới" not in page
    key = r.headers["location"].split("=", 1)[1]
    assert staff.get(f"/thu-ky/dinh-nghia/van-ban.zip?ban={key}").status_code == 400
    before = (folder / "review.yaml").read_bytes()
    r = staff.post("/thu-ky/dinh-nghia/ap-dung", data={"ban": key, "xac_nhan": "1"})
    assert r.status_code == 400 and "còn lỗi" in r.text
    assert (folder / "review.yaml").read_bytes() == before and not (folder / BACKUP_DIR).exists()


def test_an_inserted_indicator_shows_the_cells_that_move(
    site: tuple[Portal, Path], tmp_path: Path
) -> None:
    from tests.definition.workbook_helpers import insert_row

    portal, _folder = site
    book = _book(tmp_path, portal.review)
    with Edit(book) as wb:
        ws = wb[IND]
        insert_row(ws, row_of(ws, "NM02"), {"A": "NM01b", "B": "nuoc-mat", "C": "Số hộ dùng nước giếng",
                                            "D": "hộ", "E": "số nguyên", "F": "mọi năm của kỳ", "H": "Có",
                                            "I": 0, "O": "cộng"})  # fmt: skip
    staff = portal.client("thuky")
    page = staff.get(_upload(staff, book).headers["location"]).text
    assert "Ô nhập số liệu thay đổi trên biểu mẫu của đơn vị" in page
    assert "thêm</span> NM01b — Số hộ dùng nước giếng" in page


def test_hostile_uploads_get_vietnamese_answers(site: tuple[Portal, Path], tmp_path: Path) -> None:
    portal, _folder = site
    staff = portal.client("thuky")
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a zip at all")
    r = _upload(staff, bad, name="<script>alert(1)</script>.docx")
    assert (
        r.status_code == 400
        and "không phải bảng Excel .xlsx" in r.text
        and "<script>" not in r.text
    )
    r = _upload(staff, bad, name="Định nghĩa <b>.xlsx")
    page = staff.get(r.headers["location"])
    assert page.status_code == 200 and "Traceback" not in page.text
    assert "Định nghĩa &lt;b&gt;.xlsx" in page.text and "không có gì được ghi" in page.text
    assert staff.get("/thu-ky/dinh-nghia?ban=" + "0" * 64).status_code == 404
    assert staff.get("/thu-ky/dinh-nghia?ban=../../etc/passwd").status_code == 404
    assert staff.get("/thu-ky/dinh-nghia/van-ban.zip").status_code == 400
    r = staff.post(
        "/thu-ky/dinh-nghia",
        files={"tep": ("a.xlsx", b"x")},
        headers={"origin": "http://evil.example"},
    )
    assert r.status_code == 403
    assert portal.client("lanhdao").get("/thu-ky/dinh-nghia").status_code == 404
    assert portal.client("001").get("/thu-ky/dinh-nghia.xlsx").status_code == 404


def test_a_new_version_of_a_handed_out_review_is_flagged_then_applied_with_a_backup(
    site: tuple[Portal, Path], tmp_path: Path
) -> None:
    portal, folder = site
    assert portal.client("001").get("/don-vi/bieu-mau").status_code == 200  # handed out
    book = _book(tmp_path, portal.review)
    with Edit(book) as wb:
        append_row(wb["Đơn vị"], {"A": "037", "B": "Huyện Mê Linh mới", "C": "huyen"})
        set_info(wb, "version", "2022.2")
        ws = wb[IND]
        ws[f"{column(IND, 'min')}{row_of(ws, 'NM01')}"] = 5  # shapes the units' workbooks
    staff = portal.client("thuky")
    r = _upload(staff, book)
    key = r.headers["location"].split("=", 1)[1]
    page = staff.get(r.headers["location"]).text
    assert "Đây là phiên bản mới của đợt đã phát cho đơn vị" in page
    assert "1 đơn vị đã tải biểu mẫu trên cổng" in page
    assert "037 — Huyện Mê Linh mới" in page and "phiên bản: 2022.1 → 2022.2" in page
    assert "NM01" in page and "giá trị nhỏ nhất" in page
    assert "Ô nhập số liệu thay đổi" not in page  # a new unit and a minimum move no cell

    z = staff.get(f"/thu-ky/dinh-nghia/van-ban.zip?ban={key}")
    with zipfile.ZipFile(io.BytesIO(z.content)) as zf:
        assert sorted(zf.namelist()) == ["review.yaml", "units.csv"]
        assert "037,Huyện Mê Linh mới" in zf.read("units.csv").decode()
    old = (folder / "review.yaml").read_bytes()
    assert (folder / "review.yaml").read_bytes() == old  # nothing written before the confirm
    r = staff.post("/thu-ky/dinh-nghia/ap-dung", data={"ban": key})
    assert r.status_code == 400 and "xác nhận" in r.text
    assert (
        portal.client("lanhdao")
        .post("/thu-ky/dinh-nghia/ap-dung", data={"ban": key, "xac_nhan": "1"})
        .status_code
        == 403
    )
    r = staff.post("/thu-ky/dinh-nghia/ap-dung", data={"ban": key, "xac_nhan": "1"})
    assert r.status_code == 303
    [backup] = (folder / BACKUP_DIR).iterdir()
    assert (backup / "review.yaml").read_bytes() == old
    loaded = load_review(folder)
    assert loaded.version == "2022.2" and "037" in loaded.unit_by_code
    done = staff.get(r.headers["location"]).text
    assert f"phien-ban-cu/{backup.name}/" in done and "Khởi động lại cổng" in done
    entry = portal.store.audit_log(action="definition-applied")[0]
    assert (
        entry.detail["version"] == "2022.2"
        and entry.detail["backup"] == f"{BACKUP_DIR}/{backup.name}"
    )
