"""Search and the dossier list on both databases: tone- and case-insensitive names, any part of an ID number, a
page's words with the page they are on, receipt codes; the caller's scope; filters and paging totals."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from sohoa.services import build
from storage.models import AuditEntry, Dossier
from tests.conftest import token_for
from tests.routes import OTHER, UNIT
from tests.synth import make_document, merge_pdfs, text_pdf

PROVINCE = "000.00.00.H56"
PERSON = make_document("cccd", seed=9)  # NGUYỄN MINH VINH, 087076805552
REQUEST = make_document("to_khai_khai_sinh", seed=3)  # its heading: TỜ KHAI ĐĂNG KÝ KHAI SINH


@pytest.fixture(params=["sqlite", "postgresql"])
def services(request, tmp_path):
    """Embedded defaults, or the same on PostgreSQL (jobs in process either way)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("embedded")
        return
    built = build(Settings(data_dir=tmp_path / "data", database_url=request.getfixturevalue("postgres_url")))
    yield built
    built.engine.dispose()


def client(services, role: str, unit: str) -> TestClient:
    return TestClient(create_app(services), headers=token_for(services, role, unit))


def open_with(clerk: TestClient, unit: str, pdf: bytes | None = None, procedure: str = "1.001193") -> dict:
    dossier = clerk.post("/dossiers", json={"unit_code": unit, "procedure_code": procedure}).json()
    if pdf is not None:
        sent = clerk.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("hs.pdf", pdf))]).json()
        dossier["attachment"] = sent["attachments"][0]["attachment_id"]
    return dossier


def found(response) -> set[tuple]:
    assert response.status_code == 200, response.text
    return {(h["dossier_id"], h["matched"], h["attachment_id"], h["page"]) for h in response.json()["items"]}


def test_search_finds_names_ids_words_and_receipt_codes_in_scope(services):
    mine, theirs = client(services, "clerk", UNIT), client(services, "clerk", OTHER)
    a = open_with(mine, UNIT, merge_pdfs(text_pdf(REQUEST), text_pdf(PERSON)))  # the card on page 2
    b = open_with(theirs, OTHER, text_pdf(PERSON))
    on_card = {(a["id"], "people", None, None), (a["id"], "text", a["attachment"], 2)}

    # Without marks, with them, decomposed, in any case: the same person.
    nfd = unicodedata.normalize("NFD", "Nguyễn Minh Vinh")
    for query in ("nguyen minh vinh", "Nguyễn Minh Vinh", nfd, "NGUYEN MINH VINH"):
        assert found(mine.get("/search", params={"q": query})) == on_card, query
    hits = mine.get("/search", params={"q": "nguyen minh vinh"}).json()
    assert hits["total"] == 2
    assert {h["snippet"] for h in hits["items"] if h["matched"] == "people"} == {"NGUYỄN MINH VINH"}
    assert all(h["receipt_code"] == a["receipt_code"] for h in hits["items"])

    # The last 6 digits of the ID number find its dossier; what is shown keeps only the last 4.
    partial = mine.get("/search", params={"q": "805552"})
    assert found(partial) == {(a["id"], "people", None, None)}
    assert "087076805552" not in partial.text and "********5552" in partial.text
    assert found(mine.get("/search", params={"q": "0870 7680 5552"})) >= {(a["id"], "people", None, None)}

    # A heading's words, typed without marks, are found on the page that prints them, shown as printed.
    heading = mine.get("/search", params={"q": "to khai dang ky khai sinh"}).json()["items"]
    assert [(h["attachment_id"], h["page"]) for h in heading] == [(a["attachment"], 1)]
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in heading[0]["snippet"]

    # A receipt code, whole or its end.
    for query in (a["receipt_code"], a["receipt_code"].lower(), a["receipt_code"][-6:]):
        assert (a["id"], "receipt_code", None, None) in found(mine.get("/search", params={"q": query})), query

    # The sibling unit's clerk finds its own dossier and nothing of the other; the province's leader both.
    assert {h[0] for h in found(theirs.get("/search", params={"q": "nguyen minh vinh"}))} == {b["id"]}
    assert found(theirs.get("/search", params={"q": a["receipt_code"]})) == set()
    assert found(theirs.get("/search", params={"q": "805552"})) == {(b["id"], "people", None, None)}
    leader = client(services, "leader", PROVINCE)
    assert {h[0] for h in found(leader.get("/search", params={"q": "nguyen minh vinh"}))} == {a["id"], b["id"]}

    # Nothing to look for is no match, not everything.
    assert mine.get("/search", params={"q": "..."}).json() == {"items": [], "total": 0}
    assert mine.get("/search", params={"q": ""}).status_code == 422

    # Every search is in the audit log, a partial ID number masked.
    with services.sessions() as session:
        queries = [e.detail["query"] for e in session.query(AuditEntry).filter_by(action="search")]
    assert "**5552" in queries and "805552" not in queries and "nguyen minh vinh" in queries


