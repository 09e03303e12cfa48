"""One scanned page through named stages, each a function over the page's context:

    gray (red seal ink dropped) → recognize (dotted fill lines erased in every view brought to reading
    size): the page as scanned (cut to its print when that fills a small part of it; a photo's sheet
    flattened first), and only when that read is poor or leaves ink unread, other images of it (at its own
    size when upscaling read poorly; with the red ink kept when a poor read followed dropping red ink of no
    round seal's shape; a colour page's print that is pale in gray darkened, when the good read
    left it out; the photo as taken; the CLEANUP stages — flatten light, erase frames, deskew, resolution,
    gray seals faded; Sauvola; rows), the best read winning; two reads alike end the search, and a blank
    page is read once
    → [a turned page, only when the upright read was poor and the turned one reads clearly better; when OSD
    finds the page turned after a poor first read, the turn is read before the other views; a turn OSD was
    not sure of is read past its first image only when that reads clearly better; a sideways page read well
    down its lines is turned with the words read]
    → doubtful words read again cut out and enlarged, kept where they read better (ocr.enlarge: an ID
    card's unsure words too)
    → reading order → evidence (QR, stamps, signatures) → junk (also what was read inside a signature)
    → OCR fixes (ocr.fixes) → long numbers read again (ocr.digits) and numbers written one digit per box
    read apart (ocr.boxes), in one run → digitized-copy part

Every geometric step records its matrix, so the invisible text can be laid back onto the original image.
Every change to what tesseract reads is kept on evidence from reading it (`ocr.readability`).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import cv2
import numpy as np

from ocr import boxes, digits, enlarge, fixes, ink, junk, layout, marks, orient, paper, preprocess, qr
from ocr._exec import tesseract
from ocr.load import SourcePage
from ocr.options import OcrOptions
from ocr.pdf import PdfPart, encode_jpeg, text_matrix
from ocr.readability import Readability, measure
from ocr.types import Mark, PageText, Word

# One OpenCV thread per process, as tesseract gets one OpenMP thread: pages and jobs run in parallel
# processes (one per core), and OpenCV's spinning pool threads would only fight them for the cores.
cv2.setNumThreads(1)

PREVIEW_SIDE = 1600  # orientation and skew are measured on a copy this size: same answer, less work
TEXT_HEIGHT = (18.0, 26.0)  # median glyph blob height (px) tesseract reads well; outside: rescale
TARGET_HEIGHT = 28.0  # small print is brought up to this
PAGE_HEIGHT = 22.0  # large print down to this: the same reading, with less page for the layout analysis
CARD_HEIGHT = 80.0  # an ID card is brought down only past this (to 40): its labels are far smaller than its values
REFERENCE_HEIGHT = 29.0  # median glyph blob height of 12 pt print at 300 dpi, to guess a missing dpi
OSD_CONFIDENCE = 1.0  # OSD is heard above this: a turn it proposes is read to check it, "upright" ends the search
SMALL_SIDE = 300  # an image this small on a side is a crop, not a page
CARD_SIDE = 12.0  # cm: an ID card's image is shorter than this on its long side (the card is 8.6 cm)
DARK_PAPER = 100  # a page whose median gray is darker than this may be light print on dark paper (`light_print`)
COVERED = 0.85  # share of the page's glyph blobs a good read has inside its words
BETTER = 1.2  # a turned read replaces the upright one when it reads this much more (readability score)
WORK_PIXELS = 36_000_000  # upscaling stops here (an A4 page at 600 dpi), and at the options' pixel cap
FLAT_EDGE = 1.05  # a photo's flattened sheet wins a near tie: its lines are straight, so is its reading order
SAME_READ = 0.05  # two images of a page whose reads rank this close: the page reads as it reads
FEW_DOUBTFUL = 0.1  # a page's garbled words are read again only when they are at most this share of its words
# the page as scanned, its pale print darkened or its red ink kept: a poor read of it is no failed clean-up
SAME_PAGE = ("colour", "as_loaded")


@dataclass
class PageContext:
    src: SourcePage
    options: OcrOptions
    image: np.ndarray  # the original page, upright (quarter turns applied)
    dpi: float  # of `image`
    luma: np.ndarray | None = None  # `image` in gray, converted once (orientation, seal drop and QR use it)
    gray: np.ndarray | None = None  # the cleaned page (evidence is looked for here)
    ocr_gray: np.ndarray | None = None  # what tesseract reads: `gray` with a gray scan's seals faded
    colourless: bool = False  # a colour file holding a gray page
    to_original: np.ndarray = field(default_factory=lambda: np.eye(3))  # gray pixel → image pixel
    work_dpi: float = 300.0
    rotation: int = 0
    skew: float = 0.0
    words: list[Word] = field(default_factory=list)
    text_pdf: bytes | None = None
    pdf_frame: np.ndarray = field(default_factory=lambda: np.eye(3))  # text_pdf's pixel → gray pixel
    pdf_size: tuple[int, int] | None = None  # text_pdf's image (w, h) when not `gray`'s (a page turned after it)
    ocr_fixes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    seals: list[ink.Seal] = field(default_factory=list)  # red seals found (and dropped) on the original
    qr: list[str] = field(default_factory=list)
    marks: list[Mark] | None = None
    readability: Readability = field(default_factory=lambda: measure([]))
    read_from: str = ""  # which image of the page the words were read from (`recognize`)
    reframed: bool = False  # `image` is the flattened sheet of a photo, not the page as loaded
    osd: tesseract.Orientation | None = None  # OSD's answer, when asked after a poor first read (`_turned`)
    osd_asked: bool = False
    may_cut: bool = True  # a poor first read that OSD finds turned may end the search (`_read_page`)
    first_rank: float = 0.0  # the rank of the first read (`_ranked`)
    # a turn no sure OSD answer proposed is read on only when its first read ranks above this (`_read_page`)
    to_beat: float | None = None

    @property
    def cut_short(self) -> bool:
        """A poor first read ended the search, OSD having found the page turned: the other views are unread."""
        found = self.osd
        return self.osd_asked and found is not None and found.rotate != 0 and found.confidence >= OSD_CONFIDENCE


@dataclass
class PageOutcome:
    page: PageText
    pdf: PdfPart | None


def _preview(gray: np.ndarray) -> np.ndarray:
    # By the largest whole divisor that stays above the preview size (fast), then the rest of the way: the
    # upside-down test is tuned on previews of this size.
    side = max(gray.shape[:2])
    if side <= PREVIEW_SIDE:
        return gray
    coarse, _ = preprocess.shrink(gray, 1 / (side // PREVIEW_SIDE))  # side // PREVIEW_SIDE == 1: unchanged
    return preprocess.fit(coarse, PREVIEW_SIDE)


def _plain_gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def _luma(ctx: PageContext) -> np.ndarray:
    if ctx.luma is None:
        ctx.luma = _plain_gray(ctx.image)
    return ctx.luma


def turn_candidates(ctx: PageContext) -> tuple[list[int], bool]:
    """Turns worth a second read of a page that read badly upright: tesseract's OSD answer (none when it
    finds the page upright), else what the ink proposes (text lines running down the page: a quarter turn
    either way; else a half turn); and whether OSD was sure. Each is kept only if the page then reads better
    (`process_page`), never on this proposal alone."""
    assert ctx.gray is not None
    preview = _preview(ctx.gray)
    found = ctx.osd if ctx.osd_asked else tesseract.detect_orientation(preview, timeout=ctx.options.page_timeout)
    if found is not None and found.confidence >= OSD_CONFIDENCE:
        return ([found.rotate] if found.rotate else []), True  # upright by OSD too: poor, not turned
    if orient.quarter_turn_needed(preview):
        return [90, 270], False
    return ([found.rotate] if found is not None and found.rotate else [180]), False


def to_gray(ctx: PageContext) -> None:
    ctx.gray, ctx.seals = ink.drop_seals(ctx.image, ctx.dpi, _luma(ctx), card_like(ctx))
    ctx.colourless = ctx.image.ndim == 2 or (not ctx.seals and ink.colourless(ctx.image))


def clean(ctx: PageContext) -> None:
    assert ctx.gray is not None
    flat = preprocess.flatten_background(ctx.gray)
    # A crop has no frame, and every letter of a one-line crop spans half its height, as a frame would.
    ctx.gray = flat if min(flat.shape[:2]) < SMALL_SIDE else preprocess.erase_frames(flat)


def deskew(ctx: PageContext) -> None:
    assert ctx.gray is not None
    angle = preprocess.text_skew(_preview(ctx.gray))
    if abs(angle) >= 0.05:
        # Text tilted by +a sits at angle -a in the profile search, so rotating by -estimate levels it.
        # Bilinear: the few-degree turn of a 200-300 dpi page reads the same as bicubic, in half the time.
        ctx.gray, forward = preprocess.rotate_with_matrix(ctx.gray, -angle, cv2.INTER_LINEAR)
        ctx.to_original = ctx.to_original @ np.linalg.inv(forward)
    ctx.skew = angle


def _scale_for(gray: np.ndarray, max_pixels: int, height: float | None, card: bool = False) -> float:
    """The factor that brings the glyphs (`height`: `preprocess.text_height` of `gray`) to the size tesseract
    reads best (measured, not from the dpi tag, which is often wrong): small print up, large print down;
    never past the pixel cap. `card`: an ID card's image, whose median glyph says little of its labels."""
    if height is None:
        return 1.0
    factor = 1.0
    if height < TEXT_HEIGHT[0]:
        factor = min(4.0, TARGET_HEIGHT / height)
    elif card and height > CARD_HEIGHT:
        factor = max(0.25, 0.5 * CARD_HEIGHT / height)
    elif not card and height > TEXT_HEIGHT[1]:
        factor = max(0.25, PAGE_HEIGHT / height)
    h, w = gray.shape[:2]
    cap = min(WORK_PIXELS, max_pixels)
    if factor > 1 and h * w * factor * factor > cap:
        factor = max(1.0, (cap / (h * w)) ** 0.5)
    return factor


