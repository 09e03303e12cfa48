"""Hostile and broken uploads, generated on the fly (nothing binary is committed).

Each generator returns a few bytes to a few hundred KB however large the file claims to be: the point
of a bomb is that it is small on the wire and huge once believed.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pypdf import PdfWriter

from tests.synth import image_pdf, make_document, render, scan, text_pdf


@dataclass(frozen=True)
class Case:
    name: str  # test id
    filename: str
    make: Callable[[], bytes]
    status: int
    code: str


@cache
def good_pdf() -> bytes:
    """A born-digital form (text layer), the base of the truncation and xref cases."""
    return text_pdf(make_document("cccd", seed=11))


@cache
def scanned_pdf() -> bytes:
    """An image-only PDF: most of its bytes are one big image stream."""
    return image_pdf([render(make_document("cccd", seed=12)).convert("L").reduce(2)], dpi=150)


@cache
def good_jpeg() -> bytes:
    return scan(make_document("cccd", seed=13), "clean", seed=13)[0]


def cut(data: bytes, fraction: float) -> bytes:
    return data[: int(len(data) * fraction)]


def shifted_xref(data: bytes, by: int = 7) -> bytes:
    """Every xref offset off by a few bytes: pypdf repairs it by searching, pdfminer (the worker) finds no page."""
    start = data.rindex(b"\nxref\n")
    end = data.index(b"trailer", start)
    table = re.sub(rb"(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (int(m[1]) + by, m[2]), data[start:end])
    return data[:start] + table + data[end:]


def garbage_xref_and_trailer(data: bytes) -> bytes:
    """The xref table and trailer replaced by noise: nothing left to find the objects or the root by."""
    return data[: data.rindex(b"\nxref\n")] + b"\nxref\n" + bytes(range(256)) * 4 + b"\n%%EOF\n"


def garbage_xref(data: bytes) -> bytes:
    """The xref entries replaced by noise, trailer and objects intact."""
    start = data.rindex(b"\nxref\n")
    end = data.index(b"trailer", start)
    return data[:start] + b"\nxref\ngarbage garbage\n" + b"\x00\xff" * 50 + data[end:]


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from object bodies (object i+1 = objects[i]) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def many_pages_pdf(pages: int = 10_000) -> bytes:
    """One blank page object referenced `pages` times from a flat page tree (~80 KB)."""
    kids = b" ".join([b"3 0 R"] * pages)
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids),
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def page_tree_bomb(fanout: int = 10, depth: int = 9) -> bytes:
    """Each /Pages node lists the same child `fanout` times: fanout**depth pages in under 2 KB,
    and a /Count that lies (it says 1)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        child = level + 3
        count = 1 if level == 0 else fanout ** (depth - level)
        objects.append(b"<< /Type /Pages /Count %d /Kids [%s] >>" % (count, b" ".join([b"%d 0 R" % child] * fanout)))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (depth + 1))
    return raw_pdf(objects)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(side: int = 100_000) -> bytes:
    """A grayscale PNG declaring side×side pixels with a tiny zlib stream of zeros (~1 KB for 10 Gpx)."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    zeros = zlib.compress(b"\x00" * (side + 1) * 16, 9)  # the first rows only; enough to start decoding
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", zeros) + _png_chunk(b"IEND", b"")


def _tiff_ifd(entries: list[tuple[int, int, int, int]], next_ifd: int) -> bytes:
    body = struct.pack("<H", len(entries))
    for tag, kind, count, value in sorted(entries):
        body += struct.pack("<HHII", tag, kind, count, value)
    return body + struct.pack("<I", next_ifd)


def tiff(*sizes: tuple[int, int], loop: bool = False) -> bytes:
    """An uncompressed 8-bit grayscale TIFF, one IFD per (width, height), all frames sharing a few bytes of
    pixel data: 30,000×30,000 is declared in a few hundred bytes, never allocated. loop: the last IFD
    points back to the first."""
    ifd_size = 2 + 9 * 12 + 4
    data_offset = 8 + ifd_size * len(sizes)
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for i, (width, height) in enumerate(sizes):
        next_ifd = 8 + ifd_size * (i + 1) if i + 1 < len(sizes) else (8 if loop else 0)
        out += _tiff_ifd([(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1),
                          (262, 3, 1, 1), (273, 4, 1, data_offset), (277, 3, 1, 1), (278, 4, 1, height),
                          (279, 4, 1, width * height)], next_ifd)
    return bytes(out + b"\xff" * min(max(w * h for w, h in sizes), 4096))


def elf() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + struct.pack("<HHI", 2, 62, 1) + b"\x00" * 200


def mz() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"PE\x00\x00" + b"\x00" * 200


def html() -> bytes:
    return "<!DOCTYPE html><html><body><script>alert('hồ sơ')</script></body></html>".encode()


def pdf_polyglot() -> bytes:
    """HTML that mentions %PDF- past the first kilobyte: must not pass for a PDF."""
    return b"<html>" + b" " * 2000 + b"%PDF-1.4 not really</html>"


CASES: list[Case] = [
    Case("empty", "rong.pdf", lambda: b"", 422, "empty_file"),
    *[Case(f"pdf-cut-{int(f * 100)}pct", "cut.pdf", lambda f=f: cut(good_pdf(), f), 422, "corrupt_pdf")
      for f in (0.02, 0.25, 0.5, 0.75, 0.98)],
    Case("pdf-cut-before-eof", "cut.pdf", lambda: good_pdf()[:-7], 422, "corrupt_pdf"),
    *[Case(f"scan-pdf-cut-{int(f * 100)}pct", "scan.pdf", lambda f=f: cut(scanned_pdf(), f), 422, "corrupt_pdf")
      for f in (0.3, 0.9, 0.999)],
    Case("pdf-header-only", "header.pdf", lambda: b"%PDF-1.7\n", 422, "corrupt_pdf"),
    Case("pdf-garbage-xref", "xref.pdf", lambda: garbage_xref(good_pdf()), 422, "corrupt_pdf"),
    Case("pdf-garbage-xref-trailer", "xref.pdf", lambda: garbage_xref_and_trailer(good_pdf()), 422, "corrupt_pdf"),
    Case("pdf-shifted-xref", "xref.pdf", lambda: shifted_xref(good_pdf()), 422, "corrupt_pdf"),
    Case("pdf-encrypted", "khoa.pdf", encrypted_pdf, 422, "encrypted_pdf"),
    Case("pdf-10000-pages", "dai.pdf", many_pages_pdf, 413, "too_many_pages"),
    Case("pdf-page-tree-bomb", "bom.pdf", page_tree_bomb, 413, "too_many_pages"),
    Case("png-bomb-100k", "bom.png", png_bomb, 413, "image_too_large"),
    Case("tiff-30k", "lon.tif", lambda: tiff((30_000, 30_000)), 413, "image_too_large"),
    Case("tiff-second-frame-30k", "lon.tif", lambda: tiff((60, 40), (30_000, 30_000)), 413, "image_too_large"),
    Case("tiff-10000-frames", "nhieu.tif", lambda: tiff(*[(60, 40)] * 10_000), 413, "too_many_pages"),
    Case("elf-as-pdf", "ho-so.pdf", elf, 415, "unsupported_type"),
    Case("exe-as-pdf", "ho-so.pdf", mz, 415, "unsupported_type"),
    Case("html-as-pdf", "ho-so.pdf", html, 415, "unsupported_type"),
    Case("html-pdf-polyglot", "ho-so.pdf", pdf_polyglot, 415, "unsupported_type"),
    *[Case(f"jpeg-cut-{int(f * 100)}pct", "cccd.jpg", lambda f=f: cut(good_jpeg(), f), 422, "corrupt_image")
      for f in (0.01, 0.5, 0.95)],
]


# Register files (POST /registers/import) ----------------------------------------------------------------
REGISTER_HEADER = "ma_ho_so,ma_tthc,ma_don_vi,kenh,ngay_tiep_nhan,ngay_hen_tra,ngay_ket_thuc\r\n"
REGISTER_ROW = "R-1,1.001193,000.17.22.H56,Trực tiếp,05/09/2025,12/09/2025,\r\n"


def register_utf16() -> bytes:
    """Excel's "Unicode text" export: UTF-16 with a BOM."""
    return (REGISTER_HEADER + REGISTER_ROW).encode("utf-16")


