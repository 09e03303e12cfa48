"""One scanned page through named stages, each a function over the page's context:

    orient → gray (red seal ink dropped) → clean (flatten light, erase frames) → deskew → resolution
    → gray seals faded (for tesseract's copy only) → recognize (with fallbacks) → reading order
    → evidence (QR, stamps, signatures) → junk (also what was read inside a signature) → post-correct
    → long numbers read again (ocr.digits) → digitized-copy part

Every geometric step records its matrix, so the invisible text can be laid back onto the original image.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from ocr import digits, ink, junk, layout, marks, orient, postcorrect, preprocess, qr
from ocr._exec import tesseract
from ocr.load import SourcePage
from ocr.options import OcrOptions
from ocr.pdf import PdfPart, encode_jpeg, text_matrix
from ocr.types import Mark, PageText, Word

# One OpenCV thread per process, as tesseract gets one OpenMP thread: pages and jobs run in parallel
# processes (one per core), and OpenCV's spinning pool threads would only fight them for the cores.
cv2.setNumThreads(1)

PREVIEW_SIDE = 1600  # orientation and skew are measured on a copy this size: same answer, less work
TEXT_HEIGHT = (18.0, 80.0)  # median glyph blob height (px) tesseract reads well; outside: rescale
TARGET_HEIGHT = 28.0
REFERENCE_HEIGHT = 29.0  # median glyph blob height of 12 pt print at 300 dpi, to guess a missing dpi
OSD_CONFIDENCE = 5.0  # tesseract OSD is trusted above this (it errs on cards and sparse pages)


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
    skew_hint: float | None = None  # skew measured while orienting (it holds for the upright page)
    words: list[Word] = field(default_factory=list)
    text_pdf: bytes | None = None
    corrections: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    seals: list[ink.Seal] = field(default_factory=list)  # red seals found (and dropped) on the original
    qr: list[str] = field(default_factory=list)
    marks: list[Mark] | None = None


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


def orient_page(ctx: PageContext) -> None:
    """Quarter turns and upside-down pages, decided on a cleaned preview; OSD only when unsure."""
    if not ctx.options.orient:
        return
    preview = preprocess.erase_frames(preprocess.flatten_background(_preview(_luma(ctx))))
    turn = 90 if orient.quarter_turn_needed(preview) else 0
    if turn:
        preview = cv2.rotate(preview, cv2.ROTATE_90_CLOCKWISE)
    level, angle = preprocess.deskew(preview, cv2.INTER_LINEAR)  # the level preview is only measured
    ctx.skew_hint = angle  # a half turn keeps the tilt of text lines; only OSD's quarter turn changes it
    ratio = orient.above_below_ratio(level)
    if ratio is not None and ratio <= orient.FLIPPED:
        turn += 180
    elif ratio is None or ratio < orient.UPRIGHT:
        found = tesseract.detect_orientation(level, timeout=ctx.options.page_timeout)
        if found is not None and found.confidence >= OSD_CONFIDENCE:
            turn += found.rotate
            if found.rotate % 180:
                ctx.skew_hint = None
        elif ratio is not None and ratio < 1:
            turn += 180
    turn %= 360
    if turn:
        code = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}[turn]
        ctx.image = cv2.rotate(ctx.image, code)
        ctx.luma = ctx.image if ctx.image.ndim == 2 else cv2.rotate(_luma(ctx), code)
        ctx.rotation = turn


def to_gray(ctx: PageContext) -> None:
    ctx.gray, ctx.seals = ink.drop_seals(ctx.image, ctx.dpi, _luma(ctx))
    ctx.colourless = ctx.image.ndim == 2 or (not ctx.seals and ink.colourless(ctx.image))


def clean(ctx: PageContext) -> None:
    assert ctx.gray is not None
    ctx.gray = preprocess.erase_frames(preprocess.flatten_background(ctx.gray))


def deskew(ctx: PageContext) -> None:
    assert ctx.gray is not None
    angle = ctx.skew_hint if ctx.skew_hint is not None else preprocess.estimate_skew(_preview(ctx.gray))
    if abs(angle) >= 0.05:
        # Text tilted by +a sits at angle -a in the profile search, so rotating by -estimate levels it.
        # Bilinear: the few-degree turn of a 200-300 dpi page reads the same as bicubic, in half the time.
        ctx.gray, forward = preprocess.rotate_with_matrix(ctx.gray, -angle, cv2.INTER_LINEAR)
        ctx.to_original = ctx.to_original @ np.linalg.inv(forward)
    ctx.skew = angle


def normalise_resolution(ctx: PageContext) -> None:
    """Bring glyphs to the size tesseract reads best: upsample small print (a CCCD scanned at 300 dpi),
    downsample oversized scans. The glyphs themselves are measured: a file's dpi tag is often wrong."""
    assert ctx.gray is not None
    height = preprocess.text_height(ctx.gray)
    dpi = ctx.dpi
    if height is None:
        ctx.work_dpi = dpi
        return
    factor = 1.0
    if height < TEXT_HEIGHT[0]:
        factor = min(4.0, TARGET_HEIGHT / height)
    elif height > TEXT_HEIGHT[1]:
        factor = max(0.25, 40.0 / height)
    if factor != 1.0:
        method = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
        ctx.gray = cv2.resize(ctx.gray, None, fx=factor, fy=factor, interpolation=method)
        ctx.to_original = ctx.to_original @ np.diag([1 / factor, 1 / factor, 1.0])
    ctx.work_dpi = dpi * factor


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


