"""Page clean-up with OpenCV before tesseract: deskew, then binarize without eating diacritics."""

from __future__ import annotations

import cv2
import numpy as np

WORK_WIDTH = 1200  # skew is estimated on a downscaled copy: same angle, a fraction of the cost


def fit(gray: np.ndarray, side: int) -> np.ndarray:
    """Scaled down (area averaging) so its longer side is at most `side` pixels."""
    scale = side / max(gray.shape[:2])
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray


def percentiles(gray: np.ndarray, *qs: float) -> list[float]:
    """Percentiles of an 8-bit image from its histogram: a 256-bin count, not np.percentile's sort of
    millions of pixels."""
    cumulative = np.cumsum(cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel())
    return [float(np.searchsorted(cumulative, q / 100 * cumulative[-1])) for q in qs]


def shrink(image: np.ndarray, scale: float) -> tuple[np.ndarray, float]:
    """About `scale` times the size, by a whole divisor (the scale actually used is returned): OpenCV's
    area averaging over whole blocks is 5-10x faster than over fractional ones, and measures made on a
    coarse copy (skew, seals, frames) do not need the exact scale."""
    k = max(1, int(1 / scale + 0.5)) if scale > 0 else 1
    if k == 1:
        return image, 1.0
    return cv2.resize(image, None, fx=1 / k, fy=1 / k, interpolation=cv2.INTER_AREA), 1 / k


