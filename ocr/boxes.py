"""Numbers written one digit per box, as the CT01 form asks for the personal ID number.

tesseract's page read takes a row of boxes for a table or a drawing and leaves its digits out, or reads the
boxes' sides as ones. A row of boxes is a wide, short blob of ink whose sides stand at even steps, about a
box's height apart. Its cells are cut out inside their sides, top and bottom, each made black on white,
and set side by side with white between them; that strip is read as one line, digits only, by the `eng`
model, in the same tesseract run as `ocr.digits` reads a page's long numbers. The number becomes one word
at the row's place, in place of whatever the page read made of it, only when every filled cell gave one
digit and the filled cells come first: otherwise the page read stands.
"""

from __future__ import annotations

from itertools import pairwise
from typing import NamedTuple

import cv2
import numpy as np

from ocr.preprocess import blob_boxes, ink_mask
from ocr.types import Word

MIN_BOXES = 6  # fewer boxes in a row are a table's cells, not a number
SIDE = 0.7  # a box's side is ink down this share of the row's height
STEP = (0.5, 1.5)  # boxes are about as wide as tall: their sides stand this many row heights apart ...
EVEN = 0.25  # ... each step within this share of the median step
MIN_HEIGHT = 12  # px: a row of boxes lower than this holds no digit tesseract can read
FILLED = 0.02  # share of a cell's pixels in ink above which something is written in it


class BoxRow(NamedTuple):
    box: tuple[int, int, int, int]  # x, y, w, h of the row's blob
    grid: np.ndarray  # the blob's own pixels (True), in the box's frame
    sides: list[tuple[int, int]]  # first and last column of each side, in the box's frame


def find(gray: np.ndarray) -> list[BoxRow]:
    """The rows of adjoining boxes on a page: blobs of a row's shape (`blob_boxes`, cheap on a whole page),
    then the blob itself, the largest in its box, told from the digits inside it."""
    ink = ink_mask(gray)
    found, _ = blob_boxes(ink)
    out = []
    for x, y, w, h in found.tolist():
        if h < MIN_HEIGHT or not MIN_BOXES * STEP[0] * h <= w <= 25 * h:
            continue
        n, labels, stats, _ = cv2.connectedComponentsWithStats(ink[y : y + h, x : x + w], connectivity=8)
        if n < 2:
            continue
        grid = labels == 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
        full = np.r_[0, (grid.sum(axis=0) >= SIDE * h).astype(np.int8), 0]
        edges = np.flatnonzero(np.diff(full))
        sides = list(zip(edges[::2].tolist(), (edges[1::2] - 1).tolist(), strict=True))
        centres = np.array([(a + b) / 2 for a, b in sides])
        if len(sides) <= MIN_BOXES:
            continue
        steps = np.diff(centres)
        step = float(np.median(steps))
        if STEP[0] * h <= step <= STEP[1] * h and np.abs(steps - step).max() <= EVEN * step:
            out.append(BoxRow((int(x), int(y), int(w), int(h)), grid, sides))
    return out


def cells(gray: np.ndarray, row: BoxRow) -> list[np.ndarray | None]:
    """Each cell inside its sides, top and bottom (found per cell: a scan's skew tilts the row), black on
    white; None for an empty cell."""
    x, y, _, h = row.box
    out: list[np.ndarray | None] = []
    for (_, left), (right, _) in pairwise(row.sides):
        x0, x1 = left + 2, right - 1
        if x1 - x0 < 4:
            return []
        lines = np.flatnonzero(row.grid[:, x0:x1].sum(axis=1) >= 0.6 * (x1 - x0))
        top = max((r for r in lines if r < h / 2), default=-1) + 3
        bottom = min((r for r in lines if r >= h / 2), default=h) - 2
        if bottom - top < 4:
            return []
        cut = gray[y + top : y + bottom, x + x0 : x + x1].copy()
        cut[row.grid[top:bottom, x0:x1]] = 255  # what is left of the grid inside the cell
        _, cut = cv2.threshold(cut, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        ink = float((cut == 0).mean())
        out.append(cut if FILLED < ink < 0.5 else None)  # a cell half ink is shading, not a digit
    return out


def strip(filled: list[np.ndarray], height: int) -> np.ndarray:
    """The cells side by side, a third of the row's height of white between them, on a white border."""
    gap = np.full((height, max(4, height // 3)), 255, np.uint8)
    parts: list[np.ndarray] = []
    for cut in filled:
        pad = height - cut.shape[0]
        parts += [cv2.copyMakeBorder(cut, pad // 2, pad - pad // 2, 0, 0, cv2.BORDER_CONSTANT, value=255), gap]
    return cv2.copyMakeBorder(np.hstack(parts[:-1]), 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=255)


class Pending(NamedTuple):
    """A filled row of boxes waiting for its read: the row, its filled cells, the strip to read."""

    row: BoxRow
    count: int
    strip: np.ndarray


def pending(gray: np.ndarray) -> list[Pending]:
    """The rows of boxes on `gray` filled from the first box on, each with the strip of its cells to read."""
    out = []
    for row in find(gray):
        got = cells(gray, row)
        filled = [c for c in got if c is not None]
        if filled and all(c is not None for c in got[: len(filled)]):
            out.append(Pending(row, len(filled), strip(filled, row.box[3])))
    return out


def placed(words: list[Word], rows: list[Pending], reads: list[tuple[str, float]]) -> list[Word]:
    """`words` with each row's number, where its read gave one digit a filled cell, in place of whatever the
    page read made of the row (as a line of its own: the caller puts it in reading order)."""
    out = list(words)
    line = max((w.line for w in words), default=-1)
    for found, (number, confidence) in zip(rows, reads, strict=True):
        if len(number) != found.count:
            continue
        x, y, w, h = found.row.box
        out = [v for v in out if not (x <= v.box[0] + v.box[2] / 2 <= x + w and y <= v.box[1] + v.box[3] / 2 <= y + h)]
        line += 1
        out.append(Word(number, confidence, found.row.box, line))
    return out
