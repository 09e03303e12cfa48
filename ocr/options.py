"""OCR options, validated once at the edge; every stage trusts them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.settings import Settings


@dataclass(frozen=True)
class OcrOptions:
    lang: str = "vie"
    dpi: int = 300  # resolution image-only PDF pages are rendered at
    page_timeout: float = 120.0  # seconds one tesseract run may take
    max_pages: int = 200
    max_pixels: int = 60_000_000  # decompression-bomb guard, checked before decoding
    searchable_pdf: bool = True
    jobs: int = 0  # processes for the pages of one document; 0 = the machine's cores
    orient: bool = True  # turn sideways / upside-down pages upright
    ocr_fixes: bool = True  # fix syllables that cannot exist in Vietnamese
    evidence: bool = True  # look for QR codes, stamps and signatures on page images

    def __post_init__(self) -> None:
        if not self.lang or not all(part.isalnum() or part == "_" for part in self.lang.split("+")):
            raise ValueError(f"lang must be tesseract language codes joined by '+', got {self.lang!r}")
        if not 72 <= self.dpi <= 600:
            raise ValueError("dpi must be within 72..600")
        if self.page_timeout <= 0 or self.max_pages < 1 or self.max_pixels < 1:
            raise ValueError("page_timeout, max_pages and max_pixels must be positive")
        if self.jobs < 0:
            raise ValueError("jobs must be >= 0 (0 = one per core)")

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1

    @classmethod
    def from_settings(cls, settings: Settings) -> OcrOptions:
        return cls(lang=settings.ocr_lang, dpi=settings.ocr_dpi, page_timeout=settings.ocr_page_timeout,
                   max_pages=settings.max_pages, max_pixels=settings.max_pixels)
