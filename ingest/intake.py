"""Receive one file into a dossier: validate, store the original, record it, enqueue its job.

Order matters for "nothing lost, nothing half-stored": the object is written first (deterministic key),
then the row is committed; if the commit fails the object is removed. Once the row exists the scan is
safe even if enqueueing fails: `sohoa reconcile` re-enqueues queued rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ingest.errors import Rejected
from ingest.validate import check_document, clean_filename
from ocr import quality as scan_quality
from sohoa.services import Services
from storage.models import Attachment, Dossier
from storage.objects import original_key
from workers.queue import attachment_job_id, enqueue_attachment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Received:
    attachment_id: int
    job_id: str
    filename: str
    media_type: str
    pages: int
    sha256: str
    duplicate: bool  # the same bytes were already in this dossier
    # Scan-quality issues (ocr.quality: blur, resolution, skew, blank, dark/light) so staff can rescan
    # now; None when the check was left to the worker.
    quality: list[dict] | None = field(default_factory=list)


def receive(services: Services, dossier_id: int, filename: str | None, data: bytes, *,
            checked: tuple[str, int] | None = None, check_quality: bool = True,
            on_record: Callable[[Session, Attachment], None] | None = None) -> Received:
    """`checked`: the (media type, pages) check_document already gave for these bytes, so it is not redone.
    `check_quality=False` leaves the scan-quality check to the worker (the API does so when busy).
    `on_record` adds to the transaction that records a new attachment (the API's audit entry)."""
    s = services.settings
    media, pages = checked or check_document(data, max_bytes=s.max_upload_bytes, max_pages=s.max_pages,
                                             max_pixels=s.max_pixels)
    name = clean_filename(filename)
    sha = hashlib.sha256(data).hexdigest()
    quality = (scan_quality.report(data, media, max_pixels=s.max_pixels, max_pages=s.max_pages)
               if check_quality else None)
    with services.sessions() as session:
        dossier = session.get(Dossier, dossier_id)
        if dossier is None:
            raise Rejected("unknown_dossier", "Không có hồ sơ này", "no such dossier", status=404)
        existing = session.scalar(select(Attachment).where(Attachment.dossier_id == dossier_id,
                                                           Attachment.sha256 == sha))
        if existing is not None:
            return Received(existing.id, existing.job_id or attachment_job_id(existing.id), existing.filename,
                            existing.media_type, existing.pages or pages, sha, duplicate=True,
                            quality=existing.quality if quality is None else quality)
        key = original_key(dossier.unit_code, dossier.received_at.year, dossier.receipt_code, sha)
        try:
            services.objects.put(key, data, media)
        except Exception as exc:  # storage down: refuse now rather than acknowledge a scan we do not hold
            log.warning("object store unavailable: %s", exc)
            raise Rejected("storage_unavailable", "Kho lưu trữ tạm thời không truy cập được, hãy thử lại",
                           "object storage is temporarily unavailable; retry", status=503) from exc
        att = Attachment(dossier_id=dossier_id, filename=name, sha256=sha, size=len(data), media_type=media,
                         object_key=key, pages=pages, status="queued", quality=quality)
        session.add(att)
        try:
            session.flush()
            att.job_id = attachment_job_id(att.id)
            if on_record is not None:
                on_record(session, att)
            session.commit()
        except IntegrityError:
            session.rollback()  # a concurrent upload of the same bytes won; its object is this object
            raise Rejected("duplicate_upload", "Tệp này đang được tải lên", "this file is already being uploaded",
                           status=409) from None
        except Exception:
            session.rollback()
            with contextlib.suppress(Exception):  # if this fails too, reconcile lists the orphan
                services.objects.delete(key)
            raise
        received = Received(att.id, att.job_id, name, media, pages, sha, duplicate=False, quality=quality)
    try:
        enqueue_attachment(services.queue, received.attachment_id, s)
    except Exception:  # Redis down: the row stays 'queued' and reconcile picks it up
        log.exception("could not enqueue attachment %s; it stays queued for reconcile", received.attachment_id)
    return received
