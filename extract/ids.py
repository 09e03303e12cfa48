"""Citizen ID numbers: OCR repair and the structural check of the 12-digit CCCD (Thông tư 07/2016/TT-BCA).

Layout: digits 1–3 the province (or country) of birth registration, digit 4 sex and century, digits 5–6 the
last two digits of the birth year, digits 7–12 random. There is no check digit, so the number is checked
against the birth date and sex printed on the same paper; unknown prefixes only warn.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extract.types import ExtractedField, Problem

# Province codes of the 63 provinces and cities (the administrative unit codes used by Thông tư 07/2016).
PROVINCES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
    "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh",
    "086": "Vĩnh Long", "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

_OCR_DIGITS = str.maketrans("OoIl|", "00111")
# A run of digits as OCR prints them: may hold spaces/dots between groups, must not start inside a word but
# at a digit OCR glued to the word before ("CCCD số036194295409").
_RUN = re.compile(r"(?:(?<![^\W\d_])[0-9OoIl|]|(?<=[^\W\d_])[0-9])(?:[ .]?[0-9OoIl|])*")


def digits(raw: str) -> str:
    """Digits of an ID as read: O→0, l/I→1, separators dropped; other characters are left out."""
    return re.sub(r"\D", "", raw.translate(_OCR_DIGITS))


def find_number(text: str, lengths: tuple[int, ...] = (12, 9),
                accept: Callable[[str], bool] | None = None) -> tuple[str, int, int] | None:
    """The first ID-like run in `text` whose repaired digits have one of `lengths` (and pass `accept`):
    (digits, start, end)."""
    for m in _RUN.finditer(text):
        run = m.group().rstrip(" .")
        if sum(c.isdigit() for c in run) < 6:
            continue
        # Drop trailing groups that belong to what follows ("0912345678 6. Email:" on a CT01 row).
        cuts = [len(run)] + [g.start() for g in reversed(list(re.finditer(r"(?<=[0-9OoIl|])[ .]", run)))]
        for cut in cuts:
            value = digits(run[:cut])
            if len(value) in lengths and (accept is None or accept(value)):
                return value, m.start(), m.start() + cut
    return None


# A number written one digit per box: single digits apart by spaces or box sides ("| 0 | 7 | 9 |", "[0][7]",
# "0   7   9"); there a "|" is a box's side, never a 1, while an "O" is still a 0.
_BOX_DIGIT = r"[0-9Oo](?![0-9Oo\w])"
_BOXES = re.compile(rf"(?<![\w|\[\]])[|\[]?[ \t]*(?<![0-9Oo]){_BOX_DIGIT}"
                    rf"(?:(?:[ \t]*[|\[\]]+[ \t]*|[ \t]{{1,4}}){_BOX_DIGIT}){{5,}}[ \t]*[|\]]?")


def boxed_number(text: str, lengths: tuple[int, ...] = (12, 9)) -> tuple[str, int, int] | None:
    """The first number in digit boxes whose digits have one of `lengths`: (digits, start, end)."""
    for m in _BOXES.finditer(text):
        value = re.sub(r"\D", "", m.group().replace("O", "0").replace("o", "0"))
        if len(value) in lengths:
            return value, m.start(), m.end()
    return None


def normalize_phone(raw: str) -> str | None:
    """10-digit national form of a mobile number; +84 / 84 prefixes become 0."""
    value = digits(raw)
    if value.startswith("84") and len(value) == 11:
        value = "0" + value[2:]
    return value if len(value) == 10 and value.startswith("0") else None


@dataclass(frozen=True)
class CccdInfo:
    province_code: str
    province: str | None  # None when the prefix is not a province (a country code, or misread)
    sex: str  # "Nam" / "Nữ"
    birth_year: int


def parse_cccd(number: str) -> CccdInfo | None:
    if not re.fullmatch(r"\d{12}", number):
        return None
    code, sex_century, yy = number[:3], int(number[3]), int(number[4:6])
    return CccdInfo(
        province_code=code,
        province=PROVINCES.get(code),
        sex="Nam" if sex_century % 2 == 0 else "Nữ",
        birth_year=1900 + 100 * (sex_century // 2) + yy,
    )


def check_cccd(number: str, birth_date: str | None = None, sex: str | None = None,
               birth_year: int | None = None) -> list[Problem]:
    """Problems of a CCCD number against the birth date (ISO) or year and sex read from the same paper."""
    info = parse_cccd(number)
    if info is None:
        return [Problem(code="cccd_invalid", message=f"Số CCCD “{number}” không đủ 12 chữ số.",
                        details={"so_cccd": number})]
    problems: list[Problem] = []
    if info.province is None:
        problems.append(Problem(
            code="cccd_unknown_prefix",
            message=f"Số CCCD {number}: mã nơi đăng ký khai sinh {info.province_code} không thuộc danh sách "
                    "63 tỉnh, thành phố (có thể là mã quốc gia hoặc đọc sai) — cần kiểm tra lại.",
            details={"so_cccd": number, "prefix": info.province_code, "severity": "warning"},
        ))
    year = int(birth_date[:4]) if birth_date else birth_year
    if year is not None and year != info.birth_year:
        problems.append(Problem(
            code="cccd_birth_year_mismatch",
            message=f"Số CCCD {number} ứng với năm sinh {info.birth_year} (chữ số thứ 4–6), "
                    f"nhưng giấy tờ ghi năm sinh {year}.",
            details={"so_cccd": number, "nam_sinh_theo_so": str(info.birth_year), "nam_sinh": str(year)},
        ))
    if sex in ("Nam", "Nữ") and sex != info.sex:
        problems.append(Problem(
            code="cccd_sex_mismatch",
            message=f"Số CCCD {number} có chữ số thứ 4 là {number[3]} (giới tính {info.sex}), "
                    f"nhưng giấy tờ ghi giới tính {sex}.",
            details={"so_cccd": number, "gioi_tinh_theo_so": info.sex, "gioi_tinh": sex},
        ))
    return problems


def _person(fields: dict[str, ExtractedField], suffix: str) -> tuple[str | None, str | None, int | None]:
    """The birth date, sex and birth year the paper prints for the person of `so_cccd<suffix>`."""
    dob, sex, year = (fields.get(k + suffix) for k in ("ngay_sinh", "gioi_tinh", "nam_sinh"))
    return (dob.value if dob else None, sex.value if sex else None,
            int(year.value) if year and year.value.isdigit() else None)


def _doubts(number: str, person: tuple[str | None, str | None, int | None], this_year: int) -> int:
    """How many things speak against a reading: its problems against the paper, and a birth year to come."""
    info = parse_cccd(number)
    return len(check_cccd(number, *person)) + (info is None or info.birth_year > this_year)


def settle_readings(fields: dict[str, ExtractedField], this_year: int) -> dict[str, ExtractedField]:
    """A CCCD number read two ways (ocr.digits) takes the reading with the fewest doubts: one a living person
    cannot hold (its fourth digit puts the birth after `this_year`) or that contradicts the birth date and
    sex printed for the same person yields to another that does not. The first reading wins ties; the
    others stay as alternatives and `raw` stays what was read first."""
    out = dict(fields)
    for key, number in fields.items():
        if not key.startswith("so_cccd") or not number.alternatives:
            continue
        person = _person(fields, key[len("so_cccd") :])
        readings = [number.value, *number.alternatives]
        best = min(readings, key=lambda n: _doubts(n, person, this_year))
        if best != number.value:
            out[key] = number.model_copy(update={"value": best,
                                                 "alternatives": [n for n in readings if n != best]})
    return out


def check_fields(fields: dict[str, ExtractedField]) -> list[Problem]:
    """CCCD checks for every person on a paper: `so_cccd<suffix>` against `ngay_sinh<suffix>` (or
    `nam_sinh<suffix>`) and `gioi_tinh<suffix>` of the same person. A number read two ways (ocr.digits) is
    checked as the reading that fits best: a contradiction must hold on every reading to be reported."""
    problems: list[Problem] = []
    for key, number in fields.items():
        if not key.startswith("so_cccd"):
            continue
        suffix = key[len("so_cccd") :]
        found = [check_cccd(n, *_person(fields, suffix)) for n in (number.value, *number.alternatives)]
        for p in min(found, key=len):  # the first (the value) among equals
            if suffix:
                p.details["field"] = key
            problems.append(p)
    return problems