def register_shift_jis() -> bytes:
    """A register from another country's software: Shift-JIS, which no Vietnamese reading makes sense of."""
    return (REGISTER_HEADER + "R-1,1.001193,000.17.22.H56,窓口受付 申請者 山田太郎 東京都,05/09/2025,,\r\n" * 20
            ).encode("shift_jis")


def xlsx_bomb(unpacked: int = 300 * 1024 * 1024) -> bytes:
    """A real workbook whose sheet XML is padded with `unpacked` bytes of whitespace (legal between tags):
    a few hundred KB on the wire, 300 MB once inflated."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(REGISTER_HEADER.strip().split(","))
    book.active.append(REGISTER_ROW.strip().split(","))
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                with dst.open(info.filename, "w") as member:
                    head, tail = data.split(b"<sheetData>", 1)
                    member.write(head + b"<sheetData>")
                    block = b" " * (1 << 20)
                    for _ in range(unpacked >> 20):
                        member.write(block)
                    member.write(tail)
            else:
                dst.writestr(info, data)
    return out.getvalue()


REGISTER_CASES: list[Case] = [
    Case("register-utf16", "so-dang-ky.csv", register_utf16, 422, "bad_encoding"),
    Case("register-shift-jis", "so-dang-ky.csv", register_shift_jis, 422, "bad_encoding"),
    Case("register-xlsx-bomb", "so-dang-ky.xlsx", xlsx_bomb, 413, "xlsx_bomb"),
]
