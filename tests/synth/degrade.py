"""Seeded scan/photo degradations with the parameters they applied, so tests can check deskew etc.

Angles follow PIL: positive = the content was turned counter-clockwise; undo with rotate(img, -angle).
"""

from __future__ import annotations

import io
import math
from dataclasses import asdict, dataclass, field

import cv2
import numpy as np
from PIL import Image

LEVELS = ("clean", "office", "phone")


@dataclass(frozen=True)
class Applied:
    level: str
    angle: float = 0.0  # degrees CCW of the text lines in the output (what a deskewer should measure)
    dpi: int = 300  # resolution of the output
    noise_sigma: float = 0.0
    blur_sigma: float = 0.0
    jpeg_quality: int | None = None
    corners: tuple[tuple[float, float], ...] = ()  # page corners in the output (TL, TR, BR, BL), pixels
    illumination: float = 1.0  # darkest/brightest lighting factor across the frame
    paper: tuple[int, int, int] = (255, 255, 255)  # colour blank paper ends up with before lighting
    extra: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _jpeg(arr: np.ndarray, quality: int) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert(Image.fromarray(arr).mode))


def _per_channel(plane: np.ndarray, arr: np.ndarray) -> np.ndarray:
    return cv2.merge([plane] * arr.shape[2]) if arr.ndim == 3 else plane


def _noise(arr: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    # Luminance noise shared by the channels (sensor grain); int16 + saturating cv2.add keeps it fast.
    grain = (rng.standard_normal(arr.shape[:2], dtype=np.float32) * sigma).astype(np.int16)
    return cv2.add(arr, _per_channel(grain, arr), dtype=cv2.CV_8U)


def _edge_angle(corners: np.ndarray) -> float:
    """Mean CCW angle of the page's top and bottom edges (image y points down)."""
    tl, tr, br, bl = corners
    top = math.atan2(-(tr[1] - tl[1]), tr[0] - tl[0])
    bottom = math.atan2(-(br[1] - bl[1]), br[0] - bl[0])
    return math.degrees((top + bottom) / 2)


def _resample(arr: np.ndarray, dpi: int, out_dpi: int) -> np.ndarray:
    if out_dpi == dpi:
        return arr
    h, w = arr.shape[:2]
    method = cv2.INTER_AREA if out_dpi < dpi else cv2.INTER_CUBIC
    return cv2.resize(arr, (round(w * out_dpi / dpi), round(h * out_dpi / dpi)), interpolation=method)


def _office(
    arr: np.ndarray, dpi: int, rng: np.random.Generator, jpeg: bool, target_dpi: int | None
) -> tuple[np.ndarray, Applied]:
    drawn = int(rng.integers(200, 301))  # always drawn, so a target_dpi leaves the other parameters alone
    out_dpi = target_dpi or drawn
    arr = _resample(arr, dpi, out_dpi)
    h, w = arr.shape[:2]
    angle = float(rng.uniform(-1.5, 1.5))
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    white = (255,) * (arr.shape[2] if arr.ndim == 3 else 1)
    arr = cv2.warpAffine(arr, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=white)
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float64)
    corners = corners @ m[:, :2].T + m[:, 2]
    blur = float(rng.uniform(0.3, 0.6))
    arr = cv2.GaussianBlur(arr, (0, 0), blur)
    sigma = float(rng.uniform(3.0, 6.0))
    arr = _noise(arr, sigma, rng)
    quality = int(rng.integers(70, 81))
    arr = _jpeg(arr, quality) if jpeg else arr
    return arr, Applied(
        "office", round(angle, 4), out_dpi, sigma, blur, quality, tuple(map(tuple, corners.round(1).tolist()))
    )


