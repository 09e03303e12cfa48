"""Typed values the OCR stage hands to the next stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PageSource = Literal["text-layer", "ocr"]
MarkKind = Literal["stamp", "signature"]


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float  # 0..100, as tesseract reports it; 100 for text-layer words
    box: tuple[int, int, int, int]  # left, top, width, height in page pixels
    line: int  # index of the line on its page, so callers can rebuild lines
    alternatives: tuple[str, ...] = ()  # other readings a second read gave (ocr.digits), when they disagreed
    confirmed: bool = False  # a second read (ocr.digits) gave the same digits


@dataclass(frozen=True)
class Mark:
    """Evidence on a page image that is not text: an official stamp or a signature."""

    kind: MarkKind
    box: tuple[int, int, int, int]  # left, top, width, height, in the frame of the page's word boxes
    score: float  # 0..1, how clearly it was seen
    how: str  # "red" (seal ink), "ring" (a seal's rim on a gray scan), "stroke" (handwriting)


@dataclass
class PageText:
    number: int  # 1-based
    text: str  # NFC, lines separated by "\n"
    source: PageSource
    confidence: float | None  # mean word confidence 0..100; None when no words
    words: list[Word] = field(default_factory=list)
    width: int = 0
    height: int = 0
    rotation: int = 0  # degrees clockwise the page was turned to be upright (0/90/180/270)
    skew: float = 0.0  # degrees the text was tilted (counter-clockwise positive) before deskewing
    ocr_fixes: list[str] = field(default_factory=list)  # "before→after": syllables OCR misread, fixed
    unknown: list[str] = field(default_factory=list)  # syllables that cannot be Vietnamese, left as read
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (tesseract under "tesseract")
    qr: list[str] = field(default_factory=list)  # payloads of the QR codes on the page (NFC)
    marks: list[Mark] | None = None  # stamps and signatures; None: the image was not inspected (text layer)
    problem: str | None = None  # "unreadable": ink on the page, but too little of it read as real words
    read_from: str = ""  # the image of the page its words come from: "as_scanned", "cleaned", "sauvola", "rows"


@dataclass
class OcrResult:
    pages: list[PageText]
    seconds: float
    searchable_pdf: bytes | None = None  # digitized copy: page images + invisible text

    @property
    def text(self) -> str:
        return "\n\f\n".join(p.text for p in self.pages)

    @property
    def source(self) -> PageSource:
        return "ocr" if any(p.source == "ocr" for p in self.pages) else "text-layer"

    @property
    def confidence(self) -> float | None:
        weighted = [(p.confidence, len(p.words)) for p in self.pages if p.confidence is not None]
        total = sum(n for _, n in weighted)
        if not total:
            return None
        return round(sum(c * n for c, n in weighted) / total, 2)
