"""An attachment's row ↔ the pipeline's result. The documents found in the file are stored once, in `parts`
(page range + extraction each, the first with the clerk's corrections applied); everything that reads an
attachment's type or fields goes through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from extract.types import Extraction, Part
from extract.types import documents as part_documents
from storage import search
from storage.models import Attachment, AttachmentStatus

if TYPE_CHECKING:
    from workers.pipeline import Processed


def part_row(part: Part) -> dict:
    return {"first_page": part.first_page, "last_page": part.last_page, **part.extraction.model_dump(mode="json")}


def parts_of(att: Attachment) -> list[Part]:
    """The documents of a processed attachment, in page order; [] before it is processed."""
    return [Part(first_page=row["first_page"], last_page=row["last_page"], extraction=Extraction.model_validate(row))
            for row in att.parts or []]


def extraction_of(att: Attachment) -> Extraction:
    """The first (usually the only) document of the attachment; an empty 'unknown' one before processing."""
    parts = att.parts or []
    return Extraction.model_validate(parts[0]) if parts else Extraction()


def documents(att: Attachment) -> list[tuple[str, Extraction]]:
    """What the completeness check takes: (name, extraction) per document in the file."""
    parts = parts_of(att)
    return part_documents(att.filename, parts) if parts else []


def store(att: Attachment, processed: Processed, digitized_key: str | None) -> None:
    """A successful run into the row (the clerk's corrections are already in `processed`)."""
    ocr = processed.ocr
    att.status, att.error = AttachmentStatus.DONE, None
    att.pages, att.source, att.confidence = len(ocr.pages), ocr.source, ocr.confidence
    att.ocr_text, att.digitized_key, att.ocr_seconds = ocr.text, digitized_key, ocr.seconds
    att.parts = [part_row(p) for p in processed.parts]


def linked_copy(source: Attachment, dossier_id: int) -> Attachment:
    """A row of `dossier_id` that links an earlier digitized paper: its objects (not copied) and its reading."""
    return Attachment(dossier_id=dossier_id, filename=source.filename, sha256=source.sha256, size=source.size,
                      media_type=source.media_type, object_key=source.object_key,
                      digitized_key=source.digitized_key, pages=source.pages, status=AttachmentStatus.DONE,
                      attempts=0, source=source.source, ocr_text=source.ocr_text, confidence=source.confidence,
                      corrections=source.corrections, parts=source.parts, quality=source.quality,
                      signature=source.signature, reused_from=source.id)


def store_pages(session: Session, att: Attachment, processed: Processed) -> None:
    """Each page's text apart, for search and the dossier view, instead of what an earlier run read."""
    search.replace_pages(session, att.id, att.dossier_id, [(p.number, p.text) for p in processed.pages])


def store_extraction(att: Attachment, extraction: Extraction) -> None:
    """The first document's extraction after a clerk's correction; the other documents stay as they are."""
    rows = list(att.parts or [])
    first = rows[0] if rows else {"first_page": 1, "last_page": att.pages or 1}
    rows[:1] = [{"first_page": first["first_page"], "last_page": first["last_page"],
                 **extraction.model_dump(mode="json")}]
    att.parts = rows  # a new list: the JSON column is saved only when assigned


def summary(att: Attachment) -> dict:
    """The first document's type and fields as the API and the command line show them."""
    rows = att.parts or []
    first = rows[0] if rows else {}
    return {"doc_type": first.get("doc_type"), "doc_type_confidence": first.get("doc_type_confidence"),
            "fields": first.get("fields") or {}, "problems": first.get("problems") or []}
