"""RQ behaviour: in-process without Redis, deterministic ids, retries and visible failures with Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from rq import Queue

from ingest.dossiers import NewDossier, open_dossier
from sohoa.services import build
from storage.models import Attachment
from tests.conftest import unavailable
from tests.procs import start_worker, wait_for
from workers.context import install
from workers.priority import AUTOGROUP, AUTOGROUP_NICE, lower_autogroup
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


def test_a_worker_yields_the_cpu_to_the_api(full_settings):
    """`sohoa worker` lowers its own priority (nice, SCHED_IDLE); work horses and tesseract inherit both. Led
    by the worker (a session of its own), the session's autogroup goes to nice 19 as well."""
    if not hasattr(os, "SCHED_IDLE"):
        unavailable("SCHED_IDLE is Linux's")
    worker = start_worker(full_settings)
    try:
        wait_for(lambda: os.sched_getscheduler(worker.pid) == os.SCHED_IDLE, 30, "the worker to go SCHED_IDLE")
        assert os.getpriority(os.PRIO_PROCESS, worker.pid) == full_settings.worker_nice
        if AUTOGROUP.exists():  # kernels built without autogroup have no such file
            wait_for(lambda: Path(f"/proc/{worker.pid}/autogroup").read_text().split()[-1] == str(AUTOGROUP_NICE), 30,
                     "the worker's autogroup to go to nice 19")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)


def test_only_a_session_leader_renices_its_autogroup(tmp_path):
    """The autogroup is the whole session's: a worker started from a shell (which may run the API too)
    leaves it alone; a worker leading its own session lowers it."""
    group = tmp_path / "autogroup"
    group.write_text("/autogroup-1 nice 0")
    assert os.getsid(0) != os.getpid()  # pytest runs inside the CI shell's session
    assert lower_autogroup(group) is False and group.read_text() == "/autogroup-1 nice 0"
    code = ("from pathlib import Path; from workers.priority import lower_autogroup; "
            f"print(lower_autogroup(Path({str(group)!r})))")
    led = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, start_new_session=True,
                         cwd=Path(__file__).resolve().parents[2], check=True)
    assert led.stdout.strip() == "True" and group.read_text() == str(AUTOGROUP_NICE)
