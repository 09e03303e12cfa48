"""Vietnamese text helpers: NFC, tone placement styles, dates as printed and in words."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (combining marks)
_CLUSTER = re.compile(r"(?i)(?<!q)(oa|oe|uy)$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """ASCII fold for e-mail addresses and the like ("Đặng Thị Hòa" -> "Dang Thi Hoa")."""
    base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return base.replace("đ", "d").replace("Đ", "D")


def _retone_syllable(syllable: str, style: str) -> str:
    # Only open syllables ending in oa/oe/uy differ between styles (hòa/hoà, thủy/thuỷ); "qu" is a consonant.
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = next((c for c in decomposed if c in TONES), "")
    if not tone:
        return syllable
    bare = "".join(c for c in decomposed if c != tone)
    match = _CLUSTER.search(unicodedata.normalize("NFC", bare))
    if not match or len(unicodedata.normalize("NFC", bare)) != len(bare):
        return syllable
    pos = len(bare) - (2 if style == "old" else 1)  # index of the vowel that takes the tone
    return nfc(bare[: pos + 1] + tone + bare[pos + 1 :])


def apply_tone_style(text: str, style: str) -> str:
    """Rewrite tone placement: style "old" -> Hòa, Thủy; "new" -> Hoà, Thuỷ. Other words unchanged."""
    if style not in ("old", "new"):
        raise ValueError(style)
    return nfc(" ".join(_retone_syllable(w, style) for w in nfc(text).split(" ")))


def has_tone_variant(text: str) -> bool:
    return apply_tone_style(text, "old") != apply_tone_style(text, "new")


def dmy(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def place_date(place: str, d: date) -> str:
    """`Nha Trang, ngày 05 tháng 01 năm 2020`: day < 10 and months 1-2 take a leading zero."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


_UNITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _below_100(n: int) -> str:
    if n < 10:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_UNITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 1 and tens > 1:
        return f"{head} mốt"
    if unit == 5:
        return f"{head} lăm"
    return f"{head} {_UNITS[unit]}"


def number_words(n: int) -> str:
    """0..9999 the way civil-status papers spell years: 2024 -> hai nghìn không trăm hai mươi bốn."""
    if not 0 <= n < 10000:
        raise ValueError(n)
    thousands, rest = divmod(n, 1000)
    hundreds, tail = divmod(rest, 100)
    parts = []
    if thousands:
        parts.append(f"{_UNITS[thousands]} nghìn")
    if thousands or hundreds:
        if hundreds or tail:
            parts.append(f"{_UNITS[hundreds]} trăm")
        if 0 < tail < 10 and (thousands or hundreds):
            parts.append("lẻ")
    if tail or not parts:
        parts.append(_below_100(tail))
    return " ".join(parts)


_MONTHS = ("một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một", "mười hai")


def date_words(d: date) -> str:
    """Birth date in words as on the birth-registration form: Ngày mười hai tháng ba năm hai nghìn ..."""
    day = f"mồng {_below_100(d.day)}" if d.day <= 10 else _below_100(d.day)
    return f"Ngày {day} tháng {_MONTHS[d.month - 1]} năm {number_words(d.year)}"


def money(amount: int) -> str:
    """3500000 -> 3.500.000 (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def money_words(amount: int) -> str:
    """Amounts below a billion in words, capitalised: 3500000 -> Ba triệu năm trăm nghìn đồng."""
    millions, rest = divmod(amount, 1_000_000)
    thousands, units = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append(f"{number_words(millions)} triệu")
    if thousands:
        parts.append(f"{number_words(thousands)} nghìn")
    if units:
        parts.append(number_words(units))
    text = " ".join(parts) or "không"
    return f"{text[0].upper()}{text[1:]} đồng"
