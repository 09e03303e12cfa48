"""Unit scope and roles on every endpoint: another unit's clerk gets 404/403, never data."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from sohoa.logmask import MaskIdNumbers, mask_ids
from storage.days import vn_today
from tests.conftest import token_for
from tests.synth import make_document, text_pdf

UNIT = "000.17.22.H56"  # Phường Nha Trang (since 2025-07-01 directly under the province)
OTHER = "000.17.23.H56"  # Phường Bắc Nha Trang
PROVINCE = "000.00.00.H56"


@pytest.fixture
def app(embedded):
    return create_app(embedded)


@pytest.fixture
def dossier(app, embedded) -> dict:
    """A processed dossier of UNIT with one attachment."""
    clerk = TestClient(app, headers=token_for(embedded, "clerk", UNIT))
    created = clerk.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    pdf = text_pdf(make_document("to_khai_khai_sinh", seed=3))
    uploaded = clerk.post(f"/dossiers/{created['id']}/attachments", files=[("files", ("tk.pdf", pdf))]).json()
    return {**created, "attachment": uploaded["attachments"][0]}


def endpoints(d: dict) -> list[tuple[str, str]]:
    att = d["attachment"]
    return [
        ("GET", f"/dossiers/{d['id']}"),
        ("POST", f"/dossiers/{d['id']}/attachments"),
        ("GET", f"/dossiers/{d['id']}/attachments/{att['attachment_id']}/download"),
        ("GET", f"/jobs/{att['job_id']}"),
        ("GET", f"/reports/digitization?unit={UNIT}&from=2026-01-01&to=2026-12-31"),
    ]


def call(client: TestClient, method: str, path: str):
    if method == "POST":
        return client.post(path, files=[("files", ("x.pdf", text_pdf(make_document("cccd", seed=9))))])
    return client.get(path)


def test_no_token_is_401_everywhere(app, dossier):
    anonymous = TestClient(app)
    for method, path in [*endpoints(dossier), ("POST", "/dossiers"), ("GET", "/audit")]:
        response = anonymous.post(path, json={}) if (method, path) == ("POST", "/dossiers") else \
            call(anonymous, method, path)
        assert response.status_code == 401, path
        assert response.json()["error"]["vi"]
    bogus = TestClient(app, headers={"Authorization": "Bearer sohoa_forged"})
    assert bogus.get(f"/dossiers/{dossier['id']}").status_code == 401


@pytest.mark.parametrize("role", ["clerk", "leader", "auditor"])
def test_another_units_account_sees_nothing(app, embedded, dossier, role):
    outsider = TestClient(app, headers=token_for(embedded, role, OTHER))
    for method, path in endpoints(dossier):
        response = call(outsider, method, path)
        assert response.status_code in (403, 404), (role, path, response.status_code)
        assert UNIT not in response.text or path.startswith("/reports")  # no data, only the error
        assert "ho_ten" not in response.text
    created = outsider.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"})
    assert created.status_code == 403


def test_leader_of_the_province_sees_and_reports_but_cannot_upload(app, embedded, dossier):
    leader = TestClient(app, headers=token_for(embedded, "leader", PROVINCE))
    seen = leader.get(f"/dossiers/{dossier['id']}")
    assert seen.status_code == 200 and seen.json()["receipt_code"] == dossier["receipt_code"]
    today = vn_today()
    report = leader.get("/reports/digitization",
                        params={"unit": PROVINCE, "from": f"{today.year}-01-01", "to": today.isoformat()})
    assert report.status_code == 200
    figures = report.json()
    assert figures["subtree"]["received"]["total"] == 1  # the ward's dossier counts in the province's subtree
    assert figures["own"]["received"]["total"] == 0  # the province office itself received none
    assert call(leader, "POST", f"/dossiers/{dossier['id']}/attachments").status_code == 403
    assert leader.get("/audit").status_code == 403


def test_auditor_reads_the_audit_log_of_their_subtree(app, embedded, dossier):
    viewer = TestClient(app, headers=token_for(embedded, "leader", PROVINCE, username="lanh-dao"))
    viewer.get(f"/dossiers/{dossier['id']}")
    link = viewer.get(f"/dossiers/{dossier['id']}/attachments/{dossier['attachment']['attachment_id']}/download")
    assert link.status_code == 200
    auditor = TestClient(app, headers=token_for(embedded, "auditor", PROVINCE))
    entries = auditor.get("/audit").json()
    mine = {(e["user"], e["action"], e["target"]) for e in entries}
    assert ("lanh-dao", "view", f"dossier:{dossier['id']}") in mine
    assert ("lanh-dao", "download", f"attachment:{dossier['attachment']['attachment_id']}") in mine
    uploads = [e for e in entries if e["action"] == "upload" and e["target"] == f"dossier:{dossier['id']}"]
    assert [e["detail"] for e in uploads] == [{"attachment": dossier["attachment"]["attachment_id"]}]
    elsewhere = TestClient(app, headers=token_for(embedded, "auditor", OTHER)).get("/audit").json()
    assert all(e["unit"] == OTHER for e in elsewhere)
    assert not any(e["target"] == f"dossier:{dossier['id']}" for e in elsewhere)


def test_download_links_are_short_lived_and_unforgeable(app, embedded, dossier):
    clerk = TestClient(app, headers=token_for(embedded, "clerk", UNIT))
    att = dossier["attachment"]["attachment_id"]
    link = clerk.get(f"/dossiers/{dossier['id']}/attachments/{att}/download").json()
    assert link["expires_in"] <= 300
    anonymous = TestClient(app)
    body = anonymous.get(link["url"])
    assert body.status_code == 200 and body.content.startswith(b"%PDF")
    tampered = link["url"][:-3] + ("aaa" if not link["url"].endswith("aaa") else "bbb")
    assert anonymous.get(tampered).status_code == 403
    from api import downloads

    expired = downloads.sign(embedded.settings.signing_key(), "anything", ttl=-1)
    assert anonymous.get(f"/objects/{expired}").status_code == 403


def test_id_numbers_are_masked_in_logs(caplog):
    assert mask_ids("CCCD 056095001234, CMND 123456789") == "CCCD ********1234, CMND *****6789"
    logger = logging.getLogger("sohoa.test")
    logger.addFilter(MaskIdNumbers())
    with caplog.at_level(logging.INFO):
        logger.info("checking card %s", "056095001234")
    assert "056095001234" not in caplog.text and "********1234" in caplog.text
