"""Fonts, wrapping and page geometry, in points, shared by the raster and the PDF renderer.

Both renderers draw the same `Placement`s, so the image and the text-layer PDF of a document have
identical line breaks and the ground truth matches either.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from .model import Document, Line, Rgb, Run

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
MONO = ("mono", "dejavu-mono")  # machine-readable zones of ID cards; not a body font


@lru_cache(maxsize=64)
def font_path(family: str, bold: bool = False, italic: bool = False) -> str:
    """TTF file for a family; Liberation (Times/Arial metrics) when installed, else DejaVu."""
    if family not in FAMILIES + MONO:
        raise ValueError(f"unknown font family {family!r}")
    kind = family.rsplit("-", 1)[-1] if family.startswith("dejavu") else family
    if not family.startswith("dejavu"):
        path = _LIBERATION / f"Liberation{kind.title()}{_LIB_STYLE[bold, italic]}.ttf"
        if path.exists():
            return str(path)
    style = _DEJAVU_STYLE["serif" if kind == "serif" else "sans"].get((bold, italic), _STYLE[bold, italic])
    return str(_DEJAVU / f"DejaVu{'SansMono' if kind == 'mono' else kind.title()}{style}.ttf")


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
    family: str = ""  # "" = the page's font


@dataclass(frozen=True)
class Mark:
    """Ink that is not text, in points: a rule from (x0, y0) to (x1, y1), a box, or a dotted fill line."""

    kind: str  # rule | box | dots
    x0: float
    y0: float
    x1: float
    y1: float


def has_card(doc: Document) -> bool:
    return doc.page == "card" or bool(doc.card_at)


def page_size(doc: Document) -> tuple[float, float]:
    if doc.page != "card":
        return A4
    return CARD_W + 2 * CARD_MARGIN, doc.sides * CARD_H + (doc.sides + 1) * CARD_MARGIN


def run_gap(size: float) -> float:
    # Wider than a space at 12 pt (3 pt), so text-layer readers still see two words between runs.
    return 0.35 * size


BOX = 1.3  # digit box side / font size


def run_width(run: Run, size: float, family: str) -> float:
    if run.boxes:
        return len(run.text) * BOX * size
    return text_width(run.text, size, run.bold, run.italic, run.family or family)


def _run_spans(ln: Line, size: float, family: str, left: float) -> list[tuple[float, float]]:
    """(start, end) of every run of `ln`: a run with a column starts there, or a gap after its neighbour."""
    spans: list[tuple[float, float]] = []
    x = left
    for i, run in enumerate(ln.runs):
        if run.at is not None:
            x = max(x + (run_gap(size) if i else 0.0), left + run.at * TEXT_WIDTH)
        elif i:
            x += run_gap(size)
        spans.append((x, x + run_width(run, size, family)))
        x = spans[-1][1]
    return spans


def _fit_scale(lines: list[Line], family: str) -> float:
    """Shrink factor so every line fits its width and the page fits its height (1.0 usually). Cells keep
    their gutter free: a form wrapped for one font and drawn in a wider one is shrunk, not run together."""
    worst = 1.0
    for ln in lines:
        if ln.runs:
            worst = max(worst, _run_spans(ln, ln.size, family, 0.0)[-1][1] / TEXT_WIDTH)
        elif ln.cells:
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


def _place_runs(
    ln: Line, size: float, baseline: float, family: str, left: float
) -> tuple[list[Placement], list[Mark]]:
    out: list[Placement] = []
    marks: list[Mark] = []
    spans = _run_spans(ln, size, family, left)
    gap = run_gap(size)
    # Dotted fill lines: from each run that ends a cell up to the next column, and to the right margin.
    ends = [(spans[i][1], spans[i + 1][0]) for i in range(len(spans) - 1) if ln.runs[i + 1].at is not None]
    for x0, x1 in [*ends, (spans[-1][1], left + TEXT_WIDTH)] if ln.leader else []:
        if x1 - x0 > 2 * size:
            marks.append(Mark("dots", x0 + gap / 2, baseline, x1 - gap / 2, baseline))
    for run, (x, end) in zip(ln.runs, spans, strict=True):
        if not run.boxes:
            out.append(Placement(x, baseline, run.text, size, run.bold, run.italic, run.color, ln.tag, end - x,
                                 run.family))
            continue
        side = BOX * size
        for k, ch in enumerate(run.text):
            x0 = x + k * side
            marks.append(Mark("box", x0, baseline - 0.95 * size, x0 + side, baseline + 0.3 * size))
            w = text_width(ch, size, run.bold, run.italic, run.family or family)
            out.append(Placement(x0 + (side - w) / 2, baseline, ch, size, run.bold, run.italic, run.color,
                                 ln.tag, w, run.family))
    return out, marks


def _place_a4(doc: Document, family: str) -> tuple[list[Placement], list[Mark]]:
    scale = _fit_scale(doc.lines, family)
    out: list[Placement] = []
    marks: list[Mark] = []
    left = MARGIN_LEFT + doc.shift[0]
    y = MARGIN_TOP + doc.shift[1]
    for k, ln in enumerate(doc.lines):
        size = ln.size * scale
        top = y
        y += size * LEADING * ln.gap
        baseline = y + size
        y += size * LEADING
        if ln.ruled:
            marks += _table_rules(ln, doc.lines[k - 1].ruled if k else False,
                                  k + 1 < len(doc.lines) and doc.lines[k + 1].ruled, top, y, left)
        if ln.runs:
            placed, drawn = _place_runs(ln, size, baseline, family, left)
            out += placed
            marks += drawn
            continue
        if ln.cells:
            bounds = [*ln.cols, 1.0]
            for cell, a, b in zip(ln.cells, bounds[:-1], bounds[1:], strict=True):
                if not cell:
                    continue
                w = text_width(cell, size, ln.bold, ln.italic, family)
                x = left + a * TEXT_WIDTH
                if ln.align == "center":
                    x += ((b - a) * TEXT_WIDTH - w) / 2
                out.append(Placement(x, baseline, cell, size, ln.bold, ln.italic, ln.color, ln.tag, w))
            continue
        w = text_width(ln.text, size, ln.bold, ln.italic, family)
        x = left + {"left": 0.0, "center": (TEXT_WIDTH - w) / 2, "right": TEXT_WIDTH - w}[ln.align]
        out.append(Placement(x, baseline, ln.text, size, ln.bold, ln.italic, ln.color, ln.tag, w))
    return out, marks


def _table_rules(ln: Line, after_ruled: bool, before_ruled: bool, top: float, bottom: float, left: float) -> list[Mark]:
    """Borders of one physical line of a ruled table: a row starts with a rule above it (gap > 0 or the
    table's first line), the table ends with one below; column borders sit half a gutter left of each column."""
    xs = [left + a * TEXT_WIDTH - GUTTER / 2 for a in ln.cols] + [left + TEXT_WIDTH + GUTTER / 2]
    pad = GUTTER / 4
    y0 = top + (pad if ln.gap or not after_ruled else 0.0)
    marks = [Mark("rule", x, y0, x, bottom + (0.0 if before_ruled else pad)) for x in xs]
    if ln.gap or not after_ruled:
        marks.append(Mark("rule", xs[0], y0, xs[-1], y0))
    if not before_ruled:
        marks.append(Mark("rule", xs[0], bottom + pad, xs[-1], bottom + pad))
    return marks


# Zones of an ID card, in mm from the card's corner: (side, x, first baseline offset, centred).
# Front: header centred right of the emblem, fields right of the photo, expiry under the photo. Back:
# fields on the left (fingerprints on the right), the machine-readable zone along the bottom.
CARD_ZONES = {
    "card_head": (0, 44.0, 2.2, True),
    "card_body": (0, CARD_BODY_X / MM, 18.0, False),
    "card_foot": (0, 2.5, 48.5, False),
    "back_body": (1, 3.5, 3.0, False),
    "back_mrz": (1, 4.0, 38.5, False),
}
BACK_BODY_WIDTH = 50 * MM


def card_origins(doc: Document) -> list[tuple[float, float]]:
    """Top-left corner of each printed side, in points on the page (a copy on A4 stacks them too)."""
    if doc.card_at:
        x, y = doc.card_at
        return [(x, y + i * (CARD_H + 8 * MM)) for i in range(doc.sides)]
    return [(CARD_MARGIN, CARD_MARGIN + i * (CARD_H + CARD_MARGIN)) for i in range(doc.sides)]


def _place_card(doc: Document, family: str) -> list[Placement]:
    out: list[Placement] = []
    origins = card_origins(doc)
    cursor = {zone: y * MM for zone, (_, _, y, _) in CARD_ZONES.items()}
    for ln in doc.lines:
        zone = ln.tag or "card_body"
        side, x_mm, _, centred = CARD_ZONES[zone]
        ox, oy = origins[side]
        cursor[zone] += ln.size * (1.0 + ln.gap)
        baseline = oy + cursor[zone]
        cursor[zone] += ln.size * (CARD_LEADING - 1.0)
        mono = "mono" if zone == "back_mrz" else ""
        cells = ln.cells or (ln.text,)
        for cell, start in zip(cells, ln.cols or (0.0,), strict=True):
            w = text_width(cell, ln.size, ln.bold, ln.italic, mono or family)
            x = ox + x_mm * MM - (w / 2 if centred else 0.0) + start * CARD_BODY_WIDTH
            out.append(Placement(x, baseline, cell, ln.size, ln.bold, ln.italic, ln.color, zone, w, mono))
    return out


def default_family(doc: Document) -> str:
    return "sans" if has_card(doc) else "serif"


def layout_page(doc: Document, family: str | None = None) -> tuple[list[Placement], list[Mark]]:
    """Every printed run and every non-text mark (rules, digit boxes, dotted fill lines) of `doc`."""
    family = family or default_family(doc)
    return (_place_card(doc, family), []) if has_card(doc) else _place_a4(doc, family)


def place(doc: Document, family: str | None = None) -> list[Placement]:
    return layout_page(doc, family)[0]
