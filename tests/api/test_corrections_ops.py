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


@pytest.mark.redis
def test_a_failed_file_reads_in_vietnamese_and_a_retry_clears_the_failed_count(tmp_path, redis_url):
    """Real RQ: a file whose original is lost fails; the ops page's list names the dossier's receipt code, the
    file and the reason in Vietnamese (the stored error for admins only); a retry takes it off the queue's
    failed count, and once the original is back it is processed."""
    from redis import Redis
    from rq import SimpleWorker

    from core.settings import Settings
    from sohoa.services import build
    from storage.models import Attachment
    from workers.context import install

    Redis.from_url(redis_url).flushdb()
    services = build(Settings(data_dir=tmp_path / "data", redis_url=redis_url, job_retries=0))
    install(services)
    app = create_app(services)
    clerk = TestClient(app, headers=token_for(services, "clerk", UNIT))
    admin = TestClient(app, headers=token_for(services, "admin", UNIT))
    leader = TestClient(app, headers=token_for(services, "leader", "000.00.00.H56"))
    dossier = clerk.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    pdf = text_pdf(make_document("cccd", seed=21))
    att = clerk.post(f"/dossiers/{dossier['id']}/attachments",
                     files=[("files", ("the-can-cuoc.pdf", pdf))]).json()["attachments"][0]["attachment_id"]
    with services.sessions() as session:
        key = session.get(Attachment, att).object_key
    services.objects.delete(key)
    SimpleWorker([services.queue], connection=services.queue.connection).work(burst=True)

    status = admin.get("/ops/status").json()
    assert status["queues"]["sohoa"]["failed"] == 1
    (failed,) = status["failed"]
    assert failed["receipt_code"] == dossier["receipt_code"] and failed["filename"] == "the-can-cuoc.pdf"
    assert failed["code"] == "original_missing" and failed["reason"] == "Không tìm thấy tệp gốc trong kho lưu trữ"
    assert failed["error"].startswith("original_missing: ")  # the admin sees what was stored
    (seen_by_leader,) = leader.get("/ops/status").json()["failed"]
    assert "error" not in seen_by_leader and seen_by_leader["reason"] == failed["reason"]

    services.objects.put(key, pdf, "application/pdf")
    assert admin.post(f"/ops/attachments/{att}/retry").status_code == 202
    assert admin.get("/ops/status").json()["queues"]["sohoa"]["failed"] == 0
    SimpleWorker([services.queue], connection=services.queue.connection).work(burst=True)
    status = admin.get("/ops/status").json()
    assert status["failed"] == [] and status["queues"]["sohoa"]["failed"] == 0
    assert clerk.get(f"/dossiers/{dossier['id']}").json()["attachments"][0]["status"] == "done"


def test_the_pages_poll_the_progress_without_filling_the_audit_log(setup, embedded):
    """GET …/progress says the verdict's state and each file's status, nothing personal, and writes no audit
    entry (the page then reads the whole dossier, which is logged); another unit gets 404."""
    app, clerk, dossier, att, doc = setup
    admin = TestClient(app, headers=token_for(embedded, "admin", UNIT))
    before = len(admin.get("/audit?limit=1000").json())
    for _ in range(3):
        progress = clerk.get(f"/dossiers/{dossier['id']}/progress").json()
    assert len(admin.get("/audit?limit=1000").json()) == before
    assert [(a["id"], a["status"]) for a in progress["attachments"]] == [(att, "done")]
    assert progress["finished"] is False and progress["status"] == "received"
    assert doc.fields["ho_ten"] not in str(progress) and dossier["receipt_code"] not in str(progress)
    outsider = TestClient(app, headers=token_for(embedded, "clerk", "000.17.23.H56"))
    assert outsider.get(f"/dossiers/{dossier['id']}/progress").status_code == 404
