"""The OCR pipeline over a document: load → pages (text layer as is; scans through `ocr.page`, spread
over processes when there are several) → digitized copy (`ocr.pdf`)."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import replace

from ocr.load import SourcePage, load_pages
from ocr.options import OcrOptions
from ocr.page import PageOutcome, lines_text, mean_confidence, process_page
from ocr.pdf import PdfPart, assemble
from ocr.types import OcrResult, PageText

__all__ = ["OcrOptions", "lines_text", "mean_confidence", "run_many", "run_ocr"]


def _context() -> multiprocessing.context.BaseContext:
    # fork: workers inherit the loaded modules, so a pool is ready in milliseconds, not seconds.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def text_layer_page(src: SourcePage) -> PageText:
    words = src.words or []
    return PageText(number=src.number, text=src.text or "", source="text-layer",
                    confidence=100.0 if words else None, words=words, width=src.width, height=src.height)


# Worker side: the document's bytes are handed over once per process, pages are asked for by number.
_doc: tuple[bytes, str, OcrOptions] | None = None


def _init_worker(data: bytes, media_type: str, options: OcrOptions) -> None:
    global _doc
    _doc = (data, media_type, options)


def _ocr_numbered_page(number: int) -> PageOutcome:
    assert _doc is not None
    data, media_type, options = _doc
    src = next(load_pages(data, media_type, dpi=options.dpi, max_pages=options.max_pages,
                          max_pixels=options.max_pixels, only={number}))
    return process_page(src, options)


def run_ocr(data: bytes, media_type: str, options: OcrOptions) -> OcrResult:
    start = time.perf_counter()
    pages: dict[int, PageText] = {}
    parts: dict[int, PdfPart] = {}
    to_ocr: list[int] = []
    for src in load_pages(data, media_type, dpi=options.dpi, max_pages=options.max_pages,
                          max_pixels=options.max_pixels, decode=False):
        if src.text is not None:
            pages[src.number] = text_layer_page(src)
            parts[src.number] = PdfPart(None)
        else:
            to_ocr.append(src.number)
    for outcome in _ocr_pages(data, media_type, options, to_ocr):
        pages[outcome.page.number] = outcome.page
        if outcome.pdf is not None:
            parts[outcome.page.number] = outcome.pdf
    ordered = [pages[n] for n in sorted(pages)]
    searchable = None
    if options.searchable_pdf and to_ocr:
        searchable = assemble([parts[n] for n in sorted(parts)], data if media_type == "application/pdf" else None)
    return OcrResult(pages=ordered, seconds=round(time.perf_counter() - start, 3), searchable_pdf=searchable)


def _ocr_pages(data: bytes, media_type: str, options: OcrOptions, numbers: list[int]) -> Iterator[PageOutcome]:
    workers = min(options.workers, len(numbers))
    if workers <= 1:  # one page (or one core): no pool, no copies
        only = set(numbers)
        for src in load_pages(data, media_type, dpi=options.dpi, max_pages=options.max_pages,
                              max_pixels=options.max_pixels, only=only):
            yield process_page(src, options)
        return
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_init_worker,
                             initargs=(data, media_type, options)) as pool:
        yield from pool.map(_ocr_numbered_page, numbers)


def _run_one(item: tuple[bytes, str, OcrOptions]) -> OcrResult:
    return run_ocr(*item)


def run_many(documents: Iterable[tuple[bytes, str]], options: OcrOptions,
             executor: Executor | None = None) -> Iterator[OcrResult]:
    """OCR a batch of documents, one process per document (each runs its pages in that process)."""
    single = replace(options, jobs=1)
    items = [(data, media, single) for data, media in documents]
    if len(items) <= 1 or options.workers <= 1:
        yield from (run_ocr(*item) for item in items)
        return
    if executor is not None:
        yield from executor.map(_run_one, items)
        return
    with ProcessPoolExecutor(min(options.workers, len(items)), mp_context=_context()) as pool:
        yield from pool.map(_run_one, items)
