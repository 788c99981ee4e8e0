"""The portal's pages with real workbooks: upload, findings, downloads, justifications, board."""

from __future__ import annotations

import io
import os
import shutil
import socket
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from reportgen.blank import make_blanks
from reportgen.cli import main
from reportgen.store import finding_keys, summarize
from tests.conftest import HANOI_DIR
from tests.web.conftest import Portal, sample, upload

HOSTILE = '<script>alert(1)</script> {{ 7*7 }} =HYPERLINK("http://x")'


def _sid(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_upload_shows_the_finding_at_its_cell_and_reload_shows_the_same(portal: Portal) -> None:
    client = portal.client("001")
    sid = _sid(upload(client, sample(portal.review, "001", mistakes=("text-in-number",))))
    page = client.get(f"/ban-nop/{sid}")
    assert page.status_code == 200
    assert (
        "không hợp lệ" in page.text and "Chỉ tiêu!K10" in page.text and "not-a-number" in page.text
    )
    assert client.get(f"/ban-nop/{sid}").text == page.text  # stored: the same page on reload
    again = upload(client, sample(portal.review, "001", mistakes=("text-in-number",)))
    assert (
        _sid(again) == sid and len(portal.store.versions("001")) == 1
    )  # double click: one version
    annotated = client.get(f"/ban-nop/{sid}/danh-dau.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(annotated.content))
    assert "K10" in str([c.value for row in wb.worksheets[0].iter_rows() for c in row])
    html = client.get(f"/ban-nop/{sid}/danh-dau.html")
    assert html.headers["content-disposition"].startswith("attachment") and "K10" in html.text
    home = client.get("/don-vi")
    assert "không hợp lệ" in home.text and "sửa trong tệp rồi gửi lại" in home.text


def test_blank_is_the_cli_bytes_with_a_vietnamese_file_name(portal: Portal, tmp_path: Path) -> None:
    r = portal.client("001").get("/don-vi/bieu-mau")
    made = make_blanks(portal.review, tmp_path / "b", ["001"]).files[0]
    assert r.content == made.read_bytes()
    disposition = r.headers["content-disposition"]
    assert f'filename="{made.name}"' in disposition and "filename*=UTF-8''" in disposition
    assert portal.store.audit_log(limit=1)[0].action == "blank-downloaded"


def test_vietnamese_and_hostile_file_names_survive_and_stay_text(portal: Portal) -> None:
    client = portal.client("001")
    name = 'Báo cáo Phường Hàng Bạc "2022".xlsx'
    sid = _sid(upload(client, sample(portal.review, "001", seed=3), name=name))
    r = client.get(f"/ban-nop/{sid}/tep")
    assert r.headers["content-disposition"] == (
        'attachment; filename="Bao cao Phuong Hang Bac _2022_.xlsx"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20Ph%C6%B0%E1%BB%9Dng%20H%C3%A0ng%20B%E1%BA%A1c%20%222022%22.xlsx"
    )
    assert r.content == sample(portal.review, "001", seed=3)
    sid2 = _sid(
        upload(
            client,
            sample(portal.review, "001", seed=4),
            name='<script>alert(1)<script> {{ 7*7 }} =HYPERLINK("x").xlsx',
        )
    )
    page = client.get(f"/ban-nop/{sid2}").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "{{ 7*7 }}" in page and ">49<" not in page


def test_a_hostile_file_gets_its_file_finding_never_a_traceback(portal: Portal) -> None:
    client = portal.client("001")
    for data, code in ((b"MZ\x90\x00 not a workbook" * 20, "file-not-spreadsheet"), (b"", "file-empty"),
                       (b"PK\x03\x04 broken zip" * 10, "file-corrupt")):  # fmt: skip
        r = upload(client, data, name="x.xlsx")
        page = client.get(r.headers["location"])
        assert page.status_code == 200 and code in page.text and "Traceback" not in page.text
    assert portal.store.versions("001") == []  # unidentified: no version of anybody


def test_oversize_upload_gets_the_413_page(portal: Portal) -> None:
    r = upload(portal.client("001"), b"x" * (3 * 1024 * 1024))
    assert r.status_code == 413 and "vượt quá giới hạn 2 MB" in r.text
    assert portal.store.versions("001") == []


def test_another_units_workbook_adds_no_version_to_it(portal: Portal) -> None:
    client = portal.client("001")
    sid = _sid(upload(client, sample(portal.review, "002")))
    assert "upload-other-unit" in client.get(f"/ban-nop/{sid}").text
    assert portal.store.versions("002") == [] and portal.store.versions("001") == []
    assert portal.client("002").get(f"/ban-nop/{sid}").status_code == 404


def test_justify_a_warning_and_the_secretariat_reads_it(portal: Portal) -> None:
    client = portal.client("001")
    sid = _sid(upload(client, sample(portal.review, "001", mistakes=("decimal-comma-text",))))
    findings = portal.store.submission(sid).findings
    key = next(
        k
        for f, k in zip(findings, finding_keys(findings), strict=True)
        if f.code == "number-from-text"
    )
    r = client.post(f"/ban-nop/{sid}/giai-trinh", data={"khoa": key, "giai_trinh": HOSTILE})
    assert r.status_code == 303
    page = client.get(f"/ban-nop/{sid}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} =HYPERLINK" in page
    staff = portal.client("thuky")
    assert "&lt;script&gt;alert(1)" in staff.get("/thu-ky/don-vi/001").text
    assert (
        client.post(f"/ban-nop/{sid}/giai-trinh", data={"khoa": key, "giai_trinh": " "}).status_code
        == 400
    )
    # The file is late (received now, after the 2022 deadline): that warning is still open.
    assert "Quận Ba Đình" in staff.get("/thu-ky?loc=chua-giai-trinh").text
    late = next(
        k
        for f, k in zip(findings, finding_keys(findings), strict=True)
        if f.code == "late-submission"
    )
    client.post(f"/ban-nop/{sid}/giai-trinh", data={"khoa": late, "giai_trinh": "Chậm do họp."})
    assert "Quận Ba Đình" not in staff.get("/thu-ky?loc=chua-giai-trinh").text
    assert len(portal.store.justifications(portal.review, "001")) == 2


def test_secretariat_uploads_on_behalf_with_the_channel(portal: Portal) -> None:
    staff = portal.client("thuky")
    r = upload(staff, sample(portal.review, "002", seed=5), url="/thu-ky/don-vi/002/gui",
               kenh="eoffice", ghi_chu="Công văn 12/UBND")  # fmt: skip
    sid = _sid(r)
    assert "qua E-Office" in staff.get(f"/ban-nop/{sid}").text
    board = staff.get("/thu-ky")
    assert "qua E-Office" in board.text
    summary = summarize(portal.store.statuses(portal.review))
    assert summary.line() in board.text
    history = portal.client("002").get("/don-vi/lich-su").text
    assert "thuky" in history and "Công văn 12/UBND" in history
    sorted_page = staff.get("/thu-ky?xep=ten").text
    assert sorted_page.index("Huyện Ba Vì") < sorted_page.index("Quận Ba Đình")


def test_exports_never_hold_a_formula(portal: Portal) -> None:
    portal.store.audit(HOSTILE, "login-failed", address="=1+1")
    staff = portal.client("thuky")
    for url in ("/thu-ky/nhac-nop.xlsx", "/thu-ky/nhat-ky.xlsx"):
        r = staff.get(url)
        with zipfile.ZipFile(io.BytesIO(r.content)) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet
    log = staff.get("/thu-ky/nhat-ky").text
    assert "&lt;script&gt;" in log and "<script>alert" not in log


def test_access_commands_and_serve_refusals(portal: Portal, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REPORTGEN_ROOT", str(portal.project.root))
    monkeypatch.setenv("REPORTGEN_REVIEW", str(HANOI_DIR))
    runner = CliRunner()
    out = tmp_path / "ds.xlsx"
    r = runner.invoke(
        main, ["access", "issue", "--unit", "003", "--out", str(out), "--url", "https://x.vn"]
    )
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out).active
    code = ws.cell(2, 4).value
    assert ws.cell(2, 1).value == "003" and portal.store.sign_in("003", code).principal is not None
    assert runner.invoke(main, ["access", "revoke", "--unit", "003"]).exit_code == 0
    assert portal.store.sign_in("003", code).principal is None
    r = runner.invoke(main, ["access", "add-staff", "ld2", "--role", "viewer"])
    assert r.exit_code == 0 and "Mật khẩu" in r.output
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        r = runner.invoke(main, ["serve", "--port", str(port)])
    assert r.exit_code == 4 and "đang được chương trình khác dùng" in r.output
    r = runner.invoke(main, ["serve", "--port", "0", "--db", "postgresql://x@127.0.0.1:1/none"])
    assert r.exit_code == 7 and "Không mở được cơ sở dữ liệu" in r.output
    broken = tmp_path / "hong"
    shutil.copytree(HANOI_DIR, broken)
    units = broken / "units.csv"
    units.write_text(units.read_text(encoding="utf-8") + "001,Trùng mã,quan,,,\n", encoding="utf-8")
    r = runner.invoke(main, ["serve", "--port", "0", "--review", str(broken)])
    assert r.exit_code == 3 and "không chạy cổng thông tin" in r.output


def test_a_review_can_override_a_page(portal: Portal, tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from reportgen.web import Settings, create_app

    own = tmp_path / "rieng"
    own.mkdir()
    (own / "login.html").write_text(
        '{% extends "default:login.html" %}{% block title %}Cổng riêng của tỉnh{% endblock %}',
        encoding="utf-8",
    )
    app = create_app(
        portal.project, portal.review, portal.store, settings=Settings(template_dirs=(own,))
    )
    page = TestClient(app).get("/dang-nhap").text
    assert "<title>Cổng riêng của tỉnh" in page and 'name="ma"' in page


def test_the_404_and_errors_are_vietnamese_pages(portal: Portal) -> None:
    client = portal.client("001")
    for url in ("/khong-co", "/ban-nop/999999", "/thu-ky"):
        r = client.get(url)
        assert r.status_code == 404 and "Không tìm thấy trang" in r.text
    r = client.get("/don-vi")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_a_stored_file_downloads_as_a_stream_and_a_missing_one_is_a_plain_503(
    portal: Portal,
) -> None:
    # 1.5 MiB (two chunks) of what a unit may send, not a workbook: kept, rejected, streamed back.
    data = b"PK\x03\x04" + os.urandom(3 * 512 * 1024)
    staff = portal.client("thuky")
    sid = _sid(
        upload(staff, data, name="Bản scan.xlsx", url="/thu-ky/don-vi/001/gui", kenh="email")
    )
    r = staff.get(f"/ban-nop/{sid}/tep")
    assert r.status_code == 200 and r.content == data
    assert r.headers["content-length"] == str(len(data))
    record = portal.store.record(sid)
    stored = portal.store.archive.local_path(record.stored_key)
    assert stored is not None
    stored.unlink()  # e.g. a restore that forgot the files
    r = staff.get(f"/ban-nop/{sid}/tep")
    assert r.status_code == 503 and "Không đọc được tệp đã lưu" in r.text
    assert "Traceback" not in r.text
