"""tesseract through pytesseract: one process per page, words (TSV) and a PDF page in a single run."""

from __future__ import annotations

import csv
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytesseract

from ocr.errors import OcrError
from ocr.types import Word

# tesseract's OpenMP threads fight each other on small machines; we parallelise across pages instead.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass
class Recognized:
    words: list[Word]
    pdf: bytes | None


def recognize(image: np.ndarray, *, lang: str, timeout: int, psm: int = 3, dpi: int = 300,
              want_pdf: bool = True) -> Recognized:
    """Run tesseract on a grayscale/binary page image."""
    with tempfile.TemporaryDirectory(prefix="sohoa-tess-") as tmp:
        src = Path(tmp) / "page.pgm"  # uncompressed: encoding PNG would cost more than tesseract reading PGM
        cv2.imwrite(str(src), image)
        base = Path(tmp) / "out"
        config = f"--psm {psm} --dpi {dpi} -c tessedit_create_tsv=1"
        try:
            pytesseract.pytesseract.run_tesseract(str(src), str(base), "tsv pdf" if want_pdf else "tsv", lang, config,
                                      timeout=timeout)
        except RuntimeError as exc:  # pytesseract signals its timeout this way
            if "timeout" in str(exc).lower():
                raise OcrError("page_timeout", f"tesseract quá {timeout} giây cho một trang",
                               f"tesseract took over {timeout} s on one page") from exc
            raise
        words = parse_tsv((base.with_suffix(".tsv")).read_text(encoding="utf-8"))
        pdf = base.with_suffix(".pdf").read_bytes() if want_pdf else None
    return Recognized(words=words, pdf=pdf)


def parse_tsv(tsv: str) -> list[Word]:
    words: list[Word] = []
    line_ids: dict[tuple[str, str, str], int] = {}
    for row in csv.DictReader(tsv.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = unicodedata.normalize("NFC", (row.get("text") or "").strip())
        if row.get("level") != "5" or not text:
            continue
        line = line_ids.setdefault((row["block_num"], row["par_num"], row["line_num"]), len(line_ids))
        box = (int(row["left"]), int(row["top"]), int(row["width"]), int(row["height"]))
        words.append(Word(text=text, confidence=max(float(row["conf"]), 0.0), box=box, line=line))
    return words


def version() -> str:
    return str(pytesseract.get_tesseract_version())
