"""The secretariat produces the report in a real browser (Debian's Chromium, Playwright).

``reportgen serve`` (embedded queue) over a store holding three units' files: the secretariat
starts "Xuất báo cáo" from the board, watches the job page reload itself until it is done,
and downloads the PDF. Screens go to ``outputs/screens/`` (board, job page, job list).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from reportgen.definition import Review
from reportgen.project import Project
from reportgen.store import Role, open_store
from tests.conftest import HANOI_DIR
from tests.jobs.conftest import fill
from tests.web.portal_process import running_portal
from tests.web.test_browser import ARGS, CHROMIUM, SCREENS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="chromium chưa được cài (scripts/setup-system.sh)"
    ),
]


def test_the_secretariat_renders_the_report_in_a_browser(tmp_path: Path, hanoi: Review) -> None:
    from playwright.sync_api import expect, sync_playwright

    with open_store(Project(tmp_path), hanoi) as store:
        fill(store, hanoi, 3)
        _p, password = store.add_staff("thuky", Role.SECRETARIAT, display_name="Thư ký")
    env = {k: v for k, v in os.environ.items() if k != "REPORTGEN_DB"}
    with running_portal(tmp_path, HANOI_DIR, env) as url:
        SCREENS.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            ctx = browser.new_context(
                viewport={"width": 1366, "height": 768}, accept_downloads=True
            )
            page = ctx.new_page()

            def shot(name: str) -> None:
                page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)

            page.goto(url + "/dang-nhap")
            page.fill("#ten", "thuky")
            page.fill("#ma", password)
            page.click("main button[type=submit]")
            expect(page.locator("#cong-viec")).to_contain_text("Chưa có bản dự thảo nào")
            shot("20-bang-theo-doi-cong-viec")
            report = page.locator("form.job-form", has_text="Xuất báo cáo")
            report.locator("input[value=docx]").uncheck()
            report.locator("input[value=nha-nuoc]").check()
            report.locator("button[type=submit]").click()
            expect(page.locator("h1")).to_contain_text("Xuất báo cáo")
            expect(page.locator("#tinh-trang")).to_have_text(re.compile("đang chờ|đang chạy"))
            shot("21-cong-viec-dang-chay")
            # the page reloads itself (meta refresh) until the job is over
            expect(page.locator("#tinh-trang")).to_have_text("hoàn tất", timeout=300_000)
            expect(page.locator("body")).to_contain_text("3/")
            shot("22-cong-viec-hoan-tat")
            with page.expect_download() as info:
                page.click("ul.files a")
            assert info.value.suggested_filename == f"bao-cao-{hanoi.id}.pdf"
            data = Path(info.value.path()).read_bytes()
            assert data.startswith(b"%PDF")
            page.goto(url + "/thu-ky/cong-viec")
            expect(page.locator("table.jobs")).to_contain_text("hoàn tất")
            shot("23-danh-sach-cong-viec")
            page.goto(url + "/thu-ky")
            expect(page.locator("#cong-viec")).to_contain_text("bản dự thảo cập nhật lúc")
            page.click("text=Bật bản dự thảo tự động")
            expect(page.locator("#cong-viec")).to_contain_text("đang bật")
            shot("24-bang-theo-doi-du-thao")
            browser.close()
