"""RQ behaviour: in-process without Redis, deterministic ids, retries and visible failures with Redis."""

from __future__ import annotations

import os
import subprocess
import sys

from redis import Redis
from rq import Queue, Worker

from core.settings import Settings
from ingest.dossiers import NewDossier, open_dossier
from sohoa.services import build
from storage.models import Attachment
from tests.procs import kill_tree, wait_for, worker_env
from workers.context import install
from workers.queue import attachment_job_id, enqueue_attachment, job_attachment_id, job_state
from workers.worker import make_worker


def _attachment(services, key: str = "missing/object") -> int:
    """A queued attachment whose original is absent from the store: its job must fail."""
    with services.sessions() as session:
        dossier = open_dossier(session, NewDossier(unit_code="000.17.22.H56", procedure_code="1.001193"))
        att = Attachment(dossier_id=dossier.id, filename="x.png", sha256="0" * 64, size=1, media_type="image/png",
                         object_key=key, status="queued")
        session.add(att)
        session.commit()
        return att.id


def test_without_redis_jobs_run_in_process(embedded):
    assert embedded.settings.redis_url is None
    assert not embedded.queue.is_async
    install(embedded)
    att_id = _attachment(embedded)
    job = enqueue_attachment(embedded.queue, att_id, embedded.settings)
    assert job.id == attachment_job_id(att_id)
    assert job.get_status().value == "failed"  # ran right away, here, and failed: the object is missing
    with embedded.sessions() as session:
        att = session.get(Attachment, att_id)
        assert att.status == "failed"
        assert att.error.startswith("original_missing: ")


def test_reenqueue_of_a_live_job_does_not_duplicate(full_settings):
    services = build(full_settings)
    att_id = _attachment(services)
    first = enqueue_attachment(services.queue, att_id, services.settings)
    second = enqueue_attachment(services.queue, att_id, services.settings)
    assert first.id == second.id == f"attachment-{att_id}"
    assert Queue(services.settings.queue_name, connection=services.queue.connection).count == 1
    assert first.timeout == services.settings.job_timeout
    assert first.retries_left == services.settings.job_retries


def test_failing_job_is_retried_then_marked_failed_with_reason(full_settings):
    full_settings.job_retries, full_settings.retry_intervals = 2, [0]
    services = build(full_settings, pooled=False)
    install(services)
    att_id = _attachment(services)
    enqueue_attachment(services.queue, att_id, services.settings)
    make_worker(services).work(burst=True)
    with services.sessions() as session:
        att = session.get(Attachment, att_id)
        assert att.attempts == 3  # first run + 2 retries
        assert att.status == "failed"
        assert att.error.startswith("original_missing: ")
    state = job_state(services.queue, attachment_job_id(att_id))
    assert state["status"] == "failed"
    assert "ObjectNotFound" in state["error"]


def test_a_job_id_names_its_attachment_and_nothing_else_does():
    assert job_attachment_id(attachment_job_id(4021)) == 4021
    for other in ("attachment-", "attachment-x1", "attachment--3", "attachment-٣", "attachment-99999999999", "job-1"):
        assert job_attachment_id(other) is None, other


def _worker_priority(settings, nice: int) -> tuple[int, int]:
    """The scheduling policy and niceness of a `sohoa worker` started with SOHOA_WORKER_NICE=nice, once it
    has registered (it sets its niceness before it loads anything)."""
    worker = subprocess.Popen([sys.executable, "-m", "sohoa.cli", "worker"],
                              env=worker_env(settings, SOHOA_WORKER_NICE=str(nice)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        with Redis.from_url(settings.redis_url) as redis:
            wait_for(lambda: any(w.pid == worker.pid for w in Worker.all(connection=redis)), 60,
                     "the worker to register")
        return os.sched_getscheduler(worker.pid), os.getpriority(os.PRIO_PROCESS, worker.pid)
    finally:
        kill_tree(worker)


def test_a_worker_runs_at_normal_priority_or_a_modest_configured_nice(tmp_path, redis_url):
    """OCR gets its fair share of a busy host: the ordinary scheduling policy, niceness 0 unless
    SOHOA_WORKER_NICE asks for a little less; work horses and tesseract inherit it."""
    settings = Settings(data_dir=tmp_path / "data", redis_url=redis_url)
    assert _worker_priority(settings, 0) == (os.SCHED_OTHER, 0)
    assert _worker_priority(settings, 5) == (os.SCHED_OTHER, 5)
