"""Character error rate over NFC, whitespace-collapsed text."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import numpy as np


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def levenshtein(a: str, b: str) -> int:
    """Edit distance, one numpy row per character of `a` (O(len(a)) python steps, ~20 ms for 2k x 2k)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    codes_b = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    prev = np.arange(len(b) + 1, dtype=np.int32)
    for i, ch in enumerate(a, 1):
        # substitution / deletion are vectorised; insertion (left neighbour) needs a running minimum
        sub = prev[:-1] + (codes_b != ord(ch))
        cur = np.empty_like(prev)
        cur[0] = i
        cur[1:] = np.minimum(sub, prev[1:] + 1)
        # cur[j] = min(cur[j], cur[j-1] + 1)  ==  min over k<=j of (cur[k] + j - k)
        idx = np.arange(len(cur), dtype=np.int32)
        cur = np.minimum.accumulate(cur - idx) + idx
        prev = cur
    return int(prev[-1])


def cer(hypothesis: str, reference: str) -> float:
    """Edits needed to turn the OCR output into the ground truth, per ground-truth character."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return levenshtein(hyp, ref) / len(ref)


def word_recall(hypothesis: str, reference: str) -> float:
    """Share of reference words (as a multiset) found in the OCR output: blind to reading order, so it
    separates recognition errors from column/block ordering (tables, card layouts, stamps)."""
    ref = normalise(reference).split()
    if not ref:
        return 1.0
    pool = Counter(normalise(hypothesis).split())
    hit = 0
    for word in ref:
        if pool[word]:
            pool[word] -= 1
            hit += 1
    return hit / len(ref)
