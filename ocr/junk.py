"""Drop what tesseract "read" in signatures, seal remnants and specks: low-confidence tokens that are not
Vietnamese syllables, numbers or codes. Whole rows go when most of them is such junk."""

from __future__ import annotations

import re

from ocr.postcorrect import VOWELS, is_word, valid
from ocr.types import Word

_CORE = re.compile(r"^[\W_]*(.*?)[\W_]*$")
_CODE = re.compile(r"^[\w./:@+-]*\d[\w./:@+-]*$")  # numbers, dates, document and ID codes: keep
WORD_FLOOR = 50.0  # below this an implausible token is junk
ROW_FLOOR = 60.0  # a row whose plausible part is small and mean confidence below this is junk


def plausible(text: str) -> bool:
    core = _CORE.match(text).group(1)  # type: ignore[union-attr]
    if not core:
        return text in {"-", "–", ":", "(", ")", "/", "...", "…"}
    if _CODE.match(core):
        return True
    if is_word(core):
        # Abbreviations (UBND, CCCD, HĐND) have no vowel; anything else must be a syllable.
        return valid(core) or (core.isupper() and len(core) >= 3 and not set(core.lower()) & VOWELS)
    return all(is_word(p) and valid(p) for p in re.split(r"[-/,.]", core) if p)


def drop_junk(words: list[Word]) -> list[Word]:
    rows: dict[int, list[Word]] = {}
    for w in words:
        rows.setdefault(w.line, []).append(w)
    kept: list[Word] = []
    for row in rows.values():
        good = [plausible(w.text) for w in row]
        chars = sum(len(w.text) for w in row)
        good_chars = sum(len(w.text) for w, g in zip(row, good, strict=True) if g)
        mean = sum(w.confidence for w in row) / len(row)
        if good_chars < 0.5 * chars and mean < ROW_FLOOR:
            continue
        kept.extend(w for w, g in zip(row, good, strict=True) if g or w.confidence >= WORD_FLOOR)
    return kept
