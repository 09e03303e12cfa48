"""How well a read reads: the letters of a page that form real words (Vietnamese syllables, Latin words read
with confidence, numbers and codes), and the confidence they were read with.

This is the evidence every decision about a page image rests on: a turn, a clean-up or a binarization is
kept only when the page reads better with it, and a page that reads badly is reported, not returned empty.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ocr.fixes import VOWELS, is_word, valid
from ocr.types import Word

_CORE = re.compile(r"^[\W_]*(.*?)[\W_]*$")
_NUMBER = re.compile(r"^[\d./:,+-]*\d[\d./:,+-]*$")  # dates, IDs, document numbers
_CODE = re.compile(r"^(?=.*\d)(?=.*[A-ZĐ])[A-ZĐ\d./:-]{2,}$")  # 123/QĐ-UBND, CT01, 15A: capitals and digits
LATIN_FLOOR = 80.0  # a Latin word that is no Vietnamese syllable counts when read this surely (English, names)

GOOD_SHARE, GOOD_CONFIDENCE, GOOD_CHARS = 0.75, 70.0, 6  # a read that needs no second try (a name crop is short)
POOR_SHARE, POOR_CONFIDENCE = 0.45, 50.0  # below either: the page could not be read


def _base(text: str) -> str:
    """The letters without tone marks and hooks (đ stays)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def abbreviation(core: str, shortest: int) -> bool:
    """Capitals without a vowel, tone marks aside: UBND, CCCD, HĐND (never "ÒH", a misread "HO")."""
    return core.isupper() and len(core) >= shortest and not set(_base(core.lower())) & VOWELS


def _valid_core(core: str, confidence: float) -> bool:
    if _NUMBER.match(core) or _CODE.match(core):
        return True
    if is_word(core):
        if valid(core):
            return True
        if abbreviation(core, 2):
            return True
        return confidence >= LATIN_FLOOR and core.isascii() and len(core) >= 2
    parts = [p for p in re.split(r"[-/,.]", core) if p]
    return len(parts) > 1 and all(_valid_core(p, confidence) for p in parts)


def word_is_valid(word: Word) -> bool:
    core = _CORE.match(word.text).group(1)  # type: ignore[union-attr]
    return bool(core) and _valid_core(core, word.confidence)


@dataclass(frozen=True)
class Readability:
    chars: int  # letters and digits read
    valid_chars: int  # of them in valid words
    confidence: float  # mean word confidence, 0..100 (0 without words)
    score: float  # valid characters weighted by their words' confidence: which of two reads reads more

    @property
    def valid_share(self) -> float:
        return self.valid_chars / self.chars if self.chars else 0.0

    @property
    def good(self) -> bool:
        """Reads well enough that no other turn or clean-up is worth trying."""
        return (self.valid_chars >= GOOD_CHARS and self.valid_share >= GOOD_SHARE
                and self.confidence >= GOOD_CONFIDENCE)

    @property
    def poor(self) -> bool:
        """Too little of it is real words, or read too unsurely, to be taken as the page's text."""
        return self.valid_share < POOR_SHARE or self.confidence < POOR_CONFIDENCE


def measure(words: list[Word]) -> Readability:
    chars = valid_chars = 0
    score = 0.0
    for word in words:
        n = sum(ch.isalnum() for ch in word.text)
        chars += n
        if n and word_is_valid(word):
            valid_chars += n
            score += n * word.confidence / 100
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    return Readability(chars, valid_chars, round(confidence, 2), round(score, 2))


def reads_as_text(text: str) -> bool:
    """A PDF text layer that is text: printable letters of the Latin script (not byte-swapped UTF-16, which
    comes out as CJK or private-use characters) forming mostly real words."""
    text = unicodedata.normalize("NFC", text)
    shown = [ch for ch in text if not ch.isspace()]
    if not shown:
        return False
    latin = sum(ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") or unicodedata.category(ch)[0] in "PNS"
                for ch in shown)
    if latin < 0.9 * len(shown) or sum(ch.isalnum() for ch in shown) < 0.5 * len(shown):
        return False
    words = [Word(t, 100.0, (0, 0, 0, 0), 0) for t in text.split()]
    return measure(words).valid_share >= 0.5
