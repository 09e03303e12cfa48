"""Value parsers: the text after a label → a normalised value, what was read, and where it was read.

Names keep the case the paper uses (capitals on the CCCD); dates become ISO; IDs and phone numbers digits only
(OCR's O/l/I repaired); document numbers get back the `/` and `-` OCR breaks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.vntext import fix_surname, fold, fold_keep_length
from extract.dates import find_dates
from extract.ids import PROVINCES, boxed_number, digits, find_number, normalize_phone
from extract.places import correct as correct_places

LEAD = " \t:;.,|)]-–—_…/"  # what may stand between a label and its value
_HONORIFIC = re.compile(r"\s*(?:(?:ong|ba|anh|chi)\s*(?:[/(]\s*(?:ong|ba|anh|chi)\s*\)?)?\s*[:.]?\s+)(?=\S)")
_SPECK = re.compile(r"([^\W\d_]{1,3})\s{3,}(?=(\w))")
_UNIT_WORDS = {"xa", "ap", "to", "so", "tp", "thi"}  # short words an address may begin with
_NAME_WORDS = re.compile(r"[^\W\d_]+(?:[ \t]+[^\W\d_]+)*")
_UNIT_AFTER_DOT = re.compile(
    r"(?<=[^\W\d_])\.(?= (?:Phường|Xã|Thị trấn|Thị xã|Quận|Huyện|Thành phố|Tỉnh|TP\.) )"
)
_DOT_AFTER_UNIT = re.compile(r"\b(Phường|Xã|Thị trấn|Thị xã|Quận|Huyện|Thành phố|Tỉnh)\.(?= [^\W\d_])")
_PROVINCE_PART = re.compile(r"(?:^|,\s*)(?:tinh|thanh pho|tp\.?)\s+([^,]+?)\s*$")
_PROVINCE_WORDS = [fold(name).split() for name in PROVINCES.values()]
_CITY_WORDS = [fold(name).split() for name in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ")]
_NAMES = "|".join(re.escape(fold(n)).replace(r"\ ", r"\s+") for n in sorted(PROVINCES.values(), key=len, reverse=True))
# "..., tỉnh Nghệ An. Diện tích sử dụng: 45 m2": the province closes the address when no unit follows it
# ("thành phố Nam Định, tỉnh Nam Định" names a city before its province).
_PROVINCE_END = re.compile(rf"\b(?:tinh|thanh\s+pho|tp\.?)\s+(?:{_NAMES})\b(?!\s*[,.-]?\s*(?:tinh|thanh\s+pho|tp)\b)")


def names_province(text: str) -> bool:
    """Whether `text` holds a "tỉnh/thành phố <province>" that can close an address."""
    return _PROVINCE_END.search(fold_keep_length(text)) is not None


def address_end(value: str) -> int:
    """Where an address that runs on into the sentence after it ends: after its province, else its length."""
    m = _PROVINCE_END.search(fold_keep_length(value))
    return m.end() if m else len(value)


def complete_province(value: str, page: str = "") -> str:
    """An address whose last part is a province cut short ("…, Tỉnh Khánh": OCR lost the last word into the
    next line) gets the rest of the one province name it can begin; an ambiguous start ("Tỉnh Đồng") stays,
    unless the `page` it was read from names only one of those provinces in full ("Kính gửi: ..., tỉnh Đồng
    Tháp")."""
    m = _PROVINCE_PART.search(fold_keep_length(value))
    if not m:
        return value
    read = m.group(1).split()
    # A province-level "thành phố" is one of the centrally governed cities: "thành phố Hà" is Hà Nội.
    names = _CITY_WORDS if fold_keep_length(value)[m.start(1) - 4 : m.start(1)].strip() in ("pho", "tp", "tp.") \
        else _PROVINCE_WORDS
    fits = [words for words in names if len(words) > len(read) and words[: len(read)] == read]
    if len(fits) > 1 and page:
        named = " ".join(fold(page).split())
        fits = [words for words in fits if re.search(rf"\b(?:tinh|thanh pho|tp\.?) {' '.join(words)}\b", named)]
    if len(fits) != 1 or any(words == read for words in _PROVINCE_WORDS):
        return value
    name = next(n for n in PROVINCES.values() if fold(n).split() == fits[0])
    rest = " ".join(name.split()[len(read) :])
    return f"{value} {rest.upper() if value.isupper() else rest}"


@dataclass
class Region:
    """A value as segments of the page text (a value may wrap onto following lines)."""

    text: str
    segs: list[tuple[int, int]]

    @property
    def value(self) -> str:
        return " ".join(self.text[s:e] for s, e in self.segs)

    def spans(self, i: int, j: int) -> list[tuple[int, int]]:
        """Page spans of characters i..j of `value`."""
        out, pos = [], 0
        for s, e in self.segs:
            lo, hi = max(i, pos), min(j, pos + e - s)
            if lo < hi:
                out.append((s + lo - pos, s + hi - pos))
            pos += e - s + 1
        return out


@dataclass
class Parsed:
    value: str
    raw: str
    spans: list[tuple[int, int]]


def _strip(region: Region) -> tuple[int, int]:
    v = region.value
    i, j = 0, len(v)
    while i < j and v[i] in LEAD:
        i += 1
    while j > i and v[j - 1] in " \t.,;:…_|-":
        j -= 1
    return i, j


def _parsed(region: Region, i: int, j: int, value: str) -> Parsed:
    return Parsed(value, region.value[i:j], region.spans(i, j))


_CAPTION = re.compile(r"\b(nguoi|giam doc|chu tich|truong phong|can bo|benh vien|uy ban|ho ten|ky ten|ghi ro)\b")


def parse_name(region: Region) -> Parsed | None:
    v = region.value
    i, j = _strip(region)
    m = _HONORIFIC.match(fold_keep_length(v[i:j]))
    if m:
        i += m.end()
    m = _NAME_WORDS.match(v, i, j)
    if not m:
        return None
    words = []
    for w in re.finditer(r"\S+", m.group()):
        if not w.group()[0].isupper():
            break
        words.append(w)
    if len(words) > 2 and len(words[-1].group()) == 1 and m.group()[words[-2].end() : words[-1].start()] != " ":
        words.pop()  # "Hà Minh Khánh   E": a lone letter far after the name is a speck, no syllable of it
    if not 2 <= len(words) <= 7:
        return None
    name = " ".join(w.group() for w in words)
    if _CAPTION.search(fold(name)):  # "NGƯỜI ĐỠ ĐẺ", "GIÁM ĐỐC": a signature block's caption under an empty label
        return None
    return _parsed(region, i, m.start() + words[-1].end(), fix_surname(name))


def parse_date(region: Region) -> Parsed | None:
    found = find_dates(region.value)
    return _parsed(region, found[0].start, found[0].end, found[0].iso) if found else None


def parse_year(region: Region) -> Parsed | None:
    m = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", region.value)
    return _parsed(region, m.start(), m.end(), m.group()) if m else None


def _vietnamese_letter(c: str) -> bool:
    """A letter Vietnamese writes: a-z or đ, with marks only on vowels (not "Ñ", an OCR speck over N)."""
    base, *marks = unicodedata.normalize("NFD", c.lower())
    return (base.isascii() and base.isalpha() and (not marks or base in "aeiouy")) or c in "đĐ"


_SEX_WORDS = {"nam": "Nam", "male": "Nam", "nu": "Nữ", "female": "Nữ"}


def parse_sex(region: Region) -> Parsed | None:
    i, _ = _strip(region)
    v = region.value
    if i + 1 < len(v) and not _vietnamese_letter(v[i]) and v[i].isalpha() and v[i + 1].isupper():
        i += 1  # "ÑNam": a stray glyph glued before the value
    m = re.match(r"[^\W\d_]+", region.value[i:])
    read = fold(m.group()) if m else ""
    # A word cut short at the paper's edge or a stain ("Na") is the one word it can begin, from two letters.
    values = {v for word, v in _SEX_WORDS.items() if word == read or (len(read) >= 2 and word.startswith(read))}
    value = values.pop() if len(values) == 1 else None
    return _parsed(region, i, i + m.end(), value) if m and value else None


def parse_text(region: Region) -> Parsed | None:
    i, j = _strip(region)
    m = re.match(r"[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,7}", region.value[i:j])
    return _parsed(region, i, i + m.end(), m.group()) if m else None


def parse_line(region: Region) -> Parsed | None:
    i, j = _strip(region)
    value = re.sub(r"\s+", " ", region.value[i:j]).strip()
    return _parsed(region, i, j, value) if re.search(r"[^\W\d_]{2}", value) else None


def parse_address(region: Region) -> Parsed | None:
    i, j = _strip(region)
    speck = _SPECK.match(region.value, i, j)
    if speck and speck.group(1).islower() and speck.group(2).isupper() and fold(speck.group(1)) not in _UNIT_WORDS:
        i = speck.end()  # "bà   Lộc Hạ, Nam Định": a stray syllable OCR read in the margin, far before the value
    j = i + address_end(region.value[i:j])
    value = re.sub(r"\s+", " ", region.value[i:j]).strip()  # wrapped lines read as one
    value = _UNIT_AFTER_DOT.sub(",", value)  # OCR reads the comma before "Phường", "Tỉnh" ... as a dot
    value = _DOT_AFTER_UNIT.sub(r"\1", value)  # ... and a speck after "Huyện" as one ("Huyện. Lai Vung")
    value = correct_places(complete_province(value, region.text))  # units spelt as the catalogue does
    return _parsed(region, i, j, value) if len(value) >= 3 and re.search(r"[^\W\d_]", value) else None


def parse_id(region: Region) -> Parsed | None:
    found = boxed_number(region.value) or find_number(region.value)
    return _parsed(region, found[1], found[2], found[0]) if found else None


def parse_phone(region: Region) -> Parsed | None:
    found = find_number(region.value, lengths=(10, 11), accept=lambda v: normalize_phone(v) is not None)
    if not found:
        return None
    start = found[1] - 1 if region.value[found[1] - 1 : found[1]] == "+" else found[1]
    value = normalize_phone(region.value[start : found[2]])
    return _parsed(region, start, found[2], value) if value else None


def parse_email(region: Region) -> Parsed | None:
    m = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", region.value)
    return _parsed(region, m.start(), m.end(), m.group().lower()) if m else None


_CODE = re.compile(r"[A-ZĐ]{1,8}|[A-ZĐ]{2,7}[a-z]")  # "UBND", "TTg"; not a place name ("... Ba Bể, ngày")


def repair_docnum(raw: str) -> tuple[str, int] | None:
    """`05/QĐ-UBND`, `45/2020/NĐ-CP` from OCR that broke `/`, `-` into spaces or I/l: (value, chars used)."""
    # Same-length repairs only, so the span used maps back onto `raw`: the look-alike Eth, "/" read as I/l.
    fixed = re.sub(r"(?<=\d)[Il|](?=[A-ZĐ\d])", "/", raw.replace("Ð", "Đ"))
    parts = list(re.finditer(r"(?<![^\s/])\d+(?=[A-ZĐ]{2})|[^\s/|\\\-–—_.]+", fixed))  # "5XNTTHN": "/" lost
    if not parts or not re.fullmatch(r"[0-9Oo]{1,5}", parts[0].group()):
        return None
    number, year, codes, used = digits(parts[0].group()), None, [], parts[0].end()
    for p in parts[1:]:
        between = fixed[used : p.start()]
        if "\n" in between or "  " in between or len(between) > 3:  # a wide gap: the next column
            break
        text = p.group()
        if year is None and not codes and re.fullmatch(r"(19|20)\d\d", text):
            year = text
        elif _CODE.fullmatch(text):
            codes.append(re.sub("Đ+", "Đ", text))  # "QĐÐ": one letter read twice
        else:
            break
        used = p.end()
    value = "/".join([number, *([year] if year else []), *(["-".join(codes)] if codes else [])])
    return value, used


def parse_docnum(region: Region) -> Parsed | None:
    i, j = _strip(region)
    found = repair_docnum(region.value[i:j])
    return _parsed(region, i, i + found[1], found[0]) if found else None


PARSERS = {"name": parse_name, "date": parse_date, "year": parse_year, "sex": parse_sex, "text": parse_text,
           "line": parse_line, "address": parse_address, "id": parse_id, "phone": parse_phone,
           "email": parse_email, "docnum": parse_docnum}
