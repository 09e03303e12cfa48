"""Cheap checks at upload time, so a bad file is refused while the citizen is still at the counter. Files are
opened by the worker's own loader (`ocr.load`): what passes here is what the worker reads."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from core.errors import Rejected
from ingest.sniff import ACCEPTED, sniff
from ocr.errors import OcrError
from ocr.load import count_pages

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


class Upload(NamedTuple):
    media_type: str
    pages: int


def validate_upload(data: bytes, *, max_bytes: int, max_pages: int, max_pixels: int) -> Upload:
    """The file's type and page count, or Rejected. Bounded work whatever the file claims to be."""
    if not data:
        raise Rejected("empty_file", "Tệp rỗng", "the file is empty")
    if len(data) > max_bytes:
        raise Rejected("too_large", f"Tệp vượt quá {max_bytes // (1024 * 1024)} MB",
                       f"the file exceeds {max_bytes // (1024 * 1024)} MB", status=413)
    media = sniff(data[:1024])
    if media not in ACCEPTED:
        raise Rejected("unsupported_type", "Chỉ nhận PDF, JPEG, PNG hoặc TIFF",
                       "only PDF, JPEG, PNG or TIFF documents are accepted", status=415)
    try:
        pages = count_pages(data, media, max_pages=max_pages, max_pixels=max_pixels)
    except OcrError as exc:
        raise _refusal(exc, max_pages) from exc
    if pages < 1:
        raise Rejected("no_pages", "Tài liệu không có trang nào", "the document has no pages")
    return Upload(media, pages)


def _refusal(exc: OcrError, max_pages: int) -> Rejected:
    """The loader's error as the upload's answer."""
    if exc.code == "too_many_pages":
        return Rejected("too_many_pages", f"Tài liệu có hơn {max_pages} trang (tối đa {max_pages})",
                        f"the document has more than {max_pages} pages (at most {max_pages})", status=413)
    if exc.code == "encrypted_pdf":
        return Rejected("encrypted_pdf", "PDF có mật khẩu, hãy nộp bản không khóa",
                        "the PDF is password-protected; submit an unlocked copy")
    if exc.code == "corrupt_pdf":
        return Rejected("corrupt_pdf", "PDF bị hỏng, không đọc được", exc.en)
    if exc.code == "image_too_large":
        return Rejected("image_too_large", exc.vi[:1].upper() + exc.vi[1:], exc.en, status=413)
    return Rejected("corrupt_image", "Ảnh bị hỏng, không đọc được", exc.en)
