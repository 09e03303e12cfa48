"""The RQ worker process: forks a work horse per job, runs the scheduler that re-enqueues retries,
and reconciles the queue with the database during its periodic maintenance."""

from __future__ import annotations

import ctypes
import logging
import os
import signal
from datetime import timedelta

from redis.client import Pipeline
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Worker, worker_registration
from rq.scheduler import RQScheduler

import extract
import ocr
import workers.jobs  # noqa: F401  loaded once here, so each forked work horse starts with OCR+extraction ready
from core.services import Services
from workers.context import install
from workers.reconcile import reconcile

log = logging.getLogger(__name__)
RECONCILE_LOCK = "sohoa:reconcile-lock"
REDIS_LOST = (RedisConnectionError, RedisTimeoutError)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Ask Linux to send this process SIGTERM when `parent` dies (a kill -9 included); elsewhere a no-op."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request was made
        os.kill(os.getpid(), signal.SIGTERM)


class SohoaScheduler(RQScheduler):
    """RQ's scheduler runs in a forked child: it stops when its worker dies, instead of living on orphaned."""

    def start(self):  # RQ returns the process
        self._worker_pid = os.getpid()
        return super().start()

    def work(self) -> None:
        self._install_signal_handlers()  # before the death signal can arrive, so it stops cleanly
        die_with_parent(self._worker_pid)
        super().work()


class SohoaWorker(Worker):
    services: Services

    # RQ waits out a Redis outage only inside its dequeue loop; anywhere else in its work loop (the suspension
    # check, maintenance, the beat after a job, setting itself idle) a lost connection ends the worker. These
    # four let the dequeue that follows wait for Redis with RQ's backoff instead.

    def heartbeat(self, timeout: int | None = None, pipeline: Pipeline | None = None) -> None:
        if pipeline is not None:  # part of a job's transaction: its caller handles failures
            super().heartbeat(timeout, pipeline)
            return
        try:
            # A heartbeat only extends the worker's key: after Redis lost its data (restarted empty) the
            # worker would keep working unlisted. Registering again puts it back in /ops/status.
            if not self.connection.sismember(worker_registration.REDIS_WORKER_KEYS, self.key):
                log.warning("worker %s is not registered in Redis (data lost?); registering again", self.name)
                self.connection.delete(self.key)
                self.register_birth()
                self.set_state(self.get_state())
            super().heartbeat(timeout, pipeline)
        except REDIS_LOST as exc:
            log.warning("worker %s: heartbeat failed, Redis unreachable (%s)", self.name, exc)

    def set_state(self, state: str, pipeline: Pipeline | None = None) -> None:
        # RQ's dequeue sets the worker idle before its outage-proof wait: on a lost connection it would quit.
        if pipeline is not None:
            super().set_state(state, pipeline)
            return
        try:
            super().set_state(state)
        except REDIS_LOST as exc:
            self._state = state
            log.warning("worker %s: cannot record its state, Redis unreachable (%s)", self.name, exc)

    def check_for_suspension(self, burst: bool) -> None:
        try:
            super().check_for_suspension(burst)
        except REDIS_LOST as exc:
            log.warning("worker %s: cannot check for suspension, Redis unreachable (%s)", self.name, exc)

    def _start_scheduler(self, burst: bool = False, logging_level: str | None = "INFO", *args, **kwargs) -> None:
        """RQ's, with SohoaScheduler in place of RQScheduler (RQ offers no class option for it)."""
        self.scheduler = SohoaScheduler(self.queues, connection=self.connection, serializer=self.serializer,
                                        logging_level=logging_level if logging_level is not None else self.log.level)
        self.scheduler.acquire_locks()
        if not self.scheduler.acquired_locks:
            return
        if not burst:
            self.scheduler.start()
            return
        try:
            self.scheduler.register_birth()
            self.scheduler.enqueue_scheduled_jobs()
        finally:
            self.scheduler.release_locks()
            self.scheduler.register_death()

    def run_maintenance_tasks(self) -> None:
        try:
            super().run_maintenance_tasks()
        except REDIS_LOST as exc:  # a later tick tries again
            log.warning("worker %s: maintenance skipped, Redis unreachable (%s)", self.name, exc)
            return
        # Every worker ticks; the lock lets one of them do the work per interval.
        interval = self.services.settings.reconcile_interval
        try:
            if not self.connection.set(RECONCILE_LOCK, self.name, nx=True, ex=max(interval - 1, 1)):
                return
        except REDIS_LOST as exc:
            log.warning("worker %s: reconcile skipped, Redis unreachable (%s)", self.name, exc)
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


def run_worker(services: Services, *, burst: bool = False) -> bool:
    """The worker loop on services the shell built unpooled (work horses are forked: connections must not be)."""
    install(services)
    ocr.warm()  # their data loaded here, in the parent, and not again by each job's work horse
    extract.warm()
    return make_worker(services).work(burst=burst, with_scheduler=True)
