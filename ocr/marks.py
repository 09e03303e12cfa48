"""Marks OCR does not read but a clerk looks for: the official round stamp (con dấu) and signatures.

Stamps on colour pages are the round red seals `ocr.ink` already drops from the text. On gray scans a seal
is a dark ring: Hough circles on a 50-dpi copy propose centres, and only a circle whose rim is inked almost
all the way round is kept (text lines cross a circle in places, never along it).

A signature is an ink stroke region no OCR word covers, of a signature's size, open like handwriting (not a
filled blob, photo or QR code), with printed text (the signer's name) just below it. Everything is found
in the frame of the page's word boxes (the deskewed, rescaled gray image tesseract read).
"""

from __future__ import annotations

import math
import statistics

import cv2
import numpy as np

from ocr.junk import plausible
from ocr.preprocess import shrink
from ocr.types import Mark, Word

RING_DPI = 50.0
RING_RADIUS_MM = (10.0, 28.0)
RING_COVERAGE = 0.85  # share of the rim that must be inked
SIGN_DPI = 100.0
SIGN_MM = ((12.0, 110.0), (4.0, 45.0))  # width and height range of a signature
SEALED_MIN_MM = 6.0  # width of a signature's part that shows beside a seal
SIGN_FILL = 0.35  # ink share of its box: strokes, not a solid shape
NAME_BELOW_MM = 30.0  # the signer's printed name sits within this distance under the signature
INK_CONTRAST = 55  # gray levels below the paper that count as ink (a blurred ballpoint line is pale)
_ANGLES = np.linspace(0, 2 * np.pi, 180, endpoint=False)


def _coverage(ink: np.ndarray, x: np.ndarray, y: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Share of each circle's rim (centres x, y, radii r: equal-shape arrays) that is inked, ±1 px."""
    hits = np.zeros((*np.shape(r), len(_ANGLES)), bool)
    cos, sin = np.cos(_ANGLES), np.sin(_ANGLES)
    for d in (-1, 0, 1):
        rr = (np.asarray(r) + d)[..., None]
        xs = np.clip(np.round(np.asarray(x)[..., None] + rr * cos).astype(int), 0, ink.shape[1] - 1)
        ys = np.clip(np.round(np.asarray(y)[..., None] + rr * sin).astype(int), 0, ink.shape[0] - 1)
        hits |= ink[ys, xs] > 0
    return hits.mean(axis=-1)


def _seal_circle(ink: np.ndarray, x0: float, y0: float, r0: float) -> tuple[float, float, float, float] | None:
    """(x, y, r, coverage) of the seal at a Hough candidate, or None when no rim is inked all round.

    The candidate must hold up within a pixel or two; then the seal's extent is the largest well-inked
    circle about that centre, since Hough's strongest circle may be the lettering or the inner rim."""
    near = np.arange(-1, 2)
    dx, dy, dr = np.meshgrid(near, near, np.arange(-2, 3), indexing="ij")
    cov = _coverage(ink, x0 + dx, y0 + dy, r0 + dr)
    i = np.unravel_index(np.argmax(cov), cov.shape)
    if cov[i] < RING_COVERAGE:
        return None
    x, y, r = x0 + dx[i], y0 + dy[i], r0 + dr[i]
    wide = np.arange(-2, 3)
    dx, dy, rr = np.meshgrid(wide, wide, np.arange(r, 1.45 * r, 1.0), indexing="ij")
    cov = _coverage(ink, x + dx, y + dy, rr)
    j = np.unravel_index(np.argmax(np.where(cov >= RING_COVERAGE, rr, -1)), rr.shape)
    return float(x + dx[j]), float(y + dy[j]), float(rr[j]), float(cov[j])


def ring_stamps(gray: np.ndarray, dpi: float) -> list[Mark]:
    """Round stamps on a gray page: circles of a seal's size with an inked rim and an open inside."""
    small, f = shrink(gray, RING_DPI / dpi)
    px_mm = dpi * f / 25.4
    # OpenCV's newer gradient method: a tenth of the classic one's time on a page of print. Its circles are
    # only proposals (a loose perfectness): the inked-rim check below decides.
    circles = cv2.HoughCircles(cv2.GaussianBlur(small, (3, 3), 0), cv2.HOUGH_GRADIENT_ALT, dp=1.5,
                               minDist=int(20 * px_mm), param1=300, param2=0.5,
                               minRadius=int(RING_RADIUS_MM[0] * px_mm), maxRadius=int(RING_RADIUS_MM[1] * px_mm))
    if circles is None:
        return []
    ink = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 10)
    ink = cv2.dilate(ink, np.ones((2, 2), np.uint8))
    disc = np.zeros_like(ink)
    out: list[Mark] = []
    for x0, y0, r0 in circles[0]:
        found = _seal_circle(ink, x0, y0, r0)
        if found is None:
            continue
        x, y, r, score = found
        if r > RING_RADIUS_MM[1] * px_mm:
            continue
        disc[:] = 0
        cv2.circle(disc, (round(x), round(y)), max(1, round(0.85 * r)), 255, -1)
        if np.count_nonzero(ink[disc > 0]) > 0.6 * np.count_nonzero(disc):  # a solid disc, not a seal
            continue
        box = tuple(round(v / f) for v in (x - r, y - r, 2 * r, 2 * r))
        if any(abs(m.box[0] - box[0]) < box[2] / 2 and abs(m.box[1] - box[1]) < box[3] / 2 for m in out):
            continue
        out.append(Mark("stamp", box, round(score, 2), "ring"))  # type: ignore[arg-type]
    return out


