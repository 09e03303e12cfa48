"""Cheap checks at upload time, so a bad file is refused while the citizen is still at the counter."""

from __future__ import annotations

import io
import re
import unicodedata
import warnings

from PIL import Image
from pypdf import PdfReader

from ingest.errors import Rejected
from ingest.sniff import ACCEPTED, sniff

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]+")


def clean_filename(name: str | None, limit: int = 200) -> str:
    """Keep the name staff gave the file (NFC), minus paths and control characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:limit]
    return name or "tep-khong-ten"


def check_document(data: bytes, *, max_bytes: int, max_pages: int, max_pixels: int) -> tuple[str, int]:
    """Return (media type, page count) or raise Rejected."""
    if not data:
        raise Rejected("empty_file", "Tệp rỗng", "the file is empty")
    if len(data) > max_bytes:
        raise Rejected("too_large", f"Tệp vượt quá {max_bytes // (1024 * 1024)} MB",
                       f"the file exceeds {max_bytes // (1024 * 1024)} MB", status=413)
    media = sniff(data[:1024])
    if media not in ACCEPTED:
        raise Rejected("unsupported_type", "Chỉ nhận PDF, JPEG, PNG hoặc TIFF",
                       "only PDF, JPEG, PNG or TIFF documents are accepted", status=415)
    pages = _pdf_pages(data) if media == "application/pdf" else _image_frames(data, max_pixels)
    if pages < 1:
        raise Rejected("no_pages", "Tài liệu không có trang nào", "the document has no pages")
    if pages > max_pages:
        raise Rejected("too_many_pages", f"Tài liệu có {pages} trang, tối đa {max_pages}",
                       f"the document has {pages} pages, at most {max_pages}", status=413)
    return media, pages


def _pdf_pages(data: bytes) -> int:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise Rejected("encrypted_pdf", "PDF có mật khẩu, hãy nộp bản không khóa",
                               "the PDF is password-protected; submit an unlocked copy")
            return len(reader.pages)
    except Rejected:
        raise
    except Exception as exc:  # pypdf raises many types on broken files
        raise Rejected("corrupt_pdf", "PDF bị hỏng, không đọc được", f"the PDF is corrupt ({exc})") from exc


def _image_frames(data: bytes, max_pixels: int) -> int:
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > max_pixels:
                raise Rejected("image_too_large", f"Ảnh quá lớn ({img.width}×{img.height} điểm ảnh)",
                               f"the image is too large ({img.width}×{img.height} pixels)", status=413)
            frames = getattr(img, "n_frames", 1)
            img.seek(0)
            img.load()  # decode the first frame: catches truncated files now, not in the worker
            return frames
    except Rejected:
        raise
    except Exception as exc:
        raise Rejected("corrupt_image", "Ảnh bị hỏng, không đọc được", f"the image is unreadable ({exc})") from exc
