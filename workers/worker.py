"""The RQ worker process: forks a work horse per job, runs the scheduler that re-enqueues retries."""

from __future__ import annotations

from rq import Worker

from sohoa.services import build
from sohoa.settings import Settings
from workers.context import install


def run_worker(settings: Settings, *, burst: bool = False) -> bool:
    services = build(settings, pooled=False)  # unpooled: work horses are forked, connections must not be
    install(services)
    worker = Worker([services.queue], connection=services.queue.connection)
    return worker.work(burst=burst, with_scheduler=True)
