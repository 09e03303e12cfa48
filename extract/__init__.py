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


__all__ = ["analyze", "analyze_parts"]
