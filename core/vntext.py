"""Vietnamese text for the whole project: normalisation, folding, syllables, names, legacy encodings, and
numbers for people."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

_SPACES = re.compile(r"\s+")
# Both capital D-with-stroke look-alikes occur in OCR output and legacy fonts.
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
TONES = {"\u0300": 2, "\u0301": 1, "\u0309": 3, "\u0303": 4, "\u0323": 5}  # huyền sắc hỏi ngã nặng
MARK = {v: k for k, v in TONES.items()}
VOWELS = set("aăâeêioôơuưy")


def nfc(s: str) -> str:
    return s if s.isascii() else unicodedata.normalize("NFC", s)


@lru_cache(maxsize=4096)
def fold_char(c: str) -> str:
    """One character folded to exactly one character, so offsets in folded text match the original."""
    base = "".join(ch for ch in unicodedata.normalize("NFD", c) if not unicodedata.combining(ch))
    base = base.translate(_D_MAP).lower()
    return base if len(base) == 1 else c


def fold_keep_length(s: str) -> str:
    """`fold` without whitespace collapsing: len(result) == len(nfc(s)), for mapping spans back."""
    return "".join(fold_char(c) for c in nfc(s))


def fold(s: str) -> str:
    """Lowercase, strip every diacritic (đ → d), collapse whitespace: for tone-insensitive matching."""
    return _SPACES.sub(" ", fold_keep_length(s)).strip()


# --- syllables ------------------------------------------------------------------------------------


def split_tone(syllable: str) -> tuple[str, int]:
    """('hoa', 2) for both 'hòa' and 'hoà': letters with their hooks, and the tone (0 = ngang)."""
    tone, kept = 0, []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in TONES:
            tone = TONES[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def with_tone(letters: str, tone: int) -> str:
    """Put the tone on the vowel that carries it (new style for oa/oe/uy, as the dictionary does)."""
    if tone == 0:
        return letters
    positions = [i for i, ch in enumerate(letters.lower()) if ch in VOWELS]
    if not positions:
        return letters
    low = letters.lower()
    # gi-, qu-: the i/u belongs to the onset.
    if (low.startswith("qu") or low.startswith("gi")) and len(positions) > 1 and positions[0] == 1:
        positions = positions[1:]
    hooked = [i for i in positions if low[i] in "ăâêôơư"]
    if hooked:
        at = hooked[-1] if low[hooked[-1]] == "ơ" and len(hooked) > 1 else hooked[0]
    elif len(positions) == 1:
        at = positions[0]
    elif positions[-1] + 1 < len(low) or low[positions[-2] : positions[-1] + 1] in ("oa", "oe", "uy"):
        at = positions[-1]  # a closed syllable (toán, thuyền) or new-style oa/oe/uy
    else:
        at = positions[-2]
    return unicodedata.normalize("NFC", letters[: at + 1] + MARK[tone] + letters[at + 1 :])


@cache
def lexicon() -> frozenset[tuple[str, int]]:
    """The syllables of hunspell-vi (`data/vi_syllables.txt`) by (letters, tone): hòa and hoà are one."""
    text = resources.files("core.data").joinpath("vi_syllables.txt").read_text(encoding="utf-8")
    return frozenset(split_tone(w) for w in text.split())


def is_word(token: str) -> bool:
    """Letters only (no digits, no inner punctuation): the only tokens a syllable check may judge."""
    return bool(token) and all(ch.isalpha() for ch in token)


def valid(syllable: str) -> bool:
    """A Vietnamese syllable (any case, either tone placement)."""
    return split_tone(syllable.lower()) in lexicon()


# --- names -----------------------------------------------------------------------------------------

# Common surnames by folded spelling. No two of them fold alike, so a surname OCR misread only in its marks
# ("NGUYÊN", "Pham") can be put back.
SURNAMES: dict[str, str] = {fold(s): s for s in (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Đào", "Trương", "Lâm", "Mai", "Cao", "Tô", "Lương", "Tạ", "Trịnh", "Đoàn",
    "Vương", "Kiều", "Thái", "Chu", "Quách", "Lưu", "Tăng", "Hà", "Mạc", "Triệu", "Khúc", "Lục", "Thạch",
    "Hứa",
)}


def fix_surname(name: str) -> str:
    """The name with its first word spelled as the known surname it folds to, in the name's case.

    Only for a name read with diacritics: one read without any keeps that uniform spelling.
    """
    name = nfc(name)
    first, _, rest = name.partition(" ")
    known = SURNAMES.get(fold(first))
    if not known or name.isascii() or known == first.title():
        return name
    return " ".join(p for p in ((known.upper() if first.isupper() and len(first) > 1 else known), rest) if p)


def _name_key(s: str) -> str:
    return " ".join(re.findall(r"[^\W\d_]+", fold(s)))


def same_name(a: str, b: str) -> bool:
    """True when two person names are the same up to case, tone marks and their placement (hòa/hoà).

    Folding drops every diacritic, so old/new tone placement and a diacritic misread by OCR compare equal;
    a different letter is a different name. `same_spelling` tells whether the marks agree too.
    """
    ka, kb = _name_key(a), _name_key(b)
    return bool(ka) and ka == kb


def spelling_key(s: str) -> str:
    """Words lowercased with every mark kept but the tone mark's place forgotten: "Hòa", "Hoà" and "HOÀ" give
    the same key, "Hoa" and "Hòa" do not (each word: its letters without the tone, then its tone)."""
    out = []
    for word in re.findall(r"[^\W\d_]+", nfc(s).lower()):
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(c for c in decomposed if c in TONES)
        out.append(nfc("".join(c for c in decomposed if c not in TONES)) + tones)
    return " ".join(out)


def same_spelling(a: str, b: str) -> bool:
    """The same name with the same marks (Oanh is not Oánh, Tuấn is not Tuần); tone placement and case
    do not count."""
    ka = spelling_key(a)
    return bool(ka) and ka == spelling_key(b)


# --- legacy encodings -------------------------------------------------------------------------------

# TCVN3 (ABC, TCVN 5712:1993 VN3): one byte per letter. VN3 has no capitals with tone marks (those were
# drawn by the ".VnTimeH" capital fonts from the lowercase codes), so such text decodes to lowercase.
_TCVN3 = dict(
    zip(
        bytes.fromhex(
            "b5b8b6b7b9a8bbbebcbdc6a9c7cac8c9cbae"
            "ccd0cecfd1aad2d5d3d4d6d7ddd8dcde"
            "dfe3e1e2e4abe5e8e6e7e9aceaedebecee"
            "eff3f1f2f4adf5f8f6f7f9fafdfbfcfe"
            "a1a2a7a3a4a5a6"
        ),
        "àáảãạăằắẳẵặâầấẩẫậđ"
        "èéẻẽẹêềếểễệìíỉĩị"
        "òóỏõọôồốổỗộơờớởỡợ"
        "ùúủũụưừứửữựỳýỷỹỵ"
        "ĂÂĐÊÔƠƯ",
        strict=True,
    )
)

# VNI (VNI-Windows fonts): a base letter followed by a Latin-1 byte that carries the mark(s).
_VNI_SINGLE = str.maketrans(
    {"ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ", "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ",
     "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ"}
)
_VNI_TONE = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRC = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_MARKS = re.compile(
    "([aeoAEO])([âáàåãäÂÁÀÅÃÄ])|([aA])([êéèúüëÊÉÈÚÜË])|([aeiouyơưAEIOUYƠƯ])([ùøûõïÙØÛÕÏ])"
)

def _from_tcvn3(data: bytes) -> str:
    return "".join(_TCVN3.get(b, chr(b)) for b in data)


def _vni_sub(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1) + "\u0302" + _VNI_CIRC[m.group(2).lower()]
    if m.group(3):
        return m.group(3) + "\u0306" + _VNI_BREVE[m.group(4).lower()]
    return m.group(5) + _VNI_TONE[m.group(6).lower()]


def _from_vni(data: bytes) -> str:
    return nfc(_VNI_MARKS.sub(_vni_sub, data.decode("latin-1").translate(_VNI_SINGLE)))


def plausibility(text: str) -> int:
    """Valid minus invalid Vietnamese syllables among the words that carry non-ASCII letters (a word with two
    tone marks, which a wrong decoding can make, counts as invalid)."""
    score = 0
    for word in re.findall(r"[^\W\d_]+", text):
        if not word.isascii():
            one_tone = sum(ch in TONES for ch in unicodedata.normalize("NFD", word)) <= 1
            score += 1 if one_tone and valid(word) else -1
    return score


def decode_legacy(data: bytes) -> str:
    """Decode Vietnamese text bytes to NFC Unicode, best effort.

    Supported: UTF-8 (with or without BOM), and, when the bytes are not valid UTF-8, CP1258 (Windows
    Vietnamese, combining tone marks), TCVN3/ABC (".Vn" fonts) and VNI-Windows. The legacy candidate whose
    decoding yields the most valid Vietnamese syllables wins. TCVN3 capitals with tone marks come out in
    lowercase (that encoding never had them); unmapped bytes come out as their Latin-1 character.
    """
    try:
        return nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    candidates = [
        nfc(data.decode("cp1258", errors="replace")),
        nfc(_from_tcvn3(data)),
        _from_vni(data),
    ]
    # max() keeps the first of equals, so CP1258 wins ties (the standard Windows code page).
    return max(candidates, key=plausibility)


# --- numbers for people: 12.504 hồ sơ, 68,74% (JSON keeps plain numbers) ------------------------------


def vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def vn_percent(rate: float | None) -> str:
    if rate is None:
        return "—"
    return f"{rate:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + "%"
