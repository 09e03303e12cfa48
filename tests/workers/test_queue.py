"""RQ behaviour: in-process without Redis, deterministic ids, retries and visible failures with Redis."""

from __future__ import annotations

from rq import Queue

from ingest.dossiers import NewDossier, open_dossier
from sohoa.services import build
from storage.models import Attachment
from workers.context import install
from workers.queue import attachment_job_id, enqueue_attachment, job_state
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
        assert "ObjectNotFound" in att.error


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
        assert "ObjectNotFound" in att.error
    state = job_state(services.queue, attachment_job_id(att_id))
    assert state["status"] == "failed"
    assert "ObjectNotFound" in state["error"]
