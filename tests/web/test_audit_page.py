"""The archive audit page in a real browser: an auditor filters, reads the labelled list, follows a dossier and
downloads the annex; a clerk's nav has no link to it. On the embedded services (no worker needed: the archive
is planted as tests/reports/test_audit.py plants it)."""

from __future__ import annotations

import threading

import pytest
import uvicorn
from openpyxl import load_workbook

from api.app import create_app
from tests.conftest import free_port, token_for
from tests.procs import wait_for
from tests.reports.test_audit import BIRTH, File, dossier, files, paper
from tests.web.test_browser import CSP_REFUSALS, browser, shot, sign_in  # noqa: F401  (browser: a fixture)

UNIT, PROVINCE = "000.17.22.H56", "000.00.00.H56"


@pytest.fixture
def site(embedded):
    with embedded.sessions() as session:
        complete = dossier(session, files(*BIRTH))
        missing = dossier(session, files("to_khai_khai_sinh", "cccd"))
        unsigned = dossier(session, [*files(*BIRTH[:2]), File(paper("cccd"), signature=None)])
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(embedded), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 20, "uvicorn to start", every=0.05)
    yield embedded, f"http://127.0.0.1:{port}", {"complete": complete, "missing": missing, "unsigned": unsigned}
    server.should_exit = True
    thread.join(10)


def test_auditor_reads_filters_and_downloads(browser, site, tmp_path):  # noqa: F811
    services, base, ids = site
    CSP_REFUSALS.clear()
    page = sign_in(browser, base, token_for(services, "auditor", PROVINCE), home="/kiem-tra-luu-tru")  # their home
    assert page.get_by_role("link", name="Kiểm tra lưu trữ").is_visible()
    page.get_by_label("Từ ngày").fill("01/09/2025")  # dd/mm/yyyy, whatever the browser's language
    page.get_by_label("Đến ngày").fill("30/09/2025")
    page.get_by_label("Đến ngày").press("Enter")  # the form submits from the keyboard
    page.wait_for_selector("#summary:has-text('từ 01/09/2025 đến 30/09/2025')")  # not the default period's list
    rows = page.locator("#items tbody tr")
    assert rows.count() == 2, rows.all_inner_texts()
    assert "Thiếu thành phần hồ sơ bắt buộc" in rows.nth(0).inner_text()
    assert "Bản số hóa chưa có chữ ký số hợp lệ" in rows.nth(1).inner_text()
    assert "2 / 3" in page.inner_text("#summary")
    page.get_by_label("Vấn đề").select_option("unsigned_copy")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_function("() => document.querySelectorAll('#items tbody tr').length === 1")
    link = page.locator("#items tbody a")
    assert link.get_attribute("href") == f"/ho-so/{ids['unsigned']}"
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải phụ lục Excel").click()
    path = tmp_path / "phu-luc.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "PHỤ LỤC: DANH SÁCH HỒ SƠ LƯU TRỮ CHƯA ĐẦY ĐỦ"
    assert sheet["A4"].value == "Vấn đề: Bản số hóa chưa có chữ ký số hợp lệ"
    shot(page, "audit")
    link.click()
    page.wait_for_url(base + f"/ho-so/{ids['unsigned']}")
    clerk = sign_in(browser, base, token_for(services, "clerk", UNIT))
    assert clerk.get_by_role("link", name="Kiểm tra lưu trữ").count() == 0  # hidden for a clerk
    assert not CSP_REFUSALS
