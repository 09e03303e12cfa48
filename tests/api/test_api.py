"""The HTTP API on embedded defaults: dossiers, uploads, rejections that store nothing, reports."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from storage.days import vn_today
from storage.models import Attachment, Dossier
from storage.objects import digitized_key
from tests.conftest import token_for
from tests.synth import make_document, make_dossier, scan
from tests.synth.pdf import text_pdf

UNIT = "000.17.22.H56"


@pytest.fixture
def client(embedded):
    return TestClient(create_app(embedded), headers=token_for(embedded, "clerk", UNIT))


def new_dossier(client, procedure="1.001193", **extra) -> dict:
    response = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": procedure, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def stored(embedded) -> tuple[int, list[str]]:
    with embedded.sessions() as session:
        rows = session.scalar(select(func.count()).select_from(Attachment))
    return rows, list(embedded.objects.keys())


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/dossiers", "/dossiers/{dossier_id}/attachments", "/reports/digitization"} <= set(paths)


def test_dossier_gets_a_receipt_code_in_the_national_shape(client):
    body = new_dossier(client)
    today = vn_today().strftime("%y%m%d")  # receipt codes carry the Vietnam day
    assert body["receipt_code"] == f"{UNIT}-{today}-0001"
    assert new_dossier(client)["receipt_code"] == f"{UNIT}-{today}-0002"


@pytest.mark.parametrize(("payload", "status", "code"), [
    ({"unit_code": UNIT, "procedure_code": "9.999999"}, 404, "unknown_procedure"),
    ({"unit_code": "000.99.99.H99", "procedure_code": "1.001193"}, 404, "unknown_unit"),
    ({"unit_code": UNIT, "procedure_code": "1.001193", "receipt_code": "abc"}, 422, "bad_receipt_code"),
    ({"unit_code": UNIT}, 422, "invalid_request"),
])
def test_bad_dossier_requests_are_refused_with_reasons(client, embedded, payload, status, code):
    response = client.post("/dossiers", json=payload, headers=token_for(embedded, "admin", UNIT))
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["vi"] and error["en"]


def test_a_known_receipt_code_resumes_its_dossier_under_the_same_procedure_only(client, embedded):
    opened = new_dossier(client, receipt_code="000.17.22.H56-210531-0001")
    again = {"unit_code": UNIT, "procedure_code": "1.001193", "receipt_code": "000.17.22.H56-210531-0001"}
    response = client.post("/dossiers", json=again)
    assert response.status_code == 200 and response.json()["id"] == opened["id"]
    other = client.post("/dossiers", json={**again, "procedure_code": "1.000894"})
    assert other.status_code == 409
    error = other.json()["error"]
    assert error["code"] == "receipt_code_other_procedure" and "1.001193" in error["vi"] and error["en"]
    # Another unit's code: refused for its prefix alone, the same answer whether it exists or not.
    sibling = TestClient(client.app, headers=token_for(embedded, "clerk", "000.17.23.H56"))
    answers = [sibling.post("/dossiers", json={"unit_code": "000.17.23.H56", "procedure_code": "1.001193",
                                               "receipt_code": code})
               for code in ("000.17.22.H56-210531-0001", "000.17.22.H56-210531-0002")]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json() == answers[1].json()
    with embedded.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 1


@pytest.mark.parametrize(("name", "data", "status", "code"), [
    ("empty.pdf", b"", 422, "empty_file"),
    ("virus.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, 415, "unsupported_type"),
    ("page.pdf", b"<html><script>alert(1)</script></html>", 415, "unsupported_type"),
    ("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, 422, "corrupt_image"),
])
def test_bad_uploads_are_refused_and_nothing_is_stored(client, embedded, name, data, status, code):
    dossier = new_dossier(client)
    response = client.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", (name, data))])
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert stored(embedded) == (0, [])


def test_one_bad_file_refuses_the_whole_batch(client, embedded):
    dossier = new_dossier(client)
    good = scan(make_document("cccd", seed=3), "clean", seed=3, fmt="PNG")[0]
    response = client.post(f"/dossiers/{dossier['id']}/attachments",
                           files=[("files", ("ok.png", good)), ("files", ("empty.png", b""))])
    assert response.status_code == 422
    assert "empty.png" in response.json()["error"]["vi"]
    assert stored(embedded) == (0, [])


def test_storage_failing_mid_batch_stores_none_of_it(client, embedded, monkeypatch):
    """Every file of an upload lands or none does: the second object fails, the first goes again."""
    dossier = new_dossier(client)
    pages = [scan(make_document("cccd", seed=s), "clean", seed=s, fmt="PNG")[0] for s in (3, 4)]
    store, puts = embedded.objects, []
    real_put = store.put

    def put_then_fail(key: str, data: bytes, content_type: str) -> None:
        puts.append(key)
        if len(puts) == 2:
            raise OSError("disk gone")
        real_put(key, data, content_type)

    monkeypatch.setattr(store, "put", put_then_fail)
    response = client.post(f"/dossiers/{dossier['id']}/attachments",
                           files=[("files", ("a.png", pages[0])), ("files", ("b.png", pages[1]))])
    assert response.status_code == 503 and response.json()["error"]["code"] == "storage_unavailable"
    assert len(puts) == 2  # the first object was written, then removed
    assert stored(embedded) == (0, [])


def test_the_same_bytes_twice_in_one_upload_are_one_attachment(client, embedded):
    dossier = new_dossier(client)
    page = scan(make_document("cccd", seed=3), "clean", seed=3, fmt="PNG")[0]
    response = client.post(f"/dossiers/{dossier['id']}/attachments",
                           files=[("files", ("a.png", page)), ("files", ("copy.png", page))])
    assert response.status_code == 202, response.text
    first, second = response.json()["attachments"]
    assert not first["duplicate"] and second["duplicate"]
    assert first["attachment_id"] == second["attachment_id"] and first["filename"] == "a.png"
    rows, keys = stored(embedded)
    with embedded.sessions() as session:
        original = session.get(Attachment, first["attachment_id"]).object_key
    # One original, once; its job (run in-process here) may have added its digitized copy beside it.
    assert rows == 1 and original in keys and set(keys) <= {original, digitized_key(original)}


def test_upload_to_unknown_dossier_is_404(client, embedded):
    response = client.post("/dossiers/999/attachments", files=[("files", ("a.pdf", b"%PDF-1.4"))])
    assert response.status_code == 404
    assert stored(embedded) == (0, [])


def test_upload_processes_and_reports(client, embedded):
    sample = make_dossier("1.001193", seed=5)
    dossier = new_dossier(client)
    form = next(item for item in sample.items if item.doc.doc_type == "to_khai_khai_sinh")
    files = [("files", ("to_khai.pdf", text_pdf(form.doc)))]
    response = client.post(f"/dossiers/{dossier['id']}/attachments", files=files)
    assert response.status_code == 202, response.text
    uploaded = response.json()["attachments"][0]
    assert uploaded["job_id"] == f"attachment-{uploaded['attachment_id']}"

    # Same bytes again: recognised, not stored twice.
    again = client.post(f"/dossiers/{dossier['id']}/attachments", files=files).json()["attachments"][0]
    assert again["duplicate"] and again["attachment_id"] == uploaded["attachment_id"]

    body = client.get(f"/dossiers/{dossier['id']}").json()
    (att,) = body["attachments"]
    assert att["status"] == "done" and att["source"] == "text-layer"
    assert att["doc_type"] == "to_khai_khai_sinh"
    assert att["fields"]["ho_ten"]["value"] == form.doc.fields["ho_ten"]
    assert att["fields"]["ngay_sinh"]["value"] == form.doc.fields["ngay_sinh"]
    verdict = body["verdict"]
    assert not verdict["complete"]
    assert set(verdict["missing"]) == {"giay_chung_sinh", "cccd"}
    assert verdict["present"] == {"to_khai_khai_sinh": ["to_khai.pdf"]}

    job = client.get(f"/jobs/{uploaded['job_id']}").json()
    assert job["attachment"]["status"] == "done"

    today = vn_today().isoformat()
    report = client.get("/reports/digitization", params={"unit": UNIT, "from": today, "to": today}).json()
    assert report["own"]["received"]["total"] == 1
    assert report["own"]["digitized"] == 0  # incomplete dossier: components not all digitized
    assert report["own"]["digitization_rate"] == 0.0
    with embedded.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 1


def blurred_scan() -> bytes:
    from PIL import ImageFilter

    from tests.synth import render, to_bytes

    return to_bytes(render(make_document("cccd", 3), dpi=200).filter(ImageFilter.GaussianBlur(2.5)), "JPEG")


def test_scan_quality_comes_back_with_the_upload_and_stays_on_the_attachment(client):
    dossier = new_dossier(client)
    response = client.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("mo.jpg", blurred_scan()))])
    (uploaded,) = response.json()["attachments"]
    assert "blurry" in {q["code"] for q in uploaded["quality"]}
    (att,) = client.get(f"/dossiers/{dossier['id']}").json()["attachments"]
    assert att["quality"] == uploaded["quality"]
