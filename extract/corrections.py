"""A clerk's corrections win over what was read, and survive re-processing of the attachment."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from extract.dates import parse_date
from extract.fields import FALLBACK
from extract.ids import check_fields, normalize_phone, parse_cccd
from extract.types import ALL_DOC_TYPES, DOC_TYPE_NAMES, FIELD_KEYS, FIELD_NAMES, ExtractedField, Extraction

MAX_VALUE = 1000  # characters of one corrected value (the longest real one, an address, is a few hundred)
ID_LENGTHS = {"so_cccd": (12,), "so_cmnd": (9, 12)}  # a CMND has 9 digits, the 12-digit ones of 2012–2016 too
DATES = ("ngay_sinh", "ngay_ky")
SEXES = {"nam": "Nam", "nữ": "Nữ"}
# Other people's values on a paper carry their role (extract.fields): a clerk corrects or adds those too.
ROLES = {"_nguoi_yeu_cau": "người yêu cầu", "_me": "mẹ", "_cha": "cha", "_ben_nam": "bên nam", "_ben_nu": "bên nữ",
         "_ben_a": "bên A", "_ben_b": "bên B", "_chu_ho": "chủ hộ"}
ID_CHECKS = ("cccd_invalid", "cccd_unknown_prefix", "cccd_birth_year_mismatch", "cccd_sex_mismatch")


def base_key(key: str) -> str | None:
    """`so_cccd_ben_nam` → `so_cccd`; None when `key` is no field the extractor writes."""
    if key in FIELD_KEYS:
        return key
    return next((key.removesuffix(r) for r in ROLES if key.endswith(r) and key.removesuffix(r) in FIELD_KEYS), None)


def label(target: str) -> str:
    """The Vietnamese name of what a correction changed: "Loại giấy tờ", "Số CCCD", "Họ tên (bên nam)"."""
    if target == "doc_type":
        return "Loại giấy tờ"
    key = target.removeprefix("fields.")
    base = base_key(key) or key
    role = key[len(base):]
    return FIELD_NAMES.get(base, key) + (f" ({ROLES[role]})" if role in ROLES else "")


def labelled(corrections: list[dict] | None) -> list[dict]:
    """The correction history as people read it: each entry with the `label` of its target and, for a
    document type, the papers' Vietnamese names (`old_label`, `new_label`)."""
    out = []
    for c in corrections or []:
        entry = {**c, "label": label(c["target"])}
        if c["target"] == "doc_type":
            entry |= {"old_label": DOC_TYPE_NAMES.get(c.get("old") or "unknown"),
                      "new_label": DOC_TYPE_NAMES.get(c["new"])}
        out.append(entry)
    return out


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
    base = base_key(key)
    if not target.startswith("fields.") or base is None:
        raise BadCorrection(f"cannot correct {target!r}", f"không sửa được {target!r}")
    text = unicodedata.normalize("NFC", value).strip()
    if not text or len(text) > MAX_VALUE:
        raise BadCorrection(f"{key}: a value of 1 to {MAX_VALUE} characters", f"{key}: từ 1 đến {MAX_VALUE} ký tự")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
        raise BadCorrection(f"{key}: no control characters", f"{key}: không được có ký tự điều khiển")
    if base in ID_LENGTHS:
        number = re.sub(r"[ .\-]", "", unicodedata.normalize("NFKC", text))
        if not (number.isascii() and number.isdigit() and len(number) in ID_LENGTHS[base]):
            lengths = ID_LENGTHS[base]
            raise BadCorrection(f"{key}: {' or '.join(map(str, lengths))} digits",
                                f"{key}: gồm {' hoặc '.join(map(str, lengths))} chữ số")
        if base == "so_cccd":
            _check_structure(key, number)
        return number
    if base in DATES:
        iso = _iso_date(text) or parse_date(text)
        if iso is None:
            raise BadCorrection(f"{key}: a date (dd/mm/yyyy)", f"{key}: phải là một ngày (dd/mm/yyyy)")
        return iso
    if base == "gioi_tinh":
        if text.lower() not in SEXES:
            raise BadCorrection(f"{key}: Nam or Nữ", f"{key}: Nam hoặc Nữ")
        return SEXES[text.lower()]
    if base == "so_dien_thoai":
        phone = normalize_phone(text) if re.fullmatch(r"[+0-9 .\-()]+", unicodedata.normalize("NFKC", text)) else None
        if phone is None:
            raise BadCorrection(f"{key}: a 10-digit phone number", f"{key}: số điện thoại 10 chữ số")
        return phone
    return text


def _check_structure(key: str, number: str) -> None:
    """A CCCD number as the card prints it (extract.ids): a province's code, then the century-and-sex digit
    and the birth year, which is not after this year."""
    info = parse_cccd(number)
    if info is None or info.province is None:
        raise BadCorrection(f"{key}: the first 3 digits {number[:3]} are no province's code",
                            f"{key}: 3 chữ số đầu {number[:3]} không phải mã tỉnh, thành phố nào")
    if info.birth_year > date.today().year:
        raise BadCorrection(f"{key}: digits 4–6 give the birth year {info.birth_year}, in the future",
                            f"{key}: chữ số thứ 4–6 ứng với năm sinh {info.birth_year}, ở tương lai")


def _iso_date(text: str) -> str | None:
    try:
        return date.fromisoformat(text).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def apply(extraction: Extraction, corrections: list[dict] | None) -> Extraction:
    """Replay corrections in order; each names its target ('doc_type' or 'fields.<key>') and the new value."""
    result = extraction.model_copy(deep=True)
    fields_changed = False
    for c in corrections or []:
        if c["target"] == "doc_type":
            result.doc_type, result.doc_type_confidence = c["new"], 1.0
            continue
        key = c["target"].removeprefix("fields.")
        old = result.fields.get(key)
        # No `raw`: what was read is no longer what the paper says, and messages show the corrected value.
        result.fields[key] = ExtractedField(value=c["new"], page=old.page if old else None, confidence=100.0)
        fields_changed = True
    if fields_changed:  # the ID checks of the paper, made again on the corrected values
        result.problems = [p for p in result.problems if p.code not in ID_CHECKS] + check_fields(
            as_read(result.fields, result.doc_type))
    return result


def as_read(fields: dict[str, ExtractedField], doc_type: str) -> dict[str, ExtractedField]:
    """The fields as the extractor checks them: without the base keys `derive` filled from another person's
    (the mother's number under the birth certificate's `so_cccd`, beside the child's birth date)."""
    suffix, keys = FALLBACK.get(doc_type, ("", ()))
    return {k: f for k, f in fields.items()
            if not (k in keys and k + suffix in fields and fields[k + suffix].value == f.value)}
