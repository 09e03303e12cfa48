"""Files holding several papers (a tờ khai, a CCCD and a giấy chứng sinh scanned into one PDF): split them
into documents by page, and analyze each.

A page opens a new document when it is the head of one — it carries the national motto or a title near its
top (or the CCCD's QR code) — and its type differs from the current document's, or the current document
already has its head (two CCCDs in a row). A page whose text is typical of another type and nothing of the
current one opens a document too, for when OCR lost the head. Other pages (continuation pages, a card's
back) belong to the document before them.
"""

from __future__ import annotations

import re

from core.vntext import fold, nfc
from extract import evidence
from extract.classify import MIN_SCORE, scores, titles
from extract.document import analyze
from extract.types import Part
from ocr.types import PageText

STRONG = 8.0  # a page this typical of a type opens a document of it even without a head
HEAD_LINES = 12
_MOTTO = re.compile(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam")


def _head(page: PageText) -> tuple[str | None, bool, dict[str, float]]:
    """(type of the page, whether it is the first page of a document, its type scores)."""
    if evidence.has_cccd_qr(page):
        return "cccd", True, {}
    top = "\n".join([line for line in nfc(page.text).split("\n") if line.strip()][:HEAD_LINES])
    titled = titles(top, HEAD_LINES)
    page_scores = scores(page.text)
    ranked = sorted(page_scores.items(), key=lambda kv: kv[1], reverse=True)
    best = titled[0] if len(titled) == 1 else ranked[0][0] if ranked[0][1] >= MIN_SCORE else None
    return best, bool(titled) or bool(_MOTTO.search(fold(top))), page_scores


def split(pages: list[PageText]) -> list[list[PageText]]:
    groups: list[list[PageText]] = []
    current: str | None = None
    headed = False
    for page in pages:
        kind, head, page_scores = _head(page)
        if not groups:
            start = True
        elif head and kind is not None:
            start = current is not None and (kind != current or headed)
        else:  # a QR page is a head of kind "cccd": it never comes here with its empty scores
            start = (current is not None and kind is not None and kind != current
                     and page_scores[kind] >= STRONG and page_scores.get(current, 0.0) < MIN_SCORE)
        if start:
            groups.append([page])
            current, headed = kind, head
        else:
            groups[-1].append(page)
            current = current or kind
            headed = headed or head
    return groups


def analyze_parts(pages: list[PageText]) -> list[Part]:
    """One part per document in the file, in page order; a file of one document gives one part."""
    groups = split(pages) if len(pages) > 1 else [pages]
    return [Part(first_page=g[0].number, last_page=g[-1].number, extraction=analyze(g)) for g in groups if g]
