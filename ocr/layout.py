"""Reading order: tesseract's page layout (psm 3) reads a borderless table column by column; a clerk, the
ground truth and the field extractor read it row by row. Lines of side-by-side blocks that share a
baseline band are merged into one physical row, left to right."""

from __future__ import annotations

import statistics
from dataclasses import replace

from ocr.types import Word

TALL = 3.0  # a line this many times taller than a row is no line of it


def _line_boxes(words: list[Word]) -> dict[int, tuple[float, float, int]]:
    """line id -> (top, bottom, left): the median top and bottom of its words (one tall word, a capital with
    its mark or a speck of the line below, does not stretch the line over its neighbour) and its leftmost
    word's left."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return {line: (statistics.median(w.box[1] for w in ws), statistics.median(w.box[1] + w.box[3] for w in ws),
                   min(w.box[0] for w in ws)) for line, ws in lines.items()}


def rows(words: list[Word], overlap: float = 0.5) -> list[Word]:
    """Words renumbered by physical row (`Word.line`), rows top to bottom, words left to right."""
    if not words:
        return []
    boxes = _line_boxes(words)
    order = sorted(boxes, key=lambda k: (boxes[k][0] + boxes[k][1]) / 2)
    row_of: dict[int, int] = {}
    seeds: list[tuple[float, float]] = []  # [top, bottom] of the first line of each row so far
    for line in order:
        top, bottom, _ = boxes[line]
        if seeds:
            r_top, r_bottom = seeds[-1]
            shared = min(bottom, r_bottom) - max(top, r_top)
            low, high = sorted((bottom - top, r_bottom - r_top))
            # Measured against the row's first line, not all it has taken in, and never a "line" several rows
            # tall (a column of item numbers read as one blob): either would let one row swallow the next.
            if shared >= overlap * low and high <= TALL * max(low, 1):
                row_of[line] = len(seeds) - 1
                continue
        seeds.append((top, bottom))
        row_of[line] = len(seeds) - 1
    # Within a row: whole tesseract lines left to right (keeps each line's own word order).
    ranked = sorted(words, key=lambda w: (row_of[w.line], boxes[w.line][2], w.line))
    return [replace(w, line=row_of[w.line]) for w in ranked]
