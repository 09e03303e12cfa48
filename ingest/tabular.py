"""Rows of a CSV or XLSX file, streamed: one-stop registers run to millions of rows and must not sit in memory.

CSV comes as UTF-8, UTF-8 with BOM, or a legacy Vietnamese encoding (CP1258 from Windows exports, rarely
TCVN3/VNI); the delimiter is sniffed from the header line (Excel in a Vietnamese locale writes ';').
Every text cell is NFC. Cells starting with = + - @ stay text: nothing here evaluates a formula.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any, BinaryIO

import openpyxl

from core.errors import Rejected
from core.vntext import decode_legacy, nfc, plausibility

XLSX_MAGIC = b"PK\x03\x04"
CHUNK = 1 << 20
DELIMITERS = ",;\t|"
# A spreadsheet's XML compresses 5-20×; a zip bomb, thousands of times. openpyxl loads shared strings
# whole, so the unpacked size is bounded before it opens the file.
MAX_XLSX_RATIO = 100
MAX_XLSX_UNPACKED = 2 << 30


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (line or sheet row number, cells)
    kind: str  # "xlsx", or the CSV encoding: utf-8, utf-8-sig, cp1258, legacy


def open_table(fh: BinaryIO) -> Table:
    """`fh` must be seekable (a file, or FastAPI's spooled upload): encoding detection reads it once first."""
    head = fh.read(4)
    fh.seek(0)
    if head == XLSX_MAGIC:
        return _xlsx(fh)
    encoding = _csv_encoding(fh)
    fh.seek(0)
    if encoding == "legacy":  # TCVN3/VNI have no Python codec: decode line by line, best effort
        lines: Iterator[str] = (decode_legacy(raw) for raw in fh)
    else:
        lines = (nfc(line) for line in io.TextIOWrapper(fh, encoding=encoding, newline=""))
    first = next(lines, "")
    if not first.strip():
        raise Rejected("empty_file", "Tệp không có dòng tiêu đề", "the file has no header line")
    delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(chain([first], lines), delimiter=delimiter)
    header = next(reader)
    return Table([h.strip() for h in header], _csv_rows(reader), encoding)


def _csv_rows(reader) -> Iterator[tuple[int, list[Any]]]:
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num  # a quoted cell may span lines: report where the row starts
        if any(cells):
            yield start, cells


def _wrong_encoding(detail: str) -> Rejected:
    return Rejected("bad_encoding", f"Tệp CSV không ở bảng mã đọc được ({detail}); hãy lưu lại dạng \"CSV UTF-8\"",
                    f"the CSV file is not in a readable encoding ({detail}); save it again as \"CSV UTF-8\"")


def _csv_encoding(fh: BinaryIO) -> str:
    first = fh.read(CHUNK)
    if first.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in first:
        raise _wrong_encoding("UTF-16 hoặc tệp nhị phân / UTF-16 or binary")
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = last = first
    try:
        while chunk:
            last = chunk  # the chunk judged below: the one that failed, or the last if only its end did
            decoder.decode(chunk)
            chunk = fh.read(CHUNK)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8. decode_legacy scores CP1258, TCVN3 and VNI by how Vietnamese the result reads; judge a
    # sample of lines that carry non-ASCII bytes, and stream with Python's codec when CP1258 wins.
    sample = b"\n".join([line for line in last.splitlines() if not line.isascii()][:200])
    best = decode_legacy(sample)
    if not _reads_as_vietnamese(best):
        raise _wrong_encoding("không phải UTF-8, CP1258, TCVN3 hay VNI / not UTF-8, CP1258, TCVN3 or VNI")
    cp1258 = nfc(sample.decode("cp1258", errors="replace"))
    return "cp1258" if best == cp1258 else "legacy"


def _check_unpacked_size(fh: BinaryIO) -> None:
    """Refuse a zip bomb before openpyxl inflates it. Members are inflated here as a stream and counted,
    since a member's declared size can lie; the count stops at the first limit crossed."""
    packed = fh.seek(0, io.SEEK_END)
    limit = min(MAX_XLSX_UNPACKED, max(packed, CHUNK) * MAX_XLSX_RATIO)
    total = 0
    try:
        with zipfile.ZipFile(fh) as archive:
            for info in archive.infolist():
                with archive.open(info) as member:
                    while chunk := member.read(CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise Rejected("xlsx_bomb", "Tệp XLSX giải nén ra quá lớn (nghi là bom nén)",
                                           f"the XLSX file unpacks to more than {limit // CHUNK} MB "
                                           "(a decompression bomb?)", status=413)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise Rejected("bad_xlsx", f"Không đọc được tệp XLSX: {exc}", f"cannot read the XLSX file: {exc}") from exc
    finally:
        fh.seek(0)


def _reads_as_vietnamese(text: str) -> bool:
    """More possible syllables than impossible ones, and (almost) no byte the legacy tables leave unmapped
    (C1 controls, U+FFFD): what another language's code page (Shift-JIS, GBK, KOI8) decodes to."""
    unmapped = sum(1 for ch in text if "\x80" <= ch <= "\x9f" or ch == "\ufffd")
    foreign = sum(1 for ch in text if not ch.isascii())
    return plausibility(text) > 0 and unmapped <= 0.02 * foreign


def _xlsx(fh: BinaryIO) -> Table:
    _check_unpacked_size(fh)
    try:
        book = openpyxl.load_workbook(fh, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises a variety of zip/xml errors for a damaged file
        raise Rejected("bad_xlsx", f"Không đọc được tệp XLSX: {exc}", f"cannot read the XLSX file: {exc}") from exc
    sheet = book.worksheets[0]
    sheet.reset_dimensions()  # some writers store a wrong sheet size; read what is there
    rows = enumerate(sheet.iter_rows(values_only=True), start=1)
    for _number, cells in rows:
        if any(c not in (None, "") for c in cells):
            header = ["" if c is None else nfc(str(c)).strip() for c in cells]
            return Table(header, _xlsx_rows(book, rows), "xlsx")
    book.close()
    raise Rejected("empty_file", "Tệp không có dòng tiêu đề", "the file has no header line")


def _xlsx_rows(book, rows) -> Iterator[tuple[int, list[Any]]]:
    try:
        for number, cells in rows:
            values = [nfc(c) if isinstance(c, str) else c for c in cells]
            if any(v not in (None, "") for v in values):
                yield number, values
    finally:
        book.close()
