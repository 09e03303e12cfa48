"""Reading order: tesseract's page layout (psm 3) reads a borderless table column by column; a clerk, the
ground truth and the field extractor read it row by row. Lines of side-by-side blocks that share a
baseline band are merged into one physical row, left to right."""

from __future__ import annotations

from dataclasses import replace

from ocr.types import Word

TALL = 3.0  # a line this many times taller than a row is no line of it


def _line_boxes(words: list[Word]) -> dict[int, tuple[int, int, int]]:
    """line id -> (top, bottom, left) over its words."""
    boxes: dict[int, tuple[int, int, int]] = {}
    for w in words:
        left, top, _, height = w.box
        if w.line in boxes:
            t, b, lft = boxes[w.line]
            boxes[w.line] = (min(t, top), max(b, top + height), min(lft, left))
        else:
            boxes[w.line] = (top, top + height, left)
    return boxes


def rows(words: list[Word], overlap: float = 0.5) -> list[Word]:
    """Words renumbered by physical row (`Word.line`), rows top to bottom, words left to right."""
    if not words:
        return []
    boxes = _line_boxes(words)
    order = sorted(boxes, key=lambda k: (boxes[k][0] + boxes[k][1]) / 2)
    row_of: dict[int, int] = {}
    bands: list[list[float]] = []  # [top, bottom] of each row so far
    for line in order:
        top, bottom, _ = boxes[line]
        if bands:
            r_top, r_bottom = bands[-1]
            shared = min(bottom, r_bottom) - max(top, r_top)
            low, high = sorted((bottom - top, r_bottom - r_top))
            # Not a "line" several rows tall (a column of item numbers read as one blob): it would join them all.
            if shared >= overlap * low and high <= TALL * max(low, 1):
                bands[-1] = [min(top, r_top), max(bottom, r_bottom)]
                row_of[line] = len(bands) - 1
                continue
        bands.append([top, bottom])
        row_of[line] = len(bands) - 1
    # Within a row: whole tesseract lines left to right (keeps each line's own word order).
    ranked = sorted(words, key=lambda w: (row_of[w.line], boxes[w.line][2], w.line))
    return [replace(w, line=row_of[w.line]) for w in ranked]
