"""Colour page → gray page for OCR, dropping the red ink of official stamps printed over the text.

A seal is multiplied over the toner: black text under it stays dark in every channel while the seal's own
ink is bright in its red channel. So inside a seal the brightest channel reads the text and drops the seal.
Only large red blobs count as seals: red *print* (the title of a CCCD card) is a thin line of text and is
kept as ordinary gray. On a card-like image (an ID card, but also any landscape or narrow page), where a
tinted guilloche can join a card's title into one large red blob, the blob's red is dropped but its lines of
red print keep their gray.

A gray scan has lost the colour, but not the difference in darkness: red seal ink comes out mid-gray,
toner near black. `fade_gray_seals` finds seal-sized regions of mid-gray ink that is not the anti-aliased
edge of a black glyph, and whitens that ink only there, so the text under and around a seal is read
without the seal's rim and lettering.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.preprocess import blob_boxes, percentiles, shrink

SEAL_MIN_MM = 12.0  # a seal is at least this wide and tall (round seals are 30-42 mm)
WORK_SCALE = 0.25  # seals are found on a quarter-size copy: big shapes, a fraction of the cost
ROUND_MM = (20.0, 60.0)  # diameter of an official round seal (con dấu); the CCCD's 13 mm emblem is not one
CARD_SEAL = (0.08, 0.5)  # a seal spans this share of a card-like image's short side (a CMND's back: a third)
PRINT_RED = 60  # red print: red this far above both other channels (a face, wood or a tint is less so)
PRINT_FILL = 0.7  # a line of glyphs paints less of its box than this; a red desk's edge paints more


@dataclass(frozen=True)
class Seal:
    box: tuple[int, int, int, int]  # x, y, w, h in full-size pixels, padded to cover the whole blob
    extent: tuple[int, int, int, int]  # the blob itself, unpadded
    round: bool  # the size and shape of an official round seal (not a red emblem, logo or banner)


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """Pixels whose red clearly dominates green and blue (255 = red ink)."""
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    return (((r - g) > 25) & ((r - b) > 20)).astype(np.uint8) * 255


def seals(rgb: np.ndarray, dpi: float, card: bool = False) -> list[Seal]:
    """Red blobs big enough to be seals, and whether each has a round seal's size and shape. `card`: a card-like
    image, where a round blob is a seal only at a seal's share of the image, whatever a photo's dpi tag makes
    of its size: on an ID card, over half of it is the tinted guilloche (which the red test takes in) merged
    with the title, a few hundredths a red letter."""
    small, _ = shrink(rgb, WORK_SCALE)  # a whole divisor (4): the same pixels, faster
    raw = red_mask(small)
    if not raw.any():
        return []
    px_per_mm = dpi / 25.4 * WORK_SCALE
    k = max(3, int(px_per_mm * 2.5) | 1)  # close the gaps between ring, letters and star (a faint rim too)
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
        sized = ROUND_MM[0] <= min(size_mm) and max(size_mm) <= ROUND_MM[1] and (
            not card or CARD_SEAL[0] <= min(w, h) / min(raw.shape) <= CARD_SEAL[1])
        is_round = 0.75 < w / h < 1.33 and sized and fill < 0.75
        box = tuple(round(v / WORK_SCALE) for v in (x - k, y - k, w + 2 * k, h + 2 * k))
        extent = tuple(round(v / WORK_SCALE) for v in (x, y, w, h))
        out.append(Seal(box, extent, is_round))  # type: ignore[arg-type]
    return out


def drop_seals(image: np.ndarray, dpi: float, luma: np.ndarray | None = None,
               card: bool = False) -> tuple[np.ndarray, list[Seal]]:
    """Gray page for OCR with the seals' red ink dropped, and the seals. Gray input is returned as is.
    `luma`: the image already converted to gray, if at hand (not modified: copied when there are seals).
    `card`: a card-like image, whose red blobs other than a round seal (a card's emblem, photo, tint) are
    dropped with their red print lines (a card's title, the 2016 card's number) kept."""
    if image.ndim == 2:
        return image, []
    found = seals(image, dpi, card)
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if luma is None else luma.copy() if found else luma
    h, w = gray.shape
    printed = red_print(image) if card and not all(seal.round for seal in found) else None
    for seal in found:
        x, y, bw, bh = seal.box
        x0, y0, x1, y1 = max(0, x), max(0, y), min(w, x + bw), min(h, y + bh)
        if x1 > x0 and y1 > y0:  # the brightest channel: red seal ink → near paper white; black toner stays black
            dropped = _channel_max(image[y0:y1, x0:x1])
            if printed is not None and not seal.round:
                kept = printed[y0:y1, x0:x1] > 0
                dropped[kept] = gray[y0:y1, x0:x1][kept]
            gray[y0:y1, x0:x1] = dropped
    return gray, found


def red_print(rgb: np.ndarray) -> np.ndarray:
    """Pixels of lines of strongly red print (255) on a card-like image: red glyphs that, joined along their line,
    make a line's shape, not solid and inside the image (a red shirt, an emblem or a red desk around the card
    does not), with their tone marks."""
    side = min(rgb.shape[:2])
    r, g, b = cv2.split(rgb)
    strong = cv2.inRange(cv2.subtract(r, cv2.max(g, b)), PRINT_RED, 255)
    k = max(3, side // 20)  # over a word gap on a card (a capital is about side / 30 wide): its words join
    joined = cv2.morphologyEx(strong, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    lines = np.zeros_like(strong)
    for x, y, w, h, _area in stats[1:n]:
        inside = x > 0 and y > 0 and x + w < strong.shape[1] and y + h < strong.shape[0]  # a desk runs off it
        if (inside and w >= 4 * h and 0.01 * side <= h <= 0.1 * side
                and cv2.countNonZero(strong[y : y + h, x : x + w]) < PRINT_FILL * w * h):
            lines[max(0, y - h // 2) : y + h + h // 3, x : x + w] = 255  # with the tone marks above and below
    return cv2.dilate(cv2.bitwise_and(strong, lines), np.ones((3, 3), np.uint8))  # and the glyphs' rims


def _channel_max(rgb: np.ndarray) -> np.ndarray:
    # Per-channel OpenCV max: numpy's max over axis 2 (3 values a pixel) is ~10× slower.
    r, g, b = cv2.split(rgb)
    return cv2.max(cv2.max(r, g), b)


# Coloured print -------------------------------------------------------------------------------------------
PALE_LUMA, DARK_CHANNEL = 128, 64  # print pale in gray (yellow, orange) that one channel shows dark
LIFT = 100  # such print comes out no lighter than its darkest channel + LIFT: mid-gray, as magenta does
COLOUR_GLYPHS = 8  # glyph-sized blobs of such print: a line of coloured text, not a logo or a photo's edge


def colour_ink(rgb: np.ndarray, gray: np.ndarray, found: list[Seal]) -> np.ndarray | None:
    """`gray` with strongly coloured print no lighter than its darkest channel + LIFT (yellow or orange
    print, near-white in gray, turns mid-gray; black print, its gray edges and pastel tints, whose channels
    are alike, stay as they are), the seals still dropped; None when no text-like print is pale in gray.
    What tesseract finds by thresholding each channel of a colour image, for a page read in gray."""
    r, g, b = cv2.split(rgb)
    darkest = cv2.min(cv2.min(r, g), b)
    pale = cv2.bitwise_and(cv2.inRange(gray, PALE_LUMA, 255), cv2.inRange(darkest, 0, DARK_CHANNEL))
    if cv2.countNonZero(pale) == 0:
        return None
    boxes, _ = blob_boxes(pale)
    w, h = boxes[:, 2], boxes[:, 3]
    if int(((h >= 6) & (h <= 0.2 * gray.shape[0]) & (w <= 3 * h)).sum()) < COLOUR_GLYPHS:
        return None
    out = cv2.min(gray, cv2.add(darkest, LIFT))
    for seal in found:  # the seal's red stays dropped: the brightest channel there, as in `gray`
        x, y, bw, bh = seal.box
        x0, y0 = max(0, x), max(0, y)
        out[y0 : y + bh, x0 : x + bw] = gray[y0 : y + bh, x0 : x + bw]
    return out


def to_gray(image: np.ndarray, dpi: float) -> tuple[np.ndarray, int]:
    """Gray page for OCR and the number of seals dropped. Gray input is returned as is."""
    gray, found = drop_seals(image, dpi)
    return gray, len(found)


# Gray scans ---------------------------------------------------------------------------------------------
GRAY_SEAL_MM = (12.0, 65.0)  # a seal-like region of mid-gray ink: round seals, oblong title stamps
MID_DENSITY = (0.08, 0.4)  # share of such a region (quarter size) in mid-gray ink: rim, letters and star
# leave most of a seal open; a solid gray patch (a photo, an emblem, a shaded box) is no seal
CORE = 0.33  # print is darker than black + CORE × (paper − black); seal ink is lighter
MID_MAX = 210  # lighter than this is paper (after the background is flattened to white)
FAINT_PRINT = 110  # a page whose blackest ink is lighter than this has no black print to tell apart


def colourless(rgb: np.ndarray) -> bool:
    """A colour file holding a gray page (a photocopy scanned in colour mode): no pixel has real chroma."""
    r, g, b = cv2.split(np.ascontiguousarray(rgb[::8, ::8]))
    spread = cv2.subtract(cv2.max(cv2.max(r, g), b), cv2.min(cv2.min(r, g), b))  # as _channel_max
    return float(np.percentile(spread, 99.9)) < 30


def _black(gray: np.ndarray) -> float | None:
    """The page's black print level; None on a page without black print (faint all over: nothing to tell
    apart from seal ink)."""
    (black,) = percentiles(gray[::2, ::2], 0.3)
    return None if black > FAINT_PRINT else black


def _mid_ink(gray: np.ndarray, black: float, halo: int = 2) -> np.ndarray:
    """255 where ink is mid-gray and no black print pixel lies within `halo` px."""
    core_t = int(black + CORE * (255 - black))  # gray is whole: <= core_t is <= its floor
    _, core = cv2.threshold(gray, core_t, 255, cv2.THRESH_BINARY_INV)
    near = cv2.dilate(core, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * halo + 1, 2 * halo + 1)))
    return cv2.subtract(cv2.inRange(gray, core_t + 1, MID_MAX - 1), near)  # 255 − 255 = 0 near print


def gray_seal_regions(gray: np.ndarray, dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h, full-size pixels) of seal-like regions on a flattened gray page.

    Mid-gray ink counts only away from black print (a 2 px halo around every print pixel is kept), and
    only where it gathers into a region of a seal's size and density: the light strokes of ordinary text
    (a thin tone mark, a blurred hairline) never form one."""
    black = _black(gray)
    if black is None:
        return []
    # Thin print on a half-size copy turns as pale as seal ink: the mask is made at full size.
    mid = _mid_ink(gray, black)
    small, f = shrink(mid, WORK_SCALE)
    small = small > 40
    px_mm = dpi / 25.4 * f
    k = max(3, int(px_mm * 2.5) | 1)  # close the gaps between ring, letters and star
    blobs = cv2.morphologyEx(small.astype(np.uint8), cv2.MORPH_CLOSE,
                             cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    lo, hi = (v * px_mm for v in GRAY_SEAL_MM)
    found: list[tuple[int, int, int, int]] = []
    for i, (x, y, w, h, _area) in enumerate(stats[1:n], 1):
        if not (lo <= w <= hi and lo <= h <= hi):
            continue
        inked = np.count_nonzero(small[y : y + h, x : x + w] & (labels[y : y + h, x : x + w] == i))
        if MID_DENSITY[0] * w * h <= inked <= MID_DENSITY[1] * w * h:
            found.append((x - k, y - k, w + 2 * k, h + 2 * k))
    # Where black print crosses the rim the ring breaks: arcs lying against a seal's box are that seal's.
    grown = []
    for box in found:
        for x, y, w, h, _area in stats[1:n]:
            if max(w, h) >= 3 * px_mm and _touch((x, y, w, h), box):
                union = _union(box, (x - k, y - k, w + 2 * k, h + 2 * k))
                if max(union[2:]) <= hi + 2 * k:
                    box = union
        grown.append(box)
    # Lettering and star inside a ring are blobs of their own: the ring's box already holds them.
    grown = [b for i, b in enumerate(grown)
             if not any(_within(b, o) and (o != b or j < i) for j, o in enumerate(grown) if j != i)]
    return [tuple(round(v / f) for v in b) for b in grown]  # type: ignore[misc]


def _touch(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] <= b[0] + b[2] and b[0] <= a[0] + a[2] and a[1] <= b[1] + b[3] and b[1] <= a[1] + a[3]


def _union(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    return x0, y0, max(a[0] + a[2], b[0] + b[2]) - x0, max(a[1] + a[3], b[1] + b[3]) - y0


def _within(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def fade_in(gray: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    """`gray` with the mid-gray ink inside `boxes` whitened (black print and its edges kept): what is left
    of a red seal after its colour was dropped (a phone's JPEG smears the red), or a gray scan's seal.
    The input is not modified."""
    black = _black(gray)
    if black is None or not boxes:
        return gray
    out = gray.copy()
    h, w = gray.shape
    for x, y, bw, bh in boxes:
        x0, y0, x1, y1 = max(0, x), max(0, y), min(w, x + bw), min(h, y + bh)
        if x1 > x0 and y1 > y0:
            region = out[y0:y1, x0:x1]
            region[:] = cv2.max(region, _mid_ink(region, black))
    return out


def fade_gray_seals(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """The page with the mid-gray ink of seal-like regions whitened (black print and its edges kept), and
    the regions. The input is not modified; without a region it is returned as is."""
    boxes = gray_seal_regions(gray, dpi)
    if not boxes:
        return gray, []
    return fade_in(gray, boxes), boxes
