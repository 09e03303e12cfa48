"""Cheap checks at upload time, so a bad file is refused while the citizen is still at the counter."""

from __future__ import annotations

import io
import re
import unicodedata
import warnings

import pdfplumber
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from core.errors import Rejected
from ingest.sniff import ACCEPTED, sniff

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]+")
# Direction marks and overrides: "hoso\u202efdp.exe" shows as "hosoexe.pdf".
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_filename(name: str | None, limit: int = 200) -> str:
    """Keep the name staff gave the file (NFC), minus paths, control and text-direction characters."""
    name = _BIDI.sub("", unicodedata.normalize("NFC", name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:limit]
    return name or "tep-khong-ten"


def check_document(data: bytes, *, max_bytes: int, max_pages: int, max_pixels: int) -> tuple[str, int]:
    """Return (media type, page count) or raise Rejected. Bounded work whatever the file claims to be."""
    if not data:
        raise Rejected("empty_file", "Tệp rỗng", "the file is empty")
    if len(data) > max_bytes:
        raise Rejected("too_large", f"Tệp vượt quá {max_bytes // (1024 * 1024)} MB",
                       f"the file exceeds {max_bytes // (1024 * 1024)} MB", status=413)
    media = sniff(data[:1024])
    if media not in ACCEPTED:
        raise Rejected("unsupported_type", "Chỉ nhận PDF, JPEG, PNG hoặc TIFF",
                       "only PDF, JPEG, PNG or TIFF documents are accepted", status=415)
    pages = _pdf_pages(data, max_pages) if media == "application/pdf" else _image_frames(data, max_pages, max_pixels)
    if pages < 1:
        raise Rejected("no_pages", "Tài liệu không có trang nào", "the document has no pages")
    return media, pages


def _too_many_pages(max_pages: int) -> Rejected:
    return Rejected("too_many_pages", f"Tài liệu có hơn {max_pages} trang (tối đa {max_pages})",
                    f"the document has more than {max_pages} pages (at most {max_pages})", status=413)


def _corrupt_pdf(reason: str) -> Rejected:
    return Rejected("corrupt_pdf", "PDF bị hỏng, không đọc được", f"the PDF is corrupt ({reason})")


def _pdf_pages(data: bytes, max_pages: int) -> int:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise Rejected("encrypted_pdf", "PDF có mật khẩu, hãy nộp bản không khóa",
                               "the PDF is password-protected; submit an unlocked copy")
            pages = count_page_tree(reader.trailer["/Root"]["/Pages"].get_object(), max_pages)
    except Rejected:
        raise
    except Exception as exc:  # pypdf raises many types on broken files
        raise _corrupt_pdf(str(exc)) from exc
    # The worker reads pages with pdfplumber (pdfminer), which does not repair a broken xref the way
    # pypdf does: refuse here what the worker would read as fewer pages (or none).
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            readable = len(pdf.pages)
    except Exception as exc:
        raise _corrupt_pdf(str(exc)) from exc
    if readable != pages:
        raise _corrupt_pdf(f"{pages} pages in its page tree, {readable} readable")
    return pages


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
            raise _too_many_pages(max_pages)
        kids = node.get("/Kids")
        if node.get("/Type") == "/Pages" or (kids is not None and node.get("/Type") != "/Page"):
            kids = kids.get_object() if kids is not None else []
            if len(kids) > budget:
                raise _too_many_pages(max_pages)
            stack.extend(kid.get_object() for kid in reversed(kids))
            continue
        pages += 1
        if pages > max_pages:
            raise _too_many_pages(max_pages)
    return pages


def _image_frames(data: bytes, max_pages: int, max_pixels: int) -> int:
    try:
        with Image.open(io.BytesIO(data)) as img:
            frames = 0
            # Seek frame by frame (headers only) instead of n_frames, which walks every frame of a
            # 10,000-frame TIFF; each frame's size is checked, not just the first one's.
            while True:
                _check_pixels(img.width, img.height, max_pixels)
                frames += 1
                if frames > max_pages:
                    raise _too_many_pages(max_pages)
                try:
                    img.seek(frames)
                except EOFError:
                    break
            if img.format == "JPEG":
                # A baseline or progressive JPEG is complete when an EOI marker follows its first scan:
                # the same truncation a decode finds, without the 10-20 ms of decoding at the counter.
                if not jpeg_complete(data):
                    raise ValueError("image file is truncated (no end-of-image marker after its scan)")
                return frames
            img.seek(0)
            img.load()  # decode the first frame: catches truncated files now, not in the worker
            return frames
    except Rejected:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own limit, on the header, before decoding
        raise Rejected("image_too_large", "Ảnh quá lớn", f"the image is too large ({exc})", status=413) from exc
    except Exception as exc:
        raise Rejected("corrupt_image", "Ảnh bị hỏng, không đọc được", f"the image is unreadable ({exc})") from exc


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


def _check_pixels(width: int, height: int, max_pixels: int) -> None:
    if width * height > max_pixels:
        raise Rejected("image_too_large", f"Ảnh quá lớn ({width}×{height} điểm ảnh)",
                       f"the image is too large ({width}×{height} pixels)", status=413)
