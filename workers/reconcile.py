"""The database is the source of truth: bring the queue and the object store back in line with it.

Run by `sohoa reconcile` and periodically by every worker (one at a time, under a Redis lock).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.services import Services
from storage.models import Attachment, AttachmentStatus
from workers.queue import attachment_job_id, enqueue_attachment, live_job

log = logging.getLogger(__name__)
PENDING = (AttachmentStatus.QUEUED, AttachmentStatus.PROCESSING, AttachmentStatus.RETRYING)


@dataclass
class ReconcileReport:
    requeued: list[int] = field(default_factory=list)  # attachment ids put back on the queue
    orphan_objects: list[str] = field(default_factory=list)  # objects no row refers to
    missing_objects: list[int] = field(default_factory=list)  # rows whose original is gone
    deleted_orphans: int = 0


def requeue_stuck(services: Services, grace: timedelta) -> list[int]:
    """Pending rows whose job is gone (Redis lost it, a worker died) are enqueued again.

    `grace` keeps us off rows an upload is enqueueing right now; a row still 'processing' long after the
    job timeout is stuck even if Redis claims its job is alive.
    """
    now = datetime.now(UTC)
    stuck_after = now - timedelta(seconds=services.settings.job_timeout) - grace
    with services.sessions() as session:
        rows = session.execute(select(Attachment.id, Attachment.status, Attachment.updated_at)
                               .where(Attachment.status.in_(PENDING), Attachment.updated_at < now - grace)).all()
    requeued = []
    for att_id, status, updated_at in rows:
        updated = updated_at if updated_at.tzinfo else updated_at.replace(tzinfo=UTC)
        job = live_job(services.queue, attachment_job_id(att_id))
        if job is not None:
            if not (status == AttachmentStatus.PROCESSING and updated < stuck_after):
                continue
            job.delete()  # Redis says running, the row says stuck: replace the job
        enqueue_attachment(services.queue, att_id, services.settings)
        requeued.append(att_id)
    if requeued:
        log.warning("reconcile: re-enqueued attachments %s", requeued)
    return requeued


def _object_rows(services: Services) -> list[tuple[int, str, str | None]]:
    with services.sessions() as session:
        return [tuple(r) for r in session.execute(
            select(Attachment.id, Attachment.object_key, Attachment.digitized_key)).all()]


def _referenced(rows: list[tuple[int, str, str | None]]) -> set[str]:
    return {key for _, key, _ in rows} | {digitized for _, _, digitized in rows if digitized}


def audit_objects(services: Services, *, delete_orphans: bool = False,
                  grace: timedelta = timedelta(seconds=60)) -> ReconcileReport:
    """Objects without rows (a crash between store and commit) and rows without their original (lost data).

    An upload writes its object before its row, so a young orphan may be an upload in flight: only
    orphans older than `grace`, and still unreferenced on a second look, are deleted.
    """
    report = ReconcileReport()
    rows = _object_rows(services)  # read before listing: an upload writes its object before its row
    present = set(services.objects.keys())
    report.orphan_objects = sorted(present - _referenced(rows))
    report.missing_objects = sorted(att_id for att_id, key, _ in rows if key not in present)
    if delete_orphans and report.orphan_objects:
        cutoff = datetime.now(UTC) - grace
        still_unreferenced = set(report.orphan_objects) - _referenced(_object_rows(services))
        for key in sorted(still_unreferenced):
            if services.objects.modified(key) < cutoff:
                services.objects.delete(key)
                report.deleted_orphans += 1
    return report


def reconcile(services: Services, *, grace: timedelta = timedelta(seconds=60),
              delete_orphans: bool = False) -> ReconcileReport:
    report = audit_objects(services, delete_orphans=delete_orphans, grace=grace)
    report.requeued = requeue_stuck(services, grace)
    return report
