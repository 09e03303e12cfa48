"""Fonts, wrapping and page geometry, in points, shared by the raster and the PDF renderer.

Both renderers draw the same `Placement`s, so the image and the text-layer PDF of a document have
identical line breaks and the ground truth matches either.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from .model import Document, Line, Rgb

MM = 72 / 25.4  # points per millimetre
A4 = (210 * MM, 297 * MM)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 25 * MM, 20 * MM, 18 * MM, 15 * MM
TEXT_WIDTH = A4[0] - MARGIN_LEFT - MARGIN_RIGHT
LEADING = 1.3  # line height / font size
GUTTER = 8.0  # points kept free between table columns, so cells never touch
CARD_LEADING = 1.2

CARD_W, CARD_H, CARD_MARGIN = 85.6 * MM, 54 * MM, 3 * MM  # ID-1 card, plus the white of the scanner bed
CARD_PAGE = (CARD_W + 2 * CARD_MARGIN, CARD_H + 2 * CARD_MARGIN)
CARD_BODY_X, CARD_BODY_WIDTH = 27 * MM, 56 * MM

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_LIBERATION = Path("/usr/share/fonts/truetype/liberation2")
_STYLE = {(False, False): "", (True, False): "-Bold", (False, True): "-Italic", (True, True): "-BoldItalic"}
_LIB_STYLE = {
    (False, False): "-Regular",
    (True, False): "-Bold",
    (False, True): "-Italic",
    (True, True): "-BoldItalic",
}
_DEJAVU_STYLE = {
    "serif": {(False, True): "-Italic", (True, True): "-BoldItalic"},
    "sans": {(False, True): "-Oblique", (True, True): "-BoldOblique"},
}
FAMILIES = ("serif", "sans", "dejavu-serif", "dejavu-sans")


@lru_cache(maxsize=64)
def font_path(family: str, bold: bool = False, italic: bool = False) -> str:
    """TTF file for a family; Liberation (Times/Arial metrics) when installed, else DejaVu."""
    if family not in FAMILIES:
        raise ValueError(f"unknown font family {family!r}")
    kind = "serif" if family.endswith("serif") else "sans"
    if not family.startswith("dejavu"):
        path = _LIBERATION / f"Liberation{kind.title()}{_LIB_STYLE[bold, italic]}.ttf"
        if path.exists():
            return str(path)
    style = _DEJAVU_STYLE[kind].get((bold, italic), _STYLE[bold, italic])
    return str(_DEJAVU / f"DejaVu{kind.title()}{style}.ttf")


@lru_cache(maxsize=256)
def pil_font(path: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, px)


@lru_cache(maxsize=65536)
def _advance(text: str, path: str) -> float:
    return pil_font(path, 200).getlength(text) / 200  # at 200 px so hinting does not matter


def text_width(
    text: str, size: float, bold: bool = False, italic: bool = False, family: str = "serif"
) -> float:
    """Advance width in points."""
    return _advance(text, font_path(family, bold, italic)) * size


def wrap(
    text: str,
    width: float,
    size: float = 12.0,
    bold: bool = False,
    italic: bool = False,
    family: str = "serif",
) -> list[str]:
    """Greedy word wrap to `width` points; a single over-long word stays on its own line.

    Widths add up per word (kerning across a space is negligible), so wrapping stays linear.
    """
    path = font_path(family, bold, italic)
    space = _advance(" ", path) * size
    lines: list[str] = []
    current, used = "", 0.0
    for word in text.split():
        w = _advance(word, path) * size
        if current and used + space + w > width:
            lines.append(current)
            current, used = word, w
        elif current:
            current, used = f"{current} {word}", used + space + w
        else:
            current, used = word, w
    return [*lines, current] if current else lines or [""]


@dataclass(frozen=True)
class Placement:
    x: float  # left edge, points from the page's left
    y: float  # baseline, points from the page's top
    text: str
    size: float
    bold: bool
    italic: bool
    color: Rgb
    tag: str = ""
    width: float = 0.0


def page_size(doc: Document) -> tuple[float, float]:
    return CARD_PAGE if doc.page == "card" else A4


def _fit_scale(lines: list[Line], family: str) -> float:
    """Shrink factor so every line fits its width and the page fits its height (1.0 usually). Cells keep
    their gutter free: a form wrapped for one font and drawn in a wider one is shrunk, not run together."""
    worst = 1.0
    for ln in lines:
        if ln.cells:
            bounds = [*ln.cols, 1.0]
            for cell, a, b in zip(ln.cells, bounds[:-1], bounds[1:], strict=True):
                if cell:
                    worst = max(
                        worst,
                        text_width(cell, ln.size, ln.bold, ln.italic, family) / ((b - a) * TEXT_WIDTH - GUTTER),
                    )
        else:
            worst = max(worst, text_width(ln.text, ln.size, ln.bold, ln.italic, family) / TEXT_WIDTH)
    height = sum(ln.size * LEADING * (1 + ln.gap) for ln in lines)
    available = A4[1] - MARGIN_TOP - MARGIN_BOTTOM
    return min(1.0 / worst, available / height if height else 1.0)


def _place_a4(doc: Document, family: str) -> list[Placement]:
    scale = _fit_scale(doc.lines, family)
    out: list[Placement] = []
    y = MARGIN_TOP
    for ln in doc.lines:
        size = ln.size * scale
        y += size * LEADING * ln.gap
        baseline = y + size
        y += size * LEADING
        if ln.cells:
            bounds = [*ln.cols, 1.0]
            for cell, a, b in zip(ln.cells, bounds[:-1], bounds[1:], strict=True):
                if not cell:
                    continue
                w = text_width(cell, size, ln.bold, ln.italic, family)
                x = MARGIN_LEFT + a * TEXT_WIDTH
                if ln.align == "center":
                    x += ((b - a) * TEXT_WIDTH - w) / 2
                out.append(Placement(x, baseline, cell, size, ln.bold, ln.italic, ln.color, ln.tag, w))
            continue
        w = text_width(ln.text, size, ln.bold, ln.italic, family)
        x = MARGIN_LEFT + {"left": 0.0, "center": (TEXT_WIDTH - w) / 2, "right": TEXT_WIDTH - w}[ln.align]
        out.append(Placement(x, baseline, ln.text, size, ln.bold, ln.italic, ln.color, ln.tag, w))
    return out


def _place_card(doc: Document, family: str) -> list[Placement]:
    # Zones of the chip CCCD front: header centred right of the emblem, fields right of the photo,
    # expiry under the photo.
    out: list[Placement] = []
    cursor = {
        "card_head": CARD_MARGIN + 2.2 * MM,
        "card_body": CARD_MARGIN + 18.0 * MM,
        "card_foot": CARD_MARGIN + 48.5 * MM,
    }
    for ln in doc.lines:
        zone = ln.tag or "card_body"
        cursor[zone] += ln.size * (1.0 + ln.gap)
        baseline = cursor[zone]
        cursor[zone] += ln.size * (CARD_LEADING - 1.0)
        if zone == "card_head":
            w = text_width(ln.text, ln.size, ln.bold, ln.italic, family)
            out.append(
                Placement(
                    CARD_MARGIN + 44 * MM - w / 2,
                    baseline,
                    ln.text,
                    ln.size,
                    ln.bold,
                    ln.italic,
                    ln.color,
                    zone,
                    w,
                )
            )
            continue
        x0 = CARD_MARGIN + (2.5 * MM if zone == "card_foot" else CARD_BODY_X)
        cells = ln.cells or (ln.text,)
        for cell, start in zip(cells, ln.cols or (0.0,), strict=True):
            w = text_width(cell, ln.size, ln.bold, ln.italic, family)
            out.append(
                Placement(
                    x0 + start * CARD_BODY_WIDTH,
                    baseline,
                    cell,
                    ln.size,
                    ln.bold,
                    ln.italic,
                    ln.color,
                    zone,
                    w,
                )
            )
    return out


def default_family(doc: Document) -> str:
    return "sans" if doc.page == "card" else "serif"


def place(doc: Document, family: str | None = None) -> list[Placement]:
    family = family or default_family(doc)
    return _place_card(doc, family) if doc.page == "card" else _place_a4(doc, family)
