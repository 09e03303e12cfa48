"""Clerk corrections recompute the verdict and survive re-processing; operations and metrics."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.conftest import token_for
from tests.synth import make_document, text_pdf

UNIT = "000.17.22.H56"


@pytest.fixture
def setup(embedded):
    app = create_app(embedded)
    clerk = TestClient(app, headers=token_for(embedded, "clerk", UNIT, username="can-bo"))
    dossier = clerk.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    doc = make_document("to_khai_khai_sinh", seed=14)
    up = clerk.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("a.pdf", text_pdf(doc)))]).json()
    return app, clerk, dossier, up["attachments"][0]["attachment_id"], doc


def test_reclassifying_an_attachment_recomputes_the_verdict(setup, embedded):
    _, clerk, dossier, att, _ = setup
    before = clerk.get(f"/dossiers/{dossier['id']}").json()["verdict"]
    assert "to_khai_khai_sinh" in before["present"] and "giay_chung_sinh" in before["missing"]
    response = clerk.patch(f"/dossiers/{dossier['id']}/attachments/{att}", json={"doc_type": "giay_chung_sinh"})
    assert response.status_code == 200, response.text
    after = response.json()["verdict"]
    assert "giay_chung_sinh" in after["present"] and "to_khai_khai_sinh" in after["missing"]
    (correction,) = response.json()["attachment"]["corrections"]
    assert correction["by"] == "can-bo" and correction["old"] == "to_khai_khai_sinh"


def test_field_correction_is_kept_when_the_attachment_is_processed_again(setup, embedded):
    app, clerk, dossier, att, doc = setup
    url = f"/dossiers/{dossier['id']}/attachments/{att}"
    assert clerk.patch(url, json={"fields": {"ho_ten": "Nguyễn Thị Hoà"}}).status_code == 200
    admin = TestClient(app, headers=token_for(embedded, "admin", UNIT))
    assert admin.post(f"/ops/attachments/{att}/retry").status_code == 202  # runs again, in-process
    body = clerk.get(f"/dossiers/{dossier['id']}").json()["attachments"][0]
    assert body["status"] == "done"
    assert body["fields"]["ho_ten"]["value"] == "Nguyễn Thị Hoà"
    assert body["fields"]["ngay_sinh"]["value"] == doc.fields["ngay_sinh"]  # the rest is read afresh


@pytest.mark.parametrize(("payload", "code"), [
    ({"doc_type": "hoa_don"}, "bad_correction"),
    ({"fields": {"mat_khau": "x"}}, "bad_correction"),
    ({}, "empty_correction"),
])
def test_bad_corrections_are_refused(setup, payload, code):
    _, clerk, dossier, att, _ = setup
    response = clerk.patch(f"/dossiers/{dossier['id']}/attachments/{att}", json=payload)
    assert response.status_code == 422 and response.json()["error"]["code"] == code


def test_other_units_cannot_correct(setup, embedded):
    app, _, dossier, att, _ = setup
    outsider = TestClient(app, headers=token_for(embedded, "clerk", "000.17.23.H56"))
    assert outsider.patch(f"/dossiers/{dossier['id']}/attachments/{att}", json={"doc_type": "cccd"}).status_code == 404
    leader = TestClient(app, headers=token_for(embedded, "leader", "000.00.00.H56"))
    assert leader.patch(f"/dossiers/{dossier['id']}/attachments/{att}", json={"doc_type": "cccd"}).status_code == 403


def test_ops_status_and_metrics(setup, embedded):
    app, clerk, *_ = setup
    assert clerk.get("/ops/status").status_code == 403
    admin = TestClient(app, headers=token_for(embedded, "admin", UNIT))
    status = admin.get("/ops/status").json()
    assert status["mode"] == "in-process" and status["attachments"] == {"done": 1}
    assert set(status["queues"]["sohoa"]) == {"queued", "started", "scheduled", "failed"}
    text = TestClient(app).get("/metrics").text
    assert "sohoa_pages_processed_total 1.0" in text
    assert 'sohoa_queue_depth{queue="sohoa",state="queued"} 0.0' in text
