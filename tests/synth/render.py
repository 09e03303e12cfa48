"""Raster rendering of a Document: A4 page or ID card, with optional signature and official stamp."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image, ImageDraw

from .layout import (
    CARD_H,
    CARD_W,
    MM,
    Mark,
    Placement,
    card_origins,
    default_family,
    font_path,
    has_card,
    layout_page,
    page_size,
    pil_font,
)
from .model import Document

INK = (20, 20, 20)
PEN = (25, 45, 150)  # ballpoint blue
STAMP_RED = (205, 35, 45)


def _px(pt: float, dpi: int) -> int:
    return round(pt * dpi / 72)


def render(
    doc: Document,
    dpi: int | None = None,
    *,
    stamp: bool = False,
    signature: bool = True,
    family: str | None = None,
    seed: int | None = None,
) -> Image.Image:
    """RGB image of `doc`. dpi defaults to 300 for A4 (2480x3508) and 600 for a card (so OCR can read it)."""
    dpi = dpi or (600 if doc.page == "card" else 300)
    family = family or default_family(doc)
    rng = random.Random(f"render/{doc.doc_type}/{doc.seed if seed is None else seed}")
    w_pt, h_pt = page_size(doc)
    img = Image.new("RGB", (_px(w_pt, dpi), _px(h_pt, dpi)), "white")
    placements, marks = layout_page(doc, family)
    if has_card(doc):
        _card_background(img, doc, dpi, rng)
    draw = ImageDraw.Draw(img)
    for m in marks:
        _mark(draw, m, dpi)
    for p in placements:
        font = pil_font(font_path(p.family or family, p.bold, p.italic), _px(p.size, dpi))
        color = INK if p.color == (0, 0, 0) else p.color
        draw.text((p.x * dpi / 72, p.y * dpi / 72), p.text, font=font, fill=color, anchor="ls")
    if doc.card_at:  # a photocopy: the card's colours come out in grey
        img = Image.fromarray(_photocopy(np.asarray(img))).convert("RGB")
        draw = ImageDraw.Draw(img)
    signers = [p for p in placements if p.tag == "sign"]
    if signature:
        for p in signers:
            _signature(draw, p, dpi, rng)
    if stamp and doc.page != "card" and signers:
        text = doc.stamp or doc.extra_fields.get("co_quan_nhan", "").upper() or "ỦY BAN NHÂN DÂN"
        target = signers[-1]  # the authority signs last / rightmost
        cx = (target.x + target.width * 0.1) * dpi / 72
        cy = (target.y - target.size * 2.6) * dpi / 72
        img = stamp_onto(img, text, (cx, cy), radius=_px(17 * MM, dpi), rng=rng)
    img.info["dpi"] = (dpi, dpi)
    return img


def _mark(draw: ImageDraw.ImageDraw, m: Mark, dpi: int) -> None:
    k = dpi / 72
    if m.kind == "dots":  # a printed dotted fill line: small dots every ~1.5 pt
        r = max(1, round(0.35 * k))
        for i in range(int((m.x1 - m.x0) / 1.5) + 1):
            x = (m.x0 + i * 1.5) * k
            draw.ellipse([x - r, m.y0 * k - r, x + r, m.y0 * k + r], fill=INK)
    elif m.kind == "box":
        draw.rectangle([m.x0 * k, m.y0 * k, m.x1 * k, m.y1 * k], outline=INK, width=max(1, dpi // 150))
    else:
        draw.line([m.x0 * k, m.y0 * k, m.x1 * k, m.y1 * k], fill=INK, width=max(1, dpi // 150))


def _photocopy(arr: np.ndarray) -> np.ndarray:
    """Grey, contrasty and slightly dirty like a photocopier's output."""
    grey = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY).astype(np.float32)
    return np.clip(grey * 0.93 - 6, 0, 255).astype(np.uint8)


