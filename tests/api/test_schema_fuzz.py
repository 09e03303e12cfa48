"""Schemathesis over the app's own OpenAPI spec, in process: whatever it sends, no answer is a 5xx.

Every operation gets schema-conforming and schema-violating requests, once with a clerk's token (requests
reach the handlers) and once with none (they must stop at authentication). Bounded: EXAMPLES per operation
and mode keep the whole file well under a minute.

Operations are driven through their Hypothesis strategies rather than `schema.parametrize()`: its lazy
(fixture-built) form does not run under pytest 9, and the app needs per-test services.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api.app import create_app
from tests.conftest import token_for
from tests.synth import make_document, text_pdf

UNIT = "000.17.22.H56"
EXAMPLES = 20


@pytest.fixture
def app(embedded):
    app = create_app(embedded)
    # Something to find: a dossier with an attachment, so small ids and its job id are not all 404s.
    client = TestClient(app, headers=token_for(embedded, "clerk", UNIT))
    dossier = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    pdf = text_pdf(make_document("cccd", seed=4))
    response = client.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("cccd.pdf", pdf))])
    assert response.status_code == 202
    return app


def fuzz(app, headers: dict[str, str]) -> dict[str, set[int]]:
    """Status codes seen per operation; raises on the first 5xx with the request that caused it."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    seen: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz_operation(result.ok(), mode, headers, seen)
    return seen


def fuzz_operation(operation, mode: GenerationMode, headers: dict[str, str], seen: dict[str, set[int]]) -> None:
    label = f"{operation.method.upper()} {operation.path}"

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        response = case.call(headers=headers)
        seen.setdefault(label, set()).add(response.status_code)
        case.validate_response(response, checks=[not_a_server_error], headers=headers)
        if response.status_code >= 400:  # every refusal in the one shape, with its reason in both languages
            error = response.json()["error"]
            assert error["code"] and error["vi"] and error["en"], (label, response.status_code, error)

    try:
        run()
    except Unsatisfiable:
        assert mode == GenerationMode.NEGATIVE  # e.g. GET /health: no input there is to break


def test_no_server_error_with_a_clerk_token(app, embedded):
    seen = fuzz(app, token_for(embedded, "clerk", UNIT))
    assert len(seen) >= 8  # every operation of the spec was exercised
    assert {200, 201, 202} & set().union(*seen.values())  # and some requests got through to the handlers


def test_no_server_error_without_a_token(app):
    seen = fuzz(app, {})
    for label, codes in seen.items():
        allowed = {200} if label == "GET /health" else {400, 401, 422}  # 400/422: malformed, caught before the token
        if label == "POST /verify":  # open to anyone holding a copy (docs/signatures.md); 415: not a PDF
            allowed = {200, 400, 415, 422}
        if label == "POST /session":  # signing in: wrong tokens one after another meet the sign-in throttle
            allowed = {400, 401, 422, 429}
        if label == "DELETE /session":  # signing out is idempotent: without a session there is nothing to end
            allowed = {204, 400, 422}
        assert codes <= allowed, (label, codes)


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("GET", "/dossiers/99999999999999999999", {}, 422),  # was a 500: SQLite cannot bind the integer
    ("GET", "/dossiers/1/attachments/3000000000/download", {}, 422),  # past PostgreSQL's integer
    ("POST", "/dossiers", {"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422),
    ("POST", "/dossiers/1/attachments", {"content": b"x", "headers": {"Content-Type": "multipart/form-data"}}, 400),
    ("GET", "/no-such-path", {}, 404),
    ("DELETE", "/dossiers/1", {}, 405),
])
def test_what_fuzzing_found_is_a_4xx_in_the_error_shape(app, embedded, method, path, kwargs, status):
    client = TestClient(app, headers=token_for(embedded, "clerk", UNIT))
    response = client.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] and error["vi"] and error["en"]