def blob_boxes(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bounding boxes (x, y, w, h) of the 8-connected blobs of a 0/255 mask, and one pixel (x, y) of each:
    the boxes connectedComponentsWithStats gives, read off the blobs' outer contours (its per-pixel
    statistics cost 4-10× as much on a page of text)."""
    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return np.zeros((0, 4), np.int32), np.zeros((0, 2), np.int32)
    outer = [c for c, link in zip(contours, hierarchy[0], strict=True) if link[3] < 0]  # holes have a parent
    sizes = np.fromiter(map(len, outer), np.intp, len(outer))
    points = np.concatenate(outer).reshape(-1, 2)
    starts = np.cumsum(sizes) - sizes
    lo, hi = np.minimum.reduceat(points, starts), np.maximum.reduceat(points, starts)
    return np.hstack([lo, hi - lo + 1]), points[starts]


def blob_mask(mask: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """255 on the blobs of `mask` holding the pixels `seeds` (x, y), 0 elsewhere."""
    _, labels = cv2.connectedComponents(mask, connectivity=8)
    keep = np.zeros(int(labels.max()) + 1, np.uint8)
    keep[labels[seeds[:, 1], seeds[:, 0]]] = 255
    return keep[labels]


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """255 where there is ink (Otsu on the page)."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def skew_and_sharpness(gray: np.ndarray, max_angle: float = 8.0, fine: bool = True,
                       sample: int = 200_000) -> tuple[float, float]:
    """Angle in degrees (counter-clockwise positive) that makes text lines horizontal, and how sharp the
    row profile is at that angle (comparable between two orientations of the same page).

    Projection profile on the coordinates of ink pixels: rows of a level page give the sharpest
    histogram. Coarse-to-fine search keeps it to a few milliseconds. `sample`: ink pixels used at most (a
    coarse comparison of two orientations needs far fewer than a fifth-of-a-degree angle).
    """
    small, _ = shrink(gray, min(1.0, WORK_WIDTH / max(gray.shape[:2])))
    points = cv2.findNonZero(ink_mask(small))  # (n, 1, 2) x, y; several times faster than np.nonzero
    if points is None or len(points) < 50:
        return 0.0, 0.0
    points = points.reshape(-1, 2)
    if len(points) > sample:  # an evenly spread sample is as sharp and much faster
        points = points[:: -(-len(points) // sample)]
    rng = np.random.default_rng(0)
    # Sub-pixel jitter: without it, angle 0 keeps whole pixel rows and always wins on a tilted page.
    xs = points[:, 0] + rng.random(len(points)) - small.shape[1] / 2
    ys = points[:, 1] + rng.random(len(points)) - small.shape[0] / 2
    # The coarse sweep over the whole range only has to land within half a degree: a quarter of the points.
    coarse = max(1, len(xs) // 50_000)
    # Rows are shifted by a constant that keeps them >= 0 at any angle (empty bins add nothing to the sum).
    offset = float(np.ceil(np.abs(xs).max() + np.abs(ys).max())) + 1
    samples = {1: (xs, ys), coarse: (np.ascontiguousarray(xs[::coarse]), np.ascontiguousarray(ys[::coarse]))}
    buffers = {every: (np.empty_like(x), np.empty_like(x)) for every, (x, _) in samples.items()}

    def sharpness(angle: float, every: int = 1) -> float:
        t = np.deg2rad(angle)
        (x, y), (rows, across) = samples[every], buffers[every]
        np.multiply(y, np.cos(t), out=rows)
        rows += np.multiply(x, np.sin(t), out=across)
        rows += offset
        counts = np.bincount(np.round(rows, out=rows).astype(np.intp))
        return float(np.square(counts, dtype=np.float64).sum())

    best = 0.0
    for step, span, every in ((0.5, max_angle, coarse), (0.1, 0.5, 1), (0.02, 0.1, 1))[: 3 if fine else 1]:
        candidates = np.arange(best - span, best + span + step / 2, step)
        best = float(max(candidates, key=lambda a, e=every: sharpness(a, e)))
    return round(best, 2), sharpness(best) / len(xs)


def estimate_skew(gray: np.ndarray, max_angle: float = 8.0) -> float:
    """Angle in degrees (counter-clockwise positive) that makes text lines horizontal."""
    return skew_and_sharpness(gray, max_angle)[0]


def text_skew(gray: np.ndarray) -> float:
    """`estimate_skew` of the page's glyph-sized blobs alone: on a photo the hand holding a card, its photo and
    the desk are ink too, and their edges can outweigh the text lines (a card tilted 8° measured level). All
    the ink when too few blobs look like glyphs."""
    small, scale = shrink(gray, min(1.0, WORK_WIDTH / max(gray.shape[:2])))
    ink = ink_mask(small)
    boxes, seeds = blob_boxes(ink)
    glyph, height = glyph_like(boxes, scale), boxes[:, 3]
    if glyph.sum() >= 30:  # of the print's own size: not a tone mark's dot, nor a photo's edge
        median = float(np.median(height[glyph]))
        glyph &= (height >= 0.5 * median) & (height <= 2.5 * median)
    if glyph.sum() < 30:
        return estimate_skew(gray)
    return estimate_skew(cv2.bitwise_not(blob_mask(ink, seeds[glyph])))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate counter-clockwise by `angle` degrees, keeping the whole page, padding with white."""
    return rotate_with_matrix(gray, angle)[0]


def rotate_with_matrix(gray: np.ndarray, angle: float, flags: int = cv2.INTER_CUBIC) -> tuple[np.ndarray, np.ndarray]:
    """As `rotate`, also returning the 3×3 matrix taking input pixels to output pixels."""
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out = cv2.warpAffine(gray, m, (nw, nh), flags=flags, borderValue=255)
    return out, np.vstack([m, [0, 0, 1]])


def deskew(gray: np.ndarray, flags: int = cv2.INTER_CUBIC) -> tuple[np.ndarray, float]:
    angle = estimate_skew(gray)
    if abs(angle) < 0.05:
        return gray, 0.0
    # Text tilted by +a sits at angle -a in the profile search, so rotating by -estimate levels it.
    return rotate_with_matrix(gray, -angle, flags)[0], angle


def binarize(gray: np.ndarray) -> np.ndarray:
    """Light denoise, then Otsu. Median 3×3 keeps dots and hooks of diacritics that bigger kernels erase."""
    smooth = cv2.medianBlur(gray, 3)
    _, binary = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def binarize_sauvola(gray: np.ndarray, window: int = 0, k: float = 0.2) -> np.ndarray:
    """Sauvola local threshold (mean and deviation over a window): a read of a dark photo or a page with a
    shadow. The threshold map is smooth, so it is computed on a quarter-size copy and scaled up."""
    window = window or max(15, (min(gray.shape[:2]) // 60) | 1)
    small, scale = shrink(gray, 0.25) if min(gray.shape[:2]) >= 1200 else (gray, 1.0)
    side = max(3, round(window * scale) | 1)
    g = small.astype(np.float32)
    mean = cv2.boxFilter(g, -1, (side, side))
    std = cv2.sqrt(cv2.max(cv2.boxFilter(g * g, -1, (side, side)) - mean * mean, 0))
    threshold = np.clip(mean * (1 + k * (std / 128 - 1)), 0, 255).astype(np.uint8)
    if scale != 1.0:  # bytes at full size, not floats: a 36-Mpx page stays at two 36-MB planes
        threshold = cv2.resize(threshold, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.compare(gray, threshold, cv2.CMP_GT)


BAR = 5  # a blob this many times taller than wide is a bar or a rule when twice the print's median height
ROW_RUN = 12  # blobs of one height side by side on one line: a fill line's dots, or letters of one size


def text_height(gray: np.ndarray) -> float | None:
    """Median height in pixels of glyph-sized ink blobs: what resolution normalisation aims at. A large
    page is measured at half size (glyphs of 20-30 px are still 10-15 px there): a quarter of the work."""
    if min(gray.shape[:2]) >= 2000:
        half, _ = shrink(gray, 0.5)
        height = _text_height(half, scale=0.5)
        return None if height is None else 2 * height
    return _text_height(gray)


def glyph_like(boxes: np.ndarray, scale: float = 1.0, tallest: float = 300.0) -> np.ndarray:
    """Which blob boxes (x, y, w, h) have a glyph's size and shape: a tone mark up to `tallest` px high, at
    most three times as wide as high (sizes in full-size pixels, the boxes measured at `scale`)."""
    w, h = boxes[:, 2], boxes[:, 3]
    return (h >= 4 * scale) & (h <= tallest * scale) & (w <= 3 * h) & (w >= 2 * scale)


def _text_height(gray: np.ndarray, scale: float = 1.0) -> float | None:
    boxes, _ = blob_boxes(ink_mask(gray))
    if len(boxes) < 29:
        return None
    w, h = boxes[:, 2], boxes[:, 3]
    # Size limits in full-size pixels: at half size a tone mark is 2 px, and still counts.
    glyph = glyph_like(boxes, scale)
    thin = glyph & (h >= BAR * w)
    if (glyph & ~thin).sum() >= 30:  # a barcode's bars or a table's rules are no tall print
        glyph &= ~(thin & (h > 2 * np.median(h[glyph & ~thin])))
    if glyph.sum() < 30:
        return None
    # Dotted leaders and a phone's speckle are blobs too, and on a hand-filled form or a noisy photo they
    # outnumber the letters: the median is taken over blobs at least 40 % of the tall glyphs' height. On a
    # nearly blank form the leaders' dots are even most of the tallest blobs: those are told without them.
    heights, rows = h[glyph], _in_rows(boxes[glyph])
    tall = np.percentile(heights, 90)
    if not rows.all():
        tall = max(tall, np.percentile(heights[~rows], 90))
    letters = heights[heights >= 0.4 * tall]
    return float(np.median(letters)) if len(letters) >= 30 else None


def _in_rows(boxes: np.ndarray) -> np.ndarray:
    """Blobs of one height on one centre line with `ROW_RUN` - 1 others: the dots or dashes of a fill line
    (a line of letters has them too, and is told apart by their height)."""
    centre = (2 * boxes[:, 1] + boxes[:, 3]) // 4  # the centre line in steps of 2 px: scans jitter by one
    _, index, counts = np.unique(np.stack([centre, boxes[:, 3]], axis=1), axis=0, return_inverse=True,
                                 return_counts=True)
    return counts[index.ravel()] >= ROW_RUN


def flatten_background(gray: np.ndarray) -> np.ndarray:
    """Divide by the paper's own brightness (a max filter over a coarse copy): uneven phone lighting and
    grey paper become white, while the gray edges of glyphs, which tesseract's LSTM reads, are kept."""
    scale = 0.125
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7)))
    paper = cv2.GaussianBlur(paper, (0, 0), 2)
    if paper.min() == 255:  # white paper all over (a clean scan): dividing by 255 changes nothing
        return gray
    full = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    if paper.min() < 1:  # no division by zero (upscaled, a paper of at least 1 stays at least 1)
        full = np.maximum(full, 1)
    return cv2.divide(gray, full, scale=255)


