"""Tokens expire, can be revoked, and sign nobody in for a disabled account; failed sign-ins are throttled."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import select, update

from api.app import create_app
from api.auth import TOKEN_DAYS, hash_token
from api.throttle import SignInThrottle
from core.errors import Rejected
from core.settings import Settings
from sohoa.services import build
from storage.models import ApiToken, AuditEntry, User
from tests.conftest import free_port, token_for

UNIT, OTHER = "000.17.22.H56", "000.17.23.H56"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(embedded):
    return create_app(embedded)


def bearer(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def token_row(services, headers: dict[str, str]) -> ApiToken:
    with services.sessions() as session:
        return session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(bearer(headers))))


def set_expiry(services, headers: dict[str, str], when: datetime) -> None:
    with services.sessions() as session:
        session.execute(update(ApiToken).where(ApiToken.token_hash == hash_token(bearer(headers)))
                        .values(expires_at=when))
        session.commit()


def test_a_token_lasts_the_default_lifetime_then_is_refused(app, embedded):
    clerk = token_for(embedded, "clerk", UNIT)
    expires = token_row(embedded, clerk).expires_at.replace(tzinfo=UTC)
    assert abs(expires - (datetime.now(UTC) + timedelta(days=TOKEN_DAYS))) < timedelta(minutes=1)
    client = TestClient(app, headers=clerk)
    assert client.get("/me").status_code == 200
    set_expiry(embedded, clerk, datetime.now(UTC) + timedelta(minutes=1))
    assert client.get("/me").status_code == 200  # not yet
    set_expiry(embedded, clerk, datetime.now(UTC) - timedelta(seconds=1))
    refused = client.get("/me")
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
    # The same on the upload path, which signs in in its own session.
    files = [("files", ("a.pdf", b"%PDF-1.4\n"))]
    assert client.post("/dossiers/1/attachments", files=files).status_code == 401


def test_a_token_without_an_expiry_signs_nobody_in(app, embedded):
    clerk = token_for(embedded, "clerk", UNIT)
    with embedded.sessions() as session:
        session.execute(update(ApiToken).values(expires_at=None))
        session.commit()
    assert TestClient(app, headers=clerk).get("/me").status_code == 401


def test_an_admin_revokes_one_token_or_all_of_an_account(app, embedded):
    admin = TestClient(app, headers=token_for(embedded, "admin", UNIT))
    first, second = token_for(embedded, "clerk", UNIT, username="can-bo"), None
    with embedded.sessions() as session:
        from api.auth import issue_token

        second = {"Authorization": "Bearer " + issue_token(session, session.scalar(
            select(User).where(User.username == "can-bo")))}
    other = token_for(embedded, "clerk", UNIT)

    answer = admin.post("/tokens/revoke", json={"token": bearer(first)})
    assert answer.status_code == 200 and answer.json() == {"username": "can-bo", "revoked": 1}
    assert TestClient(app, headers=first).get("/me").status_code == 401
    assert TestClient(app, headers=second).get("/me").status_code == 200  # only that one
    assert admin.post("/users/can-bo/revoke-tokens").json()["revoked"] == 1
    assert TestClient(app, headers=second).get("/me").status_code == 401
    assert TestClient(app, headers=other).get("/me").status_code == 200  # another account untouched
    with embedded.sessions() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target == "user:can-bo")).all()
    assert actions == ["revoke", "revoke"]


def test_a_disabled_account_signs_in_with_none_of_its_tokens(app, embedded):
    admin = TestClient(app, headers=token_for(embedded, "admin", UNIT))
    clerk = TestClient(app, headers=token_for(embedded, "clerk", UNIT, username="can-bo"))
    assert admin.post("/users/can-bo/disable").json() == {"username": "can-bo", "active": False}
    assert clerk.get("/me").status_code == 401
    assert clerk.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).status_code == 401
    assert admin.post("/users/can-bo/enable").json() == {"username": "can-bo", "active": True}
    assert clerk.get("/me").status_code == 200


@pytest.mark.parametrize("role", ["clerk", "leader", "auditor"])
def test_only_an_admin_manages_accounts(app, embedded, role):
    token_for(embedded, "clerk", UNIT, username="can-bo")
    caller = TestClient(app, headers=token_for(embedded, role, UNIT))
    for path in ("/users/can-bo/disable", "/users/can-bo/enable", "/users/can-bo/revoke-tokens"):
        assert caller.post(path).status_code == 403
    assert caller.post("/tokens/revoke", json={"token": "sohoa_x"}).status_code == 403
    admin = TestClient(app, headers=token_for(embedded, "admin", UNIT))
    assert admin.post("/users/nobody/disable").status_code == 404
    assert admin.post("/tokens/revoke", json={"token": "sohoa_unknown"}).status_code == 404


def sohoa(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "S3_ENDPOINT")}
    clean.update(SOHOA_DATA_DIR=str(data_dir), **env)
    return subprocess.run([sys.executable, "-m", "sohoa.cli", *args], env=clean, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_the_users_commands(tmp_path):
    refused = sohoa("users", "add", "x", "--role", "clerk", "--unit", "000.99.99.H99", data_dir=tmp_path)
    assert refused.returncode == 2 and "000.99.99.H99" in refused.stderr and refused.stdout == ""
    made = sohoa("users", "add", "can-bo", "--role", "clerk", "--unit", UNIT, data_dir=tmp_path,
                 SOHOA_TOKEN_DAYS="7")
    assert made.returncode == 0, made.stderr
    first = made.stdout.strip()
    second = sohoa("users", "token", "can-bo", "--days", "30", data_dir=tmp_path).stdout.strip()
    services = build(Settings(data_dir=tmp_path))
    client = TestClient(create_app(services))

    def me(token: str) -> int:
        return client.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code

    now = datetime.now(UTC)
    for token, days in ((first, 7), (second, 30)):
        expires = token_row(services, {"Authorization": f"Bearer {token}"}).expires_at.replace(tzinfo=UTC)
        assert abs(expires - (now + timedelta(days=days))) < timedelta(minutes=5)
    assert me(first) == me(second) == 200

    assert sohoa("users", "disable", "can-bo", data_dir=tmp_path).returncode == 0
    assert me(first) == me(second) == 401
    assert sohoa("users", "enable", "can-bo", data_dir=tmp_path).returncode == 0
    assert me(first) == me(second) == 200
    assert sohoa("users", "revoke-token", first, data_dir=tmp_path).returncode == 0
    assert (me(first), me(second)) == (401, 200)
    assert sohoa("users", "revoke-token", "--user", "can-bo", data_dir=tmp_path).returncode == 0
    assert me(second) == 401
    assert sohoa("users", "revoke-token", data_dir=tmp_path).returncode == 2  # neither a token nor --user
    assert sohoa("users", "disable", "nobody", data_dir=tmp_path).returncode == 2


def test_failed_sign_ins_are_throttled_per_client(embedded):
    embedded.settings.signin_failures, embedded.settings.signin_window = 3, 60
    app = create_app(embedded)
    clerk = token_for(embedded, "clerk", UNIT)
    guesser = TestClient(app, headers={"Authorization": "Bearer sohoa_guess"}, client=("10.0.0.1", 1000))
    assert [guesser.get("/me").status_code for _ in range(3)] == [401, 401, 401]
    blocked = guesser.get("/me")
    assert blocked.status_code == 429 and blocked.json()["error"]["code"] == "too_many_failed_sign_ins"
    assert 0 < int(blocked.headers["Retry-After"]) <= 60
    # Even a right token from that address waits; the same token from another address is served.
    assert TestClient(app, headers=clerk, client=("10.0.0.1", 1001)).get("/me").status_code == 429
    assert TestClient(app, headers=clerk, client=("10.0.0.2", 1000)).get("/me").status_code == 200
    # No token at all is no attempt: it is not counted.
    anonymous = TestClient(app, client=("10.0.0.3", 1000))
    assert [anonymous.get("/me").status_code for _ in range(5)] == [401] * 5


def test_failed_sign_ins_are_throttled_per_account(embedded):
    embedded.settings.signin_failures, embedded.settings.signin_window = 3, 60
    app = create_app(embedded)
    old, new = token_for(embedded, "clerk", UNIT, username="can-bo"), None
    set_expiry(embedded, old, datetime.now(UTC) - timedelta(days=1))
    with embedded.sessions() as session:
        from api.auth import issue_token

        new = {"Authorization": "Bearer " + issue_token(session, session.scalar(
            select(User).where(User.username == "can-bo")))}
    for n in range(3):  # the expired token, from three addresses
        assert TestClient(app, headers=old, client=(f"10.0.1.{n}", 1000)).get("/me").status_code == 401
    assert TestClient(app, headers=new, client=("10.0.2.1", 1000)).get("/me").status_code == 429
    other = token_for(embedded, "clerk", UNIT)
    assert TestClient(app, headers=other, client=("10.0.2.1", 1000)).get("/me").status_code == 200


@pytest.mark.redis
def test_api_processes_count_failures_together_in_redis(redis_url):
    Redis.from_url(redis_url).flushdb()
    first, second = (SignInThrottle(4, 60, Redis.from_url(redis_url)) for _ in range(2))
    first.failed("client:10.0.0.9")
    second.failed("client:10.0.0.9")
    first.failed("client:10.0.0.9")
    first.check("client:10.0.0.9")  # three: not yet
    second.failed("client:10.0.0.9")
    with pytest.raises(Rejected) as refused:
        second.check("client:10.0.0.9")
    assert refused.value.status == 429
    first.failed("client:10.0.0.9")  # the other process learns it at its next failure
    with pytest.raises(Rejected):
        first.check("client:10.0.0.9")


def test_without_redis_failures_are_counted_in_the_process():
    down = Redis(host="127.0.0.1", port=free_port(), socket_connect_timeout=1)  # nothing listens there
    throttle = SignInThrottle(2, 60, down)
    throttle.failed("client:a")
    throttle.failed("client:a")
    with pytest.raises(Rejected) as refused:
        throttle.check("client:a")
    assert refused.value.status == 429
