"""The job stores every document of a multi-paper file as a part; the verdict counts each part."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from tests.conftest import token_for
from tests.synth import make_dossier, merge_pdfs, text_pdf

UNIT = "000.17.22.H56"


def test_a_file_of_three_papers_is_three_documents_of_the_dossier(embedded):
    clerk = TestClient(create_app(embedded), headers=token_for(embedded, "clerk", UNIT))
    dossier = clerk.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    docs = make_dossier("1.001193", seed=31).documents  # tờ khai, giấy chứng sinh, CCCD
    pdf = merge_pdfs(*(text_pdf(d) for d in docs))
    assert clerk.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("hoso.pdf", pdf))]).status_code == 202
    body = clerk.get(f"/dossiers/{dossier['id']}").json()
    (att,) = body["attachments"]
    assert att["status"] == "done" and att["doc_type"] == "to_khai_khai_sinh"  # the first part
    assert [(p["first_page"], p["last_page"], p["doc_type"]) for p in att["parts"]] == [
        (1, 1, "to_khai_khai_sinh"), (2, 2, "giay_chung_sinh"), (3, 3, "cccd")]
    verdict = body["verdict"]
    assert verdict["complete"] is True and verdict["inconsistencies"] == []
    assert verdict["present"] == {"to_khai_khai_sinh": ["hoso.pdf#p1"], "giay_chung_sinh": ["hoso.pdf#p2"],
                                  "cccd": ["hoso.pdf#p3"]}
    assert verdict["warnings"] == []  # born-digital pages: no image to judge stamps on


def test_a_correction_of_the_first_part_reaches_the_verdict(embedded):
    clerk = TestClient(create_app(embedded), headers=token_for(embedded, "clerk", UNIT))
    dossier = clerk.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    docs = make_dossier("1.001193", seed=32).documents
    pdf = merge_pdfs(*(text_pdf(d) for d in docs[:2]))
    up = clerk.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("a.pdf", pdf))]).json()
    att = up["attachments"][0]["attachment_id"]
    fixed = clerk.patch(f"/dossiers/{dossier['id']}/attachments/{att}", json={"doc_type": "cccd"}).json()
    assert fixed["verdict"]["present"] == {"cccd": ["a.pdf#p1"], "giay_chung_sinh": ["a.pdf#p2"]}
    (shown,) = clerk.get(f"/dossiers/{dossier['id']}").json()["attachments"]
    assert shown["doc_type"] == shown["parts"][0]["doc_type"] == "cccd"  # one stored copy, shown twice
    assert shown["parts"][1]["doc_type"] == "giay_chung_sinh" and shown["corrections"][0]["new"] == "cccd"
