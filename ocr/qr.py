"""QR codes on a page (the chip CCCD prints one at its top right): find finder patterns, decode around them.

OpenCV's detector on a whole 300-dpi page costs ~100 ms and fails on small codes scanned at 200 dpi, so
a cheap contour pass first looks for the three nested squares of QR finder patterns; pages without any
(nearly every A4 form) stop there. Around a cluster of finders the crop goes to ZXing (zxing-cpp: a few
milliseconds, and it reads blurred and low-resolution codes OpenCV misses); OpenCV's decoder, with the crop
scaled so that one module is about 6 px and retried at other scales, is the fallback.
"""

from __future__ import annotations

import unicodedata

import cv2
import numpy as np
import zxingcpp

from ocr.preprocess import ink_mask

MODULE_PX = (6.0, 8.0, 4.5)  # module sizes tried in turn (each failure costs ~20 ms on a card's crop)
MIN_FINDER_PX = 8  # a finder is 7 modules; below ~1.2 px per module nothing decodes anyway
MAX_CODES = 4


def finders(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes of finder-pattern-like blobs: a dark square holding a light ring holding a dark core."""
    contours, hierarchy = cv2.findContours(ink_mask(gray), cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    tree = hierarchy[0]
    out = []
    for i, contour in enumerate(contours):
        child = tree[i][2]
        core = tree[child][2] if child >= 0 else -1
        if core < 0:
            continue
        x, y, w, h = cv2.boundingRect(contour)
        if w < MIN_FINDER_PX or h < MIN_FINDER_PX or not 0.7 < w / h < 1.4:
            continue
        cw = cv2.boundingRect(contours[core])[2]
        if 0.25 < cw / w < 0.6:  # core is 3 of 7 modules
            out.append((x, y, w, h))
    return out


def _clusters(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int, float]]:
    """Groups of >= 2 finders of similar size lying within a code's width of each other:
    (x0, y0, x1, y1, finder size)."""
    out = []
    used: set[int] = set()
    for i, (x, y, w, _) in enumerate(boxes):
        if i in used:
            continue
        group = [j for j, (x2, y2, w2, _) in enumerate(boxes)
                 if j not in used and 0.6 < w2 / w < 1.6 and abs(x2 - x) < 8 * w and abs(y2 - y) < 8 * w]
        if len(group) < 2:
            continue
        used.update(group)
        xs = [boxes[j][0] for j in group] + [boxes[j][0] + boxes[j][2] for j in group]
        ys = [boxes[j][1] for j in group] + [boxes[j][1] + boxes[j][3] for j in group]
        out.append((min(xs), min(ys), max(xs), max(ys), float(np.median([boxes[j][2] for j in group]))))
    return out


def _decode(crop: np.ndarray, finder: float) -> str | None:
    for result in zxingcpp.read_barcodes(np.ascontiguousarray(crop), formats=zxingcpp.BarcodeFormat.QRCode):
        if result.valid and result.text:
            return result.text
    detector = cv2.QRCodeDetector()
    module = finder / 7
    for target in MODULE_PX:
        f = target / module
        scaled = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA)
        text, _, _ = detector.detectAndDecode(scaled)
        if text:
            return text
    text, _, _ = cv2.QRCodeDetectorAruco().detectAndDecode(crop)
    return text or None


def decode(image: np.ndarray) -> list[str]:
    """Payloads (NFC) of the QR codes on an upright page, RGB or gray."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    found: list[str] = []
    for x0, y0, x1, y1, finder in _clusters(finders(gray))[:MAX_CODES]:
        pad = int(2 * finder)  # quiet zone, and the fourth corner the finders do not mark
        crop = gray[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad]
        text = _decode(crop, finder)
        if text:
            text = unicodedata.normalize("NFC", text)
            if text not in found:
                found.append(text)
    return found
