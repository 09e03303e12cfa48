"""Security headers on every answer of every route (read from the app's route table), refusals included."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from api.app import create_app
from tests.conftest import token_for

UNIT = "000.17.22.H56"


@pytest.fixture
def app(embedded):
    return create_app(embedded)


def assert_secure(response, *, cached: bool = False) -> None:
    h = response.headers
    where = f"{response.request.method} {response.request.url.path} → {response.status_code}"
    assert h["x-frame-options"] == "DENY", where
    assert h["x-content-type-options"] == "nosniff", where
    assert h["referrer-policy"] == "no-referrer", where
    assert "frame-ancestors 'none'" in h["content-security-policy"], where
    assert ("no-store" in h.get("cache-control", "")) != cached, where


def routes(table: list, prefix: str = "") -> list[tuple[str, object]]:
    """(path, route) of every route, into included routers (FastAPI keeps those as one entry each)."""
    found = []
    for route in table:
        if hasattr(route, "original_router"):
            found += routes(route.original_router.routes, prefix + route.include_context.prefix)
        else:
            found.append((prefix + route.path, route))
    return found


def test_every_route_answers_with_the_headers(app, embedded):
    clients = [TestClient(app), TestClient(app, headers=token_for(embedded, "clerk", UNIT))]
    seen = 0
    for template, route in routes(app.routes):
        if isinstance(route, Mount):
            for client in clients:
                assert_secure(client.get(f"{template}/app.js"), cached=True)
            continue
        assert isinstance(route, Route), route
        path = re.sub(r"\{[^}]+\}", "1", template)
        for method in route.methods or ():
            for client in clients:
                assert_secure(client.request(method, path))
                seen += 1
    assert seen > 40


def test_refusals_by_the_framework_and_the_body_limit_carry_them(app):
    client = TestClient(app)
    assert_secure(client.get("/no/such/path"))
    assert_secure(client.put("/health"))
    too_big = client.post("/dossiers", content=b"x" * (2 * 1024 * 1024), headers={"content-type": "application/json"})
    assert too_big.status_code == 413
    assert_secure(too_big)


def test_the_pages_run_only_their_own_scripts(app):
    client = TestClient(app)
    for page in ("/dang-nhap", "/quay", "/bang-dieu-khien", "/van-hanh", "/ho-so/1"):
        response = client.get(page)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy
        # Nothing in the page needs more: no inline script or style, no handler attributes.
        html = response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), page
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), page
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn.jsdelivr.net" in docs.headers["content-security-policy"]
