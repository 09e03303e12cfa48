"""The OCR pipeline as named stages over one page at a time: load → clean → recognize → assemble."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from pypdf import PdfReader, PdfWriter

from ocr import preprocess
from ocr._exec import tesseract
from ocr.load import SourcePage, load_pages
from ocr.types import OcrResult, PageText, Word

if TYPE_CHECKING:
    from sohoa.settings import Settings


@dataclass(frozen=True)
class OcrOptions:
    lang: str = "vie"
    dpi: int = 300
    page_timeout: int = 120
    max_pages: int = 200
    max_pixels: int = 60_000_000
    searchable_pdf: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> OcrOptions:
        return cls(lang=settings.ocr_lang, dpi=settings.ocr_dpi, page_timeout=settings.ocr_page_timeout,
                   max_pages=settings.max_pages, max_pixels=settings.max_pixels)


def run_ocr(data: bytes, media_type: str, options: OcrOptions) -> OcrResult:
    start = time.perf_counter()
    pages: list[PageText] = []
    pdf_pages: list[bytes | None] = []  # None: keep the original PDF page (it has a text layer)
    for src in load_pages(data, media_type, dpi=options.dpi, max_pages=options.max_pages,
                          max_pixels=options.max_pixels):
        if src.text is not None:
            pages.append(text_layer_page(src))
            pdf_pages.append(None)
        else:
            page, pdf = ocr_page(src, options)
            pages.append(page)
            pdf_pages.append(pdf)
    searchable = None
    if options.searchable_pdf and any(p is not None for p in pdf_pages):
        searchable = assemble_pdf(pdf_pages, data if media_type == "application/pdf" else None)
    return OcrResult(pages=pages, seconds=round(time.perf_counter() - start, 3), searchable_pdf=searchable)


def text_layer_page(src: SourcePage) -> PageText:
    words = src.words or []
    return PageText(number=src.number, text=src.text or "", source="text-layer",
                    confidence=100.0 if words else None, words=words, width=src.width, height=src.height)


def ocr_page(src: SourcePage, options: OcrOptions) -> tuple[PageText, bytes | None]:
    assert src.image is not None
    upright, _angle = preprocess.deskew(src.image)
    result = None
    # Global threshold first; adaptive for uneven light; the gray page last, so a readable page never comes
    # back empty just because a threshold swallowed it.
    for clean in (preprocess.binarize, preprocess.binarize_adaptive, lambda g: g):
        result = tesseract.recognize(clean(upright), lang=options.lang, timeout=options.page_timeout,
                                     dpi=options.dpi, want_pdf=options.searchable_pdf)
        if _readable(result.words):
            break
    assert result is not None
    h, w = upright.shape[:2]
    return PageText(number=src.number, text=lines_text(result.words), source="ocr",
                    confidence=mean_confidence(result.words), words=result.words, width=w, height=h), result.pdf


def _readable(words: list[Word]) -> bool:
    return sum(len(w.text) for w in words) >= 10 and (mean_confidence(words) or 0) >= 40


def lines_text(words: list[Word]) -> str:
    lines: dict[int, list[str]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word.text)
    return "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))


def mean_confidence(words: list[Word]) -> float | None:
    return round(float(np.mean([w.confidence for w in words])), 2) if words else None


def assemble_pdf(pdf_pages: list[bytes | None], original_pdf: bytes | None) -> bytes:
    """One PDF: tesseract's image+invisible-text page for scanned pages, the original page otherwise."""
    writer = PdfWriter()
    original = PdfReader(io.BytesIO(original_pdf)) if original_pdf else None
    for index, part in enumerate(pdf_pages):
        if part is None:
            assert original is not None
            writer.add_page(original.pages[index])
        else:
            writer.add_page(PdfReader(io.BytesIO(part)).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
