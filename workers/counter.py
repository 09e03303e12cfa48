"""The counter comes first: while an API process has uploads queueing, workers hold back new OCR jobs.

Priorities (workers.priority) make OCR yield the CPU, but only partly: the kernel shares it between
sessions and cgroups before it looks at a task's priority, and a low-priority group still runs out its
slice each time the API waits on the database. So the API also says so in Redis, in the enqueue's own
MULTI/EXEC: a mark that lives a few seconds. A worker that takes a job while the mark stands waits for it
to lapse before starting the job, never longer than `counter_hold_max` (OCR must not starve under a long
rush). A job already running goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from redis import Redis
from redis.client import Pipeline

BUSY = "sohoa:counter-busy"
POLL = 0.1  # seconds between looks at the mark while holding back
TICK = 5.0  # seconds between heartbeats while holding back


def mark_busy(pipe: Pipeline | Redis, seconds: float) -> None:
    pipe.set(BUSY, 1, px=max(int(seconds * 1000), 1))


def hold_back(redis: Redis, most: float, *, stop: Callable[[], bool] = lambda: False,
              tick: Callable[[], object] = lambda: None, holding: Callable[[], object] = lambda: None) -> float:
    """Wait while the counter is busy, at most `most` seconds; `stop()` ends the wait early (shutdown),
    `tick()` runs every few seconds meanwhile (the worker's heartbeat), `holding()` once if it waits at all
    (the worker's process title). Returns the seconds waited."""
    start = ticked = time.monotonic()
    told = False
    while (waited := time.monotonic() - start) < most and not stop() and redis.exists(BUSY):
        if not told:
            holding()
            told = True
        if time.monotonic() - ticked >= TICK:
            tick()
            ticked = time.monotonic()
        time.sleep(min(POLL, most - waited))
    return time.monotonic() - start
