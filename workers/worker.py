"""The RQ worker process: forks a work horse per job, runs the scheduler that re-enqueues retries,
and reconciles the queue with the database during its periodic maintenance."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

from rq import Worker

import workers.jobs  # noqa: F401  loaded once here, so each forked work horse starts with OCR+extraction ready
from ocr import digits
from sohoa.services import Services, build
from sohoa.settings import Settings
from workers.context import install
from workers.reconcile import reconcile

log = logging.getLogger(__name__)
RECONCILE_LOCK = "sohoa:reconcile-lock"
AUTOGROUP = Path("/proc/self/autogroup")
AUTOGROUP_NICE = 19  # the group's weight: 15 against a normal group's 1024


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


def lower_priority(settings: Settings) -> None:
    """OCR is batch work and the counter is waiting: where a worker shares cores with the API, the API's
    requests come first. Work horses and tesseract inherit the niceness and the scheduling policy."""
    if settings.worker_nice:
        os.nice(settings.worker_nice)
    if settings.worker_sched_idle and hasattr(os, "SCHED_IDLE"):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    if settings.worker_nice or settings.worker_sched_idle:
        lower_autogroup()


def lower_autogroup(path: Path = AUTOGROUP) -> bool:
    """With the kernel's autogroup on (most desktops and many VMs), CFS shares the CPU between sessions
    first and only then between the tasks of a session: a worker in a session of its own (systemd, a
    container, a supervisor's setsid) took an equal share beside the API whatever its nice or SCHED_IDLE
    (load benchmark: 68 uploads/s with 2 workers against 103 with none). Renice the session's group too,
    but only when the worker leads its session: a shell's session holds the API and the shell as well."""
    if os.getsid(0) != os.getpid() or not path.exists():
        return False
    try:
        path.write_text(str(AUTOGROUP_NICE))
    except OSError as exc:  # autogroup off (EINVAL on some kernels), or a read-only /proc
        log.info("could not lower the session's autogroup: %s", exc)
        return False
    return True


def run_worker(settings: Settings, *, burst: bool = False) -> bool:
    lower_priority(settings)
    services = build(settings, pooled=False)  # unpooled: work horses are forked, connections must not be
    install(services)
    digits.warm()  # the numbers' second-read model, loaded once: work horses are forked with it (~0.2 s each)
    return make_worker(services).work(burst=burst, with_scheduler=True)
