"""The portal in a real browser: Debian's Chromium driven by Playwright, against ``reportgen serve``.

A unit signs in with its access code, sets its password, downloads its blank, uploads a file
with a planted mistake, sees the finding at the right cell, downloads the annotated copy,
uploads a corrected file and justifies its warning; the secretariat sees the board change and
reads the justification. Every page is photographed into ``outputs/screens/`` (1366×768).
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.blank import write_workbook
from reportgen.definition import Review
from reportgen.demo.samples import write_sample
from reportgen.project import Project
from reportgen.store import Role, open_store
from tests.conftest import HANOI_DIR, ROOT
from tests.web.portal_process import running_portal

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENS = ROOT / "outputs" / "screens"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="chromium chưa được cài (scripts/setup-system.sh)"
    ),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture
def server(tmp_path: Path, hanoi: Review) -> Iterator[tuple[str, dict[str, str]]]:
    """``reportgen serve`` on a free loopback port, with a unit code and a secretariat password."""
    with open_store(Project(tmp_path), hanoi) as store:
        [issued] = store.issue_codes(["001"])
        _p, password = store.add_staff("thuky", Role.SECRETARIAT, display_name="Thư ký")
    with running_portal(tmp_path, HANOI_DIR) as url:
        yield url, {"code": issued.code, "password": password, "root": str(tmp_path)}


def test_a_unit_and_the_secretariat_in_a_browser(
    server: tuple[str, dict[str, str]], hanoi: Review, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, secrets = server
    SCREENS.mkdir(parents=True, exist_ok=True)
    unit = hanoi.unit_by_code["001"]
    wrong, fixed = tmp_path / "bao-cao-sai.xlsx", tmp_path / "Báo cáo Ba Đình đã sửa.xlsx"
    placed = write_sample(hanoi, unit, wrong, seed=7, mistakes=("text-in-number",))
    write_sample(hanoi, unit, fixed, seed=8, mistakes=("decimal-comma-text",))
    sheet, cell = placed["text-in-number"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
        page = ctx.new_page()

        def shot(name: str) -> None:
            page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)

        page.goto(url + "/")
        shot("01-dang-nhap")
        page.fill("#ten", "001")
        page.fill("#ma", secrets["code"])
        page.click("main button[type=submit]")
        expect(page.locator("h1")).to_have_text("Đặt mật khẩu")
        shot("02-dat-mat-khau")
        page.fill("#mat_khau", "mat-khau-ba-dinh")
        page.fill("#nhap_lai", "mat-khau-ba-dinh")
        page.click("main button[type=submit]")
        expect(page.locator("h1")).to_contain_text("Quận Ba Đình")
        expect(page.locator("body")).to_contain_text("chưa nộp")
        expect(page.locator("body")).to_contain_text("đã quá hạn")
        shot("03-trang-don-vi")

        with page.expect_download() as info:
            page.click("text=Tải biểu mẫu Excel của đơn vị")
        blank = Path(info.value.path()).read_bytes()
        expected = io.BytesIO()
        write_workbook(hanoi, unit, expected)
        assert (
            blank == expected.getvalue()
            and info.value.suggested_filename == "001-quan-ba-dinh.xlsx"
        )

        page.set_input_files("#tep", str(wrong))
        page.click("text=Gửi tệp và kiểm tra")
        expect(page.locator("h1")).to_have_text("Kết quả kiểm tra tệp")
        expect(page.locator("table.findings").first).to_contain_text(f"{sheet}!{cell}")
        expect(page.locator("body")).to_contain_text("không hợp lệ")
        shot("04-ket-qua-loi")
        page.reload()
        expect(page.locator("table.findings").first).to_contain_text(f"{sheet}!{cell}")
        with page.expect_download() as info:
            page.click("text=Tải bản đánh dấu lỗi (.xlsx)")
        assert Path(info.value.path()).read_bytes()[:2] == b"PK"

        page.goto(url + "/don-vi")
        page.set_input_files("#tep", str(fixed))
        page.click("text=Gửi tệp và kiểm tra")
        expect(page.locator("body")).to_contain_text("hợp lệ có cảnh báo")
        page.locator("form.justify textarea").first.fill(
            "Số liệu đúng theo báo cáo của phòng TN&MT; <b>không</b> phải lỗi."
        )
        page.locator("form.justify button").first.click()
        expect(page.locator(".justified").first).to_contain_text("<b>không</b> phải lỗi")
        shot("05-ket-qua-giai-trinh")
        page.goto(url + "/don-vi/lich-su")
        expect(page.locator("table.grid")).to_contain_text("ô thay đổi")
        shot("06-lich-su")
        with page.expect_download() as info:
            page.locator("text=Tải tệp đã gửi").first.click()
        assert info.value.suggested_filename == "Báo cáo Ba Đình đã sửa.xlsx"
        page.goto(url + "/thu-ky")
        shot("07-khong-tim-thay")
        assert "Không tìm thấy trang" in page.content()
        ctx.close()

        staff = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
        page = staff.new_page()
        page.goto(url + "/dang-nhap")
        page.fill("#ten", "thuky")
        page.fill("#ma", secrets["password"])
        page.click("main button[type=submit]")
        row = page.locator("table.board tr", has_text="Quận Ba Đình")
        expect(row).to_contain_text("nộp muộn")
        shot("08-bang-theo-doi")
        page.select_option("#loc", "chua-nop")
        page.click("text=Xem")
        expect(page.locator("table.board")).not_to_contain_text("Quận Ba Đình")
        shot("09-bang-loc-chua-nop")
        page.goto(url + "/thu-ky/don-vi/001")
        expect(page.locator("body")).to_contain_text("<b>không</b> phải lỗi")
        shot("10-trang-don-vi-thu-ky")
        page.goto(url + "/thu-ky/nhat-ky")
        expect(page.locator("table.audit")).to_contain_text("viết giải trình")
        shot("11-nhat-ky")
        page.goto(url + "/thu-ky")
        with page.expect_download() as info:
            page.click("text=Tải danh sách nhắc nộp (.xlsx)")
        assert info.value.suggested_filename == "nhac-nop-nq11-moi-truong.xlsx"
        staff.close()
        browser.close()


def test_the_session_warning_and_a_file_that_could_not_be_checked_in_a_browser(
    tmp_path: Path, hanoi: Review
) -> None:
    """session.js warns before the session ends and renews it; a killed check reads plainly.

    The app runs in uvicorn in a thread, its uploads checked by a real pool whose check kills
    its worker for ``giet-…`` files (tests/intake/hostile_checks.py).
    """
    import datetime as dt
    import socket
    import threading

    import uvicorn
    from playwright.sync_api import Route, expect, sync_playwright
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from reportgen.intake.pool import CheckPool
    from reportgen.store.portal_tables import SessionRow
    from reportgen.web import Settings, create_app
    from tests.intake.hostile_checks import hostile_check

    SCREENS.mkdir(parents=True, exist_ok=True)
    store = open_store(Project(tmp_path), hanoi)
    store.add_staff("001", Role.UNIT, password="mat-khau-ba-dinh", unit_code="001")
    checks = CheckPool(hanoi, 1, timeout=10, check=hostile_check)
    app = create_app(Project(tmp_path), hanoi, store, settings=Settings(), review_dir=HANOI_DIR,
                     checks=checks)  # fmt: skip
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    hostile, warned = tmp_path / "giet-bao-cao.xlsx", tmp_path / "bao-cao.xlsx"
    write_sample(hanoi, hanoi.unit_by_code["001"], hostile, seed=9)
    write_sample(
        hanoi, hanoi.unit_by_code["001"], warned, seed=10, mistakes=("decimal-comma-text",)
    )

    def nearly_expired(route: Route) -> None:  # as if the page had been open for 56 minutes
        response = route.fetch()
        body = re.sub(r'data-con-lai="\d+"', 'data-con-lai="230"', response.text())
        route.fulfill(response=response, body=body)

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(url + "/dang-nhap")
            page.fill("#ten", "001")
            page.fill("#ma", "mat-khau-ba-dinh")
            page.click("main button[type=submit]")
            expect(page.locator("#phien")).to_contain_text("(giờ Việt Nam)")
            page.route("**/don-vi", nearly_expired)
            page.goto(url + "/don-vi")
            expect(page.locator("#phien")).to_have_class("session warn")
            expect(page.locator("#phien")).to_contain_text("sẽ hết hạn sau 4 phút")
            page.screenshot(path=str(SCREENS / "12-canh-bao-het-phien.png"))
            page.click("#phien-form button")
            expect(page.locator("#phien")).to_have_class("session")
            expect(page.locator("#phien")).to_contain_text("hết hạn lúc")
            assert page.url == url + "/don-vi"  # renewed in the background, no reload
            page.unroute("**/don-vi")

            page.set_input_files("#tep", str(hostile))
            page.click("text=Gửi tệp và kiểm tra")
            expect(page.locator("h1")).to_have_text("Kết quả kiểm tra tệp")
            expect(page.locator("body")).to_contain_text("chưa kiểm tra được tệp này")
            expect(page.locator("table.findings")).to_contain_text("file-check-failed")
            page.screenshot(path=str(SCREENS / "13-chua-kiem-tra-duoc.png"), full_page=True)

            # a justification typed while the session ended is carried through signing in
            page.goto(url + "/don-vi")
            page.set_input_files("#tep", str(warned))
            page.click("text=Gửi tệp và kiểm tra")
            expect(page.locator("body")).to_contain_text("hợp lệ có cảnh báo")
            page.locator("form.justify textarea").first.fill(
                "Số liệu đã được phòng TN&MT xác nhận."
            )
            with Session(store.engine) as session, session.begin():  # two hours later…
                old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
                session.execute(update(SessionRow).values(seen_at=old))
            page.locator("form.justify button").first.click()
            expect(page.locator("body")).to_contain_text("giải trình chưa được lưu")
            expect(page.locator(".kept")).to_contain_text("phòng TN&MT xác nhận")
            page.screenshot(path=str(SCREENS / "14-dang-nhap-giu-giai-trinh.png"), full_page=True)
            page.fill("#ten", "001")
            page.fill("#ma", "mat-khau-ba-dinh")
            page.click("main button[type=submit]")
            expect(page.locator(".alert.ok")).to_contain_text("Đã lưu giải trình")
            expect(page.locator(".justified").first).to_contain_text("phòng TN&MT xác nhận")
            page.screenshot(path=str(SCREENS / "15-giai-trinh-da-luu.png"), full_page=True)
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        checks.close()
        store.close()
