"""PDF fixtures: born-digital (text layer), scanned (image only) and mixed."""

from __future__ import annotations

import io
from collections.abc import Iterable

from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .layout import default_family, font_path, layout_page, page_size
from .model import Document


def _font(family: str, bold: bool, italic: bool) -> str:
    """Register the TTF once and return its reportlab name (embedded, with a ToUnicode map)."""
    path = font_path(family, bold, italic)
    name = "Synth-" + path.rsplit("/", 1)[-1].removesuffix(".ttf")
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path))
    return name


def text_pdf(doc: Document, family: str | None = None) -> bytes:
    """One page with real text, laid out like `render`, so pdfplumber gives back `doc.text`."""
    family = family or default_family(doc)
    width, height = page_size(doc)
    buf = io.BytesIO()
    # invariant=True drops the creation date and random ID: same document -> same bytes.
    c = canvas.Canvas(buf, pagesize=(width, height), invariant=True)
    c.setTitle(doc.doc_type)
    placements, marks = layout_page(doc, family)
    for m in marks:  # drawn as graphics, so the text layer holds the printed words only
        if m.kind == "box":
            c.rect(m.x0, height - m.y1, m.x1 - m.x0, m.y1 - m.y0)
            continue
        c.setDash(*((0.4, 1.1) if m.kind == "dots" else ()))
        c.line(m.x0, height - m.y0, m.x1, height - m.y1)
    for p in placements:
        c.setFont(_font(p.family or family, p.bold, p.italic), p.size)
        c.setFillColorRGB(*(v / 255 for v in p.color))
        c.drawString(p.x, height - p.y, p.text)
    c.showPage()
    c.save()
    return buf.getvalue()


def image_pdf(images: Iterable[Image.Image], dpi: int | None = None) -> bytes:
    """A scan wrapped in a PDF: one page per image, no text layer."""
    pages = [im.convert("RGB") if im.mode not in ("RGB", "L") else im for im in images]
    if not pages:
        raise ValueError("no images")
    dpi = dpi or round(pages[0].info.get("dpi", (300, 300))[0])
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def merge_pdfs(*pdfs: bytes) -> bytes:
    writer = PdfWriter()
    for data in pdfs:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def mixed_pdf(doc: Document, scan: Image.Image, dpi: int | None = None) -> bytes:
    """Page 1 born-digital (text layer of `doc`), page 2 an image-only scan."""
    return merge_pdfs(text_pdf(doc), image_pdf([scan], dpi))


def plain_pdf(text: str, family: str = "serif") -> bytes:
    """One page with `text` as its text layer, line by line (papers written out as text, e.g.
    tests/extract/more_samples.py)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), invariant=True)
    c.setFont(_font(family, False, False), 10)
    for n, line in enumerate(text.splitlines()):
        c.drawString(40, 800 - 14 * n, line)
    c.showPage()
    c.save()
    return buf.getvalue()
