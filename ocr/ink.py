"""Colour page → gray page for OCR, dropping the red ink of official stamps printed over the text.

A seal is multiplied over the toner: black text under it stays dark in every channel while the seal's own
ink is bright in its red channel. So inside a seal the brightest channel reads the text and drops the seal.
Only large red blobs count as seals: red *print* (the title of a CCCD card) is a thin line of text and is
kept as ordinary gray.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

SEAL_MIN_MM = 12.0  # a seal is at least this wide and tall (round seals are 30-42 mm)
WORK_SCALE = 0.25  # seals are found on a quarter-size copy: big shapes, a fraction of the cost
ROUND_MM = (20.0, 60.0)  # diameter of an official round seal (con dấu); the CCCD's 13 mm emblem is not one


@dataclass(frozen=True)
class Seal:
    box: tuple[int, int, int, int]  # x, y, w, h in full-size pixels, padded to cover the whole blob
    extent: tuple[int, int, int, int]  # the blob itself, unpadded
    round: bool  # the size and shape of an official round seal (not a red emblem, logo or banner)


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """Pixels whose red clearly dominates green and blue (255 = red ink)."""
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    return (((r - g) > 45) & ((r - b) > 35)).astype(np.uint8) * 255


def seals(rgb: np.ndarray, dpi: float) -> list[Seal]:
    """Red blobs big enough to be seals, and whether each has a round seal's size and shape."""
    small = cv2.resize(rgb, None, fx=WORK_SCALE, fy=WORK_SCALE, interpolation=cv2.INTER_AREA)
    raw = red_mask(small)
    if not raw.any():
        return []
    px_per_mm = dpi / 25.4 * WORK_SCALE
    k = max(3, int(px_per_mm * 1.5) | 1)  # close the gaps between ring, letters and star
    mask = cv2.morphologyEx(raw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    minimum = SEAL_MIN_MM * px_per_mm
    for i, (x, y, w, h, _area) in enumerate(stats[1:n], 1):
        if w < minimum or h < minimum:
            continue
        # Ring, letters and star leave most of the disc unpainted; a printed emblem or logo is solid.
        painted = np.count_nonzero(raw[y : y + h, x : x + w][labels[y : y + h, x : x + w] == i])
        fill = painted / (np.pi / 4 * w * h)
        size_mm = (w / px_per_mm, h / px_per_mm)
        is_round = (0.75 < w / h < 1.33 and ROUND_MM[0] <= min(size_mm) and max(size_mm) <= ROUND_MM[1]
                    and fill < 0.75)
        box = tuple(round(v / WORK_SCALE) for v in (x - k, y - k, w + 2 * k, h + 2 * k))
        extent = tuple(round(v / WORK_SCALE) for v in (x, y, w, h))
        out.append(Seal(box, extent, is_round))  # type: ignore[arg-type]
    return out


def seal_boxes(rgb: np.ndarray, dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h, full-size pixels) of red blobs big enough to be seals."""
    return [s.box for s in seals(rgb, dpi)]


def drop_seals(image: np.ndarray, dpi: float) -> tuple[np.ndarray, list[Seal]]:
    """Gray page for OCR with the seals' red ink dropped, and the seals. Gray input is returned as is."""
    if image.ndim == 2:
        return image, []
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    found = seals(image, dpi)
    h, w = gray.shape
    for seal in found:
        x, y, bw, bh = seal.box
        x0, y0, x1, y1 = max(0, x), max(0, y), min(w, x + bw), min(h, y + bh)
        # The brightest channel: red seal ink → near paper white; black toner stays black.
        gray[y0:y1, x0:x1] = image[y0:y1, x0:x1].max(axis=2)
    return gray, found


def to_gray(image: np.ndarray, dpi: float) -> tuple[np.ndarray, int]:
    """Gray page for OCR and the number of seals dropped. Gray input is returned as is."""
    gray, found = drop_seals(image, dpi)
    return gray, len(found)
