"""tesseract runs through pytesseract: one run per page gives the words (TSV) and, when asked, a text-only
PDF page (invisible text, no image) that `ocr.pdf` lays over the original page image; orientation detection
(`image_to_osd`); and one-line reads of cut-out numbers."""

from __future__ import annotations

import csv
import io
import os
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytesseract
from pypdf import PdfReader, PdfWriter
from pytesseract.pytesseract import run_tesseract

from ocr.errors import OcrError
from ocr.types import Word

# tesseract's OpenMP threads fight each other on small machines; pages are spread over processes instead.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# Forms have no white-on-black text, and the inverted retry of every doubtful line costs time on noisy pages.
NO_INVERT = "-c tessedit_do_invert=0"


@dataclass
class Recognized:
    words: list[Word]
    pdf: bytes | None  # text-only PDF page, same size as the image at `dpi`
    seconds: float  # wall time of the tesseract process


@contextmanager
def _image_file(image: np.ndarray) -> Iterator[Path]:
    """The image as an uncompressed PGM in a folder of its own: pytesseract would encode a PNG, which costs
    more than tesseract reading a PGM, and the folder also holds the run's outputs."""
    with _image_files([image]) as paths:
        yield paths[0]


@contextmanager
def _image_files(images: list[np.ndarray]) -> Iterator[list[Path]]:
    with tempfile.TemporaryDirectory(prefix="sohoa-tess-") as tmp:
        paths = [Path(tmp) / f"page{i}.pgm" for i in range(len(images))]
        for path, image in zip(paths, images, strict=True):
            cv2.imwrite(str(path), image)
        yield paths


@contextmanager
def _errors(timeout: float) -> Iterator[None]:
    """pytesseract's failures as the pipeline's errors."""
    try:
        yield
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrError("ocr_unavailable", "chưa cài tesseract", "tesseract is not installed") from exc
    except pytesseract.TesseractError as exc:
        last = (str(exc.message).strip().splitlines() or [""])[-1]
        raise OcrError("ocr_failed", "tesseract không đọc được trang", f"tesseract failed: {last}") from exc
    except RuntimeError as exc:  # pytesseract's timeout, after it killed the process
        raise OcrError("page_timeout", f"tesseract quá {timeout:g} giây cho một trang",
                       f"tesseract took over {timeout:g} s on one page") from exc


def recognize(image: np.ndarray, *, lang: str, timeout: float, psm: int = 6, dpi: int = 300,
              want_pdf: bool = False) -> Recognized:
    """Run tesseract on a grayscale page image."""
    return recognize_many([image], lang=lang, timeout=timeout, psm=psm, dpi=dpi, want_pdf=want_pdf)[0]


def recognize_many(images: list[np.ndarray], *, lang: str, timeout: float, psm: int = 6, dpi: int = 300,
                   want_pdf: bool = False, extra: str = "") -> list[Recognized]:
    """Run one tesseract process over several grayscale images (a list file): on small images loading the
    model costs more than reading them. Each result's `seconds` is its share of the run. `extra`: more
    tesseract options."""
    # run_and_get_multiple_output takes no options (page segmentation, resolution), so its own call is made
    # here with them: one process writes the TSV and, when asked, the text-only PDF.
    config = f"--psm {psm} --dpi {dpi} {NO_INVERT} {extra} -c tessedit_create_tsv=1"
    if want_pdf:
        config += " -c textonly_pdf=1"
    with _image_files(images) as paths, _errors(timeout):
        source = paths[0]
        if len(paths) > 1:
            source = paths[0].with_name("pages.txt")
            source.write_text("".join(f"{p}\n" for p in paths))
        base = paths[0].with_name("out")
        start = time.perf_counter()
        run_tesseract(str(source), str(base), "tsv pdf" if want_pdf else "tsv", lang, config, timeout=timeout)
        seconds = (time.perf_counter() - start) / len(images)
        pages = parse_pages(base.with_suffix(".tsv").read_text(encoding="utf-8"), len(images))
        pdfs = _split_pdf(base.with_suffix(".pdf").read_bytes(), len(images)) if want_pdf else [None] * len(images)
    return [Recognized(words=w, pdf=pdf, seconds=seconds) for w, pdf in zip(pages, pdfs, strict=True)]


def _split_pdf(data: bytes, pages: int) -> list[bytes | None]:
    if pages == 1:
        return [data]
    reader = PdfReader(io.BytesIO(data))
    out: list[bytes | None] = []
    for page in reader.pages:
        writer = PdfWriter()
        writer.add_page(page)
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out


def parse_pages(tsv: str, pages: int) -> list[list[Word]]:
    """The words of each page of a TSV (one page per image tesseract was given), lines numbered per page."""
    out: list[list[Word]] = [[] for _ in range(pages)]
    line_ids: list[dict[tuple[str, str, str], int]] = [{} for _ in range(pages)]
    for row in csv.DictReader(tsv.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = unicodedata.normalize("NFC", (row.get("text") or "").strip())
        if row.get("level") != "5" or not text:
            continue
        page = int(row["page_num"]) - 1
        ids = line_ids[page]
        line = ids.setdefault((row["block_num"], row["par_num"], row["line_num"]), len(ids))
        box = (int(row["left"]), int(row["top"]), int(row["width"]), int(row["height"]))
        out[page].append(Word(text=text, confidence=max(float(row["conf"]), 0.0), box=box, line=line))
    return out


@dataclass(frozen=True)
class Orientation:
    rotate: int  # degrees clockwise that make the page upright (0, 90, 180, 270)
    confidence: float


def detect_orientation(image: np.ndarray, *, timeout: float, dpi: int = 300) -> Orientation | None:
    """tesseract's orientation and script detection (psm 0, the `osd` model); None when it cannot tell."""
    with _image_file(image) as path:
        try:
            with _errors(timeout):
                found = pytesseract.image_to_osd(str(path), config=f"--dpi {dpi}", timeout=timeout,
                                                 output_type=pytesseract.Output.DICT)
        except OcrError as exc:
            if exc.code == "page_timeout":
                raise
            return None  # too little text to decide
    if "rotate" not in found or "orientation_conf" not in found:
        return None
    return Orientation(int(found["rotate"]) % 360, float(found["orientation_conf"]))


def read_lines(images: list[np.ndarray], *, lang: str, whitelist: str, dpi: int,
               timeout: float) -> list[tuple[str, float]]:
    """For each image of one line of print: (text with spaces removed, mean word confidence 0..100), read
    with a whitelist of characters (psm 7, LSTM only), all in one tesseract run."""
    reads = recognize_many(images, lang=lang, timeout=timeout, psm=7, dpi=dpi,
                           extra=f"--oem 1 -c tessedit_char_whitelist={whitelist}")
    return [("".join(w.text for w in got.words), sum(w.confidence for w in got.words) / len(got.words))
            if got.words else ("", 0.0) for got in reads]
