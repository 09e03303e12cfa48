"""Scan-quality check at upload time, without OCR (tens of milliseconds a page), so counter staff can rescan
while the citizen is still at the counter: blur, resolution, skew, blank page, too dark / too light.

Measures are taken on a copy scaled so that glyphs have a fixed size, which makes the blur and contrast
thresholds hold for a 200-dpi office scan and a 12-megapixel phone photo alike.
"""

from __future__ import annotations

import io
import logging
from dataclasses import asdict, dataclass

import cv2
import numpy as np
from PIL import Image, ImageOps

from ocr import preprocess
from ocr.load import load_pages

log = logging.getLogger(__name__)

GLYPH = 20.0  # glyph blob height (px) of the copy that blur is measured on
BLUR_MIN = 0.85  # Laplacian spread over contrast at ink edges below this: blurred
MIN_TEXT_HEIGHT = 9.0  # median glyph blob height in the file's own pixels; below, too small to read
MAX_SKEW = 3.0  # degrees
DARK_PAPER = 90  # paper (bright 90th percentile) darker than this: underexposed photo
LIGHT_INK = 150  # ink (dark 1st percentile) lighter than this: faded / overexposed
BLANK_INK = 0.0005  # share of ink pixels below which a page is blank
MAX_PAGES_CHECKED = 20
PREVIEW_SIDE = 800  # exposure, blank, glyph size and skew need no more; blur is measured at glyph scale


@dataclass(frozen=True)
class QualityIssue:
    code: str  # blurry | low_resolution | skewed | blank_page | too_dark | too_light
    page: int
    vi: str
    en: str
    value: float

    def as_dict(self) -> dict:
        return asdict(self)


def _issue(code: str, page: int, value: float) -> QualityIssue:
    vi, en = {
        "blurry": ("ảnh mờ — cần quét lại", "the image is blurred — rescan it"),
        "low_resolution": ("độ phân giải thấp, chữ quá nhỏ — quét lại ở 300 dpi",
                           "resolution too low, text too small — rescan at 300 dpi"),
        "skewed": (f"trang bị nghiêng {value:.1f}° — nên đặt giấy thẳng và quét lại",
                   f"the page is tilted {value:.1f}° — straighten the paper and rescan"),
        "blank_page": ("trang trắng — kiểm tra lại mặt giấy được quét", "blank page — check the side scanned"),
        "too_dark": ("ảnh quá tối — cần đủ ánh sáng và quét lại", "the image is too dark — add light and rescan"),
        "too_light": ("chữ quá nhạt — tăng độ đậm và quét lại", "the text is too faint — darken and rescan"),
    }[code]
    return QualityIssue(code, page, vi, en, round(float(value), 3))


def page_issues(image: np.ndarray, page: int = 1, decoded_scale: float = 1.0) -> list[QualityIssue]:
    """Issues of one page image (RGB or gray). decoded_scale: image size / the file's own size."""
    full = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    gray = preprocess.fit(full, PREVIEW_SIDE)
    scale = max(gray.shape[:2]) / max(full.shape[:2])
    paper, ink_level = preprocess.percentiles(gray, 90, 1)
    if paper < DARK_PAPER:
        return [_issue("too_dark", page, paper)]
    flat = preprocess.flatten_background(gray)
    ink = preprocess.ink_mask(flat)
    if (ink > 0).mean() < BLANK_INK or paper - ink_level < 25:
        return [_issue("blank_page", page, float((ink > 0).mean()))]
    issues = []
    if ink_level > LIGHT_INK:
        issues.append(_issue("too_light", page, ink_level))
    height = preprocess.text_height(flat)
    if height is None:
        return issues
    native = height / scale / decoded_scale  # glyph height in the file's own pixels
    if native < MIN_TEXT_HEIGHT:
        issues.append(_issue("low_resolution", page, native))
    sharp = sharpness(full, height / scale)
    if sharp < BLUR_MIN:
        issues.append(_issue("blurry", page, sharp))
    angle, _ = preprocess.skew_and_sharpness(flat, fine=False)  # 0.5° steps: enough to flag > 3°
    if abs(angle) > MAX_SKEW:
        issues.append(_issue("skewed", page, abs(angle)))
    return issues


def sharpness(gray: np.ndarray, glyph_height: float) -> float:
    """Spread of the Laplacian at ink edges relative to the ink/paper contrast (variance of Laplacian,
    normalised), on the page scaled so glyphs are GLYPH px tall: one threshold then fits a 200-dpi office
    scan and a phone photo. 2-5 for a crisp A4 scan, under 0.85 once print is visibly blurred."""
    f = min(1.0, GLYPH / glyph_height)
    work = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else gray
    work = preprocess.flatten_background(work)
    lap = cv2.Laplacian(work.astype(np.float32), cv2.CV_32F, ksize=3)
    ink = preprocess.ink_mask(work)
    edges = (cv2.dilate(ink, np.ones((3, 3), np.uint8)) > 0) & (cv2.erode(ink, np.ones((3, 3), np.uint8)) == 0)
    if edges.sum() < 100:
        return 1.0
    high, low = preprocess.percentiles(work, 95, 2)
    contrast = (high - low) or 1.0
    return float(np.std(lap[edges])) / contrast


def scan_quality(data: bytes, media_type: str, *, max_pixels: int, max_pages: int,
                   dpi: int = 100) -> list[QualityIssue]:
    """Issues of the scanned pages of a document (text-layer PDF pages need no check)."""
    if media_type in ("image/jpeg", "image/png", "image/tiff") and not _multi_frame(data):
        image, decoded_scale = _fast_decode(data, max_pixels)
        return page_issues(image, 1, decoded_scale)
    issues: list[QualityIssue] = []
    checked = 0
    for src in load_pages(data, media_type, dpi=dpi, max_pages=max_pages, max_pixels=max_pixels):
        if src.image is None:
            continue
        issues += page_issues(src.image, src.number)
        checked += 1
        if checked >= MAX_PAGES_CHECKED:
            break
    return issues


def report(data: bytes, media_type: str, *, max_pixels: int, max_pages: int) -> list[dict]:
    """The issues as plain dicts, for the upload response and the attachment row. Never raises: a check that
    cannot run must not cost the citizen the upload (the worker's OCR then reports the real error)."""
    try:
        return [i.as_dict() for i in scan_quality(data, media_type, max_pixels=max_pixels, max_pages=max_pages)]
    except Exception:
        log.exception("scan-quality check failed")
        return []


def _multi_frame(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as img:
        return getattr(img, "n_frames", 1) > 1


def _fast_decode(data: bytes, max_pixels: int) -> tuple[np.ndarray, float]:
    with Image.open(io.BytesIO(data)) as img:
        if img.width * img.height > max_pixels:
            raise ValueError("image too large")
        width = img.width
        if img.format == "JPEG" and max(img.size) > 2400:  # decode at half size in the DCT domain
            img.draft("RGB" if img.mode == "RGB" else "L", (img.width // 2, img.height // 2))
        scale = img.width / width
        upright = ImageOps.exif_transpose(img)
        return np.asarray(upright.convert("L")), scale
