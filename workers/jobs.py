"""RQ jobs: plain functions, importable by path, with only ids as arguments."""

from __future__ import annotations

import logging

from core.privacy import mask_ids
from ocr import quality
from storage.models import Attachment, AttachmentStatus
from storage.objects import digitized_key
from workers import papers, records
from workers.archive import archive, checked_of, incoming_signatures, remake
from workers.context import current
from workers.failures import describe
from workers.pipeline import OcrOptions, process
from workers.verdict import refresh_dossier

log = logging.getLogger(__name__)


def process_attachment(attachment_id: int) -> dict:
    """OCR, extract and store one attachment; safe to run again (deterministic keys, overwrite)."""
    services = current()
    with services.sessions() as session:
        att = session.get(Attachment, attachment_id)
        if att is None:
            raise LookupError(f"attachment {attachment_id} does not exist")
        att.status, att.error, att.attempts = AttachmentStatus.PROCESSING, None, att.attempts + 1
        session.commit()
        key, media_type, corrections = att.object_key, att.media_type, att.corrections
        quality_known = att.quality is not None

    # A failure here propagates to RQ, which retries; on_job_failure records the reason.
    data = services.objects.get(key)
    if not quality_known:  # the API was busy at upload: check now, before the long OCR, for the counter page
        s = services.settings
        issues = quality.report(data, media_type, max_pixels=s.max_pixels, max_pages=s.max_pages)
        with services.sessions() as session:
            session.get(Attachment, attachment_id).quality = issues
            session.commit()
    incoming = incoming_signatures(services, data, media_type)
    processed = process(data, media_type, OcrOptions.from_settings(services.settings), corrections)
    out_key, copy_state = None, None
    if processed.ocr.searchable_pdf:
        out_key = digitized_key(key)
        copy, copy_state = archive(services, attachment_id, processed.ocr.searchable_pdf, len(processed.pages),
                                   processed.extraction.doc_type)
        services.objects.put(out_key, copy, "application/pdf")

    with services.sessions() as session:
        att = session.get(Attachment, attachment_id)
        records.store(att, processed, out_key)
        papers.index(session, att, services.settings.signing_key())
        records.store_pages(session, att, processed)
        checked = checked_of(att)  # the clerk's check against the original outlives a re-run
        signature = {"copy": copy_state, "incoming": incoming} | ({"checked": checked} if checked else {})
        att.signature = signature if copy_state or incoming or checked else None
        refresh_dossier(session, att.dossier_id)
        session.commit()
    return {"attachment": attachment_id, "doc_type": processed.extraction.doc_type, "pages": len(processed.pages),
            "parts": [p.label for p in processed.parts]}


def remake_copy(attachment_id: int) -> dict:
    """The digitized copy signed again, naming the clerk who checked it against the original; safe to repeat."""
    return {"attachment": attachment_id, "copy": remake(current(), attachment_id)}


def on_job_failure(job, connection, exc_type, exc_value, traceback) -> None:
    """RQ failure callback, run on every failed attempt: exceptions, timeouts, and work horses that died
    (RQ's abandoned-job cleanup calls it too). 'retrying' while RQ still has retries left for the job."""
    if not job.args:
        return
    services = current()
    retrying = bool(job.retries_left) and services.queue.is_async
    failure = describe(exc_value)
    # The exception's text only goes to the log (ID numbers masked); the attachment keeps the code and reason.
    log.warning("job %s failed (%s): %s", job.id, "will retry" if retrying else "final",
                mask_ids(f"{exc_type.__name__ if exc_type else 'Error'}: {exc_value}"[:2000]))
    with services.sessions() as session:
        att = session.get(Attachment, job.args[0])
        if att is not None and att.status != AttachmentStatus.DONE:
            att.status = AttachmentStatus.RETRYING if retrying else AttachmentStatus.FAILED
            att.error = failure.stored()
            session.commit()
