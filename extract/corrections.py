"""A clerk's corrections win over what was read, and survive re-processing of the attachment."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from extract.dates import parse_date
from extract.ids import normalize_phone
from extract.types import ALL_DOC_TYPES, FIELD_KEYS, ExtractedField, Extraction

MAX_VALUE = 1000  # characters of one corrected value (the longest real one, an address, is a few hundred)
ID_LENGTHS = {"so_cccd": (12,), "so_cmnd": (9, 12)}  # a CMND has 9 digits, the 12-digit ones of 2012–2016 too
DATES = ("ngay_sinh", "ngay_ky")
SEXES = {"nam": "Nam", "nữ": "Nữ"}


class BadCorrection(ValueError):
    def __init__(self, en: str, vi: str = "") -> None:
        super().__init__(en)
        self.vi = vi or en


def validate(target: str, value: str) -> str:
    """The value to store, normalised as the extractor gives its own (digits-only IDs, ISO dates, NFC text);
    BadCorrection when it cannot be one."""
    if target == "doc_type":
        if value not in ALL_DOC_TYPES:
            raise BadCorrection(f"unknown document type {value!r}", f"không có loại giấy tờ {value!r}")
        return value
    key = target.removeprefix("fields.")
    if not target.startswith("fields.") or key not in FIELD_KEYS:
        raise BadCorrection(f"cannot correct {target!r}", f"không sửa được {target!r}")
    text = unicodedata.normalize("NFC", value).strip()
    if not text or len(text) > MAX_VALUE:
        raise BadCorrection(f"{key}: a value of 1 to {MAX_VALUE} characters", f"{key}: từ 1 đến {MAX_VALUE} ký tự")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
        raise BadCorrection(f"{key}: no control characters", f"{key}: không được có ký tự điều khiển")
    if key in ID_LENGTHS:
        number = re.sub(r"[ .\-]", "", unicodedata.normalize("NFKC", text))
        if not (number.isascii() and number.isdigit() and len(number) in ID_LENGTHS[key]):
            lengths = ID_LENGTHS[key]
            raise BadCorrection(f"{key}: {' or '.join(map(str, lengths))} digits",
                                f"{key}: gồm {' hoặc '.join(map(str, lengths))} chữ số")
        return number
    if key in DATES:
        iso = _iso_date(text) or parse_date(text)
        if iso is None:
            raise BadCorrection(f"{key}: a date (dd/mm/yyyy)", f"{key}: phải là một ngày (dd/mm/yyyy)")
        return iso
    if key == "gioi_tinh":
        if text.lower() not in SEXES:
            raise BadCorrection(f"{key}: Nam or Nữ", f"{key}: Nam hoặc Nữ")
        return SEXES[text.lower()]
    if key == "so_dien_thoai":
        phone = normalize_phone(text) if re.fullmatch(r"[+0-9 .\-()]+", unicodedata.normalize("NFKC", text)) else None
        if phone is None:
            raise BadCorrection(f"{key}: a 10-digit phone number", f"{key}: số điện thoại 10 chữ số")
        return phone
    return text


def _iso_date(text: str) -> str | None:
    try:
        return date.fromisoformat(text).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def apply(extraction: Extraction, corrections: list[dict] | None) -> Extraction:
    """Replay corrections in order; each names its target ('doc_type' or 'fields.<key>') and the new value."""
    result = extraction.model_copy(deep=True)
    for c in corrections or []:
        if c["target"] == "doc_type":
            result.doc_type, result.doc_type_confidence = c["new"], 1.0
            continue
        key = c["target"].removeprefix("fields.")
        old = result.fields.get(key)
        result.fields[key] = ExtractedField(value=c["new"], page=old.page if old else None, confidence=100.0,
                                            raw=old.raw if old else None)
    return result