def _signature(draw: ImageDraw.ImageDraw, p: Placement, dpi: int, rng: random.Random) -> None:
    """A scribble in the blank space above the signer's printed name."""
    width = min(p.width * 1.1, 45 * MM) * dpi / 72
    height = p.size * 2.0 * dpi / 72
    x0 = (p.x + p.width / 2) * dpi / 72 - width / 2
    y_mid = (p.y - p.size * 2.4) * dpi / 72
    f1, f2, ph = rng.uniform(2.5, 5), rng.uniform(7, 12), rng.uniform(0, math.tau)
    pts = []
    for i in range(160):
        t = i / 159
        x = x0 + width * (t + 0.06 * math.sin(f2 * math.tau * t + ph))
        y = y_mid + height * 0.35 * (
            math.sin(f1 * math.tau * t + ph) * (1 - t * 0.5) + 0.4 * math.sin(f2 * t * 6)
        )
        pts.append((x, y))
    draw.line(pts, fill=PEN, width=max(2, dpi // 110), joint="curve")
    # the closing flourish under the scribble
    draw.line(
        [(x0 + width * 0.1, y_mid + height * 0.45), (x0 + width * 0.95, y_mid + height * 0.3)],
        fill=PEN,
        width=max(2, dpi // 140),
    )


def _ink_layer(text: str, radius: int, rng: random.Random) -> np.ndarray:
    """Stamp as an ink-density map 0..1: two rings, text along the ring, a star in the middle."""
    size = 2 * radius + 8
    layer = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(layer)
    c = size / 2
    ring = max(3, radius // 28)
    d.ellipse([c - radius, c - radius, c + radius, c + radius], outline=255, width=ring)
    inner = radius * 0.68
    d.ellipse([c - inner, c - inner, c + inner, c + inner], outline=255, width=max(2, ring // 2))
    font_px = int(radius * 0.17)
    font = pil_font(font_path("sans", bold=True), font_px)
    text_r = radius * 0.84
    advances = [font.getlength(ch) + font_px * 0.08 for ch in text]
    total = sum(advances) / text_r  # radians
    while total > math.radians(330) and font_px > 8:  # long agency names: smaller letters
        font_px -= 1
        font = pil_font(font_path("sans", bold=True), font_px)
        advances = [font.getlength(ch) + font_px * 0.08 for ch in text]
        total = sum(advances) / text_r
    angle = -math.pi / 2 - total / 2 + rng.uniform(-0.15, 0.15)  # centred on the top
    for ch, adv in zip(text, advances, strict=True):
        mid = angle + adv / 2 / text_r
        angle += adv / text_r
        if ch == " ":
            continue
        glyph = Image.new("L", (font_px * 2, font_px * 2), 0)
        ImageDraw.Draw(glyph).text((font_px, font_px), ch, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(mid + math.pi / 2), resample=Image.BICUBIC)
        gx, gy = c + text_r * math.cos(mid), c + text_r * math.sin(mid)
        layer.paste(255, (int(gx - font_px), int(gy - font_px)), glyph)
    star_r = inner * 0.42
    star = []
    for k in range(10):
        r = star_r if k % 2 == 0 else star_r * 0.4
        a = -math.pi / 2 + k * math.pi / 5
        star.append((c + r * math.cos(a), c + r * math.sin(a)))
    d.polygon(star, fill=255)
    ink = np.asarray(layer, dtype=np.float32) / 255
    # Uneven inking: low-frequency density noise, a real stamp is never solid.
    seed = rng.randrange(2**32)
    noise = np.random.default_rng(seed).uniform(0.55, 1.0, (12, 12)).astype(np.float32)
    ink *= cv2.resize(noise, (size, size), interpolation=cv2.INTER_CUBIC).clip(0.4, 1.0)
    return ink


def stamp_onto(
    img: Image.Image, text: str, center: tuple[float, float], radius: int, rng: random.Random
) -> Image.Image:
    """Multiply a red seal onto `img` (ink over toner: the text below stays visible but tinted)."""
    ink = _ink_layer(text, radius, rng) * rng.uniform(0.75, 0.9)
    arr = np.asarray(img.convert("RGB"), dtype=np.float32)
    h, w = ink.shape
    x0, y0 = int(center[0] - w / 2), int(center[1] - h / 2)
    ys, xs = slice(max(0, y0), min(arr.shape[0], y0 + h)), slice(max(0, x0), min(arr.shape[1], x0 + w))
    sub = ink[ys.start - y0 : ys.stop - y0, xs.start - x0 : xs.stop - x0, None]
    tint = 1 - sub * (1 - np.array(STAMP_RED, dtype=np.float32) / 255)
    arr[ys, xs] *= tint
    return Image.fromarray(arr.astype(np.uint8))


# ID card --------------------------------------------------------------------------------------------
# Card stock per layout: (base colour, guilloche line colour); the 2016 card is bluer, the 2024 one paler.
CARD_STOCK = {
    "cccd2016": ((222, 234, 243), (198, 216, 232)),
    "cancuoc2024": ((238, 240, 246), (214, 222, 236)),
}
DEFAULT_STOCK = ((236, 242, 236), (214, 228, 222))


def _card_background(img: Image.Image, doc: Document, dpi: int, rng: random.Random) -> None:
    arr = np.asarray(img).copy()
    base, line = CARD_STOCK.get(doc.layout, DEFAULT_STOCK)
    for side, (ox, oy) in enumerate(card_origins(doc)):
        _card_side(arr, doc, side, (ox / MM, oy / MM), dpi, rng, base, line)
    img.paste(Image.fromarray(arr))


def _card_side(
    arr: np.ndarray,
    doc: Document,
    side: int,
    origin: tuple[float, float],
    dpi: int,
    rng: random.Random,
    base: tuple[int, int, int],
    line: tuple[int, int, int],
) -> None:
    def px(mm: float) -> int:
        return round(mm * MM * dpi / 72)

    mx, my = origin
    card = (px(mx), px(my), px(mx + CARD_W / MM), px(my + CARD_H / MM))
    mask = np.zeros(arr.shape[:2], np.uint8)
    r = px(3)
    cv2.rectangle(mask, (card[0] + r, card[1]), (card[2] - r, card[3]), 255, -1)
    cv2.rectangle(mask, (card[0], card[1] + r), (card[2], card[3] - r), 255, -1)
    for cx, cy in (
        (card[0] + r, card[1] + r),
        (card[2] - r, card[1] + r),
        (card[0] + r, card[3] - r),
        (card[2] - r, card[3] - r),
    ):
        cv2.circle(mask, (cx, cy), r, 255, -1)
    # Pale guilloche print: soft base colour plus thin wave lines, light enough not to disturb OCR.
    arr[mask > 0] = np.array(base, np.uint8)
    waves = np.zeros_like(mask)
    xs = np.arange(card[0], card[2], 4)
    phase = rng.uniform(0, math.tau)
    for k in range(0, card[3] - card[1], px(1.6)):
        ys = card[1] + k + px(0.8) * np.sin(xs / px(6) + phase + k * 0.05)
        cv2.polylines(waves, [np.stack([xs, ys], 1).astype(np.int32)], False, 255, max(1, dpi // 300))
    arr[(waves > 0) & (mask > 0)] = line
    if doc.card_at:  # on a copy the card's edge shows as a dark outline
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        cv2.drawContours(arr, contours, -1, (90, 90, 90), max(2, dpi // 150))
    if side == 1:
        _card_back(arr, doc, px, mx, my)
        return
    # Emblem (red disc, gold star), photo placeholder, QR code.
    cv2.circle(arr, (px(mx + 9.5), px(my + 9.0)), px(6.3), (200, 40, 40), -1)
    cv2.circle(arr, (px(mx + 9.5), px(my + 9.0)), px(6.3), (225, 180, 40), max(2, px(0.5)))
    star = [
        (
            px(mx + 9.5) + px(r_) * math.cos(-math.pi / 2 + k * math.pi / 5),
            px(my + 8.5) + px(r_) * math.sin(-math.pi / 2 + k * math.pi / 5),
        )
        for k, r_ in enumerate([3.2, 1.3] * 5)
    ]
    cv2.fillPoly(arr, [np.array(star, np.int32)], (235, 200, 50))
    x0, y0, x1, y1 = px(mx + 3.5), px(my + 18.5), px(mx + 23.5), px(my + 44.5)
    cv2.rectangle(arr, (x0, y0), (x1, y1), (205, 210, 215), -1)
    cv2.circle(arr, ((x0 + x1) // 2, y0 + (y1 - y0) * 2 // 5), (x1 - x0) // 4, (120, 120, 125), -1)
    cv2.ellipse(
        arr, ((x0 + x1) // 2, y1), ((x1 - x0) * 9 // 20, (y1 - y0) // 3), 0, 180, 360, (120, 120, 125), -1
    )
    if doc.qr:
        qr = cv2.QRCodeEncoder.create().encode(doc.qr)
        side_px = px(14)
        qr_img = cv2.resize(qr, (side_px, side_px), interpolation=cv2.INTER_NEAREST)
        qx, qy = px(mx + 85.6 - 16.5), px(my + 2.0)
        arr[qy : qy + side_px, qx : qx + side_px] = qr_img[..., None]


def _card_back(arr: np.ndarray, doc: Document, px: Callable[[float], int], mx: float, my: float) -> None:
    """The back: a gold chip (2024) or two fingerprint boxes (2021), and the pale band of the MRZ."""
    if doc.layout == "cancuoc2024":
        cv2.rectangle(arr, (px(mx + 66), px(my + 6)), (px(mx + 78), px(my + 15)), (210, 175, 80), -1)
        cv2.rectangle(arr, (px(mx + 66), px(my + 6)), (px(mx + 78), px(my + 15)), (150, 120, 50), max(1, px(0.2)))
    else:
        for x in (56.0, 71.0):
            cv2.rectangle(arr, (px(mx + x), px(my + 5)), (px(mx + x + 12), px(my + 22)), (120, 120, 125),
                          max(1, px(0.2)))
            cv2.ellipse(arr, (px(mx + x + 6), px(my + 13.5)), (px(4), px(6)), 0, 0, 360, (150, 150, 155), -1)
    arr[px(my + 34) : px(my + CARD_H / MM - 1.5), px(mx + 1.5) : px(mx + CARD_W / MM - 1.5)] = (246, 246, 244)
