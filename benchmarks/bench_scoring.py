"""Scores of one OCR output: word F1 and CER against a reference, dictionary words where there is none.

Word F1 follows the development set's score.py: NFC, lower case, runs of ≥3 dots/underscores/ellipses
removed, tokens of letters, digits and `/.-` that hold a letter or digit, compared as multisets (reading
order does not count). Dictionary words count the output tokens that are valid Vietnamese syllables
(`ocr.fixes.valid`) or, with a word list, English words of two letters or more.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

from ocr.fixes import is_word, valid
from tests.synth.metrics import levenshtein, normalise

_LEAD = re.compile(r"[.…_·]{3,}")
_WORD = re.compile(r"[\w/.-]+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
ENGLISH_LIST = Path("/usr/share/dict/words")


def words(text: str) -> Counter[str]:
    """The bag of words score.py compares."""
    clean = _LEAD.sub(" ", unicodedata.normalize("NFC", text or "")).lower()
    return Counter(w for w in _WORD.findall(clean) if any(c.isalnum() for c in w))


def word_f1(hypothesis: str, reference: str) -> float:
    got, ref = words(hypothesis), words(reference)
    hit = sum((got & ref).values())
    if not hit:
        return 0.0
    precision, recall = hit / sum(got.values()), hit / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def cer_counts(hypothesis: str, reference: str) -> tuple[int, int]:
    """(edits, reference characters) over NFC, whitespace-collapsed text, to pool over many pages."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    return levenshtein(hyp, ref), len(ref)


@cache
def english_words(path: Path = ENGLISH_LIST) -> frozenset[str]:
    """Lower-case English words of two letters or more; empty when the list is not installed."""
    if not path.exists():
        return frozenset()
    entries = path.read_text(encoding="utf-8", errors="replace").split()
    return frozenset(w.lower() for w in entries if len(w) >= 2 and w.isalpha())


def dictionary_words(text: str, english: frozenset[str] = frozenset()) -> int:
    """How many whitespace tokens, edge punctuation stripped, are Vietnamese syllables or English words."""
    count = 0
    for token in unicodedata.normalize("NFC", text or "").split():
        core = _EDGE.sub("", token)
        if is_word(core) and (valid(core) or core.lower() in english):
            count += 1
    return count
