"""Dates as Vietnamese papers print them, normalised to ISO `YYYY-MM-DD`.

Handles `23/11/1990`, `23-11-1990`, `23.11.1990`, `ngày 05 tháng 01 năm 2020` and dates written in words
("Ngày mười hai tháng ba năm hai nghìn không trăm hai mươi bốn"). Matching runs on folded text, so missing
or wrong diacritics do not matter; OCR's O-for-0 and l/I-for-1 inside the digits are repaired.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from core.vntext import fold_keep_length

_D = r"[0-9OoIl]"  # a digit as OCR may print it
_DIGIT_FIX = str.maketrans("OoIl", "0011")
_NUMERIC = re.compile(rf"(?<![\w/.-])({_D}{{1,2}})\s?[/.-]\s?({_D}{{1,2}})\s?[/.-]\s?({_D}{{4}})(?![\w/])")
# A date written one digit per box ("1 4 / 0 2 / 1 9 9 5", "|1|4|/|0|2|..."): spaces or box rules between
# the digits, and a "/", "." or "-" between day, month and year.
_B = r"\s*\|?\s*"
_BOXED = re.compile(rf"(?<![\w/.-])({_D}{_B}{_D})\s*\|?[\s|]*[/.-][\s|]*({_D}{_B}{_D})\s*\|?[\s|]*[/.-][\s|]*"
                    rf"({_D}{_B}{_D}{_B}{_D}{_B}{_D})(?![\w/])")
_SPELLED = re.compile(
    rf"\bngay\s*:?\s*({_D}{{1,2}})\s*(?:thang|/)\s*({_D}{{1,2}})\s*(?:nam|/)\s*({_D}{{4}})(?!\w)"
)

_UNITS = {"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "nham": 5,
          "sau": 6, "bay": 7, "tam": 8, "chin": 9}
_MONTH_NAMES = {"gieng": 1, "chap": 12}
_NUMBER_WORDS = set(_UNITS) | {"muoi", "tram", "nghin", "ngan", "linh", "le", "mong", "mung"}


@dataclass(frozen=True)
class DateMatch:
    iso: str
    start: int  # character offsets in the searched text
    end: int


def iso(day: int, month: int, year: int) -> str | None:
    if not 1800 <= year <= 2200:  # a digit OCR misread (7990): no date a paper of this office prints
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _num(s: str) -> int:
    return int(s.translate(_DIGIT_FIX))


def _has_digit(*parts: str) -> bool:
    return all(any(c.isdigit() for c in p) for p in parts)


def find_numeric(text: str) -> list[DateMatch]:
    """Dates written with digits, in order of appearance."""
    folded = fold_keep_length(text)
    found: list[DateMatch] = []
    for rx in (_SPELLED, _NUMERIC, _BOXED):
        for m in rx.finditer(folded):
            if not _has_digit(*m.groups()) or any(f.start <= m.start() < f.end for f in found):
                continue
            day, month, year = (re.sub(r"[\s|]", "", g) for g in m.groups())
            value = iso(_num(day), _num(month), _num(year))
            if value:
                found.append(DateMatch(value, m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def words_to_number(words: list[str]) -> int | None:
    """Folded Vietnamese number words (0..9999) to an int: "hai nghin khong tram hai muoi bon" → 2024."""
    total, group, last = 0, 0, None
    for w in words:
        if w in _UNITS:
            if last is not None:
                return None  # two digits in a row is not a number
            last = _UNITS[w]
        elif w == "muoi":  # mười (10) or mươi (×10): both fold to "muoi"
            group += last * 10 if last is not None else 10
            last = None
        elif w == "tram":
            group += (last if last is not None else 1) * 100
            last = None
        elif w in ("nghin", "ngan"):
            total += (group + (last or 0) or 1) * 1000
            group, last = 0, None
        elif w in ("linh", "le", "mong", "mung"):
            continue
        else:
            return None
    if not words:
        return None
    return total + group + (last or 0)


def find_in_words(text: str) -> DateMatch | None:
    """The first date written in words ("ngày ... tháng ... năm ..."), if any."""
    folded = fold_keep_length(text)
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[a-z]+", folded)]
    words = [t[0] for t in tokens]
    for i, w in enumerate(words):
        if w != "ngay":
            continue
        try:
            t = words.index("thang", i + 1)
        except ValueError:
            return None
        day = words_to_number(words[i + 1 : t])
        # "tháng năm năm ..." (May): try each "năm" as the year marker until month and year both parse.
        for y in range(t + 1, min(t + 5, len(words))):
            if words[y] != "nam":
                continue
            month_words = words[t + 1 : y]
            month = (_MONTH_NAMES.get(month_words[0]) if len(month_words) == 1 else None) or words_to_number(
                month_words
            )
            end = y + 1
            while end < len(words) and words[end] in _NUMBER_WORDS:
                end += 1
            year = words_to_number(words[y + 1 : end])
            if day and month and year and 1800 <= year <= 2200:
                value = iso(day, month, year)
                if value:
                    return DateMatch(value, tokens[i][1], tokens[end - 1][2])
    return None


def find_dates(text: str) -> list[DateMatch]:
    """Digit dates in order; a date in words only when no digit date is present (forms print both)."""
    numeric = find_numeric(text)
    if numeric:
        return numeric
    spelled = find_in_words(text)
    return [spelled] if spelled else []


def parse_date(text: str) -> str | None:
    """ISO form of the first date in `text`, or None."""
    found = find_dates(text)
    return found[0].iso if found else None
