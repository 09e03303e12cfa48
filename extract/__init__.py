"""Extraction stage: classify an OCR'd document and pull its fields (see `analyze`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.types import Extraction
    from ocr.types import PageText


def analyze(pages: list[PageText]) -> Extraction:
    """Classify the document and extract its fields; `problems` holds what its papers contradict.

    spaCy is imported on the first call, not with the package: `extract.catalogue` users stay light.
    """
    from extract.document import analyze as run

    return run(pages)


__all__ = ["analyze"]
