"""Every route of the app and how to call it against a unit's dossier: the access matrix and the outage
tests read the app's route table and fail on a route missing here, so a new route cannot be forgotten."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from tests.extract.more_samples import GIAY_KHAI_SINH
from tests.synth import make_document, text_pdf
from tests.synth.pdf import plain_pdf

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
    finished: int = 0  # a finished dossier of the unit (`finished_dossier`): its files no longer change
    finished_attachment: int = 0  # ... and its attachment

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
RESULT = plain_pdf(GIAY_KHAI_SINH)  # a birth dossier's result
SPARE = "du-phong"  # an account the admin routes act on; no test signs in with it
SPARE_TOKEN: dict[str, str] = {}  # its token, filled by add_spare


def add_spare(services) -> None:
    """The account (and a token of it) that the admin routes disable, enable and revoke."""
    from api.auth import create_user, issue_token

    with services.sessions() as session:
        SPARE_TOKEN["token"] = issue_token(session, create_user(session, SPARE, "clerk", UNIT))


def finished_dossier(client, unit: str, n: int) -> tuple[int, int]:
    """A dossier of the unit, with one file, finished through the API: (dossier id, attachment id)."""
    dossier = client.post("/dossiers", json={"unit_code": unit, "procedure_code": "1.001193"}).json()
    pdf = text_pdf(make_document("cccd", seed=50 + n))
    uploaded = client.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", (f"xong-{n}.pdf", pdf))])
    assert uploaded.status_code == 202, uploaded.text
    assert client.post(f"/dossiers/{dossier['id']}/finish", json={}).status_code == 200
    return dossier["id"], uploaded.json()["attachments"][0]["attachment_id"]


def on_finished(method: str, tail: str, **kwargs) -> Callable[[Target, Target], dict]:
    """A change to a finished dossier's attachment: in scope, a writer's request gets past every access check
    to the state check's 409 (tests/api/test_lifecycle.py: the successes)."""
    return lambda d, a: {"method": method, "url": f"/dossiers/{d.finished}/attachments/{a.finished_attachment}{tail}",
                         **kwargs}


def admin_post(path: str, **kwargs) -> Callable[[Target, Target], dict]:
    return lambda d, a: {"method": "POST", "url": path, **{k: v() for k, v in kwargs.items()}}


