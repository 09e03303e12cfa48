"""The RQ worker process: forks a work horse per job, runs the scheduler that re-enqueues retries."""

from __future__ import annotations

from rq import Worker

import workers.jobs  # noqa: F401  loaded once here, so each forked work horse starts with OCR+extraction ready
from sohoa.services import Services, build
from sohoa.settings import Settings
from workers.context import install


def make_worker(services: Services) -> Worker:
    return Worker([services.queue], connection=services.queue.connection)


def run_worker(settings: Settings, *, burst: bool = False) -> bool:
    services = build(settings, pooled=False)  # unpooled: work horses are forked, connections must not be
    install(services)
    return make_worker(services).work(burst=burst, with_scheduler=True)
