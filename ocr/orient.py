"""Whether a page lies sideways, from its ink: text lines give a sharp row profile and a flat column
profile, so the axis whose best skew angle gives the sharper profile is the text direction. Only a proposal:
`ocr.page` keeps a turn when the turned page reads better.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.preprocess import shrink, skew_and_sharpness

SAMPLE = 40_000  # ink pixels that tell rows from columns (the profile contrast is many times over)


def quarter_turn_needed(gray: np.ndarray) -> bool:
    """True when text lines run vertically (the page was fed sideways)."""
    half, _ = shrink(gray, 0.5) if min(gray.shape[:2]) > 800 else (gray, 1.0)  # rows vs columns: coarse
    _, across = skew_and_sharpness(half, fine=False, sample=SAMPLE)
    _, down = skew_and_sharpness(cv2.rotate(half, cv2.ROTATE_90_CLOCKWISE), fine=False, sample=SAMPLE)
    return down > 1.15 * across
