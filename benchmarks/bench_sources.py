"""The OCR benchmark's three sources of pages, each item a file with its level, document type and reference.

An item is a dict: `name, source, level, doc_type, path, pages, truth` (`truth` is None where no reference
text exists, as on real pages).

- generator: the project's own pages (tests/synth), written to a scratch folder;
- dev-set: an independent labelled set (`truth.jsonl`), level `text-layer` or its degradation;
- real: public real pages from a folder, no reference; level by format (image / pdf).
"""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

LEVELS = ("clean", "office", "phone")
REAL_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf", ".bmp", ".gif", ".webp"}


# Generator ---------------------------------------------------------------------------------------------
def page_specs(per_level: int) -> list[dict]:
    from tests.synth import DOC_TYPES
    from tests.synth.layout import FAMILIES

    specs = []
    for level in LEVELS:
        for i in range(per_level):
            doc_type = DOC_TYPES[i % len(DOC_TYPES)]
            colour = level != "office" or i % 2 == 1
            specs.append({"name": f"{level}-{i:02d}-{doc_type}", "level": level, "doc_type": doc_type,
                          "seed": 1000 + i, "family": FAMILIES[(i // 2) % len(FAMILIES)],
                          "stamp": i % 2 == 0 and doc_type != "cccd", "colour": colour})
    return specs


def make_page(spec: dict, folder: str) -> dict:
    from tests.synth import degrade, ground_truth_text, make_document, render, to_bytes

    doc = make_document(spec["doc_type"], spec["seed"])
    family = "sans" if doc.page == "card" else spec["family"]
    dpi = 300 if doc.page == "card" and spec["level"] == "clean" else None  # a card on a 300 dpi scanner
    image = render(doc, dpi=dpi, stamp=spec["stamp"], family=family)
    out, applied = degrade(image, spec["level"], spec["seed"], jpeg=False)
    if spec["level"] == "clean":
        data, ext = to_bytes(out, "PNG", grayscale=not spec["colour"]), "png"
    else:
        data = to_bytes(out, "JPEG", quality=applied.jpeg_quality or 90, grayscale=not spec["colour"])
        ext = "jpg"
    path = Path(folder) / f"{spec['name']}.{ext}"
    path.write_bytes(data)
    return {"name": spec["name"], "source": "generator", "level": spec["level"], "doc_type": spec["doc_type"],
            "path": str(path), "pages": 1, "truth": ground_truth_text(doc)}


def text_pdfs(n: int, folder: str) -> list[dict]:
    from tests.synth import DOC_TYPES, ground_truth_text, make_document, text_pdf

    out = []
    for i in range(n):
        doc = make_document(DOC_TYPES[i % len(DOC_TYPES)], 2000 + i)
        path = Path(folder) / f"text-{i:02d}-{doc.doc_type}.pdf"
        path.write_bytes(text_pdf(doc))
        out.append({"name": path.stem, "source": "generator", "level": "text-layer", "doc_type": doc.doc_type,
                    "path": str(path), "pages": 1, "truth": ground_truth_text(doc)})
    return out


def generator_items(per_level: int, folder: str, workers: int) -> list[dict]:
    specs = page_specs(per_level)
    with ProcessPoolExecutor(workers) as pool:
        pages = list(pool.map(make_page, specs, [folder] * len(specs)))
    return pages + text_pdfs(max(2, per_level // 2), folder)


# Development set ---------------------------------------------------------------------------------------
def dev_set_items(folder: Path) -> list[dict]:
    items = []
    for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        items.append({"name": Path(t["file"]).name, "source": "dev-set",
                      "level": "text-layer" if t["has_text_layer"] else t["degradation"],
                      "doc_type": t["doc_type"], "path": str(folder / t["file"]), "pages": t["pages"],
                      "truth": t["text"]})
    return items


# Real pages --------------------------------------------------------------------------------------------
def page_count(path: Path) -> int:
    """Pages of a PDF or frames of an image; 1 when the file cannot be read (an engine will say why)."""
    try:
        if path.suffix.lower() == ".pdf":
            import pypdfium2

            pdf = pypdfium2.PdfDocument(str(path))
            try:
                return max(1, len(pdf))
            finally:
                pdf.close()
        from PIL import Image

        with Image.open(path) as image:
            return max(1, getattr(image, "n_frames", 1))
    except Exception:  # an unreadable file still counts as one page to try
        return 1


def real_items(folder: Path) -> list[dict]:
    items = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in REAL_SUFFIXES or not path.is_file():
            continue
        items.append({"name": path.name, "source": "real", "level": "pdf" if path.suffix.lower() == ".pdf"
                      else "image", "doc_type": "unlabelled", "path": str(path), "pages": page_count(path),
                      "truth": None})
    return items