def _rescale(gray: np.ndarray, factor: float) -> np.ndarray:
    if factor == 1.0:
        return gray
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA)


def normalise_resolution(ctx: PageContext) -> None:
    """Upsample small print (a CCCD scanned at 300 dpi), downsample oversized scans; erase dotted fill lines."""
    assert ctx.gray is not None
    view = _sized(ctx.gray, ctx)
    ctx.gray, ctx.work_dpi, ctx.to_original = view.gray, view.dpi, ctx.to_original @ view.to_original


def fade_seals(ctx: PageContext) -> None:
    """On a gray page a red seal is mid-gray ink over the text: tesseract gets a copy without it (the
    evidence stage still sees the seal). Colour pages had their seals dropped by colour; the gray ghost
    a phone photo's smeared colour leaves inside a seal's box is faded the same way."""
    assert ctx.gray is not None
    ctx.ocr_gray = ctx.gray
    if ctx.colourless and not card_like(ctx):  # an ID card's face has no seal, its guilloche is mid-gray
        ctx.ocr_gray, _ = ink.fade_gray_seals(ctx.gray, ctx.work_dpi)
    elif ctx.seals:  # what the colour drop left (a phone's JPEG smears the red into a gray ghost)
        ctx.ocr_gray = ink.fade_in(ctx.gray, [_to_gray_frame(ctx, s.box) for s in ctx.seals])


