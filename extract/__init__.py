"""Extraction stage: classify an OCR'd document and pull its fields (see `analyze`, `analyze_parts`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.types import Extraction, Part
    from ocr.types import PageText


def analyze(pages: list[PageText]) -> Extraction:
    """Classify the pages as one document and extract its fields; `problems` holds what its papers contradict.

    spaCy is imported on the first call, not with the package: `extract.catalogue` users stay light.
    """
    from extract.document import analyze as run

    return run(pages)


def analyze_parts(pages: list[PageText]) -> list[Part]:
    """The documents of a file (several papers may be scanned into one PDF), each with its page range and
    extraction; a file of one document gives one part covering every page."""
    from extract.parts import analyze_parts as run

    return run(pages)


def warm() -> None:
    """Load what extraction reads once per process (spaCy's pipeline, the procedures, the catalogue of
    administrative units) by analysing a small card: a worker does it before it forks a work horse per job,
    so that no job pays for it."""
    from extract.catalogue import load_procedures
    from ocr.types import PageText

    load_procedures()
    card = ("CĂN CƯỚC CÔNG DÂN\nSố / No.: 001090001234\nHọ và tên / Full name: NGUYỄN VĂN AN\n"
            "Ngày sinh / Date of birth: 01/02/1990\nQuê quán / Place of origin: Trâu Quỳ, Gia Lâm, Hà Nội")
    analyze_parts([PageText(number=1, text=card, source="text-layer", confidence=100.0)])


__all__ = ["analyze", "analyze_parts", "warm"]
