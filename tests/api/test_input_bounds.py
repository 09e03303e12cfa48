"""Bounds on what a caller may send or see: corrected values (size, count, shape), file names with direction
overrides, and the attachment counts of /ops/status."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from extract.corrections import MAX_VALUE, BadCorrection, validate
from extract.types import FIELD_KEYS
from tests.conftest import token_for
from tests.synth import make_document, text_pdf

UNIT, OTHER, PROVINCE = "000.17.22.H56", "000.17.23.H56", "000.00.00.H56"


@pytest.fixture
def setup(embedded):
    app = create_app(embedded)
    clerk = TestClient(app, headers=token_for(embedded, "clerk", UNIT))
    dossier = clerk.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    pdf = text_pdf(make_document("to_khai_khai_sinh", seed=14))
    up = clerk.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("hoso\u202efdp.pdf", pdf))]).json()
    return app, clerk, f"/dossiers/{dossier['id']}/attachments/{up['attachments'][0]['attachment_id']}", dossier


@pytest.mark.parametrize("fields", [
    {"ho_ten": "A" * (MAX_VALUE + 1)},
    {"ho_ten": "A" * 900_000},
    {**{k: "x" for k in FIELD_KEYS}, "ho_ten_2": "x"},  # more values than there are fields
])
def test_oversized_corrections_are_refused_and_nothing_grows(setup, fields):
    _, clerk, url, dossier = setup
    before = clerk.get(f"/dossiers/{dossier['id']}").json()
    for _ in range(3):
        response = clerk.patch(url, json={"fields": fields})
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"
    assert clerk.get(f"/dossiers/{dossier['id']}").json() == before


@pytest.mark.parametrize(("key", "value", "stored"), [
    ("so_cccd", "0403 0048 1110", "040300481110"),
    ("so_cccd", "０４０３００４８１１１０", "040300481110"),
    ("so_cmnd", "123.456.789", "123456789"),
    ("ngay_sinh", "09/09/1976", "1976-09-09"),
    ("ngay_sinh", "1976-09-09", "1976-09-09"),
    ("gioi_tinh", "nữ", "Nữ"),
    ("so_dien_thoai", "+84 912 345 678", "0912345678"),
    ("ho_ten", "  Nguye\u0302\u0303n Thị Hoà ", "Nguyễn Thị Hoà"),  # NFC, trimmed
])
def test_corrected_values_are_stored_as_the_extractor_writes_them(setup, key, value, stored):
    _, clerk, url, _ = setup
    response = clerk.patch(url, json={"fields": {key: value}})
    assert response.status_code == 200, response.text
    assert response.json()["attachment"]["fields"][key]["value"] == stored


@pytest.mark.parametrize(("key", "value"), [
    ("so_cccd", "04030048111"), ("so_cccd", "0403004811100"), ("so_cccd", "04030048111O"), ("so_cmnd", "1234567890"),
    ("ngay_sinh", "31/02/2020"), ("ngay_sinh", "hôm qua"), ("ngay_ky", "2020-13-01"),
    ("gioi_tinh", "khác"), ("so_dien_thoai", "12345"), ("ho_ten", "   "), ("ho_ten", "Nguyễn\u202e Văn A"),
    ("noi_cu_tru", "dòng một\x00"),
])
def test_values_that_cannot_be_the_field_are_refused_with_a_reason(setup, key, value):
    _, clerk, url, _ = setup
    response = clerk.patch(url, json={"fields": {key: value}})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_correction" and key in error["vi"] and key in error["en"]
    with pytest.raises(BadCorrection):
        validate(f"fields.{key}", value)


def test_a_direction_override_in_a_file_name_is_dropped(setup):
    _, clerk, _, dossier = setup
    (att,) = clerk.get(f"/dossiers/{dossier['id']}").json()["attachments"]
    assert att["filename"] == "hosofdp.pdf"


def test_ops_status_counts_only_the_callers_units(setup, embedded):
    app, *_ = setup
    other = TestClient(app, headers=token_for(embedded, "clerk", OTHER))
    theirs = other.post("/dossiers", json={"unit_code": OTHER, "procedure_code": "1.001193"}).json()
    for seed in (1, 2):
        pdf = text_pdf(make_document("cccd", seed=seed))
        assert other.post(f"/dossiers/{theirs['id']}/attachments", files=[("files", ("c.pdf", pdf))]).status_code == 202

    def counts(role: str, unit: str) -> dict:
        response = TestClient(app, headers=token_for(embedded, role, unit)).get("/ops/status")
        assert response.status_code == 200
        return response.json()["attachments"]

    assert counts("leader", UNIT) == {"done": 1}
    assert counts("auditor", OTHER) == {"done": 2}
    assert counts("leader", PROVINCE) == counts("admin", UNIT) == {"done": 3}
