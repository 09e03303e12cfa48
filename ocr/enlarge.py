"""A second read of doubtful words, enlarged, kept word by word where it reads better: on a page the words
of letters that are no real word (`garbled`: a value hand-filled in italics read as "Nưmn" reads "Nam"), on
an ID card also those read unsurely (`doubtful`).

A card's bold capitals and small bilingual labels lose tone marks at the size tesseract reads a page best
(`NGUYỄN` → `NGUYÊN`, `Lâm` → `Lầm`); read larger, other words lose theirs. So each doubtful word (not a
real word, or read unsurely: `doubtful`) is cut out with a little room round it, enlarged to print of
`HEIGHT` px, and all of them read in one tesseract run; a word takes the enlarged read only when that one is
a real word (`ocr.readability`) and this one is not, or is read less surely (a word of letters, an English
label read unsurely, counts against a non-word). Sure words are not read again: that is most of a card.
Nothing is changed without a read that says so; the words keep their boxes and lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np

from core.vntext import is_word
from ocr import preprocess
from ocr._exec import tesseract
from ocr.junk import WORD_FLOOR
from ocr.readability import word_is_valid
from ocr.types import Word

HEIGHT = 36.0  # glyph height (px) of the second read
MIN_STEP = 1.2  # the second read is at least this much larger: a smaller step reads the same
SAME_PLACE = 0.6  # two words are one when their boxes overlap this much (intersection over union)
SURE = 92.0  # a real word read at least this surely is not read again
EDGE = ".,:;!?()\"'"  # punctuation round a word, which does not make it more or less of a word
PAD_X, PAD_Y = 0.3, 0.3  # room cut round a word, in its heights: under a space, over a capital's tone mark


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
    core = other.text.strip(EDGE)
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


def doubtful(word: Word) -> bool:
    """Worth a second look on an ID card: letters that are not a real word, or a real word read unsurely (a
    tone mark may be wrong). Not punctuation: enlarged, a slash reads as a letter."""
    return any(c.isalpha() for c in word.text) and (not word_is_valid(word) or word.confidence < SURE)


def garbled(word: Word) -> bool:
    """Worth a second look on a page: two letters and digits or more, a letter among them, that make no real
    word and were read too unsurely to be kept as they are (`junk.WORD_FLOOR`: "Nưmn", "2o" for "Dao"); not
    a single letter, a mark, a box's sides read as digits, nor a name read surely that no dictionary holds."""
    core = word.text.strip(EDGE)
    return (len(core) >= 2 and core.isalnum() and any(c.isalpha() for c in core) and word.confidence < WORD_FLOOR
            and not word_is_valid(word))


def _crop(gray: np.ndarray, box: tuple[int, int, int, int], scale: float) -> tuple[np.ndarray, tuple[int, int]]:
    """The word with room round it for the marks above a capital, enlarged; and its top-left corner on `gray`."""
    x, y, w, h = box
    pad_x, pad_y = round(PAD_X * h), round(PAD_Y * h)
    x0, y0 = max(0, x - pad_x), max(0, y - pad_y)
    x1, y1 = min(gray.shape[1], x + w + pad_x), min(gray.shape[0], y + h + pad_y)
    crop = cv2.resize(gray[y0:y1, x0:x1], None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return crop, (x0, y0)


def reread(gray: np.ndarray, words: list[Word], *, lang: str, dpi: int, timeout: float, max_pixels: int,
           timings: dict[str, float], pick: Callable[[Word], bool] = doubtful, few: float = 1.0) -> list[Word]:
    """The words of `gray` (the image they were read from), the doubtful ones (`pick`) read again enlarged,
    each cut out on its own (all in one tesseract run: a card's sure words need no second read), and
    replaced where the enlarged read is better. None is read again when more than `few` of the words are
    doubtful."""
    scale = factor(gray, max_pixels)
    picked = [i for i, word in enumerate(words) if pick(word)]
    if scale is None or not picked or len(picked) > few * len(words):
        return words
    crops = [_crop(gray, words[i].box, scale) for i in picked]
    reads = tesseract.recognize_many([image for image, _ in crops], lang=lang, timeout=timeout, psm=7,
                                     dpi=round(dpi * scale))
    timings["tesseract"] = timings.get("tesseract", 0.0) + sum(r.seconds for r in reads)
    out = list(words)
    for i, (_, (x0, y0)), got in zip(picked, crops, reads, strict=True):
        placed = [replace(w, box=(x0 * scale + w.box[0], y0 * scale + w.box[1], w.box[2], w.box[3]))
                  for w in got.words]
        out[i] = merge([words[i]], placed, scale)[0]
    return out
