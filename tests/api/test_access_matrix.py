"""The access matrix: every route of the app (read from its route table, so a new route cannot be left out)
× every role × own unit / another unit / own dossier with another unit's attachment. Out of scope is 403 or
404 and the body carries none of the other unit's data; in scope the same request succeeds, which proves each
request of the matrix is well formed (a 422 would hide a missing check)."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from api.app import create_app
from storage.models import Attachment
from tests.conftest import token_for
from tests.routes import (
    OPS,
    OTHER,
    PUBLIC,
    ROLES,
    ROUTES,
    UNIT,
    Target,
    add_spare,
    check_every_route_is_listed,
    finished_dossier,
    leaks,
)
from tests.synth import make_document, text_pdf


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Two sibling units, each with a processed dossier and a failed attachment, and an account of every role
    in each."""
    from core.settings import Settings
    from sohoa.services import build

    # Forged tokens on every route would pass the sign-in throttle (tests/api/test_tokens.py tests that).
    services = build(Settings(data_dir=tmp_path_factory.mktemp("matrix") / "data", signin_failures=1000))
    app = create_app(services)
    add_spare(services)
    clients = {(role, unit): TestClient(app, headers=token_for(services, role, unit))
               for role in ROLES for unit in (UNIT, OTHER)}
    targets = {}
    for n, unit in enumerate((UNIT, OTHER)):
        clerk = clients["clerk", unit]
        dossier = clerk.post("/dossiers", json={"unit_code": unit, "procedure_code": "1.001193"}).json()
        name = f"riêng-{unit}-{n}.pdf"
        pdf = text_pdf(make_document("to_khai_khai_sinh", seed=3 + n))
        uploaded = clerk.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", (name, pdf))]).json()
        failed_name = f"hỏng-{unit}-{n}.pdf"
        failed = clerk.post(f"/dossiers/{dossier['id']}/attachments",
                            files=[("files", (failed_name, text_pdf(make_document("cccd", seed=30 + n))))]).json()
        failed_id = failed["attachments"][0]["attachment_id"]
        with services.sessions() as session:  # its original lost: a retry fails again and it stays listed
            att = session.get(Attachment, failed_id)
            att.status, att.error = "failed", "ObjectNotFound"
            services.objects.delete(att.object_key)
            session.commit()
        targets[unit] = Target(unit, dossier["id"], uploaded["attachments"][0]["attachment_id"], failed_id,
                               secrets=[dossier["receipt_code"], name, failed_name],
                               finished=(done := finished_dossier(clerk, unit, n))[0], finished_attachment=done[1])
    yield app, clients, targets
    services.engine.dispose()


def test_every_route_is_in_the_matrix(world):
    check_every_route_is_listed(world[0])


@pytest.mark.parametrize("role", ROLES)
def test_own_unit_succeeds_where_the_role_may(world, role):
    _, clients, targets = world
    own = targets[UNIT]
    for (method, path), case in ROUTES.items():
        response = clients[role, UNIT].request(**case.request(own, own))
        expected = case.ok if role in case.allowed else {403}
        assert response.status_code in expected, (role, method, path, response.status_code, response.text[:300])


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])  # an admin's scope is every unit
def test_another_units_account_gets_403_or_404_and_none_of_its_data(world, role):
    _, clients, targets = world
    theirs, mine = targets[UNIT], targets[OTHER]
    for (method, path), case in ROUTES.items():
        response = clients[role, OTHER].request(**case.request(theirs, theirs))
        if case.listing:
            assert response.status_code in (case.ok if role in case.allowed else {403}), (role, path)
            assert theirs.unit not in response.text, (role, path)  # not even their audit entries or counts
        else:
            assert response.status_code == case.foreign, (role, method, path, response.status_code)
            assert response.json()["error"]["vi"], (role, path)
        assert not leaks(response.text, theirs), (role, method, path, leaks(response.text, theirs))
    # and the listings do show the caller's own unit: the check above is not passing on empty answers
    assert mine.secrets[0] in clients[role, OTHER].get("/dossiers").text
    assert mine.secrets[0] in clients[role, OTHER].get("/search?q=khai sinh").text
    if role in OPS:
        assert mine.secrets[2] in clients[role, OTHER].get("/ops/status").text


@pytest.mark.parametrize("role", ROLES)
def test_own_dossier_with_another_units_attachment_is_404(world, role):
    _, clients, targets = world
    mine, theirs = targets[UNIT], targets[OTHER]
    crossed = [(key, case) for key, case in ROUTES.items() if "{attachment_id}" in key[1] and "{dossier_id}" in key[1]]
    # download, page thumbnail, text, correction, confirmation against the original, removal, replacement
    assert len(crossed) == 7
    for (_, path), case in crossed:
        response = clients[role, UNIT].request(**case.request(mine, theirs))
        assert response.status_code == 404, (role, path)  # the attachment is looked up before any role check
        assert not leaks(response.text, theirs), (role, path)
    for key in (("GET", "/jobs/{job_id}"), ("POST", "/ops/attachments/{attachment_id}/retry")):
        if role != "admin":  # attachment-only paths: another unit's attachment is simply out of scope
            response = clients[role, UNIT].request(**ROUTES[key].request(mine, theirs))
            assert response.status_code == 404 and not leaks(response.text, theirs), (role, key)


def test_without_a_token_only_the_public_routes_answer(world):
    app, _, targets = world
    anonymous = TestClient(app)
    target = targets[UNIT]
    for (method, path), case in ROUTES.items():
        response = anonymous.request(**case.request(target, target))
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.json()["error"]["code"] and not leaks(response.text, target)
    forged = TestClient(app, headers={"Authorization": "Bearer sohoa_forged"})
    for (method, path), case in ROUTES.items():
        assert forged.request(**case.request(target, target)).status_code == 401, (method, path)
    for (method, path), url in PUBLIC.items():
        response = anonymous.get(url(target))
        assert response.status_code < 500 and not leaks(response.text, target), (method, path)


def test_a_thumbnail_in_scope_is_a_png(world):
    _, clients, targets = world
    t = targets[UNIT]
    png = clients["clerk", UNIT].get(f"/dossiers/{t.dossier}/attachments/{t.attachment}/pages/1.png")
    assert Image.open(io.BytesIO(png.content)).format == "PNG"
