"""Receive the files of an upload into a dossier: validate, store the originals, record them, enqueue.

Order matters for "nothing lost, nothing half-stored": the objects are written first (deterministic keys),
then all the rows are committed together; if that fails the objects are removed. Once the rows exist the
scans are safe even if enqueueing fails: `sohoa reconcile` re-enqueues queued rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import Rejected
from core.services import Services
from core.settings import Settings
from ingest.validate import clean_filename, validate_upload
from ocr import quality as ocr_quality
from ocr.load import pixels_to_read
from storage.models import Attachment, AttachmentStatus, Dossier
from storage.objects import original_key
from workers.queue import attachment_job_id, enqueue_attachment

log = logging.getLogger(__name__)
# The counter's path reads and writes rows with Core statements built once: the ORM's loading and unit of
# work, and building and cache-keying each statement per call, cost more than running the statements.
ROWS, DOSSIERS = Attachment.__table__, Dossier.__table__
HELD = (select(ROWS.c.id, ROWS.c.sha256, ROWS.c.filename, ROWS.c.media_type, ROWS.c.pages, ROWS.c.quality)
        .where(ROWS.c.dossier_id == bindparam("dossier_id"), ROWS.c.sha256.in_(bindparam("shas", expanding=True)),
               ROWS.c.removed_at.is_(None)))
ADD_ROWS = insert(ROWS).returning(ROWS.c.id, sort_by_parameter_order=True)
TARGET = (select(DOSSIERS.c.id, DOSSIERS.c.unit_code, DOSSIERS.c.receipt_code, DOSSIERS.c.received_at,
                 DOSSIERS.c.finished_at)
          .where(DOSSIERS.c.id == bindparam("dossier_id")))


@dataclass(frozen=True)
class Target:
    """The dossier files go into: what naming and recording them needs."""
    id: int
    unit_code: str
    receipt_code: str
    received_at: datetime
    finished_at: datetime | None = None


def find_target(session: Session, dossier_id: int) -> Target | None:
    row = session.execute(TARGET, {"dossier_id": dossier_id}).first()
    return Target(*row) if row else None


@dataclass(frozen=True)
class Received:
    attachment_id: int
    filename: str
    media_type: str
    pages: int
    sha256: str
    duplicate: bool  # the same bytes were already in this dossier, or earlier in this upload
    # Scan-quality issues (ocr.quality: blur, resolution, skew, blank, dark/light) so staff can rescan now.
    quality: list[dict] | None = field(default_factory=list)
    work: int = 0  # about how many pixels OCR will read (`ocr.load.pixels_to_read`); 0 for a duplicate

    @property
    def job_id(self) -> str:
        return attachment_job_id(self.attachment_id)


@dataclass(frozen=True)
class Incoming:
    """One file of an upload, read whole and checked (ingest.validate.validate_upload)."""
    filename: str | None
    data: bytes
    media_type: str
    pages: int
    work: int  # about how many pixels OCR will read


def checked(filename: str | None, data: bytes, settings: Settings) -> Incoming:
    media, pages = validate_upload(data, max_bytes=settings.max_upload_bytes, max_pages=settings.max_pages,
                                   max_pixels=settings.max_pixels)
    return Incoming(filename, data, media, pages, pixels_to_read(data, media, dpi=settings.ocr_dpi))


def receive(services: Services, dossier_id: int, filename: str | None, data: bytes) -> Received:
    """One file into a dossier, in a session of its own (the command line's way in)."""
    incoming = checked(filename, data, services.settings)
    with services.sessions() as session:
        dossier = find_target(session, dossier_id)
        if dossier is None:
            raise Rejected("unknown_dossier", "Không có hồ sơ này", "no such dossier", status=404)
        (received,) = record_files(services, session, dossier, [incoming])
    enqueue(services, [received])
    return received


def record_files(services: Services, session: Session, dossier: Target, files: list[Incoming], *,
                 on_record: Callable[[Session, int], None] | None = None, role: str = "component") -> list[Received]:
    """Store the originals and record them in one transaction: every file of an upload lands or none does.

    `on_record(session, attachment_id)` adds to that transaction (the API's audit entry). `role`: "component"
    (the dossier's papers) or "result" (the papers handed back as its result). Files whose bytes
    the dossier already holds (or that repeat in this upload) are answered as duplicates of that row.
    Enqueue what comes back with `enqueue`, after this returns: a job must not start before its row exists.
    """
    shas = [hashlib.sha256(f.data).hexdigest() for f in files]
    held = {row.sha256: row for row in session.execute(HELD, {"dossier_id": dossier.id, "shas": sorted(set(shas))})}
    new: dict[str, dict] = {}  # sha256 → the row to insert
    for f, sha in zip(files, shas, strict=True):
        if sha in held or sha in new:
            continue
        quality = ocr_quality.report(f.data, f.media_type, max_pixels=services.settings.max_pixels,
                                      max_pages=services.settings.max_pages)
        new[sha] = {"dossier_id": dossier.id, "filename": clean_filename(f.filename), "sha256": sha,
                    "size": len(f.data), "media_type": f.media_type, "pages": f.pages,
                    "status": AttachmentStatus.QUEUED, "role": role,
                    "quality": quality, "object_key": original_key(dossier.unit_code, dossier.received_at.year,
                                                                   dossier.receipt_code, sha)}
    _store(services, session, {sha: f.data for f, sha in zip(files, shas, strict=True)}, new, on_record)
    out, answered = [], set()
    for f, sha in zip(files, shas, strict=True):
        if sha in held:
            row = held[sha]
            out.append(Received(row.id, row.filename, row.media_type, row.pages or f.pages, sha, duplicate=True,
                                quality=row.quality))
        else:
            row = new[sha]
            out.append(Received(row["id"], row["filename"], f.media_type, f.pages, sha, duplicate=sha in answered,
                                quality=row["quality"], work=f.work))
            answered.add(sha)
    return out


def _store(services: Services, session: Session, data: dict[str, bytes], new: dict[str, dict],
           on_record: Callable[[Session, int], None] | None) -> None:
    """Objects first (deterministic keys), then the rows in one commit (their ids set on `new`); if that
    fails, the objects this upload wrote go again, except those a concurrent upload of the same bytes now
    refers to."""
    put: list[str] = []
    try:
        for sha, row in new.items():
            services.objects.put(row["object_key"], data[sha], row["media_type"])
            put.append(row["object_key"])
    except Exception as exc:  # storage down: refuse now rather than acknowledge a scan we do not hold
        log.warning("object store unavailable: %s", exc)
        session.rollback()
        _remove(services, put)
        raise Rejected("storage_unavailable", "Kho lưu trữ tạm thời không truy cập được, hãy thử lại",
                       "object storage is temporarily unavailable; retry", status=503) from exc
    if not new:
        return
    try:
        ids = session.scalars(ADD_ROWS, list(new.values())).all()
        for row, att_id in zip(new.values(), ids, strict=True):
            row["id"] = att_id
            if on_record is not None:
                on_record(session, att_id)
        session.commit()
    except IntegrityError:
        session.rollback()  # a concurrent upload of the same bytes won; its object is that object
        _remove(services, put, kept=_referenced(session, put))
        raise Rejected("duplicate_upload", "Tệp này đang được tải lên", "this file is already being uploaded",
                       status=409) from None
    except Exception:  # nothing of this upload was committed
        session.rollback()
        _remove(services, put)
        raise


def _remove(services: Services, written: list[str], kept: Collection[str] = ()) -> None:
    """Delete the objects this upload wrote, but those in `kept`; reconcile lists any that stay behind."""
    for key in written:
        if key not in kept:
            with contextlib.suppress(Exception):
                services.objects.delete(key)


def _referenced(session: Session, written: list[str]) -> set[str]:
    """Keys of `written` that committed rows refer to (a concurrent upload of the same bytes)."""
    try:
        return set(session.scalars(select(Attachment.object_key).where(Attachment.object_key.in_(written))))
    except Exception:  # unknown: keep them all, reconcile lists the orphans
        return set(written)


def enqueue(services: Services, received: list[Received]) -> None:
    """Jobs for the new files, the one with the most to read first (pixels, then pages): an upload's verdict
    waits for its last job, and workers finish a batch soonest when its longest job starts first."""
    for r in sorted(received, key=lambda r: (-r.work, -r.pages)):
        if r.duplicate:
            continue
        try:
            enqueue_attachment(services.queue, r.attachment_id, services.settings, fresh=True)
        except Exception:  # Redis down: the row stays 'queued' and reconcile picks it up
            log.exception("could not enqueue attachment %s; it stays queued for reconcile", r.attachment_id)
