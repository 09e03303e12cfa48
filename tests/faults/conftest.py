"""Servers a fault test owns, so it can break them without touching other tests."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

import pytest

from tests.conftest import free_port
from tests.procs import RedisServer, S3Server, StallingProxy


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(free_port(), tmp_path)
    server.start()
    yield server
    if server.proc is not None:  # a test may have frozen it
        with contextlib.suppress(ProcessLookupError):
            os.kill(server.proc.pid, signal.SIGCONT)
    server.stop()


@pytest.fixture
def s3() -> Iterator[S3Server]:
    server = S3Server(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def proxies() -> Iterator[list[StallingProxy]]:
    """Stalling proxies a test opens in front of its servers; closed afterwards."""
    opened: list[StallingProxy] = []
    yield opened
    for proxy in opened:
        proxy.close()


class ServerThread:
    """The app under a real uvicorn on loopback (its own event loop and thread pools), in a thread."""

    def __init__(self, app) -> None:
        import uvicorn

        self.url = f"http://127.0.0.1:{free_port()}"
        port = int(self.url.rsplit(":", 1)[1])
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ServerThread:
        from tests.procs import wait_for

        self.thread.start()
        wait_for(lambda: self.server.started, 30, "uvicorn to listen", every=0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
