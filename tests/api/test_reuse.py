"""Never ask a citizen twice: a card digitized at one commune fills the identity component of a dossier at
another commune of the same province without a new scan, never across provinces; expired papers are not
offered; every lookup is in the audit log, with the ID number masked."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from core.settings import Settings
from sohoa.services import build
from storage.models import Attachment, AuditEntry, CitizenPaper, Dossier
from storage.seed import read_units, upsert_units
from tests.conftest import token_for
from tests.synth import make_document
from tests.synth.pdf import text_pdf

X, Y = "000.17.22.H56", "000.17.23.H56"  # two communes of Khánh Hòa
FAR = "000.31.01.H31"  # a commune of another province, imported below
CARD, EXPIRED = 1, 6  # synthetic CCCD seeds: valid until 2035-06-21; expired on 2025-11-06
NUMBER, EXPIRED_NUMBER = "056095818029", "087185004277"


@pytest.fixture(params=["sqlite", "postgresql"])
def embedded(request, tmp_path):
    """Embedded services (in-process jobs, local objects) on a SQLite file or a PostgreSQL database."""
    url = "" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    services = build(Settings(data_dir=tmp_path / "data", database_url=url))
    yield services
    services.engine.dispose()


@pytest.fixture
def world(embedded, tmp_path):
    units = tmp_path / "units.csv"  # what `sohoa import-units` reads
    units.write_text("ma_don_vi,ten,cap,ma_don_vi_cha,hieu_luc_tu,hieu_luc_den\n"
                     "000.00.00.H31,Thành phố Hải Phòng,tinh,,,\n"
                     f"{FAR},Phường Hồng Bàng,xa,000.00.00.H31,2025-07-01,\n", encoding="utf-8")
    with embedded.sessions() as session:
        upsert_units(session, read_units(units))
        session.commit()
    app = create_app(embedded)
    return {unit: TestClient(app, headers=token_for(embedded, "clerk", unit)) for unit in (X, Y, FAR)}


def open_dossier(client: TestClient, unit: str, procedure: str) -> dict:
    response = client.post("/dossiers", json={"unit_code": unit, "procedure_code": procedure})
    assert response.status_code == 201, response.text
    return response.json()


def upload(client: TestClient, dossier: dict, name: str, doc_type: str, seed: int) -> dict:
    """A born-digital paper (text layer): processed in-process before the answer."""
    pdf = text_pdf(make_document(doc_type, seed=seed))
    response = client.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", (name, pdf))])
    assert response.status_code == 202, response.text
    att = client.get(f"/dossiers/{dossier['id']}").json()["attachments"][-1]
    assert att["status"] == "done" and att["doc_type"] == doc_type
    return att


def lookups(embedded) -> list[AuditEntry]:
    with embedded.sessions() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == "lookup").order_by(AuditEntry.id)))


def test_a_card_digitized_once_fills_a_dossier_at_another_commune_of_the_province(world, embedded):
    first = open_dossier(world[X], X, "1.001193")
    card = upload(world[X], first, "cccd.pdf", "cccd", CARD)

    found = world[Y].get(f"/citizens/{NUMBER}/papers")
    assert found.status_code == 200, found.text
    assert found.json() == {"items": [{"attachment_id": card["id"], "doc_type": "cccd", "valid_until": "2035-06-21",
                                       "dossier_receipt_code": first["receipt_code"], "unit": X,
                                       "unit_name": "Phường Nha Trang"}]}
    # Written in groups as a counter clerk types it: the same person.
    assert world[Y].get("/citizens/0560 9581 8029/papers").json() == found.json()
    assert world[Y].get(f"/citizens/{NUMBER}/papers", params={"procedure": "1.004222"}).json() == found.json()

    second = open_dossier(world[Y], Y, "1.004222")  # thường trú: the card is one of its components
    objects = sorted(embedded.objects.keys())
    reused = world[Y].post(f"/dossiers/{second['id']}/reuse", json={"attachment_id": card["id"], "component": "cccd"})
    assert reused.status_code == 201, reused.text
    link = reused.json()["attachment"]
    assert link["reused_from"] == card["id"] and link["status"] == "done" and link["doc_type"] == "cccd"
    assert link["reused_from_receipt_code"] == first["receipt_code"]
    assert link["id"] != card["id"] and link["sha256"] == card["sha256"] and link["parts"] == card["parts"]
    assert sorted(embedded.objects.keys()) == objects  # no new scan, no copy of the object
    with embedded.sessions() as session:
        source, row = session.get(Attachment, card["id"]), session.get(Attachment, link["id"])
        assert (row.object_key, row.digitized_key) == (source.object_key, source.digitized_key)
        assert session.get(Dossier, second["id"]).reused and not session.get(Dossier, first["id"]).reused
        assert session.scalars(select(CitizenPaper.attachment_id)).all() == [card["id"]]  # a link is no new paper
    shown = world[Y].get(f"/dossiers/{second['id']}").json()
    assert "cccd" in shown["verdict"]["present"] and "cccd" not in shown["verdict"]["missing"]
    assert [(a["reused_from"], a["reused_from_receipt_code"]) for a in shown["attachments"]] == [
        (card["id"], first["receipt_code"])]
    again = world[Y].post(f"/dossiers/{second['id']}/reuse", json={"attachment_id": card["id"]})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_attached"
    # The copy is the first commune's, signed by it: checked against the original there, never re-signed here.
    confirm = world[Y].post(f"/dossiers/{second['id']}/attachments/{link['id']}/confirm-original")
    assert confirm.status_code == 409 and confirm.json()["error"]["code"] == "reused_copy"

    # Another province: the papers are not offered, nor linked, and nothing says they exist.
    assert world[FAR].get(f"/citizens/{NUMBER}/papers").status_code == 404
    far = open_dossier(world[FAR], FAR, "1.004222")
    refused = world[FAR].post(f"/dossiers/{far['id']}/reuse", json={"attachment_id": card["id"]})
    assert refused.status_code == 404 and refused.json()["error"]["vi"] and refused.json()["error"]["en"]
    with embedded.sessions() as session:
        assert not session.scalars(select(Attachment).where(Attachment.dossier_id == far["id"])).all()
        assert not session.get(Dossier, far["id"]).reused

    entries = lookups(embedded)
    assert len(entries) == 4  # every lookup, the refused one too
    assert all(e.target == "citizen:********8029" and NUMBER not in str(e.detail) for e in entries)
    assert len({e.detail["citizen"] for e in entries}) == 1  # one person, found again by the keyed hash
    assert [e.detail["papers"] for e in entries] == [[card["id"]]] * 3 + [[]]
    with embedded.sessions() as session:
        assert NUMBER not in str(session.scalars(select(CitizenPaper.id_hash)).all())
        (reuse,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "reuse")).all()
        assert reuse.detail == {"from": card["id"], "from_unit": X, "component": "cccd"}
        refusals = session.scalars(select(AuditEntry).where(AuditEntry.action == "reuse-refused")).all()
        assert [(e.unit_code, e.detail) for e in refusals] == [
            (Y, {"from": card["id"], "code": "already_attached"}), (FAR, {"from": card["id"], "code": "not_found"})]


def test_an_expired_card_is_not_offered_and_not_linked(world):
    first = open_dossier(world[X], X, "1.001193")
    card = upload(world[X], first, "cccd-cu.pdf", "cccd", EXPIRED)
    assert card["fields"]["co_gia_tri_den"]["value"] == "2025-11-06"
    assert world[Y].get(f"/citizens/{EXPIRED_NUMBER}/papers").status_code == 404
    second = open_dossier(world[Y], Y, "1.004222")
    refused = world[Y].post(f"/dossiers/{second['id']}/reuse", json={"attachment_id": card["id"]})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "paper_expired" and "06/11/2025" in refused.json()["error"]["vi"]


def test_only_a_citizens_digitized_paper_fills_a_component_it_belongs_to(world):
    first = open_dossier(world[X], X, "1.001193")
    form = upload(world[X], first, "to-khai.pdf", "to_khai_khai_sinh", 3)
    card = upload(world[X], first, "cccd.pdf", "cccd", CARD)
    second = open_dossier(world[Y], Y, "1.004222")
    url = f"/dossiers/{second['id']}/reuse"
    not_paper = world[Y].post(url, json={"attachment_id": form["id"]})
    assert not_paper.status_code == 422 and not_paper.json()["error"]["code"] == "not_reusable"
    wrong = world[Y].post(url, json={"attachment_id": card["id"], "component": "giay_to_cho_o"})
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "wrong_component"
    unknown = world[Y].post(url, json={"attachment_id": card["id"], "component": "khong_co"})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_component"
    missing = world[Y].post(url, json={"attachment_id": 999_999})
    assert missing.status_code == 404


def test_a_correction_of_the_number_moves_the_paper_to_that_person(world):
    first = open_dossier(world[X], X, "1.001193")
    card = upload(world[X], first, "cccd.pdf", "cccd", CARD)
    fixed = world[X].patch(f"/dossiers/{first['id']}/attachments/{card['id']}",
                           json={"fields": {"so_cccd": "056095818028"}})
    assert fixed.status_code == 200, fixed.text
    assert world[Y].get(f"/citizens/{NUMBER}/papers").status_code == 404
    assert [i["attachment_id"] for i in world[Y].get("/citizens/056095818028/papers").json()["items"]] == [card["id"]]


def test_a_lookup_needs_the_whole_number_and_a_clerk(world, embedded):
    assert world[Y].get("/citizens/8029/papers").json()["error"]["code"] == "bad_id_number"
    assert world[Y].get("/citizens/NGUYEN VAN A/papers").status_code == 422  # no browsing by name
    leader = TestClient(create_app(embedded), headers=token_for(embedded, "leader", "000.00.00.H56"))
    assert leader.get(f"/citizens/{NUMBER}/papers").status_code == 403
    assert world[Y].get(f"/citizens/{NUMBER}/papers", params={"procedure": "9.999999"}).status_code == 404
