"""Page clean-up with OpenCV before tesseract: deskew, then binarize without eating diacritics."""

from __future__ import annotations

import cv2
import numpy as np

WORK_WIDTH = 1200  # skew is estimated on a downscaled copy: same angle, a fraction of the cost


def estimate_skew(gray: np.ndarray, max_angle: float = 8.0) -> float:
    """Angle in degrees (counter-clockwise positive) that makes text lines horizontal.

    Projection profile on the coordinates of ink pixels: rows of a level page give the sharpest
    histogram. Coarse-to-fine search keeps it to a few milliseconds.
    """
    scale = min(1.0, WORK_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ys, xs = np.nonzero(ink)
    if len(xs) < 50:
        return 0.0
    rng = np.random.default_rng(0)
    if len(xs) > 200_000:  # a uniform sample is as sharp and much faster
        pick = rng.choice(len(xs), 200_000, replace=False)
        xs, ys = xs[pick], ys[pick]
    # Sub-pixel jitter: without it, angle 0 keeps whole pixel rows and always wins on a tilted page.
    xs = xs + rng.random(len(xs)) - small.shape[1] / 2
    ys = ys + rng.random(len(ys)) - small.shape[0] / 2

    def sharpness(angle: float) -> float:
        t = np.deg2rad(angle)
        rows = np.round(ys * np.cos(t) + xs * np.sin(t)).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.square(counts, dtype=np.float64).sum())

    best = 0.0
    for step, span in ((0.5, max_angle), (0.1, 0.5), (0.02, 0.1)):
        candidates = np.arange(best - span, best + span + step / 2, step)
        best = float(max(candidates, key=sharpness))
    return round(best, 2)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate counter-clockwise by `angle` degrees, keeping the whole page, padding with white."""
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_CUBIC, borderValue=255)


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    angle = estimate_skew(gray)
    if abs(angle) < 0.05:
        return gray, 0.0
    # Text tilted by +a sits at angle -a in the profile search, so rotating by -estimate levels it.
    return rotate(gray, -angle), angle


def binarize(gray: np.ndarray) -> np.ndarray:
    """Light denoise, then Otsu. Median 3×3 keeps dots and hooks of diacritics that bigger kernels erase."""
    smooth = cv2.medianBlur(gray, 3)
    _, binary = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def binarize_adaptive(gray: np.ndarray) -> np.ndarray:
    """Fallback for uneven light (phone photos), where one global threshold loses half the page."""
    block = max(31, (min(gray.shape[:2]) // 40) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 15)
