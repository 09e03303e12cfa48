"""tesseract as a subprocess: one run per page gives the words (TSV) and, when asked, a text-only PDF page
(invisible text, no image) that `ocr.pdf` lays over the original page image."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ocr.errors import OcrError
from ocr.types import Word


@dataclass
class Recognized:
    words: list[Word]
    pdf: bytes | None  # text-only PDF page, same size as the image at `dpi`
    seconds: float  # wall time of the tesseract process


def _run(args: list[str], timeout: float) -> None:
    try:
        # tesseract's OpenMP threads fight each other on small machines; we parallelise across pages instead.
        done = subprocess.run(["tesseract", *args], env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                              capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise OcrError("page_timeout", f"tesseract quá {timeout:g} giây cho một trang",
                       f"tesseract took over {timeout:g} s on one page") from exc
    except FileNotFoundError as exc:
        raise OcrError("ocr_unavailable", "chưa cài tesseract", "tesseract is not installed") from exc
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise OcrError("ocr_failed", "tesseract không đọc được trang", f"tesseract failed: {err[0]}")


def recognize(image: np.ndarray, *, lang: str, timeout: float, psm: int = 6, dpi: int = 300,
              want_pdf: bool = False) -> Recognized:
    """Run tesseract on a grayscale page image."""
    with tempfile.TemporaryDirectory(prefix="sohoa-tess-") as tmp:
        src = Path(tmp) / "page.pgm"  # uncompressed: encoding PNG would cost more than tesseract reading PGM
        cv2.imwrite(str(src), image)
        base = Path(tmp) / "out"
        # tessedit_do_invert=0: forms have no white-on-black text, and the inverted retry of every doubtful
        # line costs time on noisy pages.
        args = [str(src), str(base), "-l", lang, "--psm", str(psm), "--dpi", str(dpi),
                "-c", "tessedit_do_invert=0", "-c", "tessedit_create_tsv=1"]
        if want_pdf:
            args += ["-c", "tessedit_create_pdf=1", "-c", "textonly_pdf=1"]
        start = time.perf_counter()
        _run(args, timeout)
        seconds = time.perf_counter() - start
        words = parse_tsv(base.with_suffix(".tsv").read_text(encoding="utf-8"))
        pdf = base.with_suffix(".pdf").read_bytes() if want_pdf else None
    return Recognized(words=words, pdf=pdf, seconds=seconds)


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


@dataclass(frozen=True)
class Orientation:
    rotate: int  # degrees clockwise that make the page upright (0, 90, 180, 270)
    confidence: float


def detect_orientation(image: np.ndarray, *, timeout: float, dpi: int = 300) -> Orientation | None:
    """tesseract's orientation and script detection (psm 0, the `osd` model); None when it cannot tell."""
    with tempfile.TemporaryDirectory(prefix="sohoa-osd-") as tmp:
        src = Path(tmp) / "page.pgm"
        cv2.imwrite(str(src), image)
        try:
            _run([str(src), str(Path(tmp) / "osd"), "--psm", "0", "--dpi", str(dpi), "-l", "osd"], timeout)
        except OcrError as exc:
            if exc.code == "page_timeout":
                raise
            return None  # too little text to decide
        report = (Path(tmp) / "osd.osd").read_text(encoding="utf-8", errors="replace")
    rotate = re.search(r"Rotate:\s*(\d+)", report)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", report)
    if not rotate or not conf:
        return None
    return Orientation(int(rotate.group(1)) % 360, float(conf.group(1)))
