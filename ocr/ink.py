"""Colour page → gray page for OCR, dropping the red ink of official stamps printed over the text.

A seal is multiplied over the toner: black text under it stays dark in every channel while the seal's own
ink is bright in its red channel. So inside a seal the brightest channel reads the text and drops the seal.
Only large red blobs count as seals: red *print* (the title of a CCCD card) is a thin line of text and is
kept as ordinary gray.
"""

from __future__ import annotations

import cv2
import numpy as np

SEAL_MIN_MM = 12.0  # a seal is at least this wide and tall (round seals are 30-42 mm)
WORK_SCALE = 0.25  # seals are found on a quarter-size copy: big shapes, a fraction of the cost


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """Pixels whose red clearly dominates green and blue (255 = red ink)."""
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    return (((r - g) > 45) & ((r - b) > 35)).astype(np.uint8) * 255


def seal_boxes(rgb: np.ndarray, dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h, full-size pixels) of red blobs big enough to be seals."""
    small = cv2.resize(rgb, None, fx=WORK_SCALE, fy=WORK_SCALE, interpolation=cv2.INTER_AREA)
    mask = red_mask(small)
    if not mask.any():
        return []
    px_per_mm = dpi / 25.4 * WORK_SCALE
    k = max(3, int(px_per_mm * 1.5) | 1)  # close the gaps between ring, letters and star
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    boxes = []
    minimum = SEAL_MIN_MM * px_per_mm
    for x, y, w, h, _area in stats[1:n]:
        if w >= minimum and h >= minimum:
            pad = k
            boxes.append(tuple(round(v / WORK_SCALE) for v in (x - pad, y - pad, w + 2 * pad, h + 2 * pad)))
    return boxes


def to_gray(image: np.ndarray, dpi: float) -> tuple[np.ndarray, int]:
    """Gray page for OCR and the number of seals dropped. Gray input is returned as is."""
    if image.ndim == 2:
        return image, 0
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    boxes = seal_boxes(image, dpi)
    h, w = gray.shape
    for x, y, bw, bh in boxes:
        x0, y0, x1, y1 = max(0, x), max(0, y), min(w, x + bw), min(h, y + bh)
        # The brightest channel: red seal ink → near paper white; black toner stays black.
        gray[y0:y1, x0:x1] = image[y0:y1, x0:x1].max(axis=2)
    return gray, len(boxes)