def _score(words: list[Word]) -> float:
    return sum(len(w.text) * w.confidence for w in words) / 100


def readable(words: list[Word]) -> bool:
    chars = sum(len(w.text) for w in words)
    mean = sum(w.confidence for w in words) / len(words) if words else 0
    return chars >= 10 and mean >= 60


def card_like(ctx: PageContext) -> bool:
    """An ID card (landscape, or narrower than 13 cm): zones of text beside a photo, emblem and QR code."""
    h, w = ctx.image.shape[:2]
    return w > 1.2 * h or w / ctx.dpi < 13 / 2.54


def recognize(ctx: PageContext) -> None:
    """psm 6 (one block, row by row) reads A4 forms and borderless tables in the clerk's order; psm 3 (full
    layout analysis) reads cards, whose text sits in zones around pictures. If a page comes back
    unreadable: Sauvola binarization (shadows, faint print), then the other psm — the best-scoring read
    wins, so a readable page never comes back empty."""
    assert ctx.ocr_gray is not None
    opts, dpi = ctx.options, round(ctx.work_dpi)
    first, other = (3, 6) if card_like(ctx) else (6, 3)
    attempts: list[tuple[str, Callable[[np.ndarray], np.ndarray], int]] = [
        ("gray", lambda g: g, first), ("sauvola", preprocess.binarize_sauvola, first), ("layout", lambda g: g, other)]
    best: tesseract.Recognized | None = None
    spent = 0.0
    for name, prepare, psm in attempts:
        start = time.perf_counter()
        image = prepare(ctx.ocr_gray)
        ctx.timings[f"prepare_{name}"] = time.perf_counter() - start
        got = tesseract.recognize(image, lang=opts.lang, timeout=opts.page_timeout, psm=psm, dpi=dpi,
                                  want_pdf=opts.searchable_pdf)
        spent += got.seconds
        if best is None or _score(got.words) > _score(best.words):
            best = got
        if readable(got.words):
            break
    assert best is not None
    ctx.timings["tesseract"] = ctx.timings.get("tesseract", 0.0) + spent
    ctx.words, ctx.text_pdf = best.words, best.pdf


def reading_order(ctx: PageContext) -> None:
    ctx.words = layout.rows(ctx.words)


def drop_junk(ctx: PageContext) -> None:
    pad = round(2 * ctx.work_dpi / 25.4)  # a stroke's loose end reaches past the region found
    signed = [(x - pad, y - pad, w + 2 * pad, h + 2 * pad)
              for x, y, w, h in (m.box for m in ctx.marks or [] if m.kind == "signature")]
    ctx.words = junk.drop_junk(ctx.words, signed)


