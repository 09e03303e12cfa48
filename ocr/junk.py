"""Drop what tesseract "read" in signatures, seal remnants, dotted fill lines and specks: low-confidence
tokens that are not Vietnamese syllables, numbers or codes, or that are far taller or flatter than print.
Whole rows go when most of them is such junk, but for their plausible words read surely. Inside a signature
(found by the evidence stage as handwriting above the signer's name) anything implausible or not read with
confidence is a pen stroke, whatever letters it happens to look like."""

from __future__ import annotations

import functools
import re
import statistics

from core.vntext import is_word, valid
from ocr.fixes import labels
from ocr.readability import abbreviation
from ocr.types import Word

_SPLIT = re.compile(r"^([\W_]*)(.*?)([\W_]*)$")
_LEAD = frozenset("(\"'“‘[-–")  # punctuation print puts before a word
_TRAIL = frozenset(".,;:!?)\"'”’]…-–/")  # and after it
_CODE = re.compile(r"^[\w./:@+-]*\d[\w./:@+-]*$")  # numbers, dates, document and ID codes: keep
WORD_FLOOR = 50.0  # below this an implausible token is junk
ROW_FLOOR = 60.0  # a row whose plausible part is small and mean confidence below this is junk ...
SURE_WORD = 70.0  # ... but for its plausible words read at least this surely (a line of print half smudged)
SIGNED_FLOOR = 80.0  # a token mostly inside a signature and read with less confidence is a pen stroke
SPECK_FLOOR = 30.0  # one or two characters read with less confidence than this: a speck or stroke end
LONE_FLOOR = 80.0  # one or two characters alone on a row, no word or number, read less surely: a mark
ACCENTS = frozenset("`^~´ˆ˜¨")  # tone marks of capitals tesseract split off onto a line of their own
TALL = 1.8  # a token this many times taller than the page's median word, below WORD_FLOOR: a stroke
FLAT = 0.4  # one this many times as tall, below WORD_FLOOR: a dotted fill line read as letters and digits


def plausible(text: str) -> bool:
    lead, core, trail = _SPLIT.match(text).groups()  # type: ignore[union-attr]
    if not core:
        return text in {"-", "–", ":", "(", ")", "/", "...", "…"}
    if not (set(lead) <= _LEAD and set(trail) <= _TRAIL):  # "à&", "`»": a stroke read as letter + symbol
        return False
    if _CODE.match(core):
        return True
    if is_word(core):
        return _word(core)
    # A bilingual label read as one token ("tính/Sex", "tịch/Nationality"): each part a word.
    return all(is_word(p) and _word(p) for p in re.split(r"[-/,.]", core) if p)


def _word(core: str) -> bool:
    """A syllable; an abbreviation (UBND, CCCD, HĐND: no vowel); a Latin word of three letters or more (English
    or a foreign name: bilingual cards, passports) or a word of a card's English labels ("of")."""
    latin = core.isascii() and (len(core) >= 3 or core.lower() in _label_words())
    return valid(core) or abbreviation(core, 3) or latin


@functools.cache
def _label_words() -> frozenset[str]:
    return frozenset(word for label in labels() for word in label)


def _inside(box: tuple[int, int, int, int], area: tuple[int, int, int, int]) -> bool:
    """At least half of `box` lies within `area`."""
    x, y, w, h = box
    ax, ay, aw, ah = area
    ix = max(0, min(x + w, ax + aw) - max(x, ax))
    iy = max(0, min(y + h, ay + ah) - max(y, ay))
    return ix * iy >= 0.5 * max(1, w * h)


def drop_junk(words: list[Word], signatures: list[tuple[int, int, int, int]] = ()) -> list[Word]:
    """Words without the junk. `signatures`: boxes of handwritten signatures, in the words' frame."""
    height = statistics.median(w.box[3] for w in words) if words else 0

    def stroke(w: Word) -> bool:
        return (w.confidence < SPECK_FLOOR and len(w.text) <= 2) or set(w.text) <= ACCENTS \
            or (w.confidence < WORD_FLOOR and not FLAT * height <= w.box[3] <= TALL * height) \
            or ((w.confidence < SIGNED_FLOOR or not plausible(w.text)) and any(_inside(w.box, s) for s in signatures))

    rows: dict[int, list[Word]] = {}
    for w in words:
        if not stroke(w):
            rows.setdefault(w.line, []).append(w)
    kept: list[Word] = []
    for row in rows.values():
        good = [plausible(w.text) for w in row]
        chars = sum(len(w.text) for w in row)
        good_chars = sum(len(w.text) for w, g in zip(row, good, strict=True) if g)
        mean = sum(w.confidence for w in row) / len(row)
        if good_chars < 0.5 * chars and mean < ROW_FLOOR:
            kept.extend(w for w, g in zip(row, good, strict=True) if g and w.confidence >= SURE_WORD)
            continue
        if len(row) == 1 and not good[0] and chars <= 2 and row[0].confidence < LONE_FLOOR:
            continue  # a mark or speck alone on its row read as a symbol and a digit ("€9")
        kept.extend(w for w, g in zip(row, good, strict=True) if g or w.confidence >= WORD_FLOOR)
    return kept
