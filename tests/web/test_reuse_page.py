"""The reuse step in a real browser (the journeys' Chromium, app, worker, PostgreSQL and S3 server): a citizen's
card digitized in a dossier of one commune is offered, by its holder's ID number, at another commune of the same
province, and linked by that unit's clerk with the keyboard without a new scan; the identity component then
counts, and the file says where it comes from. axe-core finds no violation with the offer shown."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from storage.models import Attachment
from tests.conftest import token_for
from tests.procs import wait_for
from tests.synth import make_document, text_pdf
from tests.web import test_browser as journeys

browser, site = journeys.browser, journeys.site  # the journeys' fixtures: Chromium; the app with its worker
FIRST, SECOND = "000.17.22.H56", "000.18.31.H56"  # Phường Nha Trang, Xã Hòa Trí: both of Khánh Hòa since 2025-07-01
NUMBER = "056095818029"  # the synthetic card of seed 1: valid until 21/06/2035
FIELD = "Số định danh cá nhân của người yêu cầu"


def test_a_card_digitized_at_one_commune_is_reused_at_another(browser, site):
    services, base = site.services, site.base
    journeys.CSP_REFUSALS.clear()
    app = create_app(services)
    first_clerk = TestClient(app, headers=token_for(services, "clerk", FIRST))
    first = first_clerk.post("/dossiers", json={"unit_code": FIRST, "procedure_code": "1.001193"}).json()
    sent = first_clerk.post(f"/dossiers/{first['id']}/attachments",
                            files=[("files", ("can-cuoc.pdf", text_pdf(make_document("cccd", seed=1))))])
    assert sent.status_code == 202, sent.text
    card = sent.json()["attachments"][0]["attachment_id"]
    site.start_worker()
    wait_for(lambda: first_clerk.get(f"/dossiers/{first['id']}").json()["attachments"][0]["status"] == "done",
             journeys.SLOW / 1000, "the card to be read")

    # The other commune's clerk has a residence dossier with its form read: the card is missing.
    headers = token_for(services, "clerk", SECOND, username="can-bo-hoa-tri")
    second_clerk = TestClient(app, headers=headers)
    second = second_clerk.post("/dossiers", json={"unit_code": SECOND, "procedure_code": "1.004222"}).json()
    form = text_pdf(make_document("to_khai_cu_tru", seed=4))
    assert second_clerk.post(f"/dossiers/{second['id']}/attachments",
                             files=[("files", ("to-khai.pdf", form))]).status_code == 202
    clerk = journeys.sign_in(browser, base, headers)
    clerk.goto(f"{base}/ho-so/{second['id']}")
    journeys.wait_state(clerk, "incomplete")
    assert "Thiếu: Căn cước công dân" in clerk.inner_text("#verdict")
    objects = sorted(services.objects.keys())

    # The requester's number, typed in groups as read off the card, then Enter: the card is offered.
    field = clerk.get_by_label(FIELD)
    field.fill("")  # a number read on the form may be there already
    clerk.keyboard.type("0560 9581 8029")
    clerk.keyboard.press("Enter")
    offer = clerk.locator("#papers li").filter(has_text="Căn cước công dân")
    offer.wait_for()
    text = offer.inner_text()
    assert "21/06/2035" in text and first["receipt_code"] in text and "Phường Nha Trang" in text, text
    journeys.checked(clerk)
    journeys.shot(clerk, "reuse")

    # Taken with the keyboard: linked, not scanned again; the verdict no longer asks for the card.
    offer.get_by_role("button", name="Dùng lại").focus()
    clerk.keyboard.press("Enter")
    clerk.wait_for_selector(f"section.attachment:has-text('Dùng lại từ hồ sơ {first['receipt_code']}')")
    clerk.wait_for_selector("#papers li:has-text('Đã dùng lại trong hồ sơ này')")
    assert "Thiếu: Căn cước công dân" not in clerk.inner_text("#verdict")
    # The focus moves to the status once the page has redrawn the dossier: wait for it, not for luck.
    clerk.wait_for_function("() => document.activeElement && document.activeElement.id === 'reuse-status'",
                            timeout=journeys.SLOW)
    assert sorted(services.objects.keys()) == objects  # nothing uploaded, nothing copied
    with services.sessions() as session:
        (link,) = session.scalars(select(Attachment).where(Attachment.dossier_id == second["id"],
                                                           Attachment.reused_from.is_not(None))).all()
        source = session.get(Attachment, card)
        assert link.reused_from == card and link.object_key == source.object_key
    journeys.checked(clerk)
    assert not journeys.CSP_REFUSALS
