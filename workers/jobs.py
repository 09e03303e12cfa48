"""RQ jobs: plain functions, importable by path, with only ids as arguments."""

from __future__ import annotations

import logging

from sqlalchemy import select

from core.privacy import mask_ids
from extract import analyze_parts
from extract.corrections import apply as apply_corrections
from ocr import quality as scan_quality
from ocr.pipeline import OcrOptions, run_ocr
from storage.models import Attachment, Dossier
from storage.objects import digitized_key
from workers.archive import archive, incoming_signatures
from workers.context import current
from workers.failures import describe
from workers.verdict import refresh_verdict

log = logging.getLogger(__name__)


def process_attachment(attachment_id: int) -> dict:
    """OCR, extract and store one attachment; safe to run again (deterministic keys, overwrite)."""
    services = current()
    with services.sessions() as session:
        att = session.get(Attachment, attachment_id)
        if att is None:
            raise LookupError(f"attachment {attachment_id} does not exist")
        att.status, att.error, att.attempts = "processing", None, att.attempts + 1
        session.commit()
        key, media_type, corrections = att.object_key, att.media_type, att.corrections
        quality_known = att.quality is not None

    # A failure here propagates to RQ, which retries; on_job_failure records the reason.
    data = services.objects.get(key)
    if not quality_known:  # the API was busy at upload: check now, before the long OCR, for the counter page
        s = services.settings
        issues = scan_quality.report(data, media_type, max_pixels=s.max_pixels, max_pages=s.max_pages)
        with services.sessions() as session:
            session.get(Attachment, attachment_id).quality = issues
            session.commit()
    incoming = incoming_signatures(services, data, media_type)
    result = run_ocr(data, media_type, OcrOptions.from_settings(services.settings))
    parts = analyze_parts(result.pages)  # one per paper when several were scanned into the file
    extraction = apply_corrections(parts[0].extraction, corrections)  # a clerk's word beats a re-read
    out_key, copy_state = None, None
    if result.searchable_pdf:
        out_key = digitized_key(key)
        copy, copy_state = archive(services, attachment_id, result.searchable_pdf, len(result.pages),
                                   extraction.doc_type)
        services.objects.put(out_key, copy, "application/pdf")

    with services.sessions() as session:
        att = session.get(Attachment, attachment_id)
        att.status, att.error = "done", None
        att.pages, att.source, att.confidence = len(result.pages), result.source, result.confidence
        att.ocr_text, att.digitized_key, att.ocr_seconds = result.text, out_key, result.seconds
        att.signature = {"copy": copy_state, "incoming": incoming} if copy_state or incoming else None
        att.doc_type, att.doc_type_confidence = extraction.doc_type, extraction.doc_type_confidence
        att.fields = {k: f.model_dump(mode="json") for k, f in extraction.fields.items()}
        att.problems = [p.model_dump(mode="json") for p in extraction.problems]
        att.parts = [{"first_page": p.first_page, "last_page": p.last_page, **p.extraction.model_dump(mode="json")}
                     for p in parts]
        dossier = session.scalar(select(Dossier).where(Dossier.id == att.dossier_id).with_for_update())
        session.refresh(dossier, ["attachments"])
        refresh_verdict(session, dossier)
        session.commit()
    return {"attachment": attachment_id, "doc_type": extraction.doc_type, "pages": len(result.pages),
            "parts": [p.label for p in parts]}


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
        if att is not None and att.status != "done":
            att.status, att.error = ("retrying" if retrying else "failed"), failure.stored()
            session.commit()
