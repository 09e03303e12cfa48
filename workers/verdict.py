"""Recompute a dossier's verdict from its attachments: components read, files still being read or failed,
result papers digitized."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, selectinload

from extract.catalogue import get_procedure
from extract.completeness import check
from extract.types import Verdict
from storage import search
from storage.models import Attachment, AttachmentStatus, Dossier
from workers.records import documents

SETTLED = (AttachmentStatus.DONE, AttachmentStatus.FAILED)


def refresh_verdict(session: Session, dossier: Dossier) -> Verdict | None:
    """Store the verdict and its state; the dossier's components count as digitized once all are read and
    none is missing, its result once a result paper is read or the result was electronic. Removed files
    are not the dossier's (`Dossier.attachments`); result papers are never components."""
    held = dossier.attachments
    search.replace_document(session, dossier.id, [a.parts for a in held])  # its people, from the same files
    results = [a for a in held if a.role == "result"]
    dossier.result_digitized = bool(dossier.electronic_result) or any(a.status == AttachmentStatus.DONE
                                                                      for a in results)
    procedure = get_procedure(dossier.procedure_code)
    if procedure is None:
        dossier.verdict_state = None
        return None
    components = [a for a in held if a.role != "result"]
    done = [a for a in components if a.status == AttachmentStatus.DONE]
    pending = [{"id": a.id, "filename": a.filename, "status": a.status} for a in held if a.status not in SETTLED]
    failed = [{"id": a.id, "filename": a.filename, "error": a.error} for a in held
              if a.status == AttachmentStatus.FAILED]
    verdict = check(procedure, [doc for a in done for doc in documents(a)], pending, failed)
    dossier.verdict = verdict.model_dump(mode="json")
    dossier.verdict_state = verdict.state
    all_read = bool(components) and len(done) == len(components)
    dossier.components_digitized = all_read and verdict.complete
    return verdict


def refresh_dossier(session: Session, dossier_id: int) -> Verdict | None:
    """Lock the dossier, read its files and refresh its verdict, in the caller's transaction (committed by it):
    a worker finishing a file and a clerk adding one never overwrite each other's verdict."""
    # populate_existing: read after the lock, not from what the session saw before it.
    dossier = session.scalar(select(Dossier).where(Dossier.id == dossier_id).with_for_update()
                             .options(selectinload(Dossier.attachments).options(defer(Attachment.ocr_text)))
                             .execution_options(populate_existing=True))
    return refresh_verdict(session, dossier)
