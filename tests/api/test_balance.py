"""Upload answers close their connection now and then, so counters' connections spread over API processes."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from sohoa.services import build
from tests.conftest import token_for
from tests.synth import make_document, scan

UNIT = "000.17.22.H56"


def _connection_headers(tmp_path, every: int, uploads: int) -> tuple[list[str], str]:
    services = build(Settings(data_dir=tmp_path / f"data-{every}", recycle_connection_every=every))
    client = TestClient(create_app(services), headers=token_for(services, "clerk", UNIT))
    dossier = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    page = scan(make_document("cccd", seed=3), "office", seed=3)[0]
    answers = [client.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", (f"{n}.jpg", page + bytes(n)))])
               for n in range(uploads)]
    assert all(a.status_code == 202 for a in answers), [a.text for a in answers]
    other = client.get(f"/dossiers/{dossier['id']}").headers.get("connection", "")
    services.engine.dispose()
    return [a.headers.get("connection", "") for a in answers], other


def test_every_upload_answer_closes_when_asked_to_recycle_each_time(tmp_path):
    closes, other = _connection_headers(tmp_path, every=1, uploads=3)
    assert closes == ["close"] * 3
    assert other != "close"  # only uploads: reading a dossier keeps its connection


def test_a_recycle_interval_of_zero_never_closes(tmp_path):
    closes, _ = _connection_headers(tmp_path, every=0, uploads=3)
    assert "close" not in closes
