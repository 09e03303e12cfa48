"""API processes on one host compare their connections through a real Redis; one above the mean closes
the difference after upload answers, so a rush's uneven split evens out."""

from __future__ import annotations

import asyncio
import os
import socket
import time
import uuid

import pytest
from fastapi.testclient import TestClient
from redis import Redis

from api import peers as peers_module
from api.app import create_app
from api.balance import RecycleConnections
from api.peers import PeerLoads
from sohoa.services import build
from tests.procs import wait_for

pytestmark = pytest.mark.redis
UPLOAD = [(b"content-type", b"multipart/form-data; boundary=x")]


@pytest.fixture
def host(redis_url):
    """One host's hash of its own, so tests do not see each other's processes."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    yield Redis.from_url(redis_url), name


def published(redis: Redis, host: str, counts: dict[str, int]) -> dict[str, PeerLoads]:
    procs = {ident: PeerLoads(redis, ident=ident, host=host) for ident in counts}
    for ident, proc in procs.items():
        proc.exchange(counts[ident])
    return procs


def test_the_busier_process_owes_its_excess_over_the_mean(host):
    redis, name = host
    procs = published(redis, name, {"a": 32, "b": 18})
    assert procs["a"].exchange(32) == 7  # mean 25
    assert procs["b"].exchange(18) == 0


def test_alone_or_beside_a_stopped_process_nothing_is_owed(host):
    redis, name = host
    (alone,) = published(redis, name, {"a": 40}).values()
    assert alone.exchange(40) == 0
    gone = PeerLoads(redis, ident="gone", host=name)
    gone.exchange(0, now=time.time() - 60)  # last heard of a minute ago: it died without leaving
    assert alone.exchange(40) == 0
    assert redis.hkeys(alone.key) == [b"a"]  # the dead one's entry is cleared
    alone.leave()
    assert redis.hkeys(alone.key) == []


def test_connections_are_the_clients_seen_lately_less_those_closed(host, monkeypatch):
    redis, name = host
    loads = PeerLoads(redis, ident="a", host=name)
    clock = [100.0]
    monkeypatch.setattr(peers_module.time, "monotonic", lambda: clock[0])
    for port in range(5):
        loads.saw(("127.0.0.1", port))
    loads.saw(("127.0.0.1", 0), closing=True)
    loads.saw(None)  # no address (a unix socket): not counted
    assert loads.connections() == 4
    clock[0] += peers_module.SEEN_WINDOW + 0.1
    loads.saw(("127.0.0.1", 9))
    assert loads.connections() == 1  # the others have not uploaded for a while


def test_an_owing_process_closes_that_many_upload_connections(host):
    redis, name = host
    loads = PeerLoads(redis, ident="a", host=name)
    loads.owed = 2

    async def app(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": 202, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def answers(n: int, headers: list) -> list[bool]:
        closed = []
        for i in range(n):
            sent: list[dict] = []

            async def keep(message: dict, sent=sent) -> None:
                sent.append(message)

            scope = {"type": "http", "method": "POST", "path": "/", "headers": headers, "client": ("127.0.0.1", i)}
            await RecycleConnections(app, every=0, peers=loads)(scope, None, keep)
            closed.append((b"connection", b"close") in sent[0]["headers"])
        return closed

    assert asyncio.run(answers(1, [(b"content-type", b"application/json")])) == [False]  # not an upload
    assert asyncio.run(answers(4, UPLOAD)) == [True, True, False, False]
    assert loads.owed == 0
    assert loads.connections() == 2  # the two closed connections no longer count


def test_a_running_app_publishes_its_connections_and_leaves_at_shutdown(full_settings):
    services = build(full_settings.model_copy(update={"balance_tick": 0.05}))
    redis, key, me = services.queue.connection, f"sohoa:api-load:{socket.gethostname()}", str(os.getpid())
    try:
        with TestClient(create_app(services)):
            wait_for(lambda: redis.hexists(key, me), 5, "the app to publish its connections", every=0.02)
        assert not redis.hexists(key, me)
    finally:
        services.engine.dispose()
