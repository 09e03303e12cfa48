"""How many counters' connections this API process serves against the other API processes on its host,
shared through Redis.

A process knows its connections by the uploads it answers: each client address seen in the last second.
(Its uploads in flight would not do: a busy process has not yet read the requests queueing on its
connections, so it looks no busier than an idle one.) Every `tick` seconds each process publishes its count
into one Redis hash per host and reads the others' in the same round trip. One above the mean owes the
others the difference: api.balance closes that many connections after an upload's answer, and the kernel
places each reconnect at random (api.processes), so the connections settle into an even split.
"""

from __future__ import annotations

import logging
import os
import socket
import time

import anyio
import anyio.to_thread
from redis import Redis

log = logging.getLogger(__name__)
SEEN_WINDOW = 1.0  # a counter uploading keeps its connection busier than this; one gone drops out after it
STALE_SECONDS = 3.0  # a process that has not published for this long has stopped


class PeerLoads:
    def __init__(self, redis: Redis, *, ident: str | None = None, host: str | None = None) -> None:
        self.redis = redis
        self.key = f"sohoa:api-load:{host or socket.gethostname()}"
        self.ident = ident or str(os.getpid())
        self.seen: dict[object, float] = {}  # client address → when it last uploaded (event loop only)
        self.owed = 0  # connections to hand over; read and lowered on the event loop only

    def saw(self, client: object, closing: bool = False) -> None:
        if client is None:
            return
        if closing:
            self.seen.pop(client, None)
        else:
            self.seen[client] = time.monotonic()

    def connections(self) -> int:
        cutoff = time.monotonic() - SEEN_WINDOW
        for client in [c for c, at in self.seen.items() if at < cutoff]:
            del self.seen[client]
        return len(self.seen)

    def exchange(self, mine: int, now: float | None = None) -> int:
        """Publish this process's connections, read its peers': how many this one owes (one round trip)."""
        now = time.time() if now is None else now
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(self.key, self.ident, f"{mine} {now:.3f}")
        pipe.hgetall(self.key)
        pipe.expire(self.key, 60)
        _, published, _ = pipe.execute()
        counts, stopped = [], []
        for ident, value in published.items():
            n, at = value.decode().split()
            if now - float(at) < STALE_SECONDS:
                counts.append(int(n))
            else:
                stopped.append(ident)
        if stopped:  # processes that died without leaving
            self.redis.hdel(self.key, *stopped)
        if len(counts) < 2:
            return 0
        return max(0, int(mine - sum(counts) / len(counts)))

    def leave(self) -> None:
        self.redis.hdel(self.key, self.ident)

    async def keep_exchanging(self, tick: float) -> None:
        """Runs for the life of the process (a task of the app's lifespan)."""
        while True:
            await anyio.sleep(tick)
            try:
                self.owed = await anyio.to_thread.run_sync(self.exchange, self.connections())
            except Exception as exc:  # Redis away: owe nothing, try again next tick
                log.debug("peer loads unavailable: %s", exc)
                self.owed = 0
