"""The document pipeline: a file's bytes → its pages (`ocr`) → the documents in it (`extract`), with a clerk's
corrections replayed on the first. The worker, `sohoa analyze`/`check` and the benchmarks all run it; its
options come in as arguments, so it needs no settings and no database (`workers.records` stores it)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass

from extract import analyze_parts
from extract.corrections import apply as apply_corrections
from extract.types import Extraction, Part
from extract.types import documents as part_documents
from ocr.pipeline import OcrOptions, run_many, run_ocr
from ocr.types import OcrResult, PageText


@dataclass(frozen=True)
class Processed:
    """A file read and understood: its OCR (pages, text, digitized copy) and the documents in it."""

    ocr: OcrResult
    parts: list[Part]  # one per paper scanned into the file, in page order; never empty

    @property
    def pages(self) -> list[PageText]:
        return self.ocr.pages

    @property
    def extraction(self) -> Extraction:
        """The first (usually the only) document's type, fields, problems and evidence."""
        return self.parts[0].extraction

    def documents(self, filename: str) -> list[tuple[str, Extraction]]:
        """What the completeness check takes: (name, extraction) per document, `file.pdf#p2-3` when several."""
        return part_documents(filename, self.parts)


def understand(ocr: OcrResult, corrections: list[dict] | None = None) -> Processed:
    """The extraction half, on pages already read (benchmarks re-score cached pages with it)."""
    parts = analyze_parts(ocr.pages)
    if corrections:  # a clerk's word beats a re-read
        parts[0] = parts[0].model_copy(update={"extraction": apply_corrections(parts[0].extraction, corrections)})
    return Processed(ocr, parts)


def process(data: bytes, media_type: str, options: OcrOptions, corrections: list[dict] | None = None) -> Processed:
    """OCR a file and extract the documents in it; raises `ocr.errors.OcrError` on a file it cannot read."""
    return understand(run_ocr(data, media_type, options), corrections)


def process_many(files: Iterable[tuple[bytes, str]], options: OcrOptions,
                 executor: Executor | None = None) -> Iterator[Processed]:
    """Several files: OCR'd one process per file (`ocr.pipeline.run_many`), extracted here in turn, in order."""
    for ocr in run_many(files, options, executor):
        yield understand(ocr)


__all__ = ["OcrOptions", "Processed", "process", "process_many", "understand"]
