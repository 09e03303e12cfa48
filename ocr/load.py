"""Turn document bytes into pages: text-layer pages (read as is) or page images (to be OCR'd).

PDFs go through pdfium (pypdfium2, which pdfplumber itself renders with): it reads a text layer, words and
boxes included, many times faster than pdfplumber's pdfminer with the same words (docs/benchmarks.md), and
renders image-only pages straight to arrays. `count_pages` checks a file the way these functions will
read it, with bounded work, for the upload check at the counter. Images keep their colour (seal removal
needs it) and, for a JPEG, the original bytes, so the digitized copy shows the scan itself, not a
re-encoded one.
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps, ImageSequence
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from ocr.errors import OcrError
from ocr.readability import reads_as_text
from ocr.types import Word

RENDER_PIXELS = 36_000_000  # a PDF page (a poster, a 2400-dpi scan) is rendered no larger: A4 at 600 dpi
MIN_TEXT_CHARS = 20  # fewer characters than this on a PDF page means "scanned page, OCR it"
Image.MAX_IMAGE_PIXELS = None  # our own cap (max_pixels) is checked on the header, with a clear error


@dataclass
class SourcePage:
    number: int
    text: str | None = None  # set for text-layer pages
    words: list[Word] | None = None
    image: np.ndarray | None = None  # RGB or gray, upright per EXIF; set for pages to OCR
    dpi: float | None = None  # from the file, when it says
    jpeg: bytes | None = None  # the original JPEG when the page is exactly that file
    pdf_index: int | None = None  # page of the original PDF (a text layer is laid over it)
    width: int = 0
    height: int = 0


def too_many(n: int, max_pages: int) -> OcrError:
    return OcrError("too_many_pages", f"tài liệu có {n} trang, tối đa {max_pages}",
                    f"the document has {n} pages, at most {max_pages} are accepted")


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise OcrError("encrypted_pdf", "PDF có mật khẩu", "the PDF is encrypted") from exc
        raise OcrError("corrupt_pdf", "PDF bị hỏng, không đọc được", f"the PDF is corrupt: {exc}") from exc


def count_pages(data: bytes, media_type: str, *, max_pages: int, max_pixels: int) -> int:
    """The pages `load_pages` will give, found with bounded work from the file's structure and headers; an
    OcrError for what it would refuse or read only in part. The upload check runs this at the counter."""
    if media_type == "application/pdf":
        return _pdf_count(data, max_pages)
    return _image_count(data, max_pages, max_pixels)


def pixels_to_read(data: bytes, media_type: str, *, dpi: int) -> int:
    """About how many pixels OCR will read in a file `count_pages` passed, from headers and page sizes (no
    decoding): what its job costs, to queue an upload's longest job first. A PDF page counts at `dpi`, as it is
    rendered, text layer or not (a text layer's job is short whichever place it gets)."""
    if media_type == "application/pdf":
        pdf = open_pdf(data)
        try:
            sizes = [pdf[i].get_size() for i in range(len(pdf))]
        finally:
            pdf.close()
        return sum(min(RENDER_PIXELS, round(w * h * (dpi / 72) ** 2)) for w, h in sizes)
    with Image.open(io.BytesIO(data)) as img:
        return sum(frame.width * frame.height for frame in ImageSequence.Iterator(img))


def _pdf_count(data: bytes, max_pages: int) -> int:
    pdf = open_pdf(data)
    try:
        # pdfium rebuilds a lost trailer or a broken xref from what is left: pages may be missing. Bytes
        # appended after the end (some mailers and download servers add them) only hide a sound xref.
        if not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(pdf.raw) and not _sound_before_tail(data):
            raise OcrError("corrupt_pdf", "PDF bị hỏng, không đọc được", "the PDF is corrupt (broken xref table)")
        pages = len(pdf)
    finally:
        pdf.close()
    if pages > max_pages:
        raise too_many(pages, max_pages)
    # The digitized copy is written with pypdf (`ocr.pdf`), which walks the whole page tree: walk it here too.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            root = PdfReader(io.BytesIO(data), strict=False).trailer["/Root"]["/Pages"].get_object()
            tree = count_page_tree(root, max_pages)
    except OcrError:
        raise
    except Exception as exc:  # pypdf raises many types on broken files
        raise OcrError("corrupt_pdf", "PDF bị hỏng, không đọc được", f"the PDF is corrupt: {exc}") from exc
    if tree != pages:
        raise OcrError("corrupt_pdf", "PDF bị hỏng, không đọc được",
                       f"the PDF is corrupt ({tree} pages in its page tree, {pages} readable)")
    return pages


def _sound_before_tail(data: bytes) -> bool:
    """Whether the file up to its last %%EOF has a valid xref table (so only appended bytes hid it)."""
    end = data.rfind(b"%%EOF")
    if end < 0 or not data[end + 5:].strip():
        return False
    pdf = open_pdf(data[:end + 5])
    try:
        return bool(pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(pdf.raw))
    finally:
        pdf.close()


def count_page_tree(root: DictionaryObject, max_pages: int) -> int:
    """Count /Page leaves without building page objects, giving up once past max_pages.

    A page tree can list one node many times (10,000 references to one blank page) or nest such lists
    (fanout**depth pages in a few hundred bytes), and its /Count may lie: walk it with a node budget.
    """
    budget, pages, stack = 4 * max_pages + 64, 0, [root]
    while stack:
        node = stack.pop()
        budget -= 1
        if budget < 0:
            raise too_many(pages, max_pages)
        kids = node.get("/Kids")
        if node.get("/Type") == "/Pages" or (kids is not None and node.get("/Type") != "/Page"):
            kids = kids.get_object() if kids is not None else []
            if len(kids) > budget:
                raise too_many(pages + len(kids), max_pages)
            stack.extend(kid.get_object() for kid in reversed(kids))
            continue
        pages += 1
        if pages > max_pages:
            raise too_many(pages, max_pages)
    return pages


def _image_count(data: bytes, max_pages: int, max_pixels: int) -> int:
    try:
        with Image.open(io.BytesIO(data)) as img:
            frames = 0
            # Seek frame by frame (headers only) instead of n_frames, which walks every frame of a
            # 10,000-frame TIFF; each frame's size is checked, not just the first one's.
            while True:
                check_pixels(img, max_pixels)
                frames += 1
                if frames > max_pages:
                    raise too_many(frames, max_pages)
                try:
                    img.seek(frames)
                except EOFError:
                    break
            if img.format == "JPEG":
                # A JPEG is complete when an EOI marker follows its first scan: the truncation a decode finds,
                # without the decoding.
                if not jpeg_complete(data):
                    raise OSError("image file is truncated (no end-of-image marker after its scan)")
                return frames
            img.seek(0)
            img.load()  # decode the first frame: a truncated file is refused now, not in the worker
            return frames
    except OcrError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own limit, on the header, before decoding
        raise OcrError("image_too_large", "ảnh quá lớn", f"the image is too large: {exc}") from exc
    except Exception as exc:
        raise OcrError("unreadable_image", "ảnh bị hỏng, không đọc được", f"the image is unreadable: {exc}") from exc


def jpeg_complete(data: bytes) -> bool:
    """True if an EOI marker (FF D9) follows the first start-of-scan. Entropy-coded data stuffs every FF
    with 00, so FF D9 there is a real marker; an EXIF thumbnail's own EOI comes before the scan."""
    pos = 2  # after SOI
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker == 0xDA:  # SOS: the scan starts after its header; searched from the end, where an EOI is
            return data.rfind(b"\xff\xd9", pos + 2 + length) != -1
        pos += 2 + length
    return False


def load_pages(data: bytes, media_type: str, *, dpi: int, max_pages: int, max_pixels: int,
               only: set[int] | None = None, decode: bool = True) -> Iterator[SourcePage]:
    """Pages in order. `only` (1-based numbers): just those pages, read as images. decode=False: image pages
    come as bare placeholders (number only), so a first pass can sort pages without rendering any."""
    if media_type == "application/pdf":
        yield from _pdf_pages(data, dpi=dpi, max_pages=max_pages, max_pixels=max_pixels, only=only, decode=decode)
    else:
        yield from _image_pages(data, max_pages=max_pages, max_pixels=max_pixels, only=only, decode=decode)


def _pdf_pages(data: bytes, *, dpi: int, max_pages: int, max_pixels: int,
               only: set[int] | None, decode: bool) -> Iterator[SourcePage]:
    pdf = open_pdf(data)
    try:
        if len(pdf) > max_pages:
            raise too_many(len(pdf), max_pages)
        for index in range(len(pdf)):
            number = index + 1
            if only is not None and number not in only:
                continue  # before pdf[index]: loading a page parses it, and workers ask for one page each
            page = pdf[index]
            width, height = page.get_size()
            if only is None:  # only image pages are asked for by number: their text layer was empty
                textpage = page.get_textpage()
                text, words = _text_layer(textpage, height)
                textpage.close()
                # A layer that is no text (byte-swapped UTF-16, glyph codes without a mapping) is OCR'd instead.
                if len(text.strip()) >= MIN_TEXT_CHARS and reads_as_text(text):
                    yield SourcePage(number, text=text, words=words, width=int(width), height=int(height))
                    continue
            if not decode:
                yield SourcePage(number, width=int(width), height=int(height))
                continue
            scale = dpi / 72
            cap = min(max_pixels, RENDER_PIXELS)
            if width * scale * height * scale > cap:
                scale = (cap / (width * height)) ** 0.5
            bitmap = page.render(scale=scale, grayscale=False)
            image = np.ascontiguousarray(bitmap.to_numpy()[..., :3][..., ::-1]) if bitmap.mode == "BGR" \
                else bitmap.to_numpy()
            # The text goes over the original page unless pdfium had to turn it (/Rotate) to render it.
            keep = index if page.get_rotation() == 0 else None
            yield SourcePage(number, image=image, dpi=72 * scale, pdf_index=keep,
                             width=image.shape[1], height=image.shape[0])
    finally:
        pdf.close()


def _text_layer(textpage: pdfium.PdfTextPage, page_height: float) -> tuple[str, list[Word]]:
    """NFC text (lines joined by \\n) and word boxes in points from the top-left corner."""
    raw = textpage.get_text_range()
    words: list[Word] = []
    line, start = 0, None
    for i, ch in enumerate([*raw, " "]):
        if ch.isspace():
            if start is not None:
                left, _, _, top = textpage.get_charbox(start)
                _, bottom, right, _ = textpage.get_charbox(i - 1)
                box = (int(left), int(page_height - top), max(1, int(right - left)), max(1, int(top - bottom)))
                words.append(Word(unicodedata.normalize("NFC", raw[start:i]), 100.0, box, line))
                start = None
            if ch == "\n":
                line += 1
        elif start is None:
            start = i
    text = "\n".join(part.rstrip() for part in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return unicodedata.normalize("NFC", text), words


def _image_pages(data: bytes, *, max_pages: int, max_pixels: int, only: set[int] | None,
                 decode: bool) -> Iterator[SourcePage]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            img = Image.open(io.BytesIO(data))
        with img:
            check_pixels(img, max_pixels)
            n = getattr(img, "n_frames", 1)
            if n > max_pages:
                raise too_many(n, max_pages)
            for number, frame in enumerate(ImageSequence.Iterator(img), start=1):
                if only is not None and number not in only:
                    continue
                check_pixels(frame, max_pixels)
                if not decode:
                    yield SourcePage(number, width=frame.width, height=frame.height)
                    continue
                yield _frame_page(number, frame, data if n == 1 else None, img.format)
    except Image.DecompressionBombError as exc:  # Pillow refuses on the header, before check_pixels
        raise OcrError("image_too_large", "ảnh quá lớn", f"the image is too large: {exc}") from exc
    except OSError as exc:
        raise OcrError("unreadable_image", "ảnh bị hỏng, không đọc được", f"the image is unreadable: {exc}") from exc


# Where a PNG can say it is turned: an eXIf chunk, a "Raw profile type exif" text chunk, XMP's tiff:Orientation.
_PNG_TURN_TAGS = (b"eXIf", b"exif", b"rientation")


def _direct(data: bytes, fmt: str | None, mode: str) -> bool:
    """An 8-bit gray or RGB JPEG, or PNG (bit depth in its IHDR, the first chunk), that OpenCV decodes to
    the pixels Pillow gives."""
    return mode in ("L", "RGB") and (fmt == "JPEG" or (fmt == "PNG" and len(data) > 24 and data[24] == 8))


def _frame_page(number: int, frame: Image.Image, data: bytes | None, fmt: str | None) -> SourcePage:
    dpi = frame.info.get("dpi", (0, 0))[0] or None
    dpi = float(dpi) if dpi else None
    if fmt == "PNG" and data is not None and not any(tag in data for tag in _PNG_TURN_TAGS):
        turned = False  # getexif() would decode the whole PNG to look for an EXIF chunk after the pixels
    else:
        turned = frame.getexif().get(0x0112, 1) not in (0, 1)
    if data is not None and not turned and _direct(data, fmt, frame.mode):
        # An upright single-frame file decodes straight into an array (libjpeg-turbo, libpng: one copy):
        # Pillow's decode and its copy out to numpy (RGBX → RGB, in chunks) take a half to twice as long.
        flag = (cv2.IMREAD_GRAYSCALE if frame.mode == "L" else cv2.IMREAD_COLOR) | cv2.IMREAD_IGNORE_ORIENTATION
        image = cv2.imdecode(np.frombuffer(data, np.uint8), flag)
        if image is not None and image.shape[:2] == (frame.height, frame.width):
            if image.ndim == 3:
                image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
            jpeg = data if fmt == "JPEG" else None
            return SourcePage(number, image=image, dpi=dpi, jpeg=jpeg, width=frame.width, height=frame.height)
    upright = ImageOps.exif_transpose(frame) if turned else frame  # phone photos store rotation in EXIF
    mode = "L" if frame.mode in ("1", "L", "LA", "I", "I;16", "F") else "RGB"
    converted = upright if upright.mode == mode else upright.convert(mode)
    image = np.asarray(converted)
    # Neither turned nor converted: the original JPEG still shows this page (one OpenCV could not decode).
    jpeg = data if fmt == "JPEG" and not turned and frame.mode == mode else None
    return SourcePage(number, image=image, dpi=dpi, jpeg=jpeg, width=converted.width, height=converted.height)


def check_pixels(img: Image.Image, max_pixels: int) -> None:
    # Checked on the header, before decoding: a decompression bomb never gets expanded.
    if img.width * img.height > max_pixels:
        raise OcrError("image_too_large", f"ảnh quá lớn ({img.width}×{img.height} điểm ảnh)",
                       f"the image is too large ({img.width}×{img.height} pixels)")
