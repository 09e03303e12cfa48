"""A worker outlives Redis losing its data (it is listed again) and takes its scheduler child with it when it
is killed."""

from __future__ import annotations

import os
import signal
from datetime import UTC
from pathlib import Path

from fastapi.testclient import TestClient
from rq import Worker
from rq.utils import now
from rq.worker import WorkerStatus

from api.app import create_app
from core.settings import Settings
from sohoa.services import build
from tests.conftest import token_for
from tests.procs import descendants, kill_tree, start_worker, wait_for
from workers.worker import make_worker

UNIT = "000.17.22.H56"


def alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for whoever adopted it to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_workers_are_listed_again_after_redis_restarts_empty(tmp_path, postgres_url, redis_server, s3, bucket):
    settings = Settings(data_dir=tmp_path / "data", database_url=postgres_url, redis_url=redis_server.url,
                        s3_endpoint=s3.endpoint, s3_access_key="testing", s3_secret_key="testing", s3_bucket=bucket,
                        reconcile_interval=5)
    services = build(settings)
    ops = TestClient(create_app(services), headers=token_for(services, "admin", UNIT))
    worker = start_worker(settings)
    try:
        listed = wait_for(lambda: ops.get("/ops/status").json()["workers"], 180, "the worker to register")
        assert [w["name"] for w in listed] == [w.name for w in Worker.all(connection=services.queue.connection)]

        lost = now().replace(microsecond=0)  # RQ's clock, which the worker stamps its registration with
        redis_server.stop()
        redis_server.start()  # empty: the worker's registration is gone with everything else
        # Its next heartbeat (one dequeue timeout, reconcile_interval seconds, or at once on reconnecting: it may
        # be back before this test looks) finds it unregistered and registers it again, born anew.
        again = wait_for(lambda: ops.get("/ops/status").json()["workers"], 120, "the worker to register again")
        assert [w["name"] for w in again] == [w["name"] for w in listed]
        assert again[0]["state"] and worker.poll() is None
        (registered,) = Worker.all(connection=services.queue.connection)
        assert registered.birth_date is not None and registered.birth_date.replace(tzinfo=UTC) >= lost
    finally:
        kill_tree(worker)
        services.engine.dispose()


def test_a_killed_workers_scheduler_child_dies_with_it(full_settings):
    worker = start_worker(full_settings)
    children: list[int] = []
    try:
        # An idle worker has one child: RQ's scheduler (a work horse exists only while a job runs).
        children += wait_for(lambda: descendants(worker.pid), 180, "the scheduler child to start")
        assert len(children) == 1
        os.kill(worker.pid, signal.SIGKILL)  # the worker alone, as the kernel's OOM killer would
        worker.wait(30)
        wait_for(lambda: not alive(children[0]), 30, "the orphaned scheduler to stop")
    finally:
        kill_tree(worker)
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_worker_between_jobs_rides_out_redis_going_away(tmp_path, redis_server):
    """Outside its dequeue wait RQ ends the worker on a lost connection; the steps our worker runs there
    (the suspension check, maintenance with reconcile, the beat after a job, going idle before the wait)
    must not."""
    services = build(Settings(data_dir=tmp_path / "data", redis_url=redis_server.url, reconcile_interval=5))
    worker = make_worker(services)
    worker.register_birth()
    redis_server.stop()
    try:
        worker.check_for_suspension(burst=False)
        worker.run_maintenance_tasks()
        worker.heartbeat()
        worker.set_state(WorkerStatus.IDLE)
    finally:
        redis_server.start()  # empty again
    worker.heartbeat()
    assert [w.name for w in Worker.all(connection=services.queue.connection)] == [worker.name]
    services.engine.dispose()
