"""The sheet of paper in a phone photo: its four corners against a darker surround (a desk, a hand), and the
sheet warped flat and level, as a document scanner app shows it. Only a proposal: `ocr.page` reads the
flattened sheet and keeps it when it reads better than the photo as taken."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.preprocess import fit

WORK_SIDE = 800  # corners are found on a copy this size
MIN_AREA, MAX_AREA = 0.25, 0.97  # of the photo: smaller is no page, larger leaves no surround to tell it by
CONTRAST = 40  # paper must be this much brighter (gray levels) than what surrounds it


def corners(gray: np.ndarray) -> np.ndarray | None:
    """The sheet's corners (top-left, top-right, bottom-right, bottom-left; x, y in `gray`'s pixels), or None
    when the photo shows no sheet with four clear edges inside it."""
    small = cv2.GaussianBlur(fit(gray, WORK_SIDE), (5, 5), 0)
    scale = max(gray.shape[:2]) / max(small.shape[:2])
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))  # print inside the sheet
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(sheet) / (small.shape[0] * small.shape[1])
    if not MIN_AREA <= area <= MAX_AREA:
        return None
    quad = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return None
    inside = np.zeros_like(small)
    cv2.drawContours(inside, [quad], -1, 255, -1)
    surround = cv2.erode(255 - inside, np.ones((15, 15), np.uint8)) > 0
    if not surround.any() or np.median(small[inside > 0]) - np.median(small[surround]) < CONTRAST:
        return None
    return _ordered(quad.reshape(4, 2).astype(np.float64) * scale)


def _ordered(points: np.ndarray) -> np.ndarray:
    total, diff = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array([points[total.argmin()], points[diff.argmin()], points[total.argmax()], points[diff.argmax()]])


def flatten(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The sheet warped to a rectangle as large as its longer edges (no resolution lost)."""
    tl, tr, br, bl = quad
    width = round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float64)
    forward = cv2.getPerspectiveTransform(quad.astype(np.float32), target.astype(np.float32))
    return cv2.warpPerspective(image, forward, (width, height), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