def _phone(
    arr: np.ndarray, dpi: int, rng: np.random.Generator, jpeg: bool, target_dpi: int | None
) -> tuple[np.ndarray, Applied]:
    arr = _resample(arr, dpi, target_dpi or dpi)
    dpi = target_dpi or dpi
    h, w = arr.shape[:2]
    colour = arr.ndim == 3
    # Greyish, slightly warm paper under room light (a per-channel lookup table is the cheap multiply).
    tint = np.array([rng.uniform(0.80, 0.88)] * 3) * np.array([1.0, 0.99, 0.95])
    paper = tuple(int(255 * t) for t in tint)
    lut = (np.arange(256, dtype=np.float32)[:, None] * tint[None, :]).astype(np.uint8)
    arr = cv2.LUT(arr, lut[None, :, :]) if colour else cv2.LUT(arr, lut[:, 0])
    # A hand-held shot: keystone from tilting the phone (top edge shorter or longer than the bottom,
    # edges stay parallel to the text), a little corner jitter, then rotation + scale about the centre.
    angle = math.radians(rng.uniform(-4.0, 4.0))
    scale = rng.uniform(0.90, 0.96)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    keystone = rng.uniform(-0.035, 0.035)
    centred = (src - (w / 2, h / 2)) * scale
    centred[:2, 0] *= 1 - keystone
    centred[2:, 0] *= 1 + keystone
    centred += rng.uniform(-0.003, 0.003, (4, 2)) * (w, h)
    rot = np.array([[math.cos(angle), math.sin(angle)], [-math.sin(angle), math.cos(angle)]])
    dst = centred @ rot.T + (w / 2, h / 2)
    hmat = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    desk = int(rng.integers(70, 130))
    arr = cv2.warpPerspective(
        arr, hmat, (w, h), flags=cv2.INTER_LINEAR, borderValue=(desk, desk, desk) if colour else desk
    )
    # Uneven light: a linear falloff in a random direction and a soft vignette. It is smooth, so it is
    # computed on a coarse grid and upsampled.
    yy, xx = np.mgrid[0:1:65j, 0:1:65j].astype(np.float32) - 0.5
    direction = rng.uniform(0, 2 * math.pi)
    ramp = xx * math.cos(direction) + yy * math.sin(direction)
    strength = rng.uniform(0.15, 0.3)
    light = 1 - strength * (ramp + 0.5) - 0.24 * (xx**2 + yy**2)
    full = cv2.resize((light * 255).astype(np.uint8), (w, h), interpolation=cv2.INTER_LINEAR)
    arr = cv2.multiply(arr, _per_channel(full, arr), scale=1 / 255)
    blur = float(rng.uniform(0.7, 1.2))
    arr = cv2.GaussianBlur(arr, (0, 0), blur)
    sigma = float(rng.uniform(4.0, 8.0))
    arr = _noise(arr, sigma, rng)
    quality = int(rng.integers(45, 56))
    arr = _jpeg(arr, quality) if jpeg else arr
    return arr, Applied(
        "phone",
        round(_edge_angle(dst), 4),
        dpi,
        sigma,
        blur,
        quality,
        tuple(map(tuple, dst.round(1).tolist())),
        round(float(light.min() / light.max()), 4),
        paper,
        {"scale": round(float(scale), 4), "keystone": round(float(keystone), 4), "desk": float(desk)},
    )


def degrade(
    img: Image.Image,
    level: str,
    seed: int,
    dpi: int | None = None,
    jpeg: bool = True,
    target_dpi: int | None = None,
) -> tuple[Image.Image, Applied]:
    """Degrade a rendered page. `dpi` is the input's resolution (default: img.info['dpi'] or 300).

    office resamples to a random 200-300 dpi and phone keeps the input's, unless `target_dpi` is given.
    jpeg=False skips the JPEG round trip, for callers that will encode the file themselves with
    `applied.jpeg_quality` (one compression, as a scanner or phone does).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    dpi = dpi or round(img.info.get("dpi", (300, 300))[0])
    if level == "clean":
        out = img.copy() if not target_dpi else Image.fromarray(_resample(np.asarray(img), dpi, target_dpi))
        out.info["dpi"] = (target_dpi or dpi,) * 2
        return out, Applied("clean", dpi=target_dpi or dpi)
    rng = np.random.default_rng([seed, LEVELS.index(level)])
    mode = "RGB" if img.mode not in ("L", "RGB") else img.mode
    arr = np.asarray(img.convert(mode))
    arr, applied = (_office if level == "office" else _phone)(arr, dpi, rng, jpeg, target_dpi)
    out = Image.fromarray(arr, mode)
    out.info["dpi"] = (applied.dpi, applied.dpi)
    return out, applied


def rotate(img: Image.Image, angle: float, expand: bool = True) -> Image.Image:
    """Turn counter-clockwise by `angle` degrees, filling with white (like a scanner bed)."""
    fill = 255 if img.mode == "L" else (255,) * len(img.getbands())
    return img.rotate(angle, resample=Image.BICUBIC, expand=expand, fillcolor=fill)


def upside_down(img: Image.Image) -> Image.Image:
    return img.transpose(Image.Transpose.ROTATE_180)


def rotate90(img: Image.Image, times: int = 1) -> Image.Image:
    """Quarter turns counter-clockwise: a page fed sideways."""
    ops = {1: Image.Transpose.ROTATE_90, 2: Image.Transpose.ROTATE_180, 3: Image.Transpose.ROTATE_270}
    return img.transpose(ops[times % 4]) if times % 4 else img.copy()
