"""One document end to end: page views → type → fields → CCCD checks → contract keys."""

from __future__ import annotations

from extract.classify import classify
from extract.fields import derive, extract_fields
from extract.ids import check_fields
from extract.layout import view
from extract.types import Extraction
from ocr.types import PageText


def analyze(pages: list[PageText]) -> Extraction:
    views = [view(p) for p in pages]
    doc_type, confidence = classify("\n".join(v.text for v in views))
    fields, problems = extract_fields(views, doc_type)
    # The CCCD check pairs each person's number with that person's birth date, so it runs on the keys as
    # read, before `derive` copies a requester's or mother's number under the subject's base key.
    problems += check_fields(fields)
    return Extraction(doc_type=doc_type, doc_type_confidence=confidence, fields=derive(fields, doc_type),
                      problems=problems)