def _to_gray_frame(ctx: PageContext, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """A box on the original image → the bounding box of its corners in the frame of `ctx.gray`."""
    x, y, w, h = box
    corners = np.array([[x, y, 1], [x + w, y, 1], [x, y + h, 1], [x + w, y + h, 1]], np.float64).T
    gx, gy, _ = np.linalg.inv(ctx.to_original) @ corners
    return round(gx.min()), round(gy.min()), round(gx.max() - gx.min()), round(gy.max() - gy.min())


def card_like(ctx: PageContext) -> bool:
    """An ID card (landscape, or narrower than 13 cm): zones of text beside a photo, emblem and QR code."""
    h, w = ctx.image.shape[:2]
    return w > 1.2 * h or w / ctx.dpi < 13 / 2.54


def recognize(ctx: PageContext) -> None:
    """The page as scanned (red seal ink dropped, glyphs brought to the size tesseract reads) with full layout analysis,
    as plain tesseract would read it; a phone photo's sheet flattened before it (`ocr.paper`: its corners against a
    darker surround). Unless that reads well and covers the page's ink, other reads are tried and the one with the
    most confidently read real words wins: the page with its red ink kept (when the read was poor after red ink of no
    round seal's shape was dropped: a map's roads are no seal), the page at its own size (when the upscaled read was
    poor: a drawing's dashes measured as small print), a colour page with its print that is pale in gray (yellow)
    darkened (`ink.colour_ink`, also after a good read that left its ink out), the photo as taken, the cleaned page
    (flattened light, frames erased, deskewed, gray seals faded), the page as scanned binarized by Sauvola (shadows,
    faint print, tinted card backgrounds), the cleaned page read as one block row by row (forms whose layout analysis
    splits them). The clean-up is kept only where it reads better."""
    assert ctx.gray is not None
    clean_view = functools.cache(lambda: _cleaned(ctx))  # each made once, and only when read
    scanned = functools.cache(lambda: _as_scanned(ctx))
    sheet = paper.corners(_luma(ctx))  # a photo of a sheet is read both as taken and flattened
    coloured = None if ctx.colourless else ink.colour_ink(ctx.image, ctx.gray, ctx.seals)
    views: list[tuple[str, Callable[[], _View | None], int]] = [
        ("as_scanned", scanned, 3),
        ("as_loaded", lambda: _as_loaded(ctx), 3),
        ("unscaled", lambda: _unscaled(ctx, scanned()), 3),
        ("paper", lambda: _paper(ctx, sheet), 3),
        ("cleaned", clean_view, 3),
        ("sauvola", lambda: scanned()._replace(ocr_gray=preprocess.binarize_sauvola(scanned().ocr_gray)), 3),
        ("rows", clean_view, 6),
        ("colour", lambda: None if coloured is None else _sized(coloured, ctx), 3)]
    if sheet is not None:
        views.sort(key=lambda view: view[0] != "paper")  # the sheet flattened first; the photo if that reads poorly
    crop = min(ctx.gray.shape[:2]) < SMALL_SIDE
    best = _read_crop(ctx, views) if crop else _read_page(ctx, views, coloured is not None)
    _, ctx.readability, view, got, ctx.read_from = best
    ctx.gray, ctx.ocr_gray, ctx.to_original, ctx.work_dpi, ctx.skew = view[:5]
    if view.image is not None:  # the flattened sheet of a photo is the page from here on (and its copy)
        ctx.image, ctx.luma, ctx.seals, ctx.reframed = view.image, None, view.seals or [], True
    ctx.words, ctx.text_pdf = got.words, got.pdf


_Read = tuple[float, Readability, "_View", tesseract.Recognized, str]  # rank, readability, view, read, view name


def _ranked(view: _View, got: tesseract.Recognized, name: str) -> _Read:
    quality = measure(got.words)
    # confidence twice: a sure read of fewer words beats noise
    return quality.score * quality.confidence, quality, view, got, name


def _prepared(ctx: PageContext, name: str, prepare: Callable[[], _View | None]) -> _View | None:
    start = time.perf_counter()
    found = prepare()
    ctx.timings[f"prepare_{name}"] = time.perf_counter() - start
    return None if found is None else _with_margin(found)


def _read_page(ctx: PageContext, views: list[tuple[str, Callable[[], _View | None], int]], coloured: bool) -> _Read:
    """The views in turn, until one reads well and covers the page's ink; the best read. After a good read of
    the page as scanned, a colour page's darkest channel is read when it shows ink that read left out (yellow
    print, paper-white in gray), last, so that it never ends the search before another view; the unscaled
    page only when the upscaled one read poorly (a drawing's dashes passed for small print). A poor first
    read ends the search on a page with no print-like ink (a blank page), and on a page OSD finds turned
    (`_upright` reads the turn, and the rest of the views only if the turn reads no better)."""
    best: _Read | None = None
    spent = 0.0
    noise = 0
    settled: _Read | None = None  # the page as scanned read well: only the colour read (the last) is left
    for name, prepare, psm in views:
        if (name in ("unscaled", "as_loaded") and not (best and best[1].poor)) or (settled and name != "colour"):
            continue
        view = _prepared(ctx, name, prepare)
        if view is None:
            continue
        if settled and coverage(view.ocr_gray, _moved(settled[3].words, settled[2], view)) >= COVERED:
            break  # the colour view shows no ink the good read left out
        got = tesseract.recognize(view.ocr_gray, lang=ctx.options.lang, timeout=ctx.options.page_timeout, psm=psm,
                                  dpi=round(view.dpi), want_pdf=ctx.options.searchable_pdf)
        spent += got.seconds
        read = _ranked(view, got, name)
        first = best is None
        if first:
            ctx.first_rank = read[0]
        # two reads of nothing are not alike: a clean-up may read what neither did (a tilted card, deskewed)
        alike = not first and read[0] > 0 and abs(read[0] - best[0]) <= SAME_READ * max(read[0], best[0])
        if first or read[0] * (FLAT_EDGE if name == "paper" else 1.0) > best[0]:
            best = read
        if settled:
            break
        quality = read[1]
        down = vertical(got.words)
        if quality.good and not down and _covered(view, got.words):
            if name != "as_scanned" or not coloured:
                break
            settled = read
        if first and quality.poor and not down and (not has_ink(view.gray) or _turned(ctx, view)):
            break  # a blank page, or a turned one
        if first and ctx.to_beat is not None and read[0] <= ctx.to_beat:
            break  # a guessed turn that reads no better than the page as it lay: its other views will not
        noise += quality.poor and name not in SAME_PAGE
        # Lines read down the page, or two reads that are both noise (the page at two sizes, or cleaned up):
        # no clean-up of the page as it lies will read (it is turned, or holds no print); `process_page`
        # tries turns. Two images of the page that read alike: another binarization will not find what
        # neither found.
        if down or noise >= 2 or alike:
            break
    assert best is not None
    ctx.timings["tesseract"] = ctx.timings.get("tesseract", 0.0) + spent
    return best


def _moved(words: list[Word], source: _View, target: _View) -> list[Word]:
    """`words` read on `source`, their boxes moved into the frame of `target` (both frames of the same page)."""
    return _through(np.linalg.inv(target.to_original) @ source.to_original, words)


def _through(matrix: np.ndarray, words: list[Word]) -> list[Word]:
    """`words` with their boxes taken through `matrix` (a scale and shift, or a quarter turn)."""
    out = []
    for word in words:
        x, y, w, h = word.box
        xs, ys, _ = matrix @ np.array([[x, x + w], [y, y + h], [1.0, 1.0]])
        box = (round(xs.min()), round(ys.min()), round(np.ptp(xs)), round(np.ptp(ys)))
        out.append(replace(word, box=box))
    return out


def _turned(ctx: PageContext, view: _View) -> bool:
    """Whether OSD finds the page turned (its answer is kept for `turn_candidates`); never without `orient`."""
    if not (ctx.options.orient and ctx.may_cut):
        return False
    start = time.perf_counter()
    ctx.osd, ctx.osd_asked = tesseract.detect_orientation(_preview(view.gray), timeout=ctx.options.page_timeout), True
    ctx.timings["orient"] = ctx.timings.get("orient", 0.0) + time.perf_counter() - start
    return ctx.cut_short


def _read_crop(ctx: PageContext, views: list[tuple[str, Callable[[], _View | None], int]]) -> _Read:
    """A crop (a name line cut from a card) costs tesseract less to read than to load its model: its views are
    read in one run, and another view replaces the crop as scanned only when it reads clearly better (one
    lost tone mark weighs little in the score). Not the row-by-row read: it is for forms."""
    named = [(name, view) for name, prepare, _ in views if name not in ("rows", "unscaled")
             for view in [_prepared(ctx, name, prepare)] if view is not None]
    reads = tesseract.recognize_many([v.ocr_gray for _, v in named], lang=ctx.options.lang,
                                     timeout=ctx.options.page_timeout, psm=3, dpi=round(named[0][1].dpi),
                                     want_pdf=ctx.options.searchable_pdf)
    ctx.timings["tesseract"] = ctx.timings.get("tesseract", 0.0) + sum(r.seconds for r in reads)
    ranked = [_ranked(view, got, name) for (name, view), got in zip(named, reads, strict=True)]
    return max(ranked, key=lambda read: read[0] * (BETTER if read[4] == "as_scanned" else 1.0))


class _View(NamedTuple):
    """A page image tesseract reads, in its frame: the page evidence is looked for on, what tesseract reads,
    the matrix to the original image's pixels, its resolution, the skew it was levelled by."""

    gray: np.ndarray
    ocr_gray: np.ndarray
    to_original: np.ndarray
    dpi: float
    skew: float = 0.0
    image: np.ndarray | None = None  # the page image this frame belongs to, when not the page as loaded
    seals: list[ink.Seal] | None = None  # red seals found on `image`


def _as_scanned(ctx: PageContext, sized: bool = True, gray: np.ndarray | None = None) -> _View:
    gray = ctx.gray if gray is None else gray
    assert gray is not None
    if light_print(gray):
        gray = cv2.bitwise_not(gray)  # tesseract reads dark on light
    if not sized:
        return _View(gray, gray, np.eye(3), ctx.dpi)
    box = preprocess.content_box(gray)
    if box is None:
        return _sized(gray, ctx)
    x, y, w, h = box
    view = _sized(gray[y : y + h, x : x + w], ctx)
    return view._replace(to_original=np.array([[1.0, 0, x], [0, 1.0, y], [0, 0, 1.0]]) @ view.to_original)


def light_print(gray: np.ndarray) -> bool:
    """Light print on a dark page: the page is dark, and more of its glyph-sized blobs are light than dark. A
    light card or sheet photographed on a dark desk is dark too, but its print is dark glyphs on it."""
    small = preprocess.fit(gray, 800)
    if preprocess.percentiles(small, 50)[0] >= DARK_PAPER:
        return False
    ink = preprocess.ink_mask(small)
    light, dark = (int(preprocess.glyph_like(preprocess.blob_boxes(m)[0], tallest=60).sum()) for m in (255 - ink, ink))
    return light > dark


def _sized(gray: np.ndarray, ctx: PageContext, image: np.ndarray | None = None,
           seals: list[ink.Seal] | None = None) -> _View:
    """A view of `gray` (at the page's resolution) with its glyphs brought to the size tesseract reads, its
    dotted fill lines erased."""
    height = preprocess.text_height(gray)
    factor = _scale_for(gray, ctx.options.max_pixels, height, card_like(ctx))
    gray = preprocess.erase_leaders(_rescale(gray, factor), height and height * factor)
    return _View(gray, gray, np.diag([1 / factor, 1 / factor, 1.0]), ctx.dpi * factor, image=image, seals=seals)


def _as_loaded(ctx: PageContext) -> _View | None:
    """The page as scanned with its red ink kept, when red ink of another shape than a round seal was dropped
    (a map's roads, a coloured drawing, a banner: not always ink over the text); None otherwise."""
    return None if all(seal.round for seal in ctx.seals) else _as_scanned(ctx, gray=_luma(ctx))


def _unscaled(ctx: PageContext, scanned: _View) -> _View | None:
    """The page as scanned at its own size, when `_as_scanned` upscaled it; None otherwise."""
    return _as_scanned(ctx, sized=False) if scanned.dpi > ctx.dpi else None


def _with_margin(view: _View) -> _View:
    """A crop cut tight round its line gets a margin of its paper: tesseract finds no line without one."""
    if min(view.gray.shape[:2]) >= SMALL_SIDE:
        return view
    pad = max(10, min(view.gray.shape[:2]) // 2)

    def padded(image: np.ndarray) -> np.ndarray:
        return cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_REPLICATE)

    shift = np.array([[1.0, 0, -pad], [0, 1.0, -pad], [0, 0, 1.0]])
    return view._replace(gray=padded(view.gray), ocr_gray=padded(view.ocr_gray), to_original=view.to_original @ shift)


def _paper(ctx: PageContext, sheet: np.ndarray | None) -> _View | None:
    """The sheet of a phone photo, flattened and level (`ocr.paper`), red seal ink dropped; None without one."""
    if sheet is None:
        return None
    flat = paper.flatten(ctx.image, sheet)
    gray, seals = ink.drop_seals(flat, ctx.dpi, card=card_like(ctx))
    return _sized(gray, ctx, image=flat, seals=seals)


def _cleaned(ctx: PageContext) -> _View:
    """The clean-up stages on a copy of the context (the page as scanned stays for the other reads)."""
    work = replace(ctx, timings={})
    _run(work, CLEANUP)
    for name, seconds in work.timings.items():
        ctx.timings[name] = ctx.timings.get(name, 0.0) + seconds
    assert work.gray is not None and work.ocr_gray is not None
    return _View(work.gray, work.ocr_gray, work.to_original, work.work_dpi, work.skew)


def vertical(words: list[Word]) -> bool:
    """Most words taller than wide: tesseract read the lines of a sideways page down the page, in an order
    (and boxes) nobody reads them in."""
    long = [w for w in words if len(w.text) >= 3]
    return bool(long) and sum(w.box[3] > w.box[2] for w in long) > 0.5 * len(long)


def _covered(view: _View, words: list[Word]) -> bool:
    """The read leaves none of the view's print unread. A photo's flattened sheet (`view.image`) is also
    measured with its light evened out, which tells print from a shaded corner but not from a card's
    tinted pattern: either measure will do."""
    return coverage(view.ocr_gray, words) >= COVERED or (
        view.image is not None and coverage(view.ocr_gray, words, uneven=True) >= COVERED)


def coverage(gray: np.ndarray, words: list[Word], uneven: bool = False) -> float:
    """The share of the page's glyph-sized ink blobs that lie inside a word tesseract read: a read that
    leaves a column or a block of print unread is not good, however sure its words. `uneven`: the ink is
    told from the paper once its light is evened out."""
    small, scale = preprocess.shrink(gray, min(1.0, 1200 / max(gray.shape[:2])))
    if uneven:  # the page's own threshold once its light is evened out: a shaded corner is no field of specks
        threshold, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        _, ink = cv2.threshold(preprocess.flatten_background(small), threshold, 255, cv2.THRESH_BINARY_INV)
    else:
        ink = preprocess.ink_mask(small)
    boxes, _ = preprocess.blob_boxes(ink)
    if len(boxes) < 30:
        return 1.0
    h = boxes[:, 3]
    glyph = (h >= 3) & (h <= 3 * np.median(h)) & (boxes[:, 2] <= 3 * h)
    if glyph.sum() < 30:
        return 1.0
    cx = (boxes[glyph, 0] + boxes[glyph, 2] / 2) / scale
    cy = (boxes[glyph, 1] + boxes[glyph, 3] / 2) / scale
    if not words:
        return 0.0
    wb = np.array([w.box for w in words], np.float64)
    pad = 0.5 * np.median(wb[:, 3])
    inside = ((cx[:, None] >= wb[:, 0] - pad) & (cx[:, None] <= wb[:, 0] + wb[:, 2] + pad)
              & (cy[:, None] >= wb[:, 1] - pad) & (cy[:, None] <= wb[:, 1] + wb[:, 3] + pad)).any(axis=1)
    return float(inside.mean())


def id_card(ctx: PageContext) -> bool:
    """The image of an ID card alone: card-shaped, card-sized, larger than a crop of one of its lines."""
    assert ctx.gray is not None
    return card_like(ctx) and max(ctx.image.shape[:2]) / ctx.dpi < CARD_SIDE / 2.54 \
        and min(ctx.gray.shape[:2]) >= SMALL_SIDE


def reread_words(ctx: PageContext) -> None:
    """Doubtful words read again enlarged, each kept from the read where it reads better (`ocr.enlarge`): on an
    ID card also real words read unsurely (its bold capitals lose tone marks); on a page that reads as text
    only garbled words the junk filter would drop (a value hand-filled in italics), and only when they are
    few (a page in another language or a drawing read as letters has many, which a second read does not
    make Vietnamese). Not a name crop: its views were all read."""
    assert ctx.ocr_gray is not None and ctx.gray is not None
    card = id_card(ctx)
    if min(ctx.gray.shape[:2]) < SMALL_SIDE or (not card and ctx.readability.poor):
        return
    ctx.words = enlarge.reread(ctx.ocr_gray, ctx.words, lang=ctx.options.lang, dpi=round(ctx.work_dpi),
                               timeout=ctx.options.page_timeout, max_pixels=min(WORK_PIXELS, ctx.options.max_pixels),
                               timings=ctx.timings, pick=enlarge.doubtful if card else enlarge.garbled,
                               few=1.0 if card else FEW_DOUBTFUL)


def reading_order(ctx: PageContext) -> None:
    ctx.words = layout.rows(ctx.words)


def drop_junk(ctx: PageContext) -> None:
    pad = round(2 * ctx.work_dpi / 25.4)  # a stroke's loose end reaches past the region found
    signed = [(x - pad, y - pad, w + 2 * pad, h + 2 * pad)
              for x, y, w, h in (m.box for m in ctx.marks or [] if m.kind == "signature")]
    ctx.words = junk.drop_junk(ctx.words, signed)


def fix_syllables(ctx: PageContext) -> None:
    if not ctx.options.ocr_fixes:
        return
    ctx.words, made, unknown = fixes.fix_words(ctx.words)
    ctx.ocr_fixes = [f"{f.before}→{f.after}" for f in made]
    ctx.unknown = unknown


def _red_stamps(ctx: PageContext) -> list[Mark]:
    """Round red seals, moved from the original image into the frame of the word boxes."""
    to_gray = np.linalg.inv(ctx.to_original)
    scale = float(np.hypot(*to_gray[:2, 0]))
    out = []
    for seal in ctx.seals:
        if seal.round:
            x, y, w, h = seal.extent
            cx, cy, _ = to_gray @ np.array([x + w / 2, y + h / 2, 1.0])
            w, h = w * scale, h * scale
            out.append(Mark("stamp", (round(cx - w / 2), round(cy - h / 2), round(w), round(h)), 1.0, "red"))
    return out


def evidence(ctx: PageContext) -> None:
    """QR codes, stamps and signatures: what a clerk checks on the paper besides its text."""
    if not ctx.options.evidence:
        return
    assert ctx.gray is not None
    ctx.qr = qr.decode(_luma(ctx))
    # A colour scan shows a seal's red ink; on a gray one (or a faded seal) its rim is looked for.
    stamps = _red_stamps(ctx) or marks.ring_stamps(ctx.gray, ctx.work_dpi)
    # Signatures: on a gray page whose seals were faded, looked for without them; elsewhere the seals' rims
    # and lettering are masked (what is left of a red seal's ink too). An ID card's only signature is the
    # issuer's on its back: nothing a clerk checks.
    faded = ctx.ocr_gray is not None and ctx.ocr_gray is not ctx.gray
    signed = [] if card_like(ctx) else marks.signatures(ctx.ocr_gray if faded else ctx.gray, ctx.work_dpi,
                                                        ctx.words, [] if faded else stamps)
    ctx.marks = stamps + signed


def reread_numbers(ctx: PageContext) -> None:
    """A second read of ID and phone numbers (`ocr.digits`), on the image tesseract read, and the first of
    numbers written one digit per box (`ocr.boxes`: the CT01 form's ID), put in the reading order; one
    tesseract run for both. Not on an ID card whose QR code was read (its numbers come from the code), and
    no boxes looked for on a card."""
    assert ctx.ocr_gray is not None
    card = card_like(ctx)
    chosen = [] if ctx.qr and card else digits.picked(ctx.words)
    rows = [] if card else boxes.pending(ctx.ocr_gray)
    images = [digits.crop(ctx.ocr_gray, ctx.words[i].box) for i in chosen] + [r.strip for r in rows]
    reads = digits.read(images, dpi=round(ctx.work_dpi), timings=ctx.timings) if images else None
    if reads is None:
        return
    ctx.words = digits.merged(ctx.words, chosen, reads[: len(chosen)])
    if rows:
        ctx.words = layout.rows(boxes.placed(ctx.words, rows, reads[len(chosen) :]))


CLEANUP: tuple[Callable[[PageContext], None], ...] = (clean, deskew, normalise_resolution, fade_seals)
PREPARE: tuple[Callable[[PageContext], None], ...] = (to_gray, recognize)
FINISH: tuple[Callable[[PageContext], None], ...] = (reread_words, reading_order, evidence, drop_junk, fix_syllables,
                                                     reread_numbers)
TURN = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def _run(ctx: PageContext, stages: tuple[Callable[[PageContext], None], ...]) -> None:
    for stage in stages:
        begin = time.perf_counter()
        stage(ctx)
        ctx.timings[stage.__name__] = ctx.timings.get(stage.__name__, 0.0) + time.perf_counter() - begin


def _read(src: SourcePage, options: OcrOptions, dpi: float, luma: np.ndarray, turn: int = 0,
          cut: bool = True, to_beat: float | None = None) -> PageContext:
    image = src.image
    assert image is not None
    if turn:
        image, luma = cv2.rotate(image, TURN[turn]), cv2.rotate(luma, TURN[turn])
    ctx = PageContext(src=src, options=options, image=image, dpi=dpi, luma=luma, rotation=turn,
                      may_cut=cut and not turn, to_beat=to_beat)
    _run(ctx, PREPARE)
    return ctx


def _upright(src: SourcePage, options: OcrOptions, dpi: float, luma: np.ndarray) -> PageContext:
    """The page read as it came; a turn is read too only when that read was poor (or read down the page) on a
    page with ink, and kept only when the turned page reads clearly better (ink geometry and OSD only
    propose). When OSD's answer had cut the views short and no turn won, the rest of them are read. A page
    read well down its lines is turned with the words read (`_turn_read`), not read again."""
    ctx = _read(src, options, dpi, luma)
    sideways = vertical(ctx.words)
    assert ctx.gray is not None
    flow = _flow_turn(ctx.words) if sideways and ctx.readability.good and not ctx.seals and options.orient else 0
    if flow:
        return _turn_read(ctx, flow)
    if not options.orient or not (ctx.readability.poor or sideways) or not has_ink(ctx.gray):
        return ctx
    start = time.perf_counter()
    turns, sure = turn_candidates(ctx)
    ctx.timings["orient"] = ctx.timings.get("orient", 0.0) + time.perf_counter() - start
    for turn in turns:
        # A sideways read may read the words, but not in their lines: a level read of nearly as much wins.
        needed = 0.8 if sideways else BETTER
        # A turn OSD was not sure of is a guess: read on only when its first image reads better by that
        # much than the first image of the page as it stands (the same image, not turned).
        bar = None if sure else needed * ctx.first_rank
        other = _merged(_read(src, options, dpi, luma, turn, to_beat=bar), ctx.timings)
        if other.readability.score > needed * ctx.readability.score and not vertical(other.words):
            ctx, sideways = other, False
        else:
            ctx.timings = other.timings
        if ctx.readability.good and not sideways:
            break
    if ctx.cut_short:  # still the upright read: OSD proposed a turn that did not read better
        ctx = _merged(_read(src, options, dpi, luma, cut=False), ctx.timings)
    return ctx


def _flow_turn(words: list[Word]) -> int:
    """The turn that makes a sideways page upright, from which way its read lines run: down the page (turned
    a quarter clockwise: 270 brings it back), up it (90); 0 when its lines do not agree."""
    lines: dict[int, list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    down = up = 0
    for line in lines.values():
        if len(line) >= 2:
            step = line[-1].box[1] - line[0].box[1]
            down, up = down + (step > 0), up + (step < 0)
    if down >= 3 * max(up, 1):
        return 270
    return 90 if up >= 3 * max(down, 1) else 0


def _turn_matrix(size: tuple[int, int], turn: int) -> np.ndarray:
    """Pixel of an image of `size` (w, h) → pixel of the image turned by `turn` (90 or 270, as `TURN`)."""
    w, h = size
    if turn == 90:
        return np.array([[0.0, -1, h], [1, 0, 0], [0, 0, 1]])
    return np.array([[0.0, 1, 0], [-1, 0, w], [0, 0, 1]])


def _turn_read(ctx: PageContext, turn: int) -> PageContext:
    """A sideways page that tesseract read well down its lines, turned upright with its words and without a
    second read: the same words, in their boxes on the turned page (the text page keeps its own frame)."""
    assert ctx.gray is not None and ctx.ocr_gray is not None
    gray_size, image_size = (ctx.gray.shape[1], ctx.gray.shape[0]), (ctx.image.shape[1], ctx.image.shape[0])
    to_gray, to_image = _turn_matrix(gray_size, turn), _turn_matrix(image_size, turn)
    words = _through(to_gray, ctx.words)
    return replace(ctx, image=cv2.rotate(ctx.image, TURN[turn]), luma=None, gray=cv2.rotate(ctx.gray, TURN[turn]),
                   ocr_gray=cv2.rotate(ctx.ocr_gray, TURN[turn]), rotation=(ctx.rotation + turn) % 360,
                   to_original=to_image @ ctx.to_original @ np.linalg.inv(to_gray), words=words,
                   pdf_frame=to_gray @ ctx.pdf_frame, pdf_size=ctx.pdf_size or gray_size)


def _merged(ctx: PageContext, timings: dict[str, float]) -> PageContext:
    """`ctx` with the time of earlier reads of the same page added to its own."""
    for name, seconds in timings.items():
        ctx.timings[name] = ctx.timings.get(name, 0.0) + seconds
    return ctx


def guess_dpi(src: SourcePage, luma: np.ndarray) -> float:
    """The file's dpi when plausible; else from the print size (phones write 72 or nothing), down to 50 dpi: a
    receipt photographed whole has print that small, and tesseract, told the dpi of the upscaled page, must
    not take its print for half its size. `luma`: the page in gray."""
    if src.dpi and 100 <= src.dpi <= 1200:
        return float(src.dpi)
    assert src.image is not None
    preview = _preview(luma)
    height = preprocess.text_height(preview)
    if not height:
        return 300.0
    scale = max(src.image.shape[:2]) / max(preview.shape[:2])
    return float(np.clip(300.0 * height * scale / REFERENCE_HEIGHT, 50, 1200))


def process_page(src: SourcePage, options: OcrOptions) -> PageOutcome:
    assert src.image is not None
    start = time.perf_counter()
    luma = _plain_gray(src.image)
    dpi = guess_dpi(src, luma)
    seconds = time.perf_counter() - start
    ctx = _upright(src, options, dpi, luma)
    ctx.timings["dpi"] = seconds
    _run(ctx, FINISH)
    begin = time.perf_counter()
    part = pdf_part(ctx) if options.searchable_pdf else None
    ctx.timings["pdf_part"] = time.perf_counter() - begin
    h, w = ctx.image.shape[:2]
    page = PageText(number=src.number, text=lines_text(ctx.words), source="ocr",
                    confidence=mean_confidence(ctx.words), words=ctx.words, width=w, height=h,
                    rotation=ctx.rotation, skew=ctx.skew, ocr_fixes=ctx.ocr_fixes, unknown=ctx.unknown,
                    timings=ctx.timings, qr=ctx.qr, marks=ctx.marks, problem=page_problem(ctx),
                    read_from=ctx.read_from)
    return PageOutcome(page, part)


def page_problem(ctx: PageContext) -> str | None:
    """`unreadable` when what was read is too little real text for the ink on the page (a patterned
    background, a blurred photo): the clerk is told to scan again instead of getting silent emptiness."""
    assert ctx.gray is not None
    if ctx.readability.poor and has_ink(ctx.gray):
        return "unreadable"
    return None


def has_ink(page: np.ndarray) -> bool:
    """Print-like ink: contrast, and blobs of a glyph's shape (a blank page's speckle is neither). The contrast
    is the darkest thousandth's: a few words on a large sheet are too little ink for a percent."""
    gray = _preview(page)
    low, high = preprocess.percentiles(gray, 0.1, 99)
    if high - low < 60:
        return False
    boxes, _ = preprocess.blob_boxes(preprocess.ink_mask(gray))
    h = boxes[:, 3]
    return int(((h >= 6) & (h <= 0.9 * gray.shape[0])).sum()) >= 3


def pdf_part(ctx: PageContext) -> PdfPart:
    assert ctx.gray is not None
    h, w = ctx.image.shape[:2]
    gray_size = ctx.pdf_size or (ctx.gray.shape[1], ctx.gray.shape[0])
    dpi = round(ctx.work_dpi)
    matrix = text_matrix(gray_size, dpi, ctx.to_original @ ctx.pdf_frame, (w, h), ctx.dpi)
    if ctx.src.pdf_index is not None and ctx.rotation == 0 and not ctx.reframed:
        # A scanned page of a PDF keeps its own page; the text goes on top.
        return PdfPart(ctx.text_pdf, matrix)
    jpeg = ctx.src.jpeg if ctx.rotation == 0 and not ctx.reframed and ctx.src.jpeg else encode_jpeg(ctx.image)
    page_points = (w * 72 / ctx.dpi, h * 72 / ctx.dpi)
    return PdfPart(ctx.text_pdf, matrix, jpeg, (w, h), ctx.image.ndim == 2, page_points)


def lines_text(words: list[Word]) -> str:
    lines: dict[int, list[str]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word.text)
    return "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))


def mean_confidence(words: list[Word]) -> float | None:
    return round(float(np.mean([w.confidence for w in words])), 2) if words else None
