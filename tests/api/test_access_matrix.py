"""The access matrix: every route of the app (read from its route table, so a new route cannot be left out)
× every role × own unit / another unit / own dossier with another unit's attachment. Out of scope is 403 or
404 and the body carries none of the other unit's data; in scope the same request succeeds, which proves each
request of the matrix is well formed (a 422 would hide a missing check)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from PIL import Image

from api.app import create_app
from storage.models import Attachment
from tests.conftest import token_for
from tests.synth import make_document, text_pdf

UNIT = "000.17.22.H56"  # Phường Nha Trang
OTHER = "000.17.23.H56"  # Phường Bắc Nha Trang, a sibling: neither sees the other
ROLES = ("clerk", "leader", "auditor", "admin")
WRITERS = {"clerk", "admin"}
OPS = {"leader", "auditor", "admin"}


@dataclass
class Target:
    """One unit's dossier and its attachments, and what of them must never reach another unit."""

    unit: str
    dossier: int
    attachment: int
    failed: int  # an attachment in the ops page's failed list
    secrets: list[str]

    @property
    def job(self) -> str:
        return f"attachment-{self.attachment}"


@dataclass
class Case:
    """How to call a route against a target (the dossier for `dossier_id`, the attachment for `attachment_id`)
    and who may: `allowed` roles succeed in their own unit (with one of `ok`), the other roles get 403."""

    request: Callable[[Target, Target], dict]  # (dossier's target, attachment's target) → client.request kwargs
    allowed: set[str] = field(default_factory=lambda: set(ROLES))
    ok: set[int] = field(default_factory=lambda: {200})
    listing: bool = False  # no target in the path: answers the caller's own scope, never another unit's data
    foreign: int = 404  # out of scope is 404 like a missing object, so existence does not leak


def get(path: Callable[[Target, Target], str]) -> Callable[[Target, Target], dict]:
    return lambda d, a: {"method": "GET", "url": path(d, a)}


PAGE = text_pdf(make_document("cccd", seed=9))

