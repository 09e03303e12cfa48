"""A page as text whose characters map back to OCR words (for confidences and column positions).

With word boxes, the text is rebuilt from them: OCR lines that sit side by side on one visual row (tesseract
splits table cells and two-column headers into separate blocks) are put back on one row, and a wide gap
between words becomes three spaces, so cells stay apart. Without boxes the page text is used as is and words
are aligned to it by line index and order. The national motto is blanked out (same length): never a field.
"""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass, field

from core.vntext import fold_keep_length, nfc
from ocr.types import PageText, Word

Box = tuple[int, int, int, int]
CELL_GAP = "   "
_MOTTO = re.compile(
    r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam|doc\s+lap\s*[-–—]?\s*tu\s+do\s*[-–—]?\s*hanh\s+phuc"
    r"|socialist\s+republic\s+of\s+viet\s*nam|independence\s*[-–—]?\s*freedom\s*[-–—]?\s*happiness"
)


@dataclass(frozen=True)
class Placed:
    start: int  # character span in the view text
    end: int
    confidence: float
    box: Box
    alternatives: tuple[str, ...] = ()  # the word's other readings (ocr.digits' second read disagreed)
    confirmed: bool = False  # a second read gave the same digits


@dataclass
class PageView:
    number: int
    text: str
    lines: list[tuple[int, int]]  # start, end of every line
    words: list[Placed] = field(default_factory=list)

    def line_of(self, pos: int) -> int:
        return max(bisect.bisect_right(self.lines, (pos, len(self.text) + 1)) - 1, 0)

    def line_text(self, i: int) -> str:
        s, e = self.lines[i]
        return self.text[s:e]

    def words_in(self, start: int, end: int) -> list[Placed]:
        return [w for w in self.words if start <= w.start and w.end <= end]

    def confidences(self, spans: list[tuple[int, int]]) -> tuple[float | None, float | None]:
        """Mean and lowest confidence of the OCR words under `spans`; None when no word is known there."""
        confs = [w.confidence for w in self.words for a, b in spans if w.start < b and a < w.end]
        return (round(sum(confs) / len(confs), 2), round(min(confs), 2)) if confs else (None, None)

    def confirmed(self, spans: list[tuple[int, int]]) -> bool:
        """Whether every word bearing digits under `spans` was confirmed by a second read (and there is one)."""
        numbers = [w for w in self.words for a, b in spans
                   if w.start < b and a < w.end and any(c.isdigit() for c in self.text[w.start : w.end])]
        return bool(numbers) and all(w.confirmed for w in numbers)

    def readings(self, spans: list[tuple[int, int]]) -> list[str]:
        """The text under `spans` (joined by spaces) as read otherwise: once per other reading of a word that
        lies wholly inside them."""
        plain = [self.text[s:e] for s, e in spans]
        out = []
        for w in self.words:
            for alt in w.alternatives:
                parts = [self.text[s:e] if not s <= w.start < w.end <= e
                         else self.text[s : w.start] + nfc(alt).strip() + self.text[w.end : e] for s, e in spans]
                if parts != plain:
                    out.append(" ".join(parts))
        return out


def _rows(words: list[Word]) -> list[list[Word]]:
    """OCR lines merged into visual rows: same height band (its words' median top and bottom: one tall word
    does not stretch a line over the next), no horizontal overlap."""
    frags: dict[int, list[Word]] = {}
    for w in words:
        frags.setdefault(w.line, []).append(w)
    pieces = []
    for ws in frags.values():
        ws.sort(key=lambda w: w.box[0])
        top, bottom = statistics.median(w.box[1] for w in ws), statistics.median(w.box[1] + w.box[3] for w in ws)
        pieces.append((top, bottom, ws[0].box[0], max(w.box[0] + w.box[2] for w in ws), ws))
    pieces.sort(key=lambda p: (p[0] + p[1]) / 2)
    rows: list[list[tuple[float, float, int, int, list[Word]]]] = []
    for piece in pieces:
        top, bottom, left, right, _ = piece
        if rows:
            last = rows[-1][-1]
            overlap = min(bottom, last[1]) - max(top, last[0])
            side_by_side = all(right <= p[2] or left >= p[3] for p in rows[-1])
            if overlap >= 0.5 * min(bottom - top, last[1] - last[0]) and side_by_side:
                rows[-1].append(piece)
                continue
        rows.append([piece])
    return [[w for p in sorted(row, key=lambda p: p[2]) for w in p[4]] for row in rows]


def _from_words(number: int, words: list[Word]) -> PageView:
    height = statistics.median(w.box[3] for w in words)
    parts: list[str] = []
    placed: list[Placed] = []
    pos = 0
    for r, row in enumerate(_rows(words)):
        if r:
            parts.append("\n")
            pos += 1
        for i, w in enumerate(row):
            if i:
                prev = row[i - 1]
                sep = CELL_GAP if w.box[0] - (prev.box[0] + prev.box[2]) > 0.8 * height else " "
                parts.append(sep)
                pos += len(sep)
            text = nfc(w.text).strip()
            parts.append(text)
            placed.append(Placed(pos, pos + len(text), w.confidence, w.box, w.alternatives, w.confirmed))
            pos += len(text)
    return _finish(number, "".join(parts), placed)


def _from_text(page: PageText) -> PageView:
    text = nfc(page.text)
    view = _finish(page.number, text, [])
    cursor = {i: s for i, (s, _) in enumerate(view.lines)}
    for w in page.words:  # words without usable boxes: find them in their line, in order
        wt = nfc(w.text).strip()
        if not wt or not 0 <= w.line < len(view.lines):
            continue
        at = text.find(wt, cursor[w.line], view.lines[w.line][1])
        if at >= 0:
            view.words.append(Placed(at, at + len(wt), w.confidence, w.box, w.alternatives, w.confirmed))
            cursor[w.line] = at + len(wt)
    return view


def _finish(number: int, text: str, placed: list[Placed]) -> PageView:
    for m in _MOTTO.finditer(fold_keep_length(text)):
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    return PageView(number, text, lines, placed)


def view(page: PageText) -> PageView:
    words = [w for w in page.words if w.text.strip()]
    if words and all(w.box[2] > 0 and w.box[3] > 0 for w in words):
        return _from_words(page.number, words)
    return _from_text(page)