def _text_words(words: list[Word]) -> list[Word]:
    """Words that are print: confident, plausible (a syllable, number or code: not the letters tesseract
    makes of a pen stroke), and not the tall box of a signature tesseract tried to read."""
    if not words:
        return []
    height = statistics.median(w.box[3] for w in words)
    return [w for w in words if w.confidence >= 50 and w.box[3] <= 2.5 * height
            and (w.confidence >= 90 or (plausible(w.text) and (w.confidence >= 80 or len(w.text) >= 3)))]


def signatures(gray: np.ndarray, dpi: float, words: list[Word], stamps: list[Mark]) -> list[Mark]:
    """Signature-like stroke regions next to printed text, outside every OCR word."""
    # Threshold first, then shrink: a 0.2 mm pen line averaged into 0.25 mm pixels would turn pale gray.
    paper = float(np.median(gray[::8, ::8]))
    # 255 where gray < paper - INK_CONTRAST, i.e. gray <= ceil(...) - 1 (one OpenCV pass over the page).
    _, full = cv2.threshold(gray, math.ceil(paper - INK_CONTRAST) - 1, 255, cv2.THRESH_BINARY_INV)
    small, f = shrink(full, SIGN_DPI / dpi)
    ink = (small > 40).astype(np.uint8) * 255
    printed = _text_words(words)
    for w in printed:
        x, y, bw, bh = (round(v * f) for v in w.box)
        ink[max(0, y - 1) : y + bh + 1, max(0, x - 1) : x + bw + 1] = 0
    for s in stamps:  # a seal left on a gray page: its rim, lettering and star are not handwriting
        x, y, d = (v * f for v in s.box[:3])
        c, r = (round(x + d / 2), round(y + d / 2)), d / 2
        cv2.circle(ink, c, round(0.84 * r), 0, max(1, round(0.48 * r)))  # rims and lettering: 0.6r..1.08r
        cv2.circle(ink, c, round(0.33 * r), 0, -1)  # the star or emblem
    # Pen strokes come out of a scan in pieces: group what lies within ~1.5 mm, measure the ink itself.
    pad = 3
    groups = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * pad + 1, 2 * pad + 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(groups, connectivity=8)
    inked = np.bincount(labels[ink > 0], minlength=n)
    px_mm = dpi * f / 25.4
    (w_lo, w_hi), (h_lo, h_hi) = SIGN_MM
    # Seals' boxes in this copy, grown by a quarter radius: the rim mask cuts a signature short there.
    seals = [(x - d / 8, y - d / 8, d * 1.25, d * 1.25) for x, y, d in ((v * f for v in s.box[:3]) for s in stamps)]
    out: list[Mark] = []
    for (x, y, w, h, _), area in zip(stats[1:n], inked[1:], strict=True):
        x, y, w, h = x + pad, y + pad, w - 2 * pad, h - 2 * pad
        # Under a seal only part of a signature shows (the seal covers its left third by custom).
        sealed = any(x < sx + sw and sx < x + w and y < sy + sh and sy < y + h for sx, sy, sw, sh in seals)
        if not ((SEALED_MIN_MM if sealed else w_lo) * px_mm <= w <= w_hi * px_mm
                and h_lo * px_mm <= h <= h_hi * px_mm) or area > SIGN_FILL * w * h:
            continue
        # The signer's printed name: a word under the stroke region's middle, at most NAME_BELOW_MM lower.
        top, bottom = (y + h / 2) / f, (y + h + NAME_BELOW_MM * px_mm) / f
        left, right = x / f, (x + w) / f
        if any(top <= wd.box[1] <= bottom and wd.box[0] < right and wd.box[0] + wd.box[2] > left
               for wd in printed):
            box = tuple(round(v / f) for v in (x, y, w, h))
            out.append(Mark("signature", box, 1.0, "stroke"))  # type: ignore[arg-type]
    return out
