"""The pages in a real browser (Debian's Chromium, headless, driven by Playwright) against the app on
loopback with real Redis, a worker process, PostgreSQL and the S3 server. Screenshots go to test-artifacts/."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
import uvicorn

from api.app import create_app
from sohoa.services import build
from tests.conftest import free_port, token_for, unavailable
from tests.procs import kill_tree, start_worker, wait_for
from tests.synth import dossier_files, make_dossier

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
UNIT, OTHER, PROVINCE = "000.17.22.H56", "000.17.23.H56", "000.00.00.H56"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update", "--lang=vi-VN"]


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        unavailable("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def site(full_settings):
    """The app served by uvicorn on a free loopback port, plus one real `sohoa worker`."""
    services = build(full_settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(services), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 20, "uvicorn to start", every=0.05)
    worker = start_worker(full_settings)
    yield services, f"http://127.0.0.1:{port}"
    kill_tree(worker)
    server.should_exit = True
    thread.join(10)


# What the browser refused under the pages' Content-Security-Policy (api/headers.py): must stay empty.
CSP_REFUSALS: list[str] = []


def sign_in(browser, base: str, headers: dict[str, str], home: str = "/quay"):
    """A browser of its own (its own cookies) signed in on the sign-in page; it lands on the role's home."""
    page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN").new_page()
    page.on("console", lambda m: CSP_REFUSALS.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base + "/dang-nhap")
    page.fill("#token", headers["Authorization"].removeprefix("Bearer "))
    page.click("#signin button[type=submit]")
    page.wait_for_url(base + home)
    return page


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_clerk_leader_and_outsider_in_the_browser(browser, site, tmp_path):
    services, base = site
    CSP_REFUSALS.clear()
    sample = make_dossier("1.001193", seed=31)
    scans = tmp_path / "scans"
    scans.mkdir()
    for name, data in dossier_files(sample, level="clean").items():
        if "giay_chung_sinh" not in name:  # the clerk forgets one component
            (scans / name).write_bytes(data)

    # A clerk opens a dossier, drops two files and sees the missing component named.
    clerk = sign_in(browser, base, token_for(services, "clerk", UNIT, username="can-bo-mot-cua"))
    clerk.fill("#procedure-search", "dang ky khai sinh")  # typed without tones
    clerk.press("#procedure-search", "Enter")
    assert "Giấy chứng sinh" in clerk.inner_text("#components")
    clerk.click("#new-dossier button[type=submit]")
    clerk.wait_for_selector("#upload:not([hidden])")
    clerk.set_input_files("#files", sorted(str(p) for p in scans.iterdir()))
    clerk.wait_for_function("() => document.querySelectorAll('#attachments tbody tr[data-status=done]').length === 2",
                            timeout=120_000)
    verdict = clerk.inner_text("#verdict")
    assert "Hồ sơ chưa đủ" in verdict and "Giấy chứng sinh" in verdict
    quality = clerk.locator("#attachments tbody tr td:nth-child(2)").all_inner_texts()
    assert quality == ["Tốt", "Tốt"]  # clean scans: the scan-quality answer is shown, not "đang kiểm tra…"
    shot(clerk, "counter")

    # The clerk corrects a field in the dossier view; the correction is kept with who made it.
    clerk.click("#dossier-link")
    clerk.wait_for_selector("section.attachment form")
    form = clerk.locator("section.attachment").filter(has=clerk.locator("option[value=to_khai_khai_sinh][selected]"))
    name_input = form.locator("input[data-key=ho_ten]")
    name_input.fill("Nguyễn Văn Sửa")
    form.locator("button[type=submit]").click()
    clerk.wait_for_selector("text=can-bo-mot-cua sửa họ tên")
    dossier_id = int(clerk.url.rsplit("/", 1)[1])
    with services.sessions() as session:
        from storage.models import Dossier
        from workers.records import extraction_of

        atts = session.get(Dossier, dossier_id).attachments
        corrected = [a for a in atts if a.corrections]
        assert corrected and extraction_of(corrected[0]).fields["ho_ten"].value == "Nguyễn Văn Sửa"
        assert corrected[0].corrections[0]["by"] == "can-bo-mot-cua"
    # No key for the unit here: the copies say they are unsigned and why; the clerk confirms one against its
    # original, and the page shows who did (the worker signs the copy again meanwhile).
    card = clerk.locator("section.attachment").first
    assert "Chưa ký số: đơn vị chưa có khóa ký số trên máy chủ" in card.inner_text()
    card.locator("button[data-confirm]").click()
    clerk.wait_for_selector("text=Đã đối chiếu bản chính — can-bo-mot-cua")
    # Functions, not expressions: Playwright evaluates an expression with eval, which the pages' CSP refuses.
    clerk.wait_for_function("() => [...document.querySelectorAll('img.thumb')]"
                            ".every(i => i.complete && i.naturalWidth > 0)")
    shot(clerk, "dossier")

    # A leader of the province opens the dashboard and sees the rate the API reports.
    leader_headers = token_for(services, "leader", PROVINCE)
    leader = sign_in(browser, base, leader_headers, home="/bang-dieu-khien")
    leader.wait_for_selector("#units tbody tr")
    from fastapi.testclient import TestClient

    from storage.days import vn_today

    api = TestClient(create_app(services), headers=leader_headers)
    today = vn_today()  # the page's default period ends today in Việt Nam, whatever the machine's zone
    report = api.get("/reports/digitization", params={"unit": PROVINCE, "from": f"{today.year}-01-01",
                                                      "to": today.isoformat()}).json()
    rate = report["subtree"]["digitization_rate"]
    shown = leader.inner_text("#summary")
    expected = "—" if rate is None else f"{rate:.2f}".replace(".", ",") + "%"
    assert expected in shown, (expected, shown)
    assert leader.locator("#chart svg line.target").count() == 1
    shot(leader, "dashboard")
    with leader.expect_download() as download:
        leader.click("#export")
    workbook = download.value.path().read_bytes()
    assert workbook[:2] == b"PK" and download.value.suggested_filename.endswith(".xlsx")
    leader.goto(base + "/van-hanh")  # the leader's session holds in a new page
    leader.wait_for_selector("#workers tbody tr")

    # A clerk of another unit cannot open the first unit's dossier by URL.
    outsider = sign_in(browser, base, token_for(services, "clerk", OTHER))
    outsider.goto(f"{base}/ho-so/{dossier_id}")
    outsider.wait_for_load_state("networkidle")  # the page has asked the API and shown what it got
    assert outsider.locator("section.attachment").count() == 0
    assert sample.items[0].doc.fields.get("ho_ten", "###") not in outsider.content()
    assert not CSP_REFUSALS  # every page worked under its policy