ROUTES: dict[tuple[str, str], Case] = {
    ("GET", "/dossiers/{dossier_id}"): Case(get(lambda d, a: f"/dossiers/{d.dossier}")),
    ("POST", "/dossiers/{dossier_id}/attachments"): Case(
        lambda d, a: {"method": "POST", "url": f"/dossiers/{d.dossier}/attachments",
                      "files": [("files", ("them.pdf", PAGE))]}, allowed=WRITERS, ok={202}),
    ("GET", "/dossiers/{dossier_id}/attachments/{attachment_id}/download"): Case(
        get(lambda d, a: f"/dossiers/{d.dossier}/attachments/{a.attachment}/download")),
    ("GET", "/dossiers/{dossier_id}/attachments/{attachment_id}/pages/{number}.png"): Case(
        get(lambda d, a: f"/dossiers/{d.dossier}/attachments/{a.attachment}/pages/1.png")),
    ("PATCH", "/dossiers/{dossier_id}/attachments/{attachment_id}"): Case(
        lambda d, a: {"method": "PATCH", "url": f"/dossiers/{d.dossier}/attachments/{a.attachment}",
                      "json": {"doc_type": "cccd"}}, allowed=WRITERS),
    ("GET", "/jobs/{job_id}"): Case(get(lambda d, a: f"/jobs/{a.job}")),
    ("POST", "/ops/attachments/{attachment_id}/retry"): Case(
        lambda d, a: {"method": "POST", "url": f"/ops/attachments/{a.failed}/retry"}, allowed=WRITERS, ok={202}),
    ("GET", "/reports/digitization"): Case(
        get(lambda d, a: f"/reports/digitization?unit={d.unit}&from=2020-01-01&to=2099-12-31")),
    ("POST", "/dossiers"): Case(
        lambda d, a: {"method": "POST", "url": "/dossiers",
                      "json": {"unit_code": d.unit, "procedure_code": "1.001193"}},
        allowed=WRITERS, ok={201}, foreign=403),
    ("GET", "/dossiers"): Case(get(lambda d, a: "/dossiers?limit=100"), listing=True),
    ("GET", "/audit"): Case(get(lambda d, a: "/audit?limit=1000"), allowed={"auditor", "admin"}, listing=True),
    ("GET", "/ops/status"): Case(get(lambda d, a: "/ops/status"), allowed=OPS, listing=True),
    ("GET", "/me"): Case(get(lambda d, a: "/me"), listing=True),
    ("GET", "/procedures"): Case(get(lambda d, a: "/procedures"), listing=True),
    ("POST", "/registers/import"): Case(
        lambda d, a: {"method": "POST", "url": "/registers/import",
                      "files": [("file", ("so.csv", b"ma_ho_so,ma_don_vi\n"))]},
        allowed={"admin"}, ok={200, 422}, listing=True),
}
# Open to anyone: health, documentation, page shells that fetch their data through the API, static files,
# Prometheus' totals over every unit, and signed download links (the signature is the credential).
PUBLIC: dict[tuple[str, str], Callable[[Target], str]] = {
    ("GET", "/health"): lambda t: "/health",
    ("GET", "/openapi.json"): lambda t: "/openapi.json",
    ("GET", "/docs"): lambda t: "/docs",
    ("GET", "/docs/oauth2-redirect"): lambda t: "/docs/oauth2-redirect",
    ("GET", "/redoc"): lambda t: "/redoc",
    ("GET", "/"): lambda t: "/",
    ("GET", "/ho-so/{dossier_id}"): lambda t: f"/ho-so/{t.dossier}",
    ("GET", "/dang-nhap"): lambda t: "/dang-nhap",
    ("GET", "/quay"): lambda t: "/quay",
    ("GET", "/bang-dieu-khien"): lambda t: "/bang-dieu-khien",
    ("GET", "/van-hanh"): lambda t: "/van-hanh",
    ("GET", "/metrics"): lambda t: "/metrics",
    ("GET", "/objects/{token}"): lambda t: "/objects/not-a-signed-link",
    ("MOUNT", "/static"): lambda t: "/static/app.css",
}


def route_table(app) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves, the included routers' and mounts' too."""
    found = set()
    for route in iter_route_contexts(app.routes):
        methods = getattr(route, "methods", None)
        if methods is None:
            found.add(("MOUNT", route.path))
        found |= {(m, route.path) for m in methods or () if m != "HEAD"}
    return found


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Two sibling units, each with a processed dossier and a failed attachment, and an account of every role
    in each."""
    from sohoa.services import build
    from sohoa.settings import Settings

    services = build(Settings(data_dir=tmp_path_factory.mktemp("matrix") / "data"))
    app = create_app(services)
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
                               secrets=[dossier["receipt_code"], name, failed_name])
    yield app, clients, targets
    services.engine.dispose()


def check_every_route_is_in_the_matrix(app) -> None:
    table = route_table(app)
    missing = table - set(ROUTES) - set(PUBLIC)
    assert not missing, f"routes missing from the access matrix (add them to ROUTES or PUBLIC): {sorted(missing)}"
    gone = (set(ROUTES) | set(PUBLIC)) - table
    assert not gone, f"the matrix lists routes the app no longer has: {sorted(gone)}"


def test_every_route_is_in_the_matrix(world):
    check_every_route_is_in_the_matrix(world[0])


def leaks(body: str, target: Target) -> list[str]:
    return [s for s in target.secrets if s in body]


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
    if role in OPS:
        assert mine.secrets[2] in clients[role, OTHER].get("/ops/status").text


@pytest.mark.parametrize("role", ROLES)
def test_own_dossier_with_another_units_attachment_is_404(world, role):
    _, clients, targets = world
    mine, theirs = targets[UNIT], targets[OTHER]
    crossed = [(key, case) for key, case in ROUTES.items() if "{attachment_id}" in key[1] and "{dossier_id}" in key[1]]
    assert len(crossed) == 3  # download, page thumbnail, correction
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
