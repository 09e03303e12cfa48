"""Page orientation (0/90/180/270) without OCR in the common case.

Sideways: text lines give a sharp row profile and a flat column profile, so the axis whose best skew
angle gives the sharper profile is the text direction. Upside down: Vietnamese letters carry far more
ink above the x-height band (capitals, ascenders, tone marks, hooks) than below it (descenders and the
dot of nặng), so the ratio of the two flips sign on a turned page. Only when that ratio is ambiguous
does tesseract's OSD decide (it costs about one OCR pass).
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.preprocess import blob_boxes, blob_mask, ink_mask, shrink, skew_and_sharpness

WORK_WIDTH = 1600
UPRIGHT, FLIPPED = 1.25, 0.8  # above/below ink ratio: sure upright, sure upside down
SAMPLE = 40_000  # ink pixels that tell rows from columns (the profile contrast is many times over)


def quarter_turn_needed(gray: np.ndarray) -> bool:
    """True when text lines run vertically (the page was fed sideways)."""
    half, _ = shrink(gray, 0.5) if min(gray.shape[:2]) > 800 else (gray, 1.0)  # rows vs columns: coarse
    _, across = skew_and_sharpness(half, fine=False, sample=SAMPLE)
    _, down = skew_and_sharpness(cv2.rotate(half, cv2.ROTATE_90_CLOCKWISE), fine=False, sample=SAMPLE)
    return down > 1.15 * across


def above_below_ratio(gray: np.ndarray) -> float | None:
    """Ink above the x-height band over ink below it, summed over text lines; None without text."""
    scale = min(1.0, WORK_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    mask = ink_mask(small)
    # Pictures, emblems and QR codes are not letters: glyph-sized blobs only (the others, few, taken out).
    boxes, seeds = blob_boxes(mask)
    if len(boxes) < 29:
        return None
    limit = 3 * np.median(boxes[:, 3])
    other = (boxes[:, 3] > limit) | (boxes[:, 2] > 2 * limit)
    if other.any():
        mask = cv2.subtract(mask, blob_mask(mask, seeds[other]))
    profile = cv2.reduce(mask, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() / 255.0
    rows = profile > max(2.0, 0.01 * small.shape[1] / 10)
    above = below = 0.0
    lines = 0
    edges = np.flatnonzero(np.diff(np.concatenate([[0], rows.view(np.int8), [0]])))
    for top, bottom in zip(edges[::2], edges[1::2], strict=True):
        band = profile[top:bottom]
        if len(band) < 5 or len(band) > 120:
            continue
        core = np.flatnonzero(band >= 0.5 * band.max())
        above += band[: core[0]].sum()
        below += band[core[-1] + 1 :].sum()
        lines += 1
    if lines < 3 or below + above == 0:
        return None
    return float((above + 1) / (below + 1))
