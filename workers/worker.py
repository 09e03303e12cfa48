"""The RQ worker process: forks a work horse per job, runs the scheduler that re-enqueues retries,
and reconciles the queue with the database during its periodic maintenance."""

from __future__ import annotations

import logging
from datetime import timedelta

from rq import Worker

import workers.jobs  # noqa: F401  loaded once here, so each forked work horse starts with OCR+extraction ready
from ocr import digits
from sohoa.services import Services, build
from sohoa.settings import Settings
from workers.context import install
from workers.reconcile import reconcile

log = logging.getLogger(__name__)
RECONCILE_LOCK = "sohoa:reconcile-lock"


class SohoaWorker(Worker):
    services: Services

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        # Every worker ticks; the lock lets one of them do the work per interval.
        interval = self.services.settings.reconcile_interval
        if not self.connection.set(RECONCILE_LOCK, self.name, nx=True, ex=max(interval - 1, 1)):
            return
        try:
            report = reconcile(self.services, grace=timedelta(seconds=interval))
            if report.missing_objects:  # requeue_stuck logs what it re-enqueued
                log.warning("reconcile: missing originals %s", report.missing_objects)
        except Exception:  # a database or storage outage must not kill the worker loop
            log.exception("reconcile failed; will try again at the next maintenance tick")


def make_worker(services: Services) -> SohoaWorker:
    interval = services.settings.reconcile_interval
    # An idle worker wakes from its blocking dequeue every worker_ttl - 15 s; tie that to the interval so
    # maintenance (and reconcile) really runs that often.
    worker = SohoaWorker([services.queue], connection=services.queue.connection,
                         maintenance_interval=interval, worker_ttl=interval + 15)
    worker.services = services
    return worker


def run_worker(settings: Settings, *, burst: bool = False) -> bool:
    """The worker loop."""
    services = build(settings, pooled=False)  # unpooled: work horses are forked, connections must not be
    install(services)
    digits.warm()  # the numbers' second-read model, loaded once: work horses are forked with it (~0.2 s each)
    return make_worker(services).work(burst=burst, with_scheduler=True)
