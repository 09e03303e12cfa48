"""The digitized copy: each scanned page shows the original page image (upright), with tesseract's
invisible text laid over it, mapped back through deskew and scaling so the hidden words sit on the
printed ones. Text-layer pages of a PDF are copied as they are; scanned pages of a PDF keep their
original page and only gain the invisible text."""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

JPEG_QUALITY = 80


@dataclass
class PdfPart:
    """What a page contributes to the digitized copy (built in the worker, assembled in the parent)."""

    text_pdf: bytes | None  # tesseract's text-only page; None: copy the original PDF page as is
    matrix: tuple[float, ...] = (1, 0, 0, 1, 0, 0)  # text page points → output page points
    jpeg: bytes | None = None  # the page image; None: the original PDF page is the background
    size: tuple[int, int] = (0, 0)  # image pixels (w, h)
    gray: bool = False
    page_points: tuple[float, float] = (0.0, 0.0)  # output page size


def encode_jpeg(image: np.ndarray) -> bytes:
    bgr = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY, cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return buf.tobytes()


def to_points(size: tuple[int, int], dpi: float) -> np.ndarray:
    """Pixel (u, v) of an image at `dpi`, top-left origin → PDF points, bottom-left origin (3×3)."""
    k = 72.0 / dpi
    return np.array([[k, 0, 0], [0, -k, size[1] * k], [0, 0, 1]])


def text_matrix(text_size: tuple[int, int], text_dpi: int, to_original: np.ndarray,
                original_size: tuple[int, int], original_dpi: float) -> tuple[float, ...]:
    """CTM taking tesseract's text page (image `text_size` at `text_dpi`) onto the original image's page."""
    m = to_points(original_size, original_dpi) @ to_original @ np.linalg.inv(to_points(text_size, text_dpi))
    return (m[0, 0], m[1, 0], m[0, 1], m[1, 1], m[0, 2], m[1, 2])


def _image_page(writer: PdfWriter, part: PdfPart) -> PageObject:
    w, h = part.size
    image = StreamObject()
    image._data = part.jpeg or b""
    image.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(w),
        NameObject("/Height"): NumberObject(h),
        NameObject("/ColorSpace"): NameObject("/DeviceGray" if part.gray else "/DeviceRGB"),
        NameObject("/BitsPerComponent"): NumberObject(8),
        NameObject("/Filter"): NameObject("/DCTDecode"),
    })
    pw, ph = part.page_points
    page = PageObject.create_blank_page(width=pw, height=ph)
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)}),
        NameObject("/ProcSet"): ArrayObject([NameObject("/PDF"), NameObject("/ImageC")]),
    })
    content = DecodedStreamObject()
    content.set_data(f"q {pw:.4f} 0 0 {ph:.4f} 0 0 cm /Im0 Do Q".encode())
    page[NameObject("/Contents")] = writer._add_object(content)
    page[NameObject("/MediaBox")] = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(pw), FloatObject(ph)])
    return page


def _text_form(writer: PdfWriter, text_pdf: bytes) -> IndirectObject:
    """tesseract's text-only page as a Form XObject in `writer`: its content stream and fonts copied as
    they are. Drawing it under a matrix costs nothing, where merging the page would parse and rewrite
    every text operator."""
    page = PdfReader(io.BytesIO(text_pdf)).pages[0]
    form = DecodedStreamObject()
    contents = page.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    form = form.flate_encode()
    box = page.mediabox
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(float(v)) for v in (box.left, box.bottom, box.right, box.top)]),
        NameObject("/Resources"): page["/Resources"].get_object().clone(writer),
    })
    return writer._add_object(form)


def _draw(writer: PdfWriter, page: PageObject, name: str, form: IndirectObject, matrix: tuple[float, ...]) -> None:
    """Append `form` drawn under `matrix` to the page (its own content wrapped in q/Q first)."""
    resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())  # not shared
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    xobjects[NameObject(name)] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    m = " ".join(f"{v:.6f}" for v in matrix)
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(f"\nQ q {m} cm {name} Do Q".encode())
    old = page.get("/Contents")
    old = [] if old is None else list(old.get_object()) if isinstance(old.get_object(), ArrayObject) else [old]
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(before), *old, writer._add_object(after)])


def assemble(parts: list[PdfPart], original_pdf: bytes | None) -> bytes:
    writer = PdfWriter()
    original = PdfReader(io.BytesIO(original_pdf)) if original_pdf else None
    for index, part in enumerate(parts):
        matrix = part.matrix
        if part.jpeg is None:
            assert original is not None, "a page without image needs the original PDF"
            writer.add_page(original.pages[index])
            box = writer.pages[-1].cropbox  # the rendered image showed the crop box
            matrix = (*matrix[:4], matrix[4] + float(box.left), matrix[5] + float(box.bottom))
        else:
            writer.add_page(_image_page(writer, part))
        if part.text_pdf is not None:
            _draw(writer, writer.pages[-1], "/SohoaText", _text_form(writer, part.text_pdf), matrix)
    if len(parts) > 1:  # tesseract embeds the same font in every page: keep one
        writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
