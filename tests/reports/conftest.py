"""Report and register fixtures: the same tests run on SQLite and on a real PostgreSQL database.

The unit tree is the seed's (storage/seed/units.csv): province P, department S, districts D17/D18 until
2025-06-30, and communes that were under the districts and hang under the province from 2025-07-01.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.services import Services
from core.settings import Settings
from ingest.register import ImportResult, import_register
from sohoa.services import build

P, S, D17, D18 = "000.00.00.H56", "000.00.14.H56", "000.00.17.H56", "000.00.18.H56"
X, Y, Z = "000.17.22.H56", "000.17.23.H56", "000.18.31.H56"  # communes; X is the one followed across the reform
HEADER = ["ma_ho_so", "ma_tthc", "ma_don_vi", "kenh", "ngay_tiep_nhan", "ngay_hen_tra", "ngay_ket_thuc",
          "so_hoa_thanh_phan", "ket_qua_giay", "so_hoa_ket_qua"]


@pytest.fixture(params=["sqlite", "postgresql"])
def services(request, tmp_path: Path) -> Iterator[Services]:
    url = "" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    services = build(Settings(data_dir=tmp_path / "data", database_url=url))
    yield services
    services.engine.dispose()


def csv_bytes(rows: list[list], header: list[str] = HEADER, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    return to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed base letters, tone marks as combining bytes."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONES))
            out += (base + "".join(p for p in parts if p in _TONES)).encode("cp1258")
    return bytes(out)


def load(services: Services, data: bytes, **kwargs) -> ImportResult:
    return import_register(services.engine, io.BytesIO(data), **kwargs)
