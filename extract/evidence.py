"""What the OCR stage saw on the page images besides text: the CCCD's QR code, stamps and signatures.

The chip CCCD's QR payload is `id|old CMND|full name|ddmmyyyy birth|sex|address|ddmmyyyy issue date`;
decoded, it is exact where OCR guesses, so its values replace what was read from the card's print.
"""

from __future__ import annotations

import re

from core.vntext import nfc
from extract.dates import iso
from extract.types import ExtractedField
from ocr.types import PageText

SEXES = ("Nam", "Nữ")


def _iso(ddmmyyyy: str) -> str | None:
    return iso(int(ddmmyyyy[:2]), int(ddmmyyyy[2:4]), int(ddmmyyyy[4:])) if re.fullmatch(r"\d{8}", ddmmyyyy) else None


def parse_cccd_qr(payload: str) -> dict[str, tuple[str, str]] | None:
    """Field key -> (normalised value, as encoded) from a CCCD QR payload; None if it is not one."""
    parts = [p.strip() for p in nfc(payload).split("|")]
    if len(parts) < 7 or not re.fullmatch(r"\d{12}", parts[0]):
        return None
    number, old, name, born, sex, address, issued = parts[:7]
    # The card is issued to Vietnamese citizens only (Luật Căn cước công dân 2014): its nationality is implied.
    out = {"so_cccd": (number, number), "quoc_tich": ("Việt Nam", "")}
    if re.fullmatch(r"\d{9}|\d{12}", old):
        out["so_cmnd"] = (old, old)
    if name:
        out["ho_ten"] = (re.sub(r"\s+", " ", name).upper(), name)  # as the card prints it: capitals
    if born_iso := _iso(born):
        out["ngay_sinh"] = (born_iso, born)
    if sex in SEXES:
        out["gioi_tinh"] = (sex, sex)
    if address:
        out["noi_cu_tru"] = (re.sub(r"\s+", " ", address), address)
    if issued_iso := _iso(issued):
        out["ngay_cap"] = (issued_iso, issued)
    return out


def qr_fields(pages: list[PageText]) -> dict[str, ExtractedField]:
    """Fields of the first CCCD QR code on the pages, each with confidence 100 and source "qr"."""
    for page in pages:
        for payload in page.qr:
            parsed = parse_cccd_qr(payload)
            if parsed:
                return {k: ExtractedField(value=v, page=page.number, confidence=100.0, weakest=100.0, raw=raw,
                                         source="qr")
                        for k, (v, raw) in parsed.items()}
    return {}


def has_cccd_qr(page: PageText) -> bool:
    return any(parse_cccd_qr(p) for p in page.qr)


def marks(pages: list[PageText]) -> tuple[dict[str, list[int]], list[int]]:
    """Kind -> pages it was seen on ("stamp", "signature", "qr"), and the pages whose image was inspected."""
    seen: dict[str, list[int]] = {}
    for page in pages:
        for kind in sorted({m.kind for m in page.marks or []}):
            seen.setdefault(kind, []).append(page.number)
        if has_cccd_qr(page):
            seen.setdefault("qr", []).append(page.number)
    return seen, [p.number for p in pages if p.marks is not None]