def test_the_text_of_each_page_is_kept_and_a_view_of_it_audited(services):
    clerk = client(services, "clerk", UNIT)
    a = open_with(clerk, UNIT, merge_pdfs(text_pdf(REQUEST), text_pdf(PERSON)))
    response = clerk.get(f"/dossiers/{a['id']}/attachments/{a['attachment']}/text")
    assert response.status_code == 200
    pages = response.json()["pages"]
    assert [p["page"] for p in pages] == [1, 2]
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in pages[0]["text"] and "NGUYỄN MINH VINH" in pages[1]["text"]
    outsider = client(services, "leader", OTHER)
    assert outsider.get(f"/dossiers/{a['id']}/attachments/{a['attachment']}/text").status_code == 404
    with services.sessions() as session:
        views = session.query(AuditEntry).filter_by(action="view", target=f"attachment:{a['attachment']}").all()
    assert [v.detail for v in views] == [{"what": "text"}]


def test_the_list_filters_pages_and_counts_within_scope(services):
    mine, theirs = client(services, "clerk", UNIT), client(services, "clerk", OTHER)
    births = [open_with(mine, UNIT) for _ in range(5)]
    marriage = open_with(mine, UNIT, procedure="1.000894")
    card = open_with(mine, UNIT, text_pdf(PERSON))
    other = open_with(theirs, OTHER)
    with services.sessions() as session:  # received on known days, one of them finished
        for n, d in enumerate([*births, marriage, card]):
            session.get(Dossier, d["id"]).received_at = datetime(2025, 8, 1 + n, 3, tzinfo=UTC)
        # 20:00 UTC on 1 August is 2 August in Vietnam: the list's days are Vietnam days.
        session.get(Dossier, births[1]["id"]).received_at = datetime(2025, 8, 1, 20, tzinfo=UTC)
        session.get(Dossier, marriage["id"]).status = "finished"
        session.commit()

    def listed(c: TestClient, **params) -> tuple[list[int], int]:
        response = c.get("/dossiers", params=params)
        assert response.status_code == 200, response.text
        return [d["id"] for d in response.json()["items"]], response.json()["total"]

    newest_first = [card["id"], marriage["id"], *[d["id"] for d in reversed(births)]]
    assert listed(mine) == (newest_first, 7)
    assert listed(mine, per_page=3, page=2) == (newest_first[3:6], 7)
    assert listed(mine, per_page=3, page=4) == ([], 7)
    assert listed(mine, procedure="1.000894") == ([marriage["id"]], 1)
    assert listed(mine, status="finished") == ([marriage["id"]], 1)
    assert listed(mine, **{"from": "2025-08-02", "to": "2025-08-03"}) == ([births[2]["id"], births[1]["id"]], 2)
    assert listed(mine, to="2025-08-01") == ([births[0]["id"]], 1)
    assert listed(mine, q="nguyen minh vinh") == ([card["id"]], 1)
    assert listed(mine, q="805552") == ([card["id"]], 1)
    assert listed(theirs) == ([other["id"]], 1)

    item = mine.get("/dossiers", params={"procedure": "1.000894"}).json()["items"][0]
    assert item == {"id": marriage["id"], "receipt_code": marriage["receipt_code"], "unit_code": UNIT,
                    "unit_name": "Phường Nha Trang", "procedure_code": "1.000894",
                    "procedure_name": item["procedure_name"],
                    "received_at": "2025-08-06T03:00:00+00:00", "status": "finished", "verdict_state": None,
                    "complete": False, "attachments": 0}
    assert "kết hôn" in item["procedure_name"].lower()
    assert mine.get("/dossiers", params={"q": "vinh"}).json()["items"][0]["attachments"] == 1

    # A unit: the leader's subtree narrowed to it; another unit than the caller's is 404, not its dossiers.
    leader = client(services, "leader", PROVINCE)
    assert listed(leader)[1] == 8
    assert listed(leader, unit=OTHER) == ([other["id"]], 1)
    refused = theirs.get("/dossiers", params={"unit": UNIT})
    assert refused.status_code == 404 and births[0]["receipt_code"] not in refused.text
    assert mine.get("/dossiers", params={"per_page": 101}).status_code == 422
    assert len(mine.get("/dossiers").json()["items"]) == 7  # 20 a page unless told

    # The verdict's state filters the list: a card alone leaves a birth registration incomplete.
    assert card["id"] in listed(mine, state="incomplete")[0]
    assert card["id"] not in listed(mine, state="complete")[0]
    assert mine.get("/dossiers", params={"state": "done"}).status_code == 422
    # A file taken out of the dossier is no longer counted in it nor found by what was read in it.
    removed = mine.request("DELETE", f"/dossiers/{card['id']}/attachments/{card['attachment']}",
                           json={"reason": "nhầm hồ sơ"})
    assert removed.status_code == 204, removed.text
    assert listed(mine, q="nguyen minh vinh") == ([], 0)
    assert found(mine.get("/search", params={"q": "nguyen minh vinh"})) == set()
    assert mine.get("/dossiers", params={"procedure": "1.001193", "per_page": 1}).json()["items"][0]["attachments"] == 0
