"""The review workflow in a real browser (Debian's Chromium, Playwright, ``reportgen serve``).

The secretariat returns unit 001's file with a comment; the unit signs in and sees "yêu cầu bổ
sung" and the comment, attaches its signed cover document; the secretariat accepts the new
version, looks at the reminders and the definition pages. Every new page is photographed into
``outputs/screens/`` (1366×768).
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from reportgen.definition import Review, load_review
from reportgen.definition.workbook_export import export_review_workbook
from reportgen.demo.samples import write_sample
from reportgen.project import Project
from reportgen.store import Role, open_store
from tests.conftest import HANOI_DIR
from tests.definition.workbook_helpers import Edit, append_row, insert_row, row_of, set_info
from tests.web.portal_process import running_portal
from tests.web.test_browser import ARGS, CHROMIUM, SCREENS, pytestmark

__all__ = ["pytestmark"]


class _Inbox:
    """An aiosmtpd handler keeping every message (loopback only; .test addresses only)."""

    def __init__(self) -> None:
        self.recipients: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.recipients += list(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def server(tmp_path: Path, hanoi: Review) -> Iterator[tuple[str, dict[str, str], _Inbox]]:
    """``reportgen serve`` over a copy of the Hanoi review whose unit 001 has a .test e-mail
    contact, with a local SMTP server named in its environment."""
    folder = tmp_path / "dot" / hanoi.id
    shutil.copytree(HANOI_DIR, folder)
    units = folder / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "001,Quận Ba Đình,quan,,,", "001,Quận Ba Đình,quan,,ba-dinh@quan.test,"), encoding="utf-8")  # fmt: skip
    review = load_review(folder)
    with open_store(Project(tmp_path), review) as store:
        [issued] = store.issue_codes(["001"])
        _p, password = store.add_staff("thuky", Role.SECRETARIAT, display_name="Thư ký")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    inbox = _Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTGEN_SMTP")}
    env |= {"REPORTGEN_SMTP_HOST": "127.0.0.1", "REPORTGEN_SMTP_PORT": str(port),
            "REPORTGEN_SMTP_FROM": "van-phong@thanh-uy.test", "REPORTGEN_SMTP_SECURITY": "none"}  # fmt: skip
    try:
        with running_portal(tmp_path, folder, env) as url:
            yield url, {"code": issued.code, "password": password}, inbox
    finally:
        smtp.stop()


COMMENT = "Bổ sung số liệu chỉ tiêu NM03 năm 2022; <b>ghi rõ</b> nguồn số liệu."
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_the_secretariat_returns_a_unit_that_then_sees_the_comment(
    server: tuple[str, dict[str, str], _Inbox], hanoi: Review, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, secrets, inbox = server
    SCREENS.mkdir(parents=True, exist_ok=True)
    unit = hanoi.unit_by_code["001"]
    first, second = tmp_path / "bao-cao.xlsx", tmp_path / "bao-cao-bo-sung.xlsx"
    write_sample(hanoi, unit, first, seed=11)
    write_sample(hanoi, unit, second, seed=12)
    cover = tmp_path / "Công văn số 12-UBND.pdf"
    cover.write_bytes(PDF)
    definition = tmp_path / "dinh-nghia.xlsx"
    export_review_workbook(hanoi, definition)
    with Edit(definition) as wb:  # a new version: a unit and an indicator added
        append_row(wb["Đơn vị"], {"A": "037", "B": "Huyện Mê Linh mới", "C": "huyen"})
        set_info(wb, "version", "2022.2")
        ws = wb["Chỉ tiêu"]
        insert_row(ws, row_of(ws, "NM02"), {"A": "NM01b", "B": "nuoc-mat", "C": "Số hộ dùng nước giếng",
                                            "D": "hộ", "E": "số nguyên", "F": "mọi năm của kỳ", "H": "Có",
                                            "I": 0, "O": "cộng"})  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)

        def context():  # type: ignore[no-untyped-def]
            return browser.new_context(
                viewport={"width": 1366, "height": 768}, accept_downloads=True
            )

        ctx = context()
        page = ctx.new_page()

        def shot(name: str) -> None:
            page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)

        # the unit signs in for the first time and sends its file
        page.goto(url + "/dang-nhap")
        page.fill("#ten", "001")
        page.fill("#ma", secrets["code"])
        page.click("main button[type=submit]")
        page.fill("#mat_khau", "mat-khau-ba-dinh")
        page.fill("#nhap_lai", "mat-khau-ba-dinh")
        page.click("main button[type=submit]")
        page.set_input_files("#tep", str(first))
        page.click("text=Gửi tệp và kiểm tra")
        expect(page.locator("h1")).to_have_text("Kết quả kiểm tra tệp")
        ctx.close()

        # the secretariat returns it with a comment
        staff = context()
        page = staff.new_page()
        page.goto(url + "/dang-nhap")
        page.fill("#ten", "thuky")
        page.fill("#ma", secrets["password"])
        page.click("main button[type=submit]")
        page.goto(url + "/thu-ky/don-vi/001")
        shot("20-thu-ky-duyet")
        page.fill("#noi_dung", COMMENT)
        page.click("form[action$='yeu-cau-bo-sung'] button")
        expect(page.locator("#duyet")).to_contain_text(COMMENT)
        shot("21-thu-ky-da-yeu-cau-bo-sung")
        page.goto(url + "/thu-ky")
        expect(page.locator("table.board tr", has_text="Quận Ba Đình")).to_contain_text(
            "yêu cầu bổ sung"
        )
        shot("22-bang-theo-doi-yeu-cau-bo-sung")
        page.click("text=Gửi nhắc nộp qua thư")
        expect(page.locator("body")).to_contain_text("ba-dinh@quan.test")
        shot("27-nhac-nop-qua-thu")
        page.click("text=Gửi 1 thư nhắc nộp")
        expect(page.locator("#ket-qua")).to_contain_text("Đã gửi 1/")
        assert inbox.recipients == ["ba-dinh@quan.test"]
        shot("27b-nhac-nop-ket-qua")

        # the unit signs in and sees the request and the comment, as text
        ctx = context()
        page = ctx.new_page()
        page.goto(url + "/dang-nhap")
        page.fill("#ten", "001")
        page.fill("#ma", "mat-khau-ba-dinh")
        page.click("main button[type=submit]")
        expect(page.locator("#yeu-cau-bo-sung")).to_contain_text("yêu cầu bổ sung")
        expect(page.locator("#yeu-cau-bo-sung .comment")).to_have_text(COMMENT)
        shot("23-don-vi-yeu-cau-bo-sung")
        page.set_input_files("#tep", str(second))
        page.click("text=Gửi tệp và kiểm tra")
        expect(page.locator("h1")).to_have_text("Kết quả kiểm tra tệp")
        page.set_input_files("#cong_van", str(cover))
        page.click("#cong-van button[type=submit]")
        expect(page.locator("#cong-van")).to_contain_text("Công văn số 12-UBND.pdf")
        shot("24-don-vi-cong-van")
        with page.expect_download() as info:
            page.click("#cong-van li a")
        assert Path(info.value.path()).read_bytes() == PDF
        assert info.value.suggested_filename == "Công văn số 12-UBND.pdf"
        page.goto(url + "/don-vi/lich-su")
        expect(page.locator("table.flow")).to_contain_text(COMMENT)
        shot("25-don-vi-lich-su-duyet")
        ctx.close()

        # the secretariat accepts the new version; reminders; the definition workbook
        page = staff.new_page()
        page.goto(url + "/thu-ky/don-vi/001")
        page.click("form[action$='/duyet'] button")
        expect(page.locator("#duyet")).to_contain_text("Đã duyệt")
        shot("26-thu-ky-da-duyet")
        page.goto(url + "/thu-ky")
        expect(page.locator("table.board tr", has_text="Quận Ba Đình")).to_contain_text(
            "có công văn"
        )
        page.goto(url + "/thu-ky/dinh-nghia")
        shot("28-dinh-nghia")
        page.set_input_files("#tep", str(definition))
        page.click("text=Tải lên và kiểm tra")
        expect(page.locator("#ket-qua")).to_contain_text("Không có lỗi")
        expect(page.locator("#thay-doi")).to_contain_text(
            "Đây là phiên bản mới của đợt đã phát cho đơn vị"
        )
        expect(page.locator("#thay-doi")).to_contain_text("037 — Huyện Mê Linh mới")
        shot("29-dinh-nghia-ket-qua")
        staff.close()
        browser.close()
