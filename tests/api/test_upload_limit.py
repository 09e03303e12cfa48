"""The byte limit of an upload, at its edge: limit − 1 and limit bytes are accepted, limit + 1 is a 413 with
its reason and nothing of it is stored."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from sohoa.services import build
from storage.models import Attachment
from tests.conftest import token_for
from tests.synth import make_document, text_pdf

UNIT = "000.17.22.H56"


def padded(pdf: bytes, size: int) -> bytes:
    """The PDF grown to exactly `size` bytes by a comment after its end (readers ignore it)."""
    tail = b"\n%" + b"x" * (size - len(pdf) - 3) + b"\n"
    out = pdf + tail
    assert len(out) == size
    return out


def test_an_upload_at_the_limit_is_accepted_and_one_byte_more_is_refused(tmp_path):
    pdf = text_pdf(make_document("cccd", seed=11))
    limit = len(pdf) + 4096
    services = build(Settings(data_dir=tmp_path / "data", max_upload_bytes=limit))
    client = TestClient(create_app(services), headers=token_for(services, "clerk", UNIT))
    dossier = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    url = f"/dossiers/{dossier['id']}/attachments"
    for size in (limit - 1, limit):
        response = client.post(url, files=[("files", (f"{size}.pdf", padded(pdf, size)))])
        assert response.status_code == 202, (size, response.text)
    too_large = client.post(url, files=[("files", ("over.pdf", padded(pdf, limit + 1)))])
    assert too_large.status_code == 413
    error = too_large.json()["error"]
    assert error["code"] == "too_large" and "over.pdf" in error["vi"] and "over.pdf" in error["en"]
    with services.sessions() as session:
        stored = session.query(Attachment).all()
    assert sorted(a.size for a in stored) == [limit - 1, limit]
    assert set(services.objects.keys()) == {a.object_key for a in stored}  # a text layer needs no copy
    services.engine.dispose()