CONTENT_SHARE = 0.6  # print covering less of the page than this is cut out before it is read


def content_box(gray: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) of the page's print with a margin, when it covers under `CONTENT_SHARE` of the page (a
    card photocopied onto A4, a note in a corner): tesseract then reads that part, not the empty paper
    round it, which costs as much to upscale and to read. None when the print fills the page. Ink is
    anything 40 levels darker than the paper, so faint print counts; blobs touching the edge (a scanner's
    rim) do not."""
    small, scale = shrink(gray, min(1.0, 1000 / max(gray.shape[:2])))
    paper = percentiles(small, 90)[0]
    ink = (small < paper - 40).astype(np.uint8) * 255
    boxes, _ = blob_boxes(ink)
    height, width = small.shape[:2]
    x, y, w, h = boxes.T  # (0, 4) when there is no ink
    inner = (x > 0) & (y > 0) & (x + w < width) & (y + h < height) & (h >= 2)
    if inner.sum() < 10:
        return None
    pad = round(0.03 * max(width, height))
    x0, y0 = max(0, int(x[inner].min()) - pad), max(0, int(y[inner].min()) - pad)
    x1, y1 = min(width, int((x + w)[inner].max()) + pad), min(height, int((y + h)[inner].max()) + pad)
    if (x1 - x0) * (y1 - y0) > CONTENT_SHARE * width * height:
        return None
    return round(x0 / scale), round(y0 / scale), round((x1 - x0) / scale), round((y1 - y0) / scale)


DOT = 0.3  # a leader dot is at most this many text heights on a side (a tone mark's dot is as small ...)
DOT_GAP = 0.9  # ... but leader dots follow each other at most this far apart, in text heights ...
LEADER = 4.0  # ... in a row at least this long: no letter's dots do that


def erase_leaders(gray: np.ndarray, height: float | None) -> np.ndarray:
    """Paint the dotted fill lines of a form (`Họ và tên: ..........`) paper-white: tesseract reads their
    dots as letters and digits, and loses the hand-filled value written over them with them. A dot is a
    small round blob; a leader is a row of them at least `LEADER` text heights long. `height`: the page's
    text height (`text_height`), None when it has no print to measure."""
    if not height:
        return gray
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink_mask(gray), connectivity=8)
    w, h = stats[:, 2], stats[:, 3]
    side = max(2.0, DOT * height)
    dot = (w <= side) & (h <= side) & (w <= 3 * h) & (h <= 3 * w)
    dot[0] = False  # the background
    dots = dot.astype(np.uint8)[labels] * 255
    gap = max(3, round(DOT_GAP * height))
    rows = cv2.dilate(dots, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    _, runs, run_stats, _ = cv2.connectedComponentsWithStats(rows, connectivity=8)
    leader = (run_stats[:, 2] >= LEADER * height) & (run_stats[:, 3] <= 2 * side)
    leader[0] = False
    erase = leader[runs] & (dots > 0)
    if not erase.any():
        return gray
    out = gray.copy()
    out[erase] = round(percentiles(gray, 90)[0])  # the paper's level, not pure white, on a gray photo
    return out


def erase_frames(gray: np.ndarray) -> np.ndarray:
    """White out ink blobs spanning half the page: the dark rim of the paper in a photo, scanner-lid
    shadows, table grids. They carry no text and confuse layout analysis, skew and orientation.
    Found on a coarse copy (they are huge), erased at full size."""
    small, scale = shrink(gray, min(1.0, 1000 / max(gray.shape[:2])))
    ink = ink_mask(small)
    boxes, seeds = blob_boxes(ink)
    h, w = small.shape[:2]
    big = (boxes[:, 2] > 0.5 * w) | (boxes[:, 3] > 0.5 * h)
    if not big.any():
        return gray
    mask = cv2.dilate(blob_mask(ink, seeds[big]), np.ones((3, 3), np.uint8))
    if scale < 1:
        mask = cv2.resize(mask, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    return cv2.max(gray, mask)  # white under the mask: one pass, no boolean indexing of the full page
