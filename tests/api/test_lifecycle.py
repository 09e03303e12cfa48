"""A dossier's life at the counter through the API: the verdict's state as files come and go, files removed
and replaced while the dossier is open, its result scanned, and finishing it — counted by the reports like a
dossier imported from the register."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from reports import digitization_report
from storage.days import vn_today
from storage.models import Attachment
from tests.conftest import token_for
from tests.extract.more_samples import GIAY_KHAI_SINH
from tests.synth import make_dossier, text_pdf
from tests.synth.pdf import plain_pdf

UNIT = "000.17.22.H56"


@pytest.fixture
def client(embedded):
    return TestClient(create_app(embedded), headers=token_for(embedded, "clerk", UNIT, username="can-bo"))


def birth_files(seed: int = 5) -> list[tuple[str, tuple[str, bytes]]]:
    sample = make_dossier("1.001193", seed=seed)
    return [("files", (f"{item.name}.pdf", text_pdf(item.doc))) for item in sample.items]


def opened(client) -> int:
    response = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def upload(client, dossier: int, files: list) -> list[int]:
    response = client.post(f"/dossiers/{dossier}/attachments", files=files)
    assert response.status_code == 202, response.text
    return [a["attachment_id"] for a in response.json()["attachments"]]


def test_a_complete_consistent_dossier_is_complete_and_says_which_comparisons_were_made(client):
    dossier = opened(client)
    upload(client, dossier, birth_files())
    verdict = client.get(f"/dossiers/{dossier}").json()["verdict"]
    assert verdict["state"] == "complete", verdict
    assert verdict["complete"] and not verdict["pending"] and not verdict["unreadable"]
    made = {c["code"]: c for c in verdict["checks_made"]}
    requester = made["nguoi_yeu_cau:to_khai_khai_sinh.nguoi_yeu_cau~cccd"]
    assert requester["result"] == "match" and requester["label"] == "Họ tên người yêu cầu trên tờ khai với CCCD"
    assert made["ngay_sinh:to_khai_khai_sinh.tre~giay_chung_sinh"]["result"] == "match"


def test_the_verdict_is_processing_as_soon_as_a_file_is_added(client, monkeypatch):
    monkeypatch.setattr("api.uploads.enqueue", lambda services, received: None)  # no worker picks it up
    dossier = opened(client)
    (att,) = upload(client, dossier, birth_files()[:1])
    body = client.get(f"/dossiers/{dossier}").json()
    assert body["verdict"]["state"] == "processing"
    assert body["verdict"]["pending"] == [{"id": att, "filename": body["attachments"][0]["filename"],
                                           "status": "queued"}]


def test_a_file_removed_with_its_reason_leaves_the_dossier_and_the_verdict(client, embedded):
    dossier = opened(client)
    form, cert, card = upload(client, dossier, birth_files())
    url = f"/dossiers/{dossier}/attachments/{cert}"
    assert client.request("DELETE", url, json={}).status_code == 422  # a reason is required
    assert client.request("DELETE", url, json={"reason": "  "}).status_code == 422
    assert client.request("DELETE", url, json={"reason": "nộp nhầm giấy"}).status_code == 204
    assert client.request("DELETE", url, json={"reason": "lần nữa"}).status_code == 404
    body = client.get(f"/dossiers/{dossier}").json()
    assert [a["id"] for a in body["attachments"]] == [form, card]
    (removed,) = body["removed"]
    assert removed["id"] == cert and removed["reason"] == "nộp nhầm giấy" and removed["removed_by"] == "can-bo"
    assert body["verdict"]["state"] == "incomplete" and body["verdict"]["missing"] == ["giay_chung_sinh"]
    assert not body["components_digitized"]
    admin = TestClient(client.app, headers=token_for(embedded, "admin", UNIT))
    (entry,) = [e for e in admin.get("/audit").json() if e["action"] == "remove"]
    assert entry["user"] == "can-bo" and entry["target"] == f"attachment:{cert}"
    assert entry["detail"]["reason"] == "nộp nhầm giấy"
    # The same paper sent again is a new attachment of the dossier, not the removed one.
    (again,) = upload(client, dossier, birth_files()[1:2])
    assert again != cert
    assert client.get(f"/dossiers/{dossier}").json()["verdict"]["state"] == "complete"


def test_a_replaced_file_is_removed_in_the_same_step(client):
    dossier = opened(client)
    form, cert, _card = upload(client, dossier, birth_files())
    other = birth_files(seed=6)[1]  # another child's certificate
    response = client.post(f"/dossiers/{dossier}/attachments/{cert}/replace", files=[("file", other[1])])
    assert response.status_code == 202, response.text
    (new,) = response.json()["attachments"]
    body = client.get(f"/dossiers/{dossier}").json()
    assert new["attachment_id"] in [a["id"] for a in body["attachments"]]
    assert [(r["id"], r["reason"]) for r in body["removed"]] == [(cert, "thay thế")]
    # the new certificate is another child's: the comparison is made, and does not match
    assert body["verdict"]["state"] == "needs_review"
    same = client.post(f"/dossiers/{dossier}/attachments/{form}/replace", files=[("file", birth_files()[0][1])])
    assert same.status_code == 422 and same.json()["error"]["code"] == "bad_replacement"


def test_a_finished_dossier_counts_in_the_report_like_an_imported_one_and_its_files_stay(client, embedded):
    dossier = opened(client)
    form, *_ = upload(client, dossier, birth_files())
    result = client.post(f"/dossiers/{dossier}/result", files=[("files", ("gks.pdf", plain_pdf(GIAY_KHAI_SINH)))])
    assert result.status_code == 202, result.text
    body = client.get(f"/dossiers/{dossier}").json()
    (paper,) = [a for a in body["attachments"] if a["role"] == "result"]
    assert paper["doc_type"] == "giay_khai_sinh" and paper["status"] == "done"
    assert "gks.pdf" not in str(body["verdict"]["present"]) and body["verdict"]["state"] == "complete"
    assert body["result_digitized"]

    finished = client.post(f"/dossiers/{dossier}/finish", json={})
    assert finished.status_code == 200, finished.text
    assert finished.json()["status"] == "finished" and finished.json()["finished_at"]
    assert client.post(f"/dossiers/{dossier}/finish", json={}).status_code == 409
    refused = [client.post(f"/dossiers/{dossier}/attachments", files=birth_files(seed=7)[:1]),
               client.request("DELETE", f"/dossiers/{dossier}/attachments/{form}", json={"reason": "x"}),
               client.post(f"/dossiers/{dossier}/attachments/{form}/replace", files=[("file", ("b.pdf", b"%PDF"))])]
    assert [r.status_code for r in refused] == [409, 409, 409]
    assert {r.json()["error"]["code"] for r in refused} == {"dossier_finished"}

    today = vn_today()
    with embedded.sessions() as session:
        own = digitization_report(session, UNIT, today, today)["own"]
    assert own["resolved"]["total"] == 1 and own["resolved"]["on_deadline"] == 1  # no appointment date
    assert own["digitized"] == 1 and own["electronic_result_rate"] == 100.0


def test_an_electronic_result_counts_as_digitized_and_a_returned_one_is_returned(client, embedded):
    dossier = opened(client)
    upload(client, dossier, birth_files())
    bad = client.post(f"/dossiers/{dossier}/finish", json={"finished_at": "2001-01-01T08:00:00"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "finished_before_received"
    now = datetime.now(UTC)
    early = client.post(f"/dossiers/{dossier}/finish", json={"finished_at": now.isoformat(),
                                                              "returned_at": (now - timedelta(hours=1)).isoformat()})
    assert early.status_code == 422 and early.json()["error"]["code"] == "returned_before_finished"
    body = client.post(f"/dossiers/{dossier}/finish", json={"electronic_result": True, "finished_at": now.isoformat(),
                                                             "returned_at": now.isoformat()})
    assert body.status_code == 200, body.text
    out = body.json()
    assert out["status"] == "returned" and out["returned_at"] and out["electronic_result"] and out["result_digitized"]
    with embedded.sessions() as session:
        assert digitization_report(session, UNIT, vn_today(), vn_today())["own"]["electronic_result_rate"] == 100.0


def test_a_batch_with_bad_files_names_each_and_keeps_none(client, embedded):
    dossier = opened(client)
    good = birth_files()[0]
    response = client.post(f"/dossiers/{dossier}/attachments",
                           files=[good, ("files", ("rong.pdf", b"")), ("files", ("virus.exe", b"MZ" + b"\0" * 64))])
    assert response.status_code == 422
    error = response.json()["error"]
    assert [(f["filename"], f["code"]) for f in error["files"]] == [("rong.pdf", "empty_file"),
                                                                    ("virus.exe", "unsupported_type")]
    assert all(f["vi"] and f["en"] for f in error["files"])
    assert "không tệp nào được lưu" in error["vi"] and "none of the files were kept" in error["en"]
    with embedded.sessions() as session:
        assert session.scalars(select(Attachment)).all() == []


def test_a_corrected_id_is_checked_labelled_and_shown_in_the_mismatch(client):
    dossier = opened(client)
    form, _cert, card = upload(client, dossier, birth_files())
    body = client.get(f"/dossiers/{dossier}").json()
    number = next(a for a in body["attachments"] if a["id"] == card)["fields"]["so_cccd"]["value"]
    url = f"/dossiers/{dossier}/attachments/{card}"
    unknown = client.patch(url, json={"fields": {"so_cccd": "999" + number[3:]}})
    assert unknown.status_code == 422 and "mã tỉnh" in unknown.json()["error"]["vi"]
    assert "province" in unknown.json()["error"]["en"]
    changed = number[:-1] + str((int(number[-1]) + 1) % 10)
    response = client.patch(url, json={"fields": {"so_cccd": changed, "so_van_ban": "12/2024"}})
    assert response.status_code == 200, response.text
    history = response.json()["attachment"]["corrections"]
    assert [(c["target"], c["label"], c["old"]) for c in history] == [
        ("fields.so_cccd", "Số CCCD", number), ("fields.so_van_ban", "Số văn bản", None)]  # added, not only changed
    verdict = response.json()["verdict"]
    (mismatch,) = [p for p in verdict["inconsistencies"] if p["code"] == "id_mismatch"]
    assert changed in mismatch["message"] and number in mismatch["message"]  # the form's number, the new one
    assert verdict["state"] == "needs_review"
    retyped = client.patch(f"/dossiers/{dossier}/attachments/{form}", json={"doc_type": "giay_chung_sinh",
                                                                             "fields": {"ngay_sinh": "09/09/2024"}})
    entries = {c["target"]: c for c in retyped.json()["attachment"]["corrections"]}
    assert entries["doc_type"]["new_label"] == "Giấy chứng sinh" and entries["doc_type"]["label"] == "Loại giấy tờ"
    assert entries["doc_type"]["old_label"] == "Tờ khai đăng ký khai sinh"
    assert entries["fields.ngay_sinh"]["new"] == "2024-09-09"
    shown = client.get(f"/dossiers/{dossier}").json()["attachments"][0]["corrections"]
    assert {c["label"] for c in shown} == {"Loại giấy tờ", "Ngày sinh"}


def test_another_persons_field_on_a_paper_may_be_added(client):
    dossier = opened(client)
    (form,) = upload(client, dossier, birth_files()[:1])
    response = client.patch(f"/dossiers/{dossier}/attachments/{form}",
                            json={"fields": {"ho_ten_me": "  Lê Thị Thu Hà ", "so_cccd_me": "0561 9300 1522"}})
    assert response.status_code == 200, response.text
    fields = response.json()["attachment"]["fields"]
    assert fields["ho_ten_me"]["value"] == "Lê Thị Thu Hà" and fields["so_cccd_me"]["value"] == "056193001522"
    assert {c["label"] for c in response.json()["attachment"]["corrections"]} == {"Họ tên (mẹ)", "Số CCCD (mẹ)"}
    bad = client.patch(f"/dossiers/{dossier}/attachments/{form}", json={"fields": {"so_cccd_me": "056"}})
    assert bad.status_code == 422 and bad.json()["error"]["en"]
