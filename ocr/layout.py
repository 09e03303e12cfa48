"""Reading order: tesseract's page layout (psm 3) reads a borderless table column by column; a clerk, the
ground truth and the field extractor read it row by row. Lines of side-by-side blocks that share a
baseline band are merged into one physical row, left to right."""

from __future__ import annotations

import statistics
from dataclasses import replace

from ocr.types import Word

TALL = 3.0  # a line this many times taller than a row is no line of it
OUTLIER = 1.5  # a word this many times taller than its line's median word does not set the line's extent


def _line_boxes(words: list[Word]) -> dict[int, tuple[float, float, int]]:
    """line id -> (top, bottom, left): the extent of its words but those far taller than its median word (a
    speck of the line below or a rule read along would stretch the line over its neighbour), and its
    leftmost word's left."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    out = {}
    for line, ws in lines.items():
        usual = OUTLIER * statistics.median(w.box[3] for w in ws)
        kept = [w for w in ws if w.box[3] <= usual]
        out[line] = (min(w.box[1] for w in kept), max(w.box[1] + w.box[3] for w in kept), min(w.box[0] for w in ws))
    return out


def rows(words: list[Word], overlap: float = 0.5) -> list[Word]:
    """Words renumbered by physical row (`Word.line`), rows top to bottom, words left to right."""
    if not words:
        return []
    boxes = _line_boxes(words)
    order = sorted(boxes, key=lambda k: (boxes[k][0] + boxes[k][1]) / 2)
    row_of: dict[int, int] = {}
    bands: list[list[float]] = []  # [top, bottom] of each row so far: a slanted row's cells drift down it
    for line in order:
        top, bottom, _ = boxes[line]
        if bands:
            r_top, r_bottom = bands[-1]
            shared = min(bottom, r_bottom) - max(top, r_top)
            low, high = sorted((bottom - top, r_bottom - r_top))
            # Never a "line" several rows tall (a column of item numbers read as one blob): it would join them.
            if shared >= overlap * low and high <= TALL * max(low, 1):
                bands[-1] = [min(top, r_top), max(bottom, r_bottom)]
                row_of[line] = len(bands) - 1
                continue
        bands.append([top, bottom])
        row_of[line] = len(bands) - 1
    # Within a row: whole tesseract lines left to right (keeps each line's own word order).
    ranked = sorted(words, key=lambda w: (row_of[w.line], boxes[w.line][2], w.line))
    return [replace(w, line=row_of[w.line]) for w in ranked]
