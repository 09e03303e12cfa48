"""Upload-time checks: content sniffing, limits, and names."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfWriter

from core.errors import Rejected
from ingest.sniff import sniff
from ingest.validate import clean_filename, validate_upload

LIMITS = {"max_bytes": 1_000_000, "max_pages": 5, "max_pixels": 10_000_000}


def png(w: int = 200, h: int = 100) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (w, h), 255).save(buf, "PNG")
    return buf.getvalue()


def pdf(pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(password)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("head", "media"), [
    (b"%PDF-1.7\n", "application/pdf"), (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n...", "image/png"), (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"),
    (b"MZ\x90\x00", None), (b"<!doctype html>", None), (b"", None),
])
def test_sniff_by_content(head, media):
    assert sniff(head) == media


def test_accepts_real_documents():
    assert validate_upload(png(), **LIMITS) == ("image/png", 1)
    assert validate_upload(pdf(3), **LIMITS) == ("application/pdf", 3)


@pytest.mark.parametrize(("data", "code", "status"), [
    (b"", "empty_file", 422),
    (b"MZ\x90\x00" + b"\x00" * 100, "unsupported_type", 415),
    (b"<html><body>hello</body></html>", "unsupported_type", 415),
    (b"%PDF-1.4\n1 0 obj garbage", "corrupt_pdf", 422),
    (png()[:60], "corrupt_image", 422),
    (b"x" * 1_000_001, "too_large", 413),
])
def test_rejects_bad_input_with_reason(data, code, status):
    with pytest.raises(Rejected) as info:
        validate_upload(data, **LIMITS)
    assert info.value.code == code
    assert info.value.status == status
    assert info.value.vi and info.value.en


def test_rejects_encrypted_pdf_and_page_bomb_and_pixel_bomb():
    with pytest.raises(Rejected, match="password"):
        validate_upload(pdf(1, password="x"), **LIMITS)
    with pytest.raises(Rejected) as info:
        validate_upload(pdf(6), **LIMITS)
    assert info.value.code == "too_many_pages"
    with pytest.raises(Rejected) as info:
        validate_upload(png(4000, 3000), **LIMITS)
    assert info.value.code == "image_too_large"


@pytest.mark.parametrize(("raw", "clean"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\scans\\to khai.pdf", "to khai.pdf"),
    ("to\x00khai\x07.pdf", "to_khai_.pdf"),
    ("To\u0300 khai.pdf", "Tờ khai.pdf".replace("ờ", "ò")),  # NFD in, NFC out
    ("", "tep-khong-ten"),
    ("..", "tep-khong-ten"),
    ("hoso\u202efdp.exe", "hosofdp.exe"),  # shown as "hosoexe.pdf" with the override
    ("\u2066to khai\u2069\u200e\u200f\u202a\u202b\u202c\u202d\u2067\u2068\u061c.pdf", "to khai.pdf"),
    ("\u202e", "tep-khong-ten"),
])
def test_clean_filename(raw, clean):
    assert clean_filename(raw) == clean


def test_long_filename_keeps_extension():
    name = clean_filename("a" * 500 + ".pdf")
    assert len(name) == 200 and name.endswith(".pdf")


def jpeg_with_thumbnail(progressive: bool = False) -> bytes:
    """A photo whose EXIF block carries its own small JPEG (so an FF D9 sits before the scan)."""
    thumb = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 40, 40)).save(thumb, "JPEG")
    exif = Image.Exif()
    exif[0x010E] = "ảnh thẻ"  # any tag; the thumbnail goes in its own IFD
    page = Image.effect_noise((640, 480), 60).convert("RGB")
    buf = io.BytesIO()
    page.save(buf, "JPEG", exif=exif.tobytes() + thumb.getvalue(), progressive=progressive, quality=90)
    return buf.getvalue()


@pytest.mark.parametrize("progressive", [False, True])
def test_a_jpeg_cut_in_its_scan_is_refused_even_with_an_eoi_in_its_header(progressive):
    data = jpeg_with_thumbnail(progressive)
    assert data.find(b"\xff\xd9") < len(data) - 2  # the thumbnail's EOI comes first
    assert validate_upload(data, **LIMITS) == ("image/jpeg", 1)
    for fraction in (0.3, 0.9, 0.999):
        with pytest.raises(Rejected) as err:
            validate_upload(data[: int(len(data) * fraction)], **LIMITS)
        assert err.value.code == "corrupt_image"


def test_a_jpeg_with_bytes_after_its_end_is_accepted():
    """Phones append trailers (maker data, a second picture) after the main image's EOI."""
    assert validate_upload(jpeg_with_thumbnail() + b"SEFH" + bytes(300), **LIMITS) == ("image/jpeg", 1)
