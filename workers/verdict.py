"""Recompute a dossier's completeness verdict from its processed attachments."""

from __future__ import annotations

from sqlalchemy.orm import Session

from extract.catalogue import get_procedure
from extract.completeness import check
from extract.types import Extraction, Verdict
from storage.models import Dossier


def attachment_extraction(doc_type: str | None, doc_type_confidence: float | None,
                          fields: dict | None, problems: list | None) -> Extraction:
    return Extraction.model_validate({"doc_type": doc_type or "unknown",
                                      "doc_type_confidence": doc_type_confidence or 0.0,
                                      "fields": fields or {}, "problems": problems or []})


def refresh_verdict(session: Session, dossier: Dossier) -> Verdict | None:
    """Store the verdict; the dossier's components count as digitized once all are read and none is missing."""
    procedure = get_procedure(dossier.procedure_code)
    if procedure is None:
        return None
    done = [a for a in dossier.attachments if a.status == "done"]
    verdict = check(procedure, [(a.filename, attachment_extraction(a.doc_type, a.doc_type_confidence,
                                                                   a.fields, a.problems)) for a in done])
    dossier.verdict = verdict.model_dump(mode="json")
    all_read = bool(dossier.attachments) and len(done) == len(dossier.attachments)
    dossier.components_digitized = all_read and verdict.complete
    return verdict
