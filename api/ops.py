"""Operations: health, queue depth, failed jobs with their reason and a retry, live workers, Prometheus metrics.

Metrics are computed from the database and Redis at scrape time, so every worker process counts without
a shared metrics store.
"""

from fastapi import APIRouter, Response
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from rq import Worker
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from sqlalchemy import func, select

from api.audit import record
from api.auth import forbidden, not_found
from api.deps import RowId, Svc, Who
from core.services import Services
from storage.days import vn_today
from storage.models import Attachment, AttachmentStatus, Dossier
from workers.failures import read_stored
from workers.queue import attachment_job_id, enqueue_attachment

router = APIRouter()
OPS_ROLES = ("admin", "leader", "auditor")


def queue_depth(services: Services) -> dict[str, int]:
    queue = services.queue
    conn = queue.connection
    return {"queued": queue.count,
            "started": StartedJobRegistry(queue.name, connection=conn).count,
            "scheduled": ScheduledJobRegistry(queue.name, connection=conn).count,
            "failed": FailedJobRegistry(queue.name, connection=conn).count}


@router.get("/health")
def health() -> dict:
    return {"status": "ok"}


@router.get("/ops/status")
def status(who: Who, services: Svc) -> dict:
    if who.role not in OPS_ROLES:
        raise forbidden()
    with services.sessions() as session:
        query = (select(Attachment, Dossier.unit_code, Dossier.receipt_code)
                 .join(Dossier, Dossier.id == Attachment.dossier_id)
                 .where(Attachment.status.in_((AttachmentStatus.FAILED, AttachmentStatus.RETRYING)),
                        Attachment.removed_at.is_(None))  # a file taken out of its dossier is nobody's to retry
                 .order_by(Attachment.updated_at.desc()))
        failed = [failed_out(a, unit, receipt, admin=who.role == "admin")
                  for a, unit, receipt in session.execute(query.limit(200))
                  if who.may_see(session, unit)]
        counts = select(Attachment.status, func.count()).group_by(Attachment.status)
        if who.role != "admin":  # only the attachments of the caller's units
            counts = counts.join(Dossier, Dossier.id == Attachment.dossier_id).where(
                Dossier.unit_code.in_(who.scope(session, vn_today())))
        by_status = dict(session.execute(counts).all())
    workers = [{"name": w.name, "state": w.get_state(), "current_job": w.get_current_job_id(),
                "last_heartbeat": w.last_heartbeat.isoformat() if w.last_heartbeat else None}
               for w in Worker.all(connection=services.queue.connection)] if services.queue.is_async else []
    return {"mode": "redis" if services.queue.is_async else "in-process", "queues": {services.queue.name:
            queue_depth(services)}, "attachments": by_status, "failed": failed, "workers": workers}


def failed_out(att: Attachment, unit: str, receipt_code: str, *, admin: bool) -> dict:
    """A failed file for people: its dossier's receipt code and the reason in Vietnamese; the stored error as it
    was written only for admins."""
    failure = read_stored(att.error)
    out = {"attachment_id": att.id, "dossier_id": att.dossier_id, "receipt_code": receipt_code, "unit": unit,
           "filename": att.filename, "status": att.status, "code": failure.code if failure else None,
           "reason": failure.vi if failure else None, "attempts": att.attempts, "job_id": attachment_job_id(att.id)}
    if admin:
        out["error"] = att.error
    return out


@router.post("/ops/attachments/{attachment_id}/retry", status_code=202)
def retry(attachment_id: RowId, who: Who, services: Svc) -> dict:
    with services.sessions() as session:
        att = session.get(Attachment, attachment_id)
        if att is None or not who.may_see(session, att.dossier.unit_code):
            raise not_found("tệp này", "attachment")
        if not who.may_write(att.dossier.unit_code):
            raise forbidden()
        att.status, att.error = AttachmentStatus.QUEUED, None
        record(session, who, "retry", f"attachment:{att.id}", att.dossier.unit_code)  # one commit with it
    # Out of the failed registry first, so the queue's failed count drops with the retry.
    failed = FailedJobRegistry(services.queue.name, connection=services.queue.connection)
    failed.remove(attachment_job_id(attachment_id))
    job = enqueue_attachment(services.queue, attachment_id, services.settings)
    return {"attachment_id": attachment_id, "job_id": job.id}


class _Collector:
    def __init__(self, services: Services) -> None:
        self.services = services

    def collect(self):
        with self.services.sessions() as session:
            pages, seconds, done = session.execute(
                select(func.coalesce(func.sum(Attachment.pages), 0), func.coalesce(func.sum(Attachment.ocr_seconds), 0),
                       func.count()).where(Attachment.status == AttachmentStatus.DONE)).one()
            failed = session.scalar(select(func.count()).where(Attachment.status == AttachmentStatus.FAILED))
        yield CounterMetricFamily("sohoa_pages_processed", "Pages read (OCR or text layer)", value=int(pages))
        yield CounterMetricFamily("sohoa_attachments_processed", "Attachments processed", value=int(done))
        yield CounterMetricFamily("sohoa_processing_seconds", "Seconds spent processing attachments",
                                  value=float(seconds))
        yield GaugeMetricFamily("sohoa_seconds_per_page", "Mean processing seconds per page",
                                value=float(seconds) / int(pages) if pages else 0.0)
        yield CounterMetricFamily("sohoa_attachments_failed", "Attachments that failed for good", value=int(failed))
        depth = GaugeMetricFamily("sohoa_queue_depth", "Jobs per queue and state", labels=["queue", "state"])
        for state, count in queue_depth(self.services).items():
            depth.add_metric([self.services.queue.name, state], count)
        yield depth


@router.get("/metrics", include_in_schema=False)
def metrics(services: Svc) -> Response:
    registry = CollectorRegistry()
    registry.register(_Collector(services))
    return Response(generate_latest(registry), media_type="text/plain; version=0.0.4")
