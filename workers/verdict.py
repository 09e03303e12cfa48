"""Recompute a dossier's completeness verdict from its processed attachments."""

from __future__ import annotations

from sqlalchemy.orm import Session

from extract.catalogue import get_procedure
from extract.completeness import check
from extract.parts import documents as documents_of
from extract.types import Extraction, Part, Verdict
from storage.models import Attachment, Dossier


def attachment_extraction(doc_type: str | None, doc_type_confidence: float | None,
                          fields: dict | None, problems: list | None, part: dict | None = None) -> Extraction:
    """The attachment's (first) document as its columns hold it — corrections applied — with the marks
    seen on its pages, which only the stored part keeps."""
    return Extraction.model_validate({"doc_type": doc_type or "unknown",
                                      "doc_type_confidence": doc_type_confidence or 0.0,
                                      "fields": fields or {}, "problems": problems or [],
                                      "evidence": (part or {}).get("evidence", {}),
                                      "inspected": (part or {}).get("inspected", [])})


def documents(att: Attachment) -> list[tuple[str, Extraction]]:
    """(name, extraction) per document in the attachment: one, or `file.pdf#p2-3` per part of a file holding
    several papers. The first part comes from the columns, so the clerk's corrections count."""
    stored = att.parts or []
    first = attachment_extraction(att.doc_type, att.doc_type_confidence, att.fields, att.problems,
                                  stored[0] if stored else None)
    if len(stored) <= 1:
        return [(att.filename, first)]
    parts = [Part(first_page=p["first_page"], last_page=p["last_page"],
                  extraction=first if i == 0 else Extraction.model_validate(p)) for i, p in enumerate(stored)]
    return documents_of(att.filename, parts)


def refresh_verdict(session: Session, dossier: Dossier) -> Verdict | None:
    """Store the verdict; the dossier's components count as digitized once all are read and none is missing."""
    procedure = get_procedure(dossier.procedure_code)
    if procedure is None:
        return None
    done = [a for a in dossier.attachments if a.status == "done"]
    verdict = check(procedure, [doc for a in done for doc in documents(a)])
    dossier.verdict = verdict.model_dump(mode="json")
    all_read = bool(dossier.attachments) and len(done) == len(dossier.attachments)
    dossier.components_digitized = all_read and verdict.complete
    return verdict
