"""Labelled synthetic Vietnamese administrative papers, generated deterministically from a seed.

doc = make_document("to_khai_khai_sinh", seed=1)    # lines + ground-truth fields
doc = make_document("cccd", 1, layout="cancuoc2024") # the same values in another printing (LAYOUTS)
img = render(doc, dpi=300, stamp=True)               # PIL RGB, A4 2480x3508
scan, applied = degrade(img, "office", seed=1)       # applied.angle, applied.dpi ...
jpeg = to_bytes(scan, "JPEG", quality=75, grayscale=True)
dossier = make_dossier("1.001193", seed=1, defect="name_diacritic", layout="random")
"""

from __future__ import annotations

import io

from PIL import Image

from .degrade import LEVELS, Applied, degrade, rotate, rotate90, upside_down
from .dossier import DEFECTS, PROCEDURES, Dossier, DossierItem, make_dossier, make_dossiers
from .forms import make_document
from .metrics import cer
from .model import DOC_TYPES, Document, Line
from .pdf import image_pdf, merge_pdfs, mixed_pdf, text_pdf
from .people import Person, cccd_consistent, make_person
from .render import render
from .text import nfc
from .variants import LAYOUTS

__all__ = [
    "DEFECTS",
    "DOC_TYPES",
    "LAYOUTS",
    "LEVELS",
    "PROCEDURES",
    "Applied",
    "Document",
    "Dossier",
    "DossierItem",
    "Line",
    "Person",
    "cccd_consistent",
    "cer",
    "degrade",
    "dossier_files",
    "ground_truth_text",
    "image_pdf",
    "make_document",
    "make_dossier",
    "make_dossiers",
    "make_person",
    "merge_pdfs",
    "mixed_pdf",
    "render",
    "rotate",
    "rotate90",
    "scan",
    "text_pdf",
    "to_bytes",
    "upside_down",
]


def ground_truth_text(doc: Document) -> str:
    """The printed text, one line per physical line, NFC (compare after collapsing whitespace)."""
    return nfc(doc.text)


def to_bytes(
    img: Image.Image, fmt: str = "PNG", quality: int = 80, grayscale: bool = False, dpi: int | None = None
) -> bytes:
    """Encode for upload fixtures. PNG/JPEG/TIFF/WEBP; the dpi tag is kept so ingest can read it."""
    fmt = fmt.upper().replace("JPG", "JPEG")
    out = img.convert("L") if grayscale else img.convert("RGB") if img.mode not in ("RGB", "L") else img
    dpi = dpi or round(img.info.get("dpi", (300, 300))[0])
    buf = io.BytesIO()
    options: dict = {"dpi": (dpi, dpi)}
    if fmt in ("JPEG", "WEBP"):
        options["quality"] = quality
        options["optimize"] = fmt == "JPEG"
    elif fmt == "PNG":
        options["optimize"] = True
    out.save(buf, fmt, **options)
    return buf.getvalue()


def scan(
    doc: Document,
    level: str = "office",
    seed: int = 0,
    fmt: str = "JPEG",
    grayscale: bool = True,
    stamp: bool | None = None,
) -> tuple[bytes, Applied]:
    """Render, degrade and encode one paper (JPEG encoded once, at the level's quality)."""
    img = render(doc, stamp=bool(doc.stamp) if stamp is None else stamp)
    out, applied = degrade(img, level, seed, jpeg=fmt.upper() not in ("JPEG", "JPG"))
    return to_bytes(out, fmt, quality=applied.jpeg_quality or 90, grayscale=grayscale), applied


def dossier_files(
    dossier: Dossier, level: str = "office", fmt: str = "JPEG", grayscale: bool = True
) -> dict[str, bytes]:
    """File name -> bytes for every paper of a dossier; official papers carry their stamp."""
    ext = {"JPEG": "jpg", "PNG": "png"}[fmt.upper()]
    return {
        f"{item.name}.{ext}": scan(item.doc, level, dossier.seed * 100 + i, fmt, grayscale)[0]
        for i, item in enumerate(dossier.items)
    }
