"""ID cards in their printings: the 2021 chip CCCD (front), the 2016 CCCD, the 2024 "CĂN CƯỚC" (front and
back) and a chip CCCD photocopied front and back on an A4 sheet. `ho_ten` is as printed (capitals)."""

from __future__ import annotations

import random
from datetime import date

from .layout import BACK_BODY_WIDTH, CARD_BODY_WIDTH, MM
from .model import Document, Line
from .people import Person
from .sheet import MOTTO, NAVY, RED, Sheet, make_doc
from .text import dmy, nfc, strip_diacritics

MARKS = (
    "Nốt ruồi C:1cm trên trước cánh mũi phải",
    "Sẹo chấm C:2cm dưới sau đuôi mắt trái",
    "Nốt ruồi C:1,5cm dưới sau mép phải",
    "Sẹo chấm C:1cm trên đầu lông mày trái",
)
SIGNERS = ("Nguyễn Văn Hải", "Trần Minh Đức", "Phạm Quốc Hưng")  # fabricated names
ISSUER_2021 = (
    "CỤC TRƯỞNG CỤC CẢNH SÁT",
    "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
)


def _head(s: Sheet, lines: tuple[tuple[str, float, tuple[int, int, int]], ...]) -> None:
    for text, size, color in lines:
        s.lines.append(Line(text, size, True, "center", tag="card_head", color=color))


def _qr(p: Person) -> str:
    parts = (p.so_cccd, p.so_cmnd, p.ho_ten, p.ngay_sinh.strftime("%d%m%Y"), p.gioi_tinh, p.noi_cu_tru.full,
             p.cccd_issued.strftime("%d%m%Y"))
    return nfc("|".join(parts))


def _two_cols(left: str, right: str, size: float, second: float = 0.42) -> Line:
    return Line(f"{left} {right}", size, cells=(left, right), cols=(0.0, second), tag="card_body")


def _front_2021(s: Sheet, p: Person) -> None:
    _head(s, ((MOTTO[0], 6.2, NAVY), (MOTTO[1], 6.2, NAVY), ("CĂN CƯỚC CÔNG DÂN", 9.5, RED),
              ("Citizen Identity Card", 6.2, NAVY)))
    s.add(f"Số / No.: {p.so_cccd}", 8.5, bold=True, tag="card_body", color=(0, 0, 0))
    s.add("Họ và tên / Full name:", 5.8, tag="card_body")
    s.add(p.ho_ten.upper(), 8.5, bold=True, tag="card_body")
    s.add(f"Ngày sinh / Date of birth: {dmy(p.ngay_sinh)}", 5.8, tag="card_body")
    s.lines.append(_two_cols(f"Giới tính / Sex: {p.gioi_tinh}", f"Quốc tịch / Nationality: {p.quoc_tich}", 5.8))
    s.add("Quê quán / Place of origin:", 5.8, tag="card_body")
    s.add(p.que_quan.area, 6.2, tag="card_body")
    s.add("Nơi thường trú / Place of residence:", 5.8, tag="card_body")
    s.add(p.noi_cu_tru.full, 6.2, tag="card_body")
    expiry = p.cccd_expiry
    s.lines.append(Line(f"Có giá trị đến: {dmy(expiry) if expiry else 'Không thời hạn'}", 4.8, tag="card_foot"))


def _front_2016(s: Sheet, p: Person) -> None:
    """The pre-chip card: Vietnamese labels only, each value on its label's line, no QR code."""
    _head(s, ((MOTTO[0], 6.4, (0, 0, 0)), (MOTTO[1], 6.4, (0, 0, 0)), ("CĂN CƯỚC CÔNG DÂN", 9.0, RED)))
    s.add(f"Số: {p.so_cccd}", 9.0, bold=True, tag="card_body", color=RED)
    s.add(f"Họ và tên: {p.ho_ten.upper()}", 7.0, bold=True, tag="card_body")
    s.add(f"Ngày, tháng, năm sinh: {dmy(p.ngay_sinh)}", 6.2, tag="card_body")
    s.lines.append(_two_cols(f"Giới tính: {p.gioi_tinh}", f"Quốc tịch: {p.quoc_tich}", 6.2))
    s.add(f"Quê quán: {p.que_quan.area}", 6.2, tag="card_body")
    s.add(f"Nơi thường trú: {p.noi_cu_tru.full}", 6.2, tag="card_body")
    expiry = p.cccd_expiry
    s.lines.append(Line(f"Có giá trị đến: {dmy(expiry) if expiry else 'Không thời hạn'}", 4.8, tag="card_foot"))


def _front_2024(s: Sheet, p: Person) -> None:
    """The 2024 card: bilingual labels, every value on the line under its label; no place of origin."""
    _head(s, ((MOTTO[0], 6.2, NAVY), ("SOCIALIST REPUBLIC OF VIET NAM", 5.2, NAVY), ("CĂN CƯỚC", 10.0, RED),
              ("IDENTITY CARD", 6.2, NAVY)))
    s.add("Số định danh cá nhân / Personal identification number:", 5.4, tag="card_body")
    s.add(p.so_cccd, 8.5, bold=True, tag="card_body")
    s.add("Họ, chữ đệm và tên khai sinh / Full name:", 5.4, tag="card_body")
    s.add(p.ho_ten.upper(), 8.0, bold=True, tag="card_body")
    s.lines.append(_two_cols("Ngày, tháng, năm sinh / Date of birth:", "Giới tính / Sex:", 5.4, 0.64))
    s.lines.append(_two_cols(dmy(p.ngay_sinh), p.gioi_tinh, 6.6, 0.64))
    s.add("Quốc tịch / Nationality:", 5.4, tag="card_body")
    s.add(p.quoc_tich, 6.6, tag="card_body")


