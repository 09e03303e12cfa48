"""One document end to end: page views → type → fields → QR code → CCCD checks → contract keys."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from extract import evidence
from extract.classify import classify
from extract.fields import derive, extract_fields
from extract.ids import check_fields, settle_readings
from extract.layout import view
from extract.types import Extraction, Problem
from ocr.types import PageText


def analyze(pages: list[PageText]) -> Extraction:
    views = [view(p) for p in pages]
    doc_type, confidence = classify("\f".join(v.text for v in views))  # the title block is the first page's
    qr = evidence.qr_fields(pages)
    if qr and doc_type == "unknown":  # the print was unreadable, the card's QR code was not
        doc_type, confidence = "cccd", 0.9
    fields, problems = extract_fields(views, doc_type)
    if qr and doc_type == "cccd":
        fields.update(qr)  # exact where OCR guesses
        problems = [p for p in problems if p.code != "id_unreadable"]
    # The CCCD check pairs each person's number with that person's birth date, so it runs on the keys as
    # read, before `derive` copies a requester's or mother's number under the subject's base key.
    fields = settle_readings(fields, this_year())
    problems += check_fields(fields)
    problems += [unreadable(p) for p in pages if p.problem == "unreadable"]
    seen, inspected = evidence.marks(pages)
    return Extraction(doc_type=doc_type, doc_type_confidence=confidence, fields=derive(fields, doc_type),
                      problems=problems, evidence=seen, inspected=inspected)


def this_year() -> int:
    """The year in Vietnam (UTC+7, no daylight saving), which no citizen's birth year can be after."""
    return datetime.now(timezone(timedelta(hours=7))).year


def unreadable(page: PageText) -> Problem:
    """A page whose ink did not read as text: said to the clerk, so its fields are not taken as absent."""
    return Problem(code="page_unreadable", message=f"Trang {page.number} không đọc được — cần quét lại.",
                   details={"page": str(page.number), "en": f"page {page.number} could not be read: scan it again"})
