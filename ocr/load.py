"""Turn document bytes into pages: text-layer pages (read as is) or page images (to be OCR'd)."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pdfplumber
from PIL import Image, ImageOps, ImageSequence
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ocr.errors import OcrError
from ocr.types import Word

MIN_TEXT_CHARS = 20  # fewer characters than this on a PDF page means "scanned page, OCR it"


@dataclass
class SourcePage:
    number: int
    text: str | None = None  # set for text-layer pages
    words: list[Word] | None = None
    image: np.ndarray | None = None  # grayscale, set for pages to OCR
    width: int = 0
    height: int = 0


def load_pages(data: bytes, media_type: str, *, dpi: int, max_pages: int, max_pixels: int) -> Iterator[SourcePage]:
    if media_type == "application/pdf":
        yield from _pdf_pages(data, dpi=dpi, max_pages=max_pages, max_pixels=max_pixels)
    else:
        yield from _image_pages(data, max_pages=max_pages, max_pixels=max_pixels)


def count_pdf_pages(data: bytes) -> int:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise OcrError("encrypted_pdf", "PDF có mật khẩu", "the PDF is encrypted")
        return len(reader.pages)
    except (PyPdfError, ValueError, KeyError) as exc:  # PyPdfError covers pypdf's page-tree limits
        raise OcrError("corrupt_pdf", "PDF bị hỏng, không đọc được", f"the PDF is corrupt: {exc}") from exc


def _too_many(n: int, max_pages: int) -> OcrError:
    return OcrError("too_many_pages", f"tài liệu có {n} trang, tối đa {max_pages}",
                    f"the document has {n} pages, at most {max_pages} are accepted")


def _pdf_pages(data: bytes, *, dpi: int, max_pages: int, max_pixels: int) -> Iterator[SourcePage]:
    n = count_pdf_pages(data)
    if n > max_pages:
        raise _too_many(n, max_pages)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) != n:  # a broken xref pypdf repaired but pdfminer cannot: never a silent empty result
            raise OcrError("corrupt_pdf", "PDF bị hỏng, không đọc được",
                           f"the PDF is corrupt: {n} pages in its page tree, {len(pdf.pages)} readable")
        for number, page in enumerate(pdf.pages, start=1):
            text = unicodedata.normalize("NFC", page.extract_text() or "")
            if len(text.strip()) >= MIN_TEXT_CHARS:
                yield SourcePage(number, text=text, words=_layer_words(page),
                                 width=int(page.width), height=int(page.height))
                continue
            scale = dpi / 72
            if page.width * scale * page.height * scale > max_pixels:
                scale = (max_pixels / (page.width * page.height)) ** 0.5
            rendered = page.to_image(resolution=72 * scale).original.convert("L")
            yield SourcePage(number, image=np.asarray(rendered), width=rendered.width, height=rendered.height)


def _layer_words(page) -> list[Word]:
    words: list[Word] = []
    line, last_top = -1, None
    for w in page.extract_words(use_text_flow=True, keep_blank_chars=False):
        if last_top is None or abs(w["top"] - last_top) > 2:
            line, last_top = line + 1, w["top"]
        box = (int(w["x0"]), int(w["top"]), int(w["x1"] - w["x0"]), int(w["bottom"] - w["top"]))
        words.append(Word(unicodedata.normalize("NFC", w["text"]), 100.0, box, line))
    return words


def _image_pages(data: bytes, *, max_pages: int, max_pixels: int) -> Iterator[SourcePage]:
    try:
        with Image.open(io.BytesIO(data)) as img:
            _check_pixels(img, max_pixels)
            n = getattr(img, "n_frames", 1)
            if n > max_pages:
                raise _too_many(n, max_pages)
            for number, frame in enumerate(ImageSequence.Iterator(img), start=1):
                _check_pixels(frame, max_pixels)
                upright = ImageOps.exif_transpose(frame)  # phone photos store rotation in EXIF
                gray = upright.convert("L")
                yield SourcePage(number, image=np.asarray(gray), width=gray.width, height=gray.height)
    except Image.DecompressionBombError as exc:  # Pillow refuses on the header, before _check_pixels
        raise OcrError("image_too_large", "ảnh quá lớn", f"the image is too large: {exc}") from exc
    except OSError as exc:
        raise OcrError("unreadable_image", "ảnh bị hỏng, không đọc được", f"the image is unreadable: {exc}") from exc


def _check_pixels(img: Image.Image, max_pixels: int) -> None:
    # Checked on the header, before decoding: a decompression bomb never gets expanded.
    if img.width * img.height > max_pixels:
        raise OcrError("image_too_large", f"ảnh quá lớn ({img.width}×{img.height} điểm ảnh)",
                       f"the image is too large ({img.width}×{img.height} pixels)")