def _check(text: str) -> str:
    """ICAO 9303 check digit (weights 7, 3, 1; letters 10-35, filler 0)."""
    total = 0
    for i, ch in enumerate(text):
        value = int(ch) if ch.isdigit() else 0 if ch == "<" else ord(ch) - 55
        total += value * (7, 3, 1)[i % 3]
    return str(total % 10)


def mrz(p: Person) -> tuple[str, str, str]:
    """The three 30-character lines of the TD1 machine-readable zone of a chip card."""
    doc_no = p.so_cccd[3:]
    line1 = f"IDVNM{doc_no}{_check(doc_no)}{p.so_cccd}<<<"
    birth = p.ngay_sinh.strftime("%y%m%d")
    expiry = (p.cccd_expiry or date(2099, 12, 31)).strftime("%y%m%d")
    head = f"{birth}{_check(birth)}{'F' if p.gioi_tinh == 'Nữ' else 'M'}{expiry}{_check(expiry)}VNM"
    composite = line1[5:30] + head[:7] + head[8:15]
    line2 = f"{head}{'<' * 11}{_check(composite)}"
    surname, *given = strip_diacritics(p.ho_ten).upper().split()
    line3 = f"{surname}<<{'<'.join(given)}"[:30].ljust(30, "<")
    return line1, line2, line3


def _back(p: Person, layout: str, rng: random.Random) -> list[Line]:
    s = Sheet(BACK_BODY_WIDTH, family="sans")
    if layout == "cancuoc2024":
        s.add("Nơi cư trú / Place of residence:", 5.4, tag="back_body")
        s.add(p.noi_cu_tru.full, 6.2, bold=True, tag="back_body")
        s.add("Nơi đăng ký khai sinh / Place of birth:", 5.4, tag="back_body")
        s.add(p.que_quan.area, 6.2, bold=True, tag="back_body")
        s.add(f"Ngày, tháng, năm cấp / Date of issue: {dmy(p.cccd_issued)}", 5.4, tag="back_body")
        expiry = p.cccd_expiry
        s.add(f"Ngày, tháng, năm hết hạn / Date of expiry: {dmy(expiry) if expiry else 'Không thời hạn'}", 5.4,
              tag="back_body")
        s.add("BỘ CÔNG AN / MINISTRY OF PUBLIC SECURITY", 5.6, bold=True, tag="back_body", gap=0.4)
    else:
        s.add(f"Đặc điểm nhân dạng / Personal identification: {rng.choice(MARKS)}", 5.4, tag="back_body")
        s.add(f"Ngày, tháng, năm / Date, month, year: {dmy(p.cccd_issued)}", 5.4, tag="back_body")
        for text in ISSUER_2021:
            s.add(text, 5.6, bold=True, tag="back_body")
        s.add(rng.choice(SIGNERS), 6.2, bold=True, tag="back_body",
              gap=1.6)
    for text in mrz(p):
        s.lines.append(Line(text, 9.0, tag="back_mrz"))
    return s.lines


def card(rng: random.Random, p: Person, layout: str = "cccd2021") -> Document:
    """The card of `p` in `layout`; the fields are those the printed sides carry."""
    s = Sheet(CARD_BODY_WIDTH, family="sans", layout=layout)
    {"cccd2016": _front_2016, "cancuoc2024": _front_2024}.get(layout, _front_2021)(s, p)
    sides, kw = 1, {}
    if layout in ("cancuoc2024", "a4_copy"):
        s.lines += _back(p, layout, random.Random(f"back/{p.so_cccd}"))
        sides = 2
    if layout == "a4_copy":
        kw = {"page": "A4", "card_at": (25 * MM, 30 * MM)}
    expiry = p.cccd_expiry
    fields = {
        "ho_ten": p.ho_ten.upper(),
        "ngay_sinh": p.ngay_sinh.isoformat(),
        "gioi_tinh": p.gioi_tinh,
        "so_cccd": p.so_cccd,
        "quoc_tich": p.quoc_tich,
        "que_quan": "" if layout == "cancuoc2024" else p.que_quan.area,
        "noi_cu_tru": p.noi_cu_tru.full,
    }
    extra = {
        "co_gia_tri_den": expiry.isoformat() if expiry else "",
        "ngay_cap": p.cccd_issued.isoformat(),
        "so_cmnd": p.so_cmnd,
        "noi_dang_ky_khai_sinh": p.que_quan.area if layout == "cancuoc2024" else "",
    }
    qr = "" if layout == "cccd2016" else _qr(p)
    return make_doc("cccd", s, fields, extra, page=kw.get("page", "card"), qr=qr, sides=sides,
                    card_at=kw.get("card_at", ()))
