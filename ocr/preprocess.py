"""Page clean-up with OpenCV before tesseract: deskew, then binarize without eating diacritics."""

from __future__ import annotations

import cv2
import numpy as np

WORK_WIDTH = 1200  # skew is estimated on a downscaled copy: same angle, a fraction of the cost


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """255 where there is ink (Otsu on the page)."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def skew_and_sharpness(gray: np.ndarray, max_angle: float = 8.0, fine: bool = True) -> tuple[float, float]:
    """Angle in degrees (counter-clockwise positive) that makes text lines horizontal, and how sharp the
    row profile is at that angle (comparable between two orientations of the same page).

    Projection profile on the coordinates of ink pixels: rows of a level page give the sharpest
    histogram. Coarse-to-fine search keeps it to a few milliseconds.
    """
    scale = min(1.0, WORK_WIDTH / max(gray.shape[:2]))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    ys, xs = np.nonzero(ink_mask(small))
    if len(xs) < 50:
        return 0.0, 0.0
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
    for step, span in ((0.5, max_angle), (0.1, 0.5), (0.02, 0.1))[: 3 if fine else 1]:
        candidates = np.arange(best - span, best + span + step / 2, step)
        best = float(max(candidates, key=sharpness))
    return round(best, 2), sharpness(best) / len(xs)


def estimate_skew(gray: np.ndarray, max_angle: float = 8.0) -> float:
    """Angle in degrees (counter-clockwise positive) that makes text lines horizontal."""
    return skew_and_sharpness(gray, max_angle)[0]


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate counter-clockwise by `angle` degrees, keeping the whole page, padding with white."""
    return rotate_with_matrix(gray, angle)[0]


def rotate_with_matrix(gray: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """As `rotate`, also returning the 3×3 matrix taking input pixels to output pixels."""
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out = cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_CUBIC, borderValue=255)
    return out, np.vstack([m, [0, 0, 1]])


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


def binarize_sauvola(gray: np.ndarray, window: int = 0, k: float = 0.2) -> np.ndarray:
    """Sauvola local threshold (mean and deviation over a window): the fallback when Otsu reads nothing,
    e.g. a dark photo or a page with a shadow. Box filters keep it to a few tens of milliseconds."""
    window = window or max(15, (min(gray.shape[:2]) // 60) | 1)
    g = gray.astype(np.float32)
    mean = cv2.boxFilter(g, -1, (window, window))
    sq = cv2.boxFilter(g * g, -1, (window, window))
    std = np.sqrt(np.maximum(sq - mean * mean, 0))
    threshold = mean * (1 + k * (std / 128 - 1))
    return np.where(g > threshold, 255, 0).astype(np.uint8)


def text_height(gray: np.ndarray) -> float | None:
    """Median height in pixels of glyph-sized ink blobs: what resolution normalisation aims at."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n < 30:
        return None
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    glyph = (h >= 4) & (h <= 300) & (w <= 3 * h) & (w >= 2)
    return float(np.median(h[glyph])) if glyph.sum() >= 30 else None


def flatten_background(gray: np.ndarray) -> np.ndarray:
    """Divide by the paper's own brightness (a max filter over a coarse copy): uneven phone lighting and
    grey paper become white, while the gray edges of glyphs, which tesseract's LSTM reads, are kept."""
    scale = 0.125
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7)))
    paper = cv2.GaussianBlur(paper, (0, 0), 2)
    paper = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(paper, 1), scale=255)



def erase_frames(gray: np.ndarray) -> np.ndarray:
    """White out ink blobs spanning half the page: the dark rim of the paper in a photo, scanner-lid
    shadows, table grids. They carry no text and confuse layout analysis, skew and orientation.
    Found on a coarse copy (they are huge), erased at full size."""
    scale = min(1.0, 1000 / max(gray.shape[:2]))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink_mask(small), connectivity=8)
    h, w = small.shape[:2]
    big = (stats[:, cv2.CC_STAT_WIDTH] > 0.5 * w) | (stats[:, cv2.CC_STAT_HEIGHT] > 0.5 * h)
    big[0] = False
    if not big.any():
        return gray
    mask = cv2.dilate(big[labels].astype(np.uint8), np.ones((3, 3), np.uint8))
    if scale < 1:
        mask = cv2.resize(mask, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    out = gray.copy()
    out[mask > 0] = 255
    return out
