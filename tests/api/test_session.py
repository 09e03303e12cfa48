"""Signing in from a browser (api.session, api.cookies): one sign-in per browser in a session cookie with the
right flags, a CSRF value required on every change made with the cookie, bearer clients unchanged, expiry,
renewal and sign-out, and each role's own home page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from api.app import create_app
from api.auth import hash_token
from storage.models import ApiToken
from tests.conftest import token_for
from tests.synth import make_document, text_pdf

UNIT = "000.17.22.H56"
NEW_DOSSIER = {"unit_code": UNIT, "procedure_code": "1.001193"}


@pytest.fixture
def app(embedded):
    return create_app(embedded)


def signed_in(app, services, role: str = "clerk", *, base_url: str = "http://testserver") -> tuple[TestClient, dict]:
    """A browser-like client signed in through POST /session; the answer's body."""
    token = token_for(services, role, UNIT)["Authorization"].removeprefix("Bearer ")
    browser = TestClient(app, base_url=base_url)
    answer = browser.post("/session", json={"token": token})
    assert answer.status_code == 200, answer.text
    return browser, answer.json()


def cookie_headers(response) -> dict[str, str]:
    """Each Set-Cookie header by cookie name, lower-cased, for its attributes."""
    return {h.split("=", 1)[0]: h.lower() for h in response.headers.get_list("set-cookie")}


def csrf(browser: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": browser.cookies["sohoa_csrf"]}


def test_the_session_cookie_is_httponly_strict_and_secure_only_over_tls(app, embedded):
    token = token_for(embedded, "clerk", UNIT)["Authorization"].removeprefix("Bearer ")
    plain = TestClient(app).post("/session", json={"token": token})
    cookies = cookie_headers(plain)
    session, check = cookies["sohoa_session"], cookies["sohoa_csrf"]
    for flag in ("httponly", "samesite=strict", "path=/", "max-age="):
        assert flag in session, (flag, session)
    assert "secure" not in session  # plain HTTP: a Secure cookie would never come back
    assert "httponly" not in check and "samesite=strict" in check  # the pages' scripts read this one
    assert "sohoa_" not in plain.text.replace("sohoa_session", "")  # the session token is in the cookie only
    over_tls = cookie_headers(TestClient(app, base_url="https://testserver").post("/session", json={"token": token}))
    assert "secure" in over_tls["sohoa_session"] and "secure" in over_tls["sohoa_csrf"]


def test_every_change_made_with_the_cookie_needs_the_csrf_value(app, embedded):
    browser, _ = signed_in(app, embedded)
    assert browser.get("/me").status_code == 200  # reading needs none
    refused = browser.post("/dossiers", json=NEW_DOSSIER)
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "csrf_failed" and "CSRF" in error["vi"] and "CSRF" in error["en"]
    wrong = browser.post("/dossiers", json=NEW_DOSSIER, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    # Another session's value does not do either: the value is bound to the session.
    other, _ = signed_in(app, embedded)
    assert browser.post("/dossiers", json=NEW_DOSSIER, headers=csrf(other)).status_code == 403
    opened = browser.post("/dossiers", json=NEW_DOSSIER, headers=csrf(browser))
    assert opened.status_code == 201, opened.text
    dossier = opened.json()["id"]
    page = [("files", ("to-khai.pdf", text_pdf(make_document("to_khai_khai_sinh", seed=4))))]
    assert browser.post(f"/dossiers/{dossier}/attachments", files=page).status_code == 403  # uploads too
    assert browser.post(f"/dossiers/{dossier}/attachments", files=page, headers=csrf(browser)).status_code == 202
    assert browser.delete("/session").status_code == 403  # even signing out


def test_bearer_clients_need_no_csrf_value(app, embedded):
    api = TestClient(app, headers=token_for(embedded, "clerk", UNIT))
    assert api.post("/dossiers", json=NEW_DOSSIER).status_code == 201
    # A header wins over a cookie: a forged bearer token is refused even with a valid session in the jar.
    browser, _ = signed_in(app, embedded)
    forged = browser.post("/dossiers", json=NEW_DOSSIER, headers={"Authorization": "Bearer sohoa_forged"})
    assert forged.status_code == 401


def test_a_session_expires_and_never_outlives_its_token(app, embedded):
    browser, body = signed_in(app, embedded)
    ends = datetime.fromisoformat(body["expires_at"])
    hours = embedded.settings.session_hours
    assert timedelta(hours=hours - 0.1) < ends - datetime.now(UTC) <= timedelta(hours=hours)
    assert browser.get("/me").json()["expires_at"] == body["expires_at"]  # the page warns before this
    with embedded.sessions() as session:
        session.execute(update(ApiToken).where(ApiToken.token_hash == hash_token(browser.cookies["sohoa_session"]))
                        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        session.commit()
    expired = browser.get("/me")
    assert expired.status_code == 401 and expired.json()["error"]["vi"]
    assert browser.post("/session/renew", headers=csrf(browser)).status_code == 401  # too late to renew

    # A token that ends within the hour gives a session that ends with it.
    token = token_for(embedded, "clerk", UNIT)["Authorization"].removeprefix("Bearer ")
    soon = datetime.now(UTC) + timedelta(minutes=30)
    with embedded.sessions() as session:
        session.execute(update(ApiToken).where(ApiToken.token_hash == hash_token(token)).values(expires_at=soon))
        session.commit()
    short = TestClient(app).post("/session", json={"token": token}).json()
    assert abs(datetime.fromisoformat(short["expires_at"]) - soon) < timedelta(seconds=1)


def test_renewal_extends_the_session_and_sign_out_ends_it(app, embedded):
    browser, _ = signed_in(app, embedded)
    cookie = browser.cookies["sohoa_session"]
    with embedded.sessions() as session:
        session.execute(update(ApiToken).where(ApiToken.token_hash == hash_token(cookie))
                        .values(expires_at=datetime.now(UTC) + timedelta(minutes=3)))
        session.commit()
    assert browser.post("/session/renew").status_code == 403  # a change: it needs the CSRF value
    renewed = browser.post("/session/renew", headers=csrf(browser))
    assert renewed.status_code == 200
    assert datetime.fromisoformat(renewed.json()["expires_at"]) > datetime.now(UTC) + timedelta(hours=1)
    out = browser.delete("/session", headers=csrf(browser))
    assert out.status_code == 204
    assert all("max-age=0" in c for c in cookie_headers(out).values())
    replayed = TestClient(app, cookies={"sohoa_session": cookie})  # the cookie kept after sign-out: revoked
    assert replayed.get("/me").status_code == 401
    assert TestClient(app).delete("/session").status_code == 204  # signing out without a session: nothing to do


def test_a_wrong_token_does_not_sign_in(app, embedded):
    refused = TestClient(app).post("/session", json={"token": "sohoa_nope"})
    assert refused.status_code == 401 and "set-cookie" not in refused.headers


@pytest.mark.parametrize(("role", "home"), [("clerk", "/quay"), ("leader", "/bang-dieu-khien"),
                                            ("auditor", "/kiem-tra-luu-tru"), ("admin", "/van-hanh")])
def test_each_role_lands_on_its_own_page(app, embedded, role, home):
    browser, body = signed_in(app, embedded, role)
    assert body["home"] == home
    landed = browser.get("/", follow_redirects=False)
    assert landed.status_code in (302, 307) and landed.headers["location"] == home
    assert TestClient(app).get("/", follow_redirects=False).headers["location"] == "/dang-nhap"
