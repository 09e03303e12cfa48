"""A second, independent read of long numbers (ID card, phone numbers).

On clean 300 dpi print tesseract's page read (`vie`, the whole page) misreads a digit of a 12-digit ID now and
then at word confidence 93-95 — a 3 read as 5 —, so a form's ID differs from the card's. Each word that is a
number of at least `MIN_DIGITS` digits is cut out of the image tesseract read and read again alone, as one
line, digits only, by the `eng` model (another model, no page context). When the two reads agree the word
stays as it is, marked `confirmed`. When they disagree the word keeps the more confident read as its text,
the other among its `alternatives`, and the lower of the two confidences: extraction treats a number that
matches either reading as consistent, and nothing is changed without a read that says so.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace

import cv2
import numpy as np

from ocr._exec import tesseract
from ocr.errors import OcrError
from ocr.types import Word

MIN_DIGITS = 9  # CMND 9, phone 10, CCCD 12; dates (8) and shorter numbers are left alone
LANG = "eng"
WHITELIST = "0123456789"
LINE_TIMEOUT = 30.0  # seconds for a page's numbers, far above their usual tens of milliseconds
_NUMBER = re.compile(r"[^\w]*\d[\d.,\-/]*[^\w]*")  # digits and separators only, no letters (no "Số:0123…")


def candidates(words: list[Word]) -> list[int]:
    """Indexes of the words worth a second read."""
    return [
        i for i, w in enumerate(words) if _NUMBER.fullmatch(w.text) and sum(c.isdigit() for c in w.text) >= MIN_DIGITS
    ]


def crop(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """The word with half its height of margin (its own page pixels), on a white border the model expects."""
    x, y, w, h = box
    pad = max(h // 2, 2)
    cut = image[max(y - pad, 0) : y + h + pad, max(x - pad, 0) : x + w + pad]
    return cv2.copyMakeBorder(cut, 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=255)


def with_digits(text: str, digits: str) -> str:
    """`text` with its digits replaced by `digits`: separators kept when the count is the same, else the run
    from the first to the last digit replaced whole."""
    if sum(c.isdigit() for c in text) == len(digits):
        it = iter(digits)
        return "".join(next(it) if c.isdigit() else c for c in text)
    first = next(i for i, c in enumerate(text) if c.isdigit())
    last = max(i for i, c in enumerate(text) if c.isdigit())
    return text[:first] + digits + text[last + 1 :]


def merge(word: Word, digits: str, confidence: float) -> Word:
    """The word after a second read of `digits` at `confidence` (see the module's docstring)."""
    own = "".join(c for c in word.text if c.isdigit())
    if len(digits) < MIN_DIGITS:
        return word  # the second read lost the number: nothing to add
    if digits == own:
        return replace(word, confirmed=True)
    second = with_digits(word.text, digits)
    text, other = (second, word.text) if confidence > word.confidence else (word.text, second)
    return replace(
        word, text=text, confidence=min(word.confidence, confidence), alternatives=(*word.alternatives, other)
    )


def picked(words: list[Word]) -> list[int]:
    """Indexes of the words read a second time: long numbers, never a box far wider than tall (no one
    printed number)."""
    return [i for i in candidates(words) if words[i].box[3] > 0 and 0 < words[i].box[2] <= 40 * words[i].box[3]]


def read(images: list[np.ndarray], *, dpi: int,
         timings: dict[str, float] | None = None) -> list[tuple[str, float]] | None:
    """Each image of one number read as one line, digits only, by the `eng` model, all in one tesseract run
    (`timings["tesseract"]` grows by its time, the page's own tesseract time as for the page read); None
    without the model, when the page read stands alone."""
    start = time.perf_counter()
    try:
        reads = tesseract.read_lines(images, lang=LANG, whitelist=WHITELIST, dpi=dpi, timeout=LINE_TIMEOUT)
    except OcrError:
        return None
    if timings is not None:
        timings["tesseract"] = timings.get("tesseract", 0.0) + time.perf_counter() - start
    return reads


def merged(words: list[Word], picked: list[int], reads: list[tuple[str, float]]) -> list[Word]:
    """`words` with each picked one merged with its second read (`merge`)."""
    out = list(words)
    for i, (text, confidence) in zip(picked, reads, strict=True):
        out[i] = merge(words[i], text, confidence)
    return out
