"""A second read of an ID card's small print, enlarged, kept word by word where it reads better.

A card's bold capitals and small bilingual labels lose tone marks at the size tesseract reads a page best
(`NGUYỄN` → `NGUYÊN`, `Lâm` → `Lầm`); read larger, other words lose theirs. So the card is read again with
its print at `HEIGHT` px, and each word of the first read takes the second read's word at the same place
only when that one is a real word (`ocr.readability`) and this one is not, or is read less surely (a word
of letters, an English label read unsurely, counts against a non-word).
Nothing is changed without a read that says so; the words keep their boxes and lines.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from core.vntext import is_word
from ocr import preprocess
from ocr._exec import tesseract
from ocr.readability import word_is_valid
from ocr.types import Word

HEIGHT = 36.0  # glyph height (px) of the second read
MIN_STEP = 1.2  # the second read is at least this much larger: a smaller step reads the same
SAME_PLACE = 0.6  # two words are one when their boxes overlap this much (intersection over union)


def factor(gray: np.ndarray, max_pixels: int) -> float | None:
    """How much larger the second read is; None when the print is already large or the page would be too
    big."""
    height = preprocess.text_height(gray)
    if height is None or height >= HEIGHT:
        return None
    scale = max(MIN_STEP, HEIGHT / height)
    return scale if gray.size * scale * scale <= max_pixels else None


def _iou(box: tuple[int, int, int, int], boxes: np.ndarray) -> np.ndarray:
    x, y, w, h = box
    ix = np.clip(np.minimum(x + w, boxes[:, 0] + boxes[:, 2]) - np.maximum(x, boxes[:, 0]), 0, None)
    iy = np.clip(np.minimum(y + h, boxes[:, 1] + boxes[:, 3]) - np.maximum(y, boxes[:, 1]), 0, None)
    inter = ix * iy
    return inter / np.maximum(w * h + boxes[:, 2] * boxes[:, 3] - inter, 1e-9)


def _better(other: Word, word: Word) -> bool:
    """A real word where this is none, or read more surely; a word of letters (an English label read
    unsurely) read more surely than a non-word. Never punctuation or a mix for a word."""
    if word_is_valid(other):
        return not word_is_valid(word) or other.confidence > word.confidence
    core = other.text.strip(".,:;!?()\"'")
    return is_word(core) and not word_is_valid(word) and other.confidence > word.confidence


def merge(words: list[Word], larger: list[Word], scale: float) -> list[Word]:
    """`words`, each replaced by the word of `larger` (boxes `scale` times theirs) at its place when that
    reads better."""
    if not words or not larger:
        return words
    boxes = np.array([w.box for w in larger], np.float64) / scale
    out = []
    for word in words:
        overlap = _iou(word.box, boxes)
        best = int(overlap.argmax())
        other = larger[best]
        if overlap[best] > SAME_PLACE and _better(other, word):
            word = replace(word, text=other.text, confidence=other.confidence)
        out.append(word)
    return out


def reread(gray: np.ndarray, words: list[Word], *, lang: str, dpi: int, timeout: float, max_pixels: int,
           timings: dict[str, float]) -> list[Word]:
    """The words of `gray` (the image they were read from), with the enlarged read's words where they read
    better."""
    scale = factor(gray, max_pixels)
    if scale is None or not words:
        return words
    big = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    got = tesseract.recognize(big, lang=lang, timeout=timeout, psm=3, dpi=round(dpi * scale))
    timings["tesseract"] = timings.get("tesseract", 0.0) + got.seconds
    return merge(words, got.words, scale)
