"""Search over the dossiers a user sees (GET /search), and an attachment's text page by page for the dossier
view (GET …/text). Both show personal data, so both are audit-logged; a query that holds (part of) an ID number
is logged masked (core.privacy.mask_query)."""

from fastapi import APIRouter, Query

from api.audit import record
from api.deps import RowId, Svc, Who, visible_attachment
from core.privacy import mask_query
from storage import search

router = APIRouter()


@router.get("/search")
def search_dossiers(who: Who, services: Svc, q: str = Query(min_length=1, max_length=200),
                    limit: int = Query(20, ge=1, le=100)) -> dict:
    """Receipt codes, the names and ID numbers read in the attachments (any part of an ID), and the words of
    every page; tone- and case-insensitive. Each match: its dossier, the page it is on, and a snippet of the
    stored text."""
    terms = search.parse(q)
    with services.sessions() as session:
        hits, total = search.search(session, terms, who.units(session), limit) if terms else ([], 0)
        record(session, who, "search", "dossiers", who.unit_code, {"query": mask_query(q), "total": total})
    return {"items": [{"dossier_id": h.dossier_id, "receipt_code": h.receipt_code, "matched": h.matched,
                       "attachment_id": h.attachment_id,
                       "page": h.page, "snippet": h.snippet} for h in hits], "total": total}


@router.get("/dossiers/{dossier_id}/attachments/{attachment_id}/text")
def attachment_text(dossier_id: RowId, attachment_id: RowId, who: Who, services: Svc) -> dict:
    """The text read on each page of the attachment, as stored; no pages before it is read."""
    with services.sessions() as session:
        att = visible_attachment(session, who, dossier_id, attachment_id)
        pages = search.pages_of(session, att.reused_from or att.id)  # a link reads the same pages as its source
        record(session, who, "view", f"attachment:{att.id}", att.dossier.unit_code, {"what": "text"})
    return {"pages": [{"page": number, "text": body} for number, body in pages]}
