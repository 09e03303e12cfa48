"""Real components over loopback: a redis-server, a PostgreSQL database, an S3 server (moto or MinIO).

Under CI=true a missing component fails the run instead of skipping: CI must prove the real paths.
Tests never use the shell's configuration (DATABASE_URL, REDIS_URL, S3_*, SOHOA_*): each fixture makes its own
database, bucket and data folder. Only SOHOA_TEST_* names choose the servers tests may use.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from core.services import Services
from core.settings import Settings
from sohoa.services import build

IN_CI = os.environ.get("CI", "").lower() == "true"
# What Settings reads from the environment (core/settings.py: each name bare or with the SOHOA_ prefix).
CONFIGURATION = ("DATABASE_URL", "REDIS_URL", "S3_")


def unavailable(reason: str) -> None:
    """The only way a test skips: under CI=true a missing component fails instead."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: real components are required)")
    pytest.skip(reason)


def configuration_names(environ: dict[str, str]) -> list[str]:
    return [name for name in environ if (name.startswith("SOHOA_") and not name.startswith("SOHOA_TEST_"))
            or name.startswith(CONFIGURATION)]


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell's sohoa configuration is invisible to every test and to the workers they start."""
    for name in configuration_names(dict(os.environ)):
        monkeypatch.delenv(name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A private redis-server on a free port, so tests never touch anyone's data and can restart it."""
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable("redis-server is not installed")
    from tests.procs import RedisServer

    server = RedisServer(free_port(), tmp_path_factory.mktemp("redis"))
    try:
        server.start()
    except AssertionError:
        server.stop()
        unavailable("redis-server did not start")
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """The PostgreSQL server named by SOHOA_TEST_DATABASE_URL (a role allowed to create databases)."""
    url = os.environ.get("SOHOA_TEST_DATABASE_URL", "postgresql://sohoa:sohoa@127.0.0.1:5432/postgres")
    admin = create_engine(Settings(database_url=url).database_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        unavailable(f"PostgreSQL unreachable at {url}: {exc}")
    yield admin
    admin.dispose()


@pytest.fixture
def postgres_url(postgres_admin: Engine) -> Iterator[str]:
    """A fresh database per test, dropped afterwards."""
    name = f"sohoa_test_{uuid.uuid4().hex[:10]}"
    with postgres_admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield postgres_admin.url.set(database=name).render_as_string(hide_password=False)
    with postgres_admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def s3_server() -> Iterator[dict[str, str]]:
    """moto's standalone S3 server on loopback, or a real MinIO named by SOHOA_TEST_S3_ENDPOINT (each test
    uses a fresh bucket in it)."""
    if os.environ.get("SOHOA_TEST_S3_ENDPOINT"):
        yield {"endpoint": os.environ["SOHOA_TEST_S3_ENDPOINT"],
               "access_key": os.environ.get("SOHOA_TEST_S3_ACCESS_KEY", ""),
               "secret_key": os.environ.get("SOHOA_TEST_S3_SECRET_KEY", "")}
        return
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield {"endpoint": f"http://{host}:{port}", "access_key": "testing", "secret_key": "testing"}
    server.stop()


@pytest.fixture
def bucket() -> str:
    return f"sohoa-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[Services]:
    """Embedded defaults: SQLite file, local object folder, in-process jobs (isolated_environment hides any
    configured database, Redis or S3)."""
    services = build(Settings(data_dir=tmp_path / "data"))
    yield services
    services.engine.dispose()


@pytest.fixture
def full_settings(tmp_path: Path, postgres_url: str, redis_url: str, s3_server: dict, bucket: str) -> Settings:
    """Every real component: PostgreSQL, Redis (real RQ), S3 server."""
    from redis import Redis

    Redis.from_url(redis_url).flushdb()
    return Settings(data_dir=tmp_path / "data", database_url=postgres_url, redis_url=redis_url,
                    s3_endpoint=s3_server["endpoint"], s3_access_key=s3_server["access_key"],
                    s3_secret_key=s3_server["secret_key"], s3_bucket=bucket, retry_intervals=[1, 2, 4])


def token_for(services: Services, role: str, unit_code: str, username: str | None = None) -> dict[str, str]:
    """Authorization header of a fresh account with this role in this unit."""
    from api.auth import create_user, issue_token

    with services.sessions() as session:
        user = create_user(session, username or f"{role}-{uuid.uuid4().hex[:6]}", role, unit_code)
        return {"Authorization": f"Bearer {issue_token(session, user)}"}


@pytest.fixture
def masked_logging():
    """Log records masked as `sohoa` masks them (sohoa.logmask), for this test only."""
    from sohoa import logmask

    before = logging.getLogRecordFactory()
    logmask.install()
    yield
    logging.setLogRecordFactory(before)
