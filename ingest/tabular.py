"""Rows of a CSV or XLSX file, streamed: one-stop registers run to millions of rows and must not sit in memory.

CSV comes as UTF-8, UTF-8 with BOM, or a legacy Vietnamese encoding (CP1258 from Windows exports, rarely
TCVN3/VNI); the delimiter is sniffed from the header line (Excel in a Vietnamese locale writes ';').
Every text cell is NFC. Cells starting with = + - @ stay text: nothing here evaluates a formula.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any, BinaryIO

import openpyxl

from extract.vntext import decode_legacy
from ingest.errors import Rejected

XLSX_MAGIC = b"PK\x03\x04"
CHUNK = 1 << 20
DELIMITERS = ",;\t|"


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (line or sheet row number, cells)
    kind: str  # "xlsx", or the CSV encoding: utf-8, utf-8-sig, cp1258, legacy


def nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


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


def _csv_encoding(fh: BinaryIO) -> str:
    first = fh.read(CHUNK)
    if first.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = first
    try:
        while chunk:
            decoder.decode(chunk)
            chunk = fh.read(CHUNK)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8. decode_legacy scores CP1258, TCVN3 and VNI by how Vietnamese the result reads; judge a
    # sample of lines that carry non-ASCII bytes, and stream with Python's codec when CP1258 wins.
    sample = b"\n".join([line for line in chunk.splitlines() if not line.isascii()][:200])
    cp1258 = unicodedata.normalize("NFC", sample.decode("cp1258", errors="replace"))
    return "cp1258" if decode_legacy(sample) == cp1258 else "legacy"


def _xlsx(fh: BinaryIO) -> Table:
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