ROUTES: dict[tuple[str, str], Case] = {
    ("GET", "/dossiers/{dossier_id}"): Case(get(lambda d, a: f"/dossiers/{d.dossier}")),
    ("GET", "/dossiers/{dossier_id}/progress"): Case(get(lambda d, a: f"/dossiers/{d.dossier}/progress")),
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
    # The matrix's attachment is a text PDF without a digitized copy: in scope, a writer's well-formed request
    # gets past the access checks to the state check's 409 (tests/signing/test_confirm_original.py: the 200).
    ("POST", "/dossiers/{dossier_id}/attachments/{attachment_id}/confirm-original"): Case(
        lambda d, a: {"method": "POST",
                      "url": f"/dossiers/{d.dossier}/attachments/{a.attachment}/confirm-original"},
        allowed=WRITERS, ok={409}),
    ("DELETE", "/dossiers/{dossier_id}/attachments/{attachment_id}"): Case(
        on_finished("DELETE", "", json={"reason": "nộp nhầm"}), allowed=WRITERS, ok={409}),
    ("POST", "/dossiers/{dossier_id}/attachments/{attachment_id}/replace"): Case(
        on_finished("POST", "/replace", files=[("file", ("moi.pdf", RESULT))]), allowed=WRITERS, ok={409}),
    ("POST", "/dossiers/{dossier_id}/result"): Case(
        lambda d, a: {"method": "POST", "url": f"/dossiers/{d.dossier}/result",
                      "files": [("files", ("ket_qua.pdf", RESULT))]}, allowed=WRITERS, ok={202}),
    ("POST", "/dossiers/{dossier_id}/finish"): Case(
        lambda d, a: {"method": "POST", "url": f"/dossiers/{d.finished}/finish", "json": {}},
        allowed=WRITERS, ok={409}),
    ("GET", "/jobs/{job_id}"): Case(get(lambda d, a: f"/jobs/{a.job}")),
    # The matrix's files are a form and a failed card, no citizen's digitized paper: a writer gets past the
    # access checks to the refusal to link a form (422) and the lookup to its empty 404 (tests/api/test_reuse.py:
    # the 201 and the 200).
    ("POST", "/dossiers/{dossier_id}/reuse"): Case(
        lambda d, a: {"method": "POST", "url": f"/dossiers/{d.dossier}/reuse", "json": {"attachment_id": a.attachment}},
        allowed=WRITERS, ok={422}),
    ("GET", "/citizens/{id_number}/papers"): Case(get(lambda d, a: "/citizens/056095818029/papers"),
                                                  allowed=WRITERS, ok={404}, listing=True),
    ("POST", "/ops/attachments/{attachment_id}/retry"): Case(
        lambda d, a: {"method": "POST", "url": f"/ops/attachments/{a.failed}/retry"}, allowed=WRITERS, ok={202}),
    ("GET", "/reports/digitization"): Case(
        get(lambda d, a: f"/reports/digitization?unit={d.unit}&from=2020-01-01&to=2099-12-31")),
    ("POST", "/dossiers"): Case(
        lambda d, a: {"method": "POST", "url": "/dossiers",
                      "json": {"unit_code": d.unit, "procedure_code": "1.001193"}},
        allowed=WRITERS, ok={201}, foreign=403),
    ("GET", "/dossiers"): Case(get(lambda d, a: "/dossiers?per_page=100"), listing=True),
    # Words every unit's birth-registration form prints: the caller finds its own, never another unit's.
    ("GET", "/search"): Case(get(lambda d, a: "/search?q=khai sinh"), listing=True),
    ("GET", "/dossiers/{dossier_id}/attachments/{attachment_id}/text"): Case(
        get(lambda d, a: f"/dossiers/{d.dossier}/attachments/{a.attachment}/text")),
    ("GET", "/audit/dossiers"): Case(
        get(lambda d, a: f"/audit/dossiers?unit={d.unit}&from=2020-01-01&to=2099-12-31"), allowed=OPS),
    ("GET", "/audit"): Case(get(lambda d, a: "/audit?limit=1000"), allowed={"auditor", "admin"}, listing=True),
    ("GET", "/ops/status"): Case(get(lambda d, a: "/ops/status"), allowed=OPS, listing=True),
    ("GET", "/me"): Case(get(lambda d, a: "/me"), listing=True),
    ("GET", "/procedures"): Case(get(lambda d, a: "/procedures"), listing=True),
    ("GET", "/units"): Case(get(lambda d, a: "/units"), listing=True),
    ("POST", "/registers/import"): Case(
        lambda d, a: {"method": "POST", "url": "/registers/import",
                      "files": [("file", ("so.csv", b"ma_ho_so,ma_don_vi\n"))]},
        allowed={"admin"}, ok={200, 422}, listing=True),
    ("POST", "/users/{username}/disable"): Case(admin_post(f"/users/{SPARE}/disable"), allowed={"admin"}, listing=True),
    ("POST", "/users/{username}/enable"): Case(admin_post(f"/users/{SPARE}/enable"), allowed={"admin"}, listing=True),
    ("POST", "/users/{username}/revoke-tokens"): Case(admin_post(f"/users/{SPARE}/revoke-tokens"), allowed={"admin"},
                                                      listing=True),
    ("POST", "/tokens/revoke"): Case(admin_post("/tokens/revoke", json=lambda: {"token": SPARE_TOKEN["token"]}),
                                     allowed={"admin"}, listing=True),
}
# Open to anyone: health, documentation, page shells that fetch their data through the API, static files,
# Prometheus' totals over every unit, a PDF's signature check, and signed download links (the signature is
# the credential).
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
    ("GET", "/tra-cuu"): lambda t: "/tra-cuu",
    ("GET", "/kiem-tra-luu-tru"): lambda t: "/kiem-tra-luu-tru",
    ("GET", "/metrics"): lambda t: "/metrics",
    ("POST", "/verify"): lambda t: "/verify",  # reads only the file sent: its signature report
    # Signing in takes a token in the body; renewing and signing out act on the browser's own session cookie.
    ("POST", "/session"): lambda t: "/session",
    ("POST", "/session/renew"): lambda t: "/session/renew",
    ("DELETE", "/session"): lambda t: "/session",
    ("GET", "/objects/{token}"): lambda t: "/objects/not-a-signed-link",
    ("MOUNT", "/static"): lambda t: "/static/app.css",
}


def route_table(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves, the included routers' and mounts' too."""
    found = set()
    for route in iter_route_contexts(app.routes):
        methods = getattr(route, "methods", None)
        if methods is None:
            found.add(("MOUNT", route.path))
        found |= {(m, route.path) for m in methods or () if m != "HEAD"}
    return found


def check_every_route_is_listed(app: FastAPI) -> None:
    table = route_table(app)
    missing = table - set(ROUTES) - set(PUBLIC)
    assert not missing, f"routes missing from tests/routes.py (add them to ROUTES or PUBLIC): {sorted(missing)}"
    gone = (set(ROUTES) | set(PUBLIC)) - table
    assert not gone, f"tests/routes.py lists routes the app no longer has: {sorted(gone)}"


def leaks(body: str, target: Target) -> list[str]:
    return [s for s in target.secrets if s in body]
