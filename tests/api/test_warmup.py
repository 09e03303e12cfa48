"""An API process opens its database connections before it takes the first upload."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from api.app import create_app
from sohoa.services import build
from storage.db import make_engine, session_factory
from tests.conftest import free_port


def test_the_pool_is_open_before_the_first_request(full_settings):
    services = build(full_settings.model_copy(update={"accept_threads": 3}))
    try:
        services.engine.dispose()  # as a new process finds it
        assert services.engine.pool.checkedin() == 0
        with TestClient(create_app(services)):  # runs the app's startup
            # One connection for each upload the process takes at once, open and back in the pool.
            assert services.engine.pool.checkedin() == 3
    finally:
        services.engine.dispose()


def test_a_database_that_is_down_does_not_stop_the_start(full_settings):
    services = build(full_settings)
    down = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/sohoa")  # nothing listens there
    try:
        with TestClient(create_app(replace(services, engine=down, sessions=session_factory(down)))) as client:
            assert client.get("/health").status_code == 200
            assert down.pool.checkedin() == 0
    finally:
        services.engine.dispose()
