"""The two-column table of the marriage form: each row's bên nữ and bên nam cells.

With word boxes the cells are cut where the row's words cross the column line of the "Bên nữ | Bên nam"
header, at the widest gap; without boxes, on `|`, tabs or wide spaces, and failing those the row is split by
what it holds (two dates, two ID numbers, two names each starting with a surname).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from core.vntext import SURNAMES, fold, fold_keep_length
from extract.dates import find_numeric
from extract.ids import find_number
from extract.layout import PageView, Placed


@dataclass(frozen=True)
class Header:
    first_x: float  # left edge of the first value column's heading
    second_x: float  # left edge of the second one
    women_first: bool  # "Bên nữ" is the left column (the usual layout)
    boundary: float = 0.0  # a little before midway between the headings' centres: where the right column
    # begins when headings are centred over equal columns (less its padding)


def _centre(view: PageView, start: int, end: int) -> float | None:
    boxes = [w.box for w in view.words if start <= w.start and w.end <= end]
    return (min(b[0] for b in boxes) + max(b[0] + b[2] for b in boxes)) / 2 if boxes else None


def find_header(view: PageView) -> Header | None:
    folded = fold_keep_length(view.text)
    for s, e in view.lines:
        line = folded[s:e]
        nu, nam = line.find("ben nu"), line.find("ben nam")
        if nu < 0 or nam < 0:
            continue
        first, second = sorted((s + nu, s + nam))
        starts = {w.start: w.box for w in view.words}
        if first in starts and second in starts:
            centres = [_centre(view, x, x + 7) for x in (first, second)]
            boundary = 0.6 * centres[0] + 0.4 * centres[1] if None not in centres else 0.0
            return Header(starts[first][0], starts[second][0], nu < nam, boundary)
        return Header(0.0, 0.0, nu < nam)  # order known, positions not
    return None


def _split_words(words: list[Placed], header: Header,
                 seams: frozenset[int] = frozenset()) -> tuple[list[Placed], list[Placed]]:
    """Left and right cell words of one printed line of a row; `seams`: starts of words cut out of a glued
    pair (see `_unglue`), which had no gap before them."""
    words = sorted(words, key=lambda w: w.box[0])
    line = header.second_x - 0.25 * (header.second_x - header.first_x)  # right cells start past this ...
    if header.boundary:  # ... or past the middle of the headings, which may be centred over their columns
        line = min(line, header.boundary)
    if words[0].box[0] >= line:
        return [], words
    gaps = [(words[i].box[0] - (words[i - 1].box[0] + words[i - 1].box[2]), i) for i in range(1, len(words))]
    crossing = [(g, i) for g, i in gaps if words[i].box[0] >= line]
    others = [g for g, i in gaps if (g, i) not in crossing]
    height = statistics.median(w.box[3] for w in words)
    others = others or [0.3 * height]  # one word per cell: a space
    if crossing:
        gap, i = max(crossing)
        if gap >= 1.8 * max(statistics.median(others), 1):
            return words[:i], words[i:]
    # A left cell wrapped right up to the column line leaves only a narrow gap, yet wider than the line's
    # usual space; the right cell still starts where its column does, under the header's "Bên nam".
    space = statistics.median(g for g, _ in gaps) if gaps else 0
    aligned = [(g, i) for g, i in crossing
               if abs(words[i].box[0] - header.second_x) <= 0.8 * height
               and (g >= 1.2 * max(space, 1) or words[i].start in seams)]
    if aligned:
        return words[: aligned[0][1]], words[aligned[0][1] :]
    return words, []


def _spans(words: list[Placed]) -> tuple[int, int] | None:
    return (words[0].start, words[-1].end) if words else None


def _unglue(view: PageView, words: list[Placed], header: Header) -> tuple[list[Placed], frozenset[int]]:
    """OCR sometimes reads the last word of a left cell and the first of the right one as one word across the
    column line ("MỹSố", "TỉnhPhường"); a lowercase letter followed by a capital inside a word marks the seam,
    which no Vietnamese syllable has. Such a word is cut there, its box in proportion to its letters; the
    starts of the second pieces come back too."""
    out, cuts = [], set()
    for w in words:
        x, y, width, height = w.box
        text = view.text[w.start : w.end]
        seams = [i for i in range(1, len(text)) if text[i - 1].islower() and text[i].isupper()]
        if x < header.second_x < x + width and len(seams) == 1:
            i = seams[0]
            cut = round(width * i / len(text))
            out += [Placed(w.start, w.start + i, w.confidence, (x, y, cut, height)),
                    Placed(w.start + i, w.end, w.confidence, (x + cut, y, width - cut, height))]
            cuts.add(w.start + i)
        else:
            out.append(w)
    return out, frozenset(cuts)


def cells_by_boxes(view: PageView, segs: list[tuple[int, int]],
                   header: Header) -> list[list[tuple[int, int]]]:
    """Per column, the text spans (one per printed line) of a row whose lines are `segs`."""
    left: list[tuple[int, int]] = []
    right: list[tuple[int, int]] = []
    for s, e in segs:
        words, seams = _unglue(view, view.words_in(s, e), header)
        if not words:
            continue
        a, b = _split_words(words, header, seams)
        for side, part in ((left, a), (right, b)):
            span = _spans(part)
            if span:
                side.append(span)
    return [left, right]


def cells_by_text(text: str, start: int, end: int, kind: str) -> list[tuple[int, int]]:
    """Two cell spans of a one-line row read without boxes; [] when the row cannot be split."""
    chunk = text[start:end]
    parts = [m.span() for m in re.finditer(r"[^|\t]+?(?=\s*(?:\||\t| {3,}|$))", chunk)
             if chunk[m.start() : m.end()].strip(" :|-")]
    if len(parts) == 2:
        return [(start + a, start + b) for a, b in parts]
    cut = None
    if kind == "date":
        found = find_numeric(chunk)
        cut = found[1].start if len(found) == 2 else None
    elif kind == "id":
        first = find_number(chunk)
        cut = first[2] if first and find_number(chunk[first[2] :]) else None
    elif kind == "name":
        words = list(re.finditer(r"\S+", chunk))
        cands = [i for i in range(2, len(words) - 1) if fold(words[i].group()) in SURNAMES]
        if cands:  # the surname that halves the row most evenly
            i = min(cands, key=lambda i: (abs(2 * i - len(words)), -i))
            cut = words[i].start()
    if cut is None:
        return []
    return [(start, start + cut), (start + cut, end)]
