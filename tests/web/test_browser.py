"""The pages in a real browser (Debian's Chromium, headless, driven by Playwright, 1366×768, vi-VN) against the
app on loopback with real Redis, a worker process, PostgreSQL and the S3 server: a dossier's whole life at the
counter, a leader's dashboard in Việt Nam's time, another unit's clerk kept out; axe-core finds no violation on
any page, and every control of every page is reached with Tab. Screenshots go to docs/ (linked from the README)."""

from __future__ import annotations

import shutil
import threading
from datetime import UTC
from io import BytesIO
from pathlib import Path

import pytest
import uvicorn
from PIL import Image, ImageFilter

from api.app import create_app
from sohoa.services import build
from storage.days import VN, vn_today
from tests.conftest import free_port, token_for, unavailable
from tests.extract.more_samples import GIAY_KHAI_SINH
from tests.procs import kill_tree, start_worker, wait_for
from tests.synth import make_dossier, scan, text_pdf
from tests.synth.pdf import plain_pdf

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
AXE = ROOT / "tests" / "web" / "node_modules" / "axe-core" / "axe.min.js"
UNIT, OTHER, PROVINCE = "000.17.22.H56", "000.17.23.H56", "000.00.00.H56"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update", "--lang=vi-VN"]
SLOW = 180_000  # ms a worker may take over the OCR of a page on a busy host


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        unavailable("Debian's chromium is not installed")
    if not AXE.exists():
        unavailable("axe-core is not installed (scripts/setup.sh --test installs it into tests/web/node_modules)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Site:
    """The app served by uvicorn on a free loopback port; the worker starts when the test says so, so that a
    page can be seen with its files still queued."""

    def __init__(self, settings) -> None:
        self.settings, self.services = settings, build(settings)
        self.server = uvicorn.Server(uvicorn.Config(create_app(self.services), host="127.0.0.1", port=free_port(),
                                                    log_level="warning"))
        self.base = f"http://127.0.0.1:{self.server.config.port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.worker = None

    def start_worker(self) -> None:
        if self.worker is None:
            self.worker = start_worker(self.settings)


@pytest.fixture
def site(full_settings):
    site = Site(full_settings)
    site.thread.start()
    wait_for(lambda: site.server.started, 20, "uvicorn to start", every=0.05)
    yield site
    if site.worker is not None:
        kill_tree(site.worker)
    site.server.should_exit = True
    site.thread.join(10)


# What the browser refused under the pages' Content-Security-Policy (api/headers.py): must stay empty.
CSP_REFUSALS: list[str] = []


def sign_in(browser, base: str, headers: dict[str, str], home: str = "/quay"):
    """A browser of its own (its own cookies) signed in on the sign-in page; it lands on the role's home."""
    page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN").new_page()
    page.on("console", lambda m: CSP_REFUSALS.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base + "/dang-nhap")
    checked(page)
    page.fill("#token", headers["Authorization"].removeprefix("Bearer "))
    page.click("#signin button[type=submit]")
    page.wait_for_url(base + home)
    # The page knows who is signed in (and has hidden the links of other roles) once it names them.
    page.wait_for_selector("#who:not(:empty)", state="attached")
    return page


def checked(page) -> None:
    """axe-core finds no violation on the page as it is now, and Tab alone reaches each of its controls."""
    page.evaluate(AXE.read_text())  # through the DevTools protocol: the pages' CSP does not apply
    violations = page.evaluate("async () => (await axe.run()).violations.map((v) => "
                               "[v.id, v.help, v.nodes.map((n) => n.html.slice(0, 200))])")
    assert violations == [], (page.url, violations)
    reachable_by_tab(page)


def reachable_by_tab(page) -> None:
    """Every visible, enabled control (links, buttons, fields, focusable regions) takes the focus by Tab."""
    wanted = page.evaluate("""() => {
      const sel = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])';
      const shown = (el) => !el.disabled && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
        && !el.closest('[hidden], dialog:not([open])');
      return [...document.querySelectorAll(sel)].filter(shown).map((el, i) => {
        el.dataset.tabCheck = String(i); return String(i); });
    }""")
    # Tab from the top of the page: a mark before everything, focused (and gone once left).
    page.evaluate("""() => { const start = document.createElement('span'); start.tabIndex = -1;
      document.body.prepend(start); start.focus(); start.addEventListener('blur', () => start.remove()); }""")
    reached: set[str | None] = set()
    for _ in range(2 * len(wanted) + 10):  # more stops than controls: the browser also stops on scrolling boxes
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => document.activeElement ? document.activeElement.dataset.tabCheck : null"))
        if reached.issuperset(wanted):
            break
    missed = [page.evaluate(f"() => document.querySelector('[data-tab-check=\"{i}\"]').outerHTML.slice(0, 160)")
              for i in wanted if i not in reached]
    assert not missed, (page.url, missed)


def shot(page, name: str) -> None:
    """The first screen a person sees (1366×768), nothing focused."""
    page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.screenshot(path=str(DOCS / f"{name}.png"))


def state_of(page) -> str:
    return page.get_attribute("#verdict [data-state]", "data-state")


def wait_state(page, state: str, timeout: int = SLOW) -> None:
    page.wait_for_selector(f"#verdict [data-state={state}]", timeout=timeout)


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + 40 <= 768


def blurred(jpeg: bytes) -> bytes:
    out = BytesIO()
    Image.open(BytesIO(jpeg)).filter(ImageFilter.GaussianBlur(6)).save(out, "JPEG", quality=60)
    return out.getvalue()


def test_a_dossiers_life_at_the_counter(browser, site, tmp_path):
    services, base = site.services, site.base
    CSP_REFUSALS.clear()
    sample = make_dossier("1.001193", seed=31)
    docs = {item.doc.doc_type: item.doc for item in sample.items}
    child = docs["giay_chung_sinh"].fields["ho_ten"]
    father, card_number = docs["cccd"].fields["ho_ten"], docs["cccd"].fields["so_cccd"]
    files = tmp_path / "scans"
    files.mkdir()
    (files / "to-khai.pdf").write_bytes(text_pdf(docs["to_khai_khai_sinh"]))
    (files / "can-cuoc-mo.jpg").write_bytes(blurred(scan(docs["cccd"], "clean", 7)[0]))
    (files / "ghi-chu.txt").write_text("không phải bản quét")
    (files / "can-cuoc.pdf").write_bytes(text_pdf(docs["cccd"]))
    # The certificate without the child's name: that field cannot be read, so nothing is compared with it.
    (files / "giay-chung-sinh.pdf").write_bytes(plain_pdf("\n".join(
        line for line in docs["giay_chung_sinh"].text.splitlines() if child.upper() not in line.upper())))
    (files / "giay-khai-sinh.pdf").write_bytes(plain_pdf(GIAY_KHAI_SINH))
    code = f"{UNIT}-{vn_today():%y%m%d}-0777"

    # Open by scan: a new code asks for the procedure (found without tones, taken with Enter), then opens.
    clerk = sign_in(browser, base, token_for(services, "clerk", UNIT, username="can-bo-mot-cua"))
    clerk.wait_for_selector("#recent tbody tr")  # the page has loaded
    checked(clerk)
    clerk.focus("#receipt")  # the scanner types the code and Enter
    clerk.keyboard.type(code)
    clerk.keyboard.press("Enter")
    clerk.wait_for_selector("#form-error:has-text('Chọn thủ tục')")
    clerk.fill("#procedure-search", "dang ky khai sinh")
    clerk.press("#procedure-search", "Enter")
    assert "Giấy chứng sinh" in clerk.inner_text("#components")
    clerk.keyboard.press("Enter")  # the focus is on “Mở hồ sơ mới”
    clerk.wait_for_url(f"{base}/ho-so/*")
    dossier_id = int(clerk.url.rsplit("/", 1)[1])
    clerk.wait_for_selector("#receipt-code:not(:empty)")  # the page has read its dossier

    # Add files: each with its own progress and answer; the text file is refused by name, the others kept.
    clerk.set_input_files("#files", [str(files / n) for n in ("to-khai.pdf", "can-cuoc-mo.jpg", "ghi-chu.txt")])
    clerk.wait_for_selector("#uploads li.summary")
    summary = clerk.inner_text("#uploads li.summary")
    assert "Đã nhận 2 tệp" in summary and "ghi-chu.txt" in summary, summary
    wait_state(clerk, "processing", 20_000)  # no worker yet: the files wait in the queue
    assert in_view(clerk, "#verdict") and "còn 2 tệp đang đọc" in clerk.inner_text("#verdict")
    site.start_worker()
    wait_state(clerk, "incomplete")
    clerk.wait_for_selector("#notice:has-text('Đã xử lý xong')")
    assert "Giấy chứng sinh" in clerk.inner_text("#verdict")

    # The URL names the dossier: a reload shows it again, and so does scanning its code at the counter.
    clerk.reload()
    wait_state(clerk, "incomplete", 20_000)
    clerk.goto(base + "/quay")
    clerk.wait_for_selector("#recent tbody tr")
    clerk.fill("#receipt", code)
    clerk.press("#receipt", "Enter")
    clerk.wait_for_url(f"{base}/ho-so/{dossier_id}")
    wait_state(clerk, "incomplete", 20_000)

    # The missing paper, then the blurred card replaced by a good scan: nothing is left but an unread name.
    clerk.set_input_files("#files", str(files / "giay-chung-sinh.pdf"))
    clerk.wait_for_selector("#uploads li.summary:has-text('Đã nhận 1 tệp')")
    clerk.wait_for_selector("section.attachment[data-key^=done]:has-text('giay-chung-sinh.pdf')", timeout=SLOW)
    blurred_card = clerk.locator("section.attachment").filter(has_text="can-cuoc-mo.jpg")
    blurred_card.locator("button[data-replace]").click()
    clerk.set_input_files("#replace-file", str(files / "can-cuoc.pdf"))
    # The blurred one is kept for the record, with who removed it and why.
    clerk.wait_for_selector("#removed-list li:has-text('can-cuoc-mo.jpg'):has-text('can-bo-mot-cua')"
                            ":has-text('thay thế')")
    clerk.wait_for_selector("section.attachment[data-key^=done]:has-text('can-cuoc.pdf')", timeout=SLOW)
    wait_state(clerk, "needs_review")
    verdict = clerk.inner_text("#verdict")
    assert "Chưa đọc được họ tên của giấy chứng sinh" in verdict, verdict
    assert "Họ tên người yêu cầu trên tờ khai với CCCD: khớp" in verdict  # the checks made, named
    assert clerk.locator("section.attachment:has-text('can-cuoc-mo.jpg')").count() == 0
    checked(clerk)
    shot(clerk, "dossier")

    # The clerk adds the name OCR could not read; the verdict, still in view, clears.
    card = clerk.locator("section.attachment").filter(has_text="giay-chung-sinh.pdf")
    card.locator("select[data-role=add-key]").select_option("ho_ten")
    card.locator("input[data-role=add-value]").fill(child)
    card.locator("form.fields button[type=submit]").click()
    wait_state(clerk, "complete", 20_000)
    assert in_view(clerk, "#verdict-panel")
    assert "Họ tên trẻ trên tờ khai với giấy chứng sinh: khớp" in clerk.inner_text("#verdict")
    clerk.wait_for_selector("text=can-bo-mot-cua sửa họ tên")
    # Each page's text is beside its thumbnail, and a thumbnail opens large.
    card = clerk.locator("section.attachment").filter(has_text="can-cuoc.pdf")
    assert father.upper() in card.locator("pre.ocr").first.inner_text().upper()
    card.locator("button.enlarge").first.click()
    clerk.wait_for_selector("dialog#zoom[open]")
    clerk.keyboard.press("Escape")

    # The result paper, then the end: the dossier no longer takes files.
    clerk.set_input_files("#result-files", str(files / "giay-khai-sinh.pdf"))
    clerk.wait_for_selector("#result-uploads li.summary:has-text('Đã nhận 1 tệp')")
    clerk.wait_for_selector("#results section.attachment[data-key^=done]", timeout=SLOW)
    clerk.click("#finish button[type=submit]")
    clerk.wait_for_selector("#finished:has-text('Hồ sơ đã kết thúc lúc')")
    assert clerk.locator("#add").is_hidden()
    with services.sessions() as session:
        from storage.models import Dossier

        dossier = session.get(Dossier, dossier_id)
        received = dossier.received_at.replace(tzinfo=dossier.received_at.tzinfo or UTC).astimezone(VN)
        assert dossier.finished_at is not None and dossier.status == "returned"
    assert f"tiếp nhận {received:%d/%m/%Y %H:%M}" in clerk.inner_text("#meta")  # Việt Nam's clock, not UTC

    # Found by the father's name typed without tones, and by his ID number (with the page it is on).
    clerk.goto(base + "/tra-cuu")
    clerk.fill("#q", father.lower().replace("ễ", "e").replace("à", "a").replace("đ", "d"))
    clerk.press("#q", "Enter")
    clerk.wait_for_selector(f"#dossiers a:has-text('{code}')")
    clerk.fill("#q", card_number)
    clerk.press("#q", "Enter")
    clerk.wait_for_selector(f"#hits a:has-text('{code} — trang 1')")
    checked(clerk)
    shot(clerk, "search")
    clerk.goto(base + "/quay")
    clerk.wait_for_selector(f"#recent a:has-text('{code}')")
    checked(clerk)
    shot(clerk, "counter")
    assert not CSP_REFUSALS  # every page worked under its policy


def test_the_leader_the_ops_page_and_another_unit_in_the_browser(browser, site):
    services, base = site.services, site.base
    CSP_REFUSALS.clear()
    from fastapi.testclient import TestClient

    app = create_app(services)
    clerk = TestClient(app, headers=token_for(services, "clerk", UNIT))
    dossier = clerk.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    clerk.post(f"/dossiers/{dossier['id']}/attachments",
               files=[("files", ("to-khai.pdf", text_pdf(make_dossier("1.001193", seed=5).items[0].doc)))])
    site.start_worker()

    # The leader lands on the dashboard; its period runs from 1 January to today in Việt Nam.
    leader_headers = token_for(services, "leader", PROVINCE)
    leader = sign_in(browser, base, leader_headers, home="/bang-dieu-khien")
    leader.wait_for_selector("#units tbody tr")
    today = vn_today()
    assert leader.input_value("#from") == f"01/01/{today.year}"
    assert leader.input_value("#to") == f"{today:%d/%m/%Y}"
    api = TestClient(app, headers=leader_headers)
    report = api.get("/reports/digitization", params={"unit": PROVINCE, "from": f"{today.year}-01-01",
                                                      "to": today.isoformat()}).json()
    rate = report["subtree"]["digitization_rate"]
    expected = "—" if rate is None else f"{rate:.2f}".replace(".", ",") + "%"
    assert expected in leader.inner_text("#summary")
    assert leader.locator("#chart svg line.target").count() == 1
    # The unit is chosen by its name typed without tones (a combobox over the units in scope), or by its code.
    leader.fill("#unit", "hoa tri")
    leader.wait_for_selector("#unit-list [role=option]:has-text('Xã Hòa Trí')")
    leader.press("#unit", "Enter")
    leader.wait_for_selector("#crumbs [aria-current=page]:has-text('Xã Hòa Trí')")
    assert leader.input_value("#unit") == "Xã Hòa Trí (000.18.31.H56)"
    leader.fill("#unit", PROVINCE)
    leader.press("#unit", "Enter")
    leader.wait_for_selector("#crumbs [aria-current=page]:has-text('Tỉnh Khánh Hòa')")
    leader.fill("#from", "31/02/2026")  # no such day: said, not sent
    leader.click("#period button[type=submit]")
    leader.wait_for_selector("#error:has-text('ngày/tháng/năm')")
    leader.fill("#from", f"01/01/{today.year}")
    leader.click("#period button[type=submit]")
    leader.wait_for_selector("#units tbody tr")
    leader.focus("#units th[data-key=received] button")
    leader.keyboard.press("Enter")  # the sort headers are buttons
    assert leader.get_attribute("#units th[data-key=received]", "aria-sort") == "descending"
    checked(leader)
    shot(leader, "dashboard")
    with leader.expect_download() as download:
        leader.click("#export")
    assert download.value.path().read_bytes()[:2] == b"PK"

    # The ops page in Vietnamese, for a leader too (its session holds in every page).
    leader.goto(base + "/van-hanh")
    leader.wait_for_selector("#workers tbody tr")
    wait_for(lambda: "Đang rảnh" in leader.inner_text("#workers") or "Đang xử lý" in leader.inner_text("#workers"),
             30, "the worker's state in words")
    checked(leader)
    if leader.locator("a[href='/kiem-tra-luu-tru']").is_visible():  # the archive audit page, where there is one
        leader.goto(base + "/kiem-tra-luu-tru")
        leader.wait_for_load_state("networkidle")
        checked(leader)

    # A clerk of another unit cannot open the first unit's dossier by URL.
    outsider = sign_in(browser, base, token_for(services, "clerk", OTHER))
    outsider.goto(f"{base}/ho-so/{dossier['id']}")
    outsider.wait_for_load_state("networkidle")
    assert outsider.locator("section.attachment").count() == 0
    assert dossier["receipt_code"] not in outsider.content()
    assert not CSP_REFUSALS
