"""Recompute a dossier's completeness verdict from its processed attachments."""

from __future__ import annotations

from sqlalchemy.orm import Session

from extract.catalogue import get_procedure
from extract.completeness import check
from extract.types import Verdict
from storage import search
from storage.models import AttachmentStatus, Dossier
from workers.records import documents


def refresh_verdict(session: Session, dossier: Dossier) -> Verdict | None:
    """Store the verdict; the dossier's components count as digitized once all are read and none is missing.
    The dossier's search document (its people) is derived from the same attachments, so it is renewed here too."""
    search.replace_document(session, dossier.id, [a.parts for a in dossier.attachments])
    procedure = get_procedure(dossier.procedure_code)
    if procedure is None:
        return None
    done = [a for a in dossier.attachments if a.status == AttachmentStatus.DONE]
    verdict = check(procedure, [doc for a in done for doc in documents(a)])
    dossier.verdict = verdict.model_dump(mode="json")
    all_read = bool(dossier.attachments) and len(done) == len(dossier.attachments)
    dossier.components_digitized = all_read and verdict.complete
    return verdict
