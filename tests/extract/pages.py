"""Build `PageText`s the way the OCR stage does: NFC text, one `Word` per token with its line index."""

from __future__ import annotations

import re

from ocr.types import PageText, Word


def page(text: str, number: int = 1, confidence: float = 90.0,
         low: dict[str, float] | None = None) -> PageText:
    """A page whose words sit where their characters are (10 px per character, 30 px per line).

    `low` gives some words another confidence, to check that fields carry the confidence of their words.
    """
    words = []
    for i, line in enumerate(text.split("\n")):
        for m in re.finditer(r"\S+", line):
            conf = (low or {}).get(m.group(), confidence)
            words.append(Word(m.group(), conf, (m.start() * 10, i * 30, len(m.group()) * 10, 25), i))
    mean = sum(w.confidence for w in words) / len(words) if words else None
    return PageText(number=number, text=text, source="ocr", confidence=mean, words=words,
                    width=1200, height=1700)