def correct(ctx: PageContext) -> None:
    if not ctx.options.postcorrect:
        return
    ctx.words, fixes, unknown = postcorrect.correct_words(ctx.words)
    ctx.corrections = [f"{f.before}→{f.after}" for f in fixes]
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
    """A second read of ID and phone numbers (`ocr.digits`), on the image tesseract read. Not on an ID card
    whose QR code was read: its numbers come from the code."""
    assert ctx.ocr_gray is not None
    if ctx.qr and card_like(ctx):
        return
    ctx.words = digits.reread(ctx.ocr_gray, ctx.words, dpi=round(ctx.work_dpi), timings=ctx.timings)


STAGES: tuple[Callable[[PageContext], None], ...] = (
    orient_page, to_gray, clean, deskew, normalise_resolution, fade_seals, recognize, reading_order, evidence,
    drop_junk, correct, reread_numbers)


def guess_dpi(src: SourcePage, luma: np.ndarray) -> float:
    """The file's dpi when plausible; else from the print size (phones write 72 or nothing). `luma`: the
    page in gray."""
    if src.dpi and 100 <= src.dpi <= 1200:
        return float(src.dpi)
    assert src.image is not None
    preview = _preview(luma)
    height = preprocess.text_height(preview)
    if not height:
        return 300.0
    scale = max(src.image.shape[:2]) / max(preview.shape[:2])
    return float(np.clip(300.0 * height * scale / REFERENCE_HEIGHT, 100, 1200))


def process_page(src: SourcePage, options: OcrOptions) -> PageOutcome:
    assert src.image is not None
    start = time.perf_counter()
    luma = _plain_gray(src.image)
    ctx = PageContext(src=src, options=options, image=src.image, dpi=guess_dpi(src, luma), luma=luma)
    ctx.timings["dpi"] = time.perf_counter() - start
    for stage in STAGES:
        begin = time.perf_counter()
        stage(ctx)
        ctx.timings[stage.__name__] = time.perf_counter() - begin
    begin = time.perf_counter()
    part = pdf_part(ctx) if options.searchable_pdf else None
    ctx.timings["pdf_part"] = time.perf_counter() - begin
    h, w = ctx.image.shape[:2]
    text = lines_text(ctx.words)
    page = PageText(number=src.number, text=text, source="ocr", confidence=mean_confidence(ctx.words),
                    words=ctx.words, width=w, height=h, rotation=ctx.rotation, skew=ctx.skew,
                    corrections=ctx.corrections, unknown=ctx.unknown, timings=ctx.timings, qr=ctx.qr,
                    marks=ctx.marks)
    return PageOutcome(page, part)


def pdf_part(ctx: PageContext) -> PdfPart:
    assert ctx.gray is not None
    h, w = ctx.image.shape[:2]
    gray_size = (ctx.gray.shape[1], ctx.gray.shape[0])
    dpi = round(ctx.work_dpi)
    matrix = text_matrix(gray_size, dpi, ctx.to_original, (w, h), ctx.dpi)
    if ctx.src.pdf_index is not None and ctx.rotation == 0:
        # A scanned page of a PDF keeps its own page; the text goes on top.
        return PdfPart(ctx.text_pdf, matrix)
    jpeg = ctx.src.jpeg if ctx.rotation == 0 and ctx.src.jpeg else encode_jpeg(ctx.image)
    page_points = (w * 72 / ctx.dpi, h * 72 / ctx.dpi)
    return PdfPart(ctx.text_pdf, matrix, jpeg, (w, h), ctx.image.ndim == 2, page_points)


def lines_text(words: list[Word]) -> str:
    lines: dict[int, list[str]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word.text)
    return "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))


def mean_confidence(words: list[Word]) -> float | None:
    return round(float(np.mean([w.confidence for w in words])), 2) if words else None
