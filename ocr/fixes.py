"""OCR fixes (`ocr_fixes`, not a clerk's `corrections`): flag Vietnamese syllables that cannot exist, fix them when
one fix is clearly best.

tesseract's `vie` model mostly errs on tone marks and vowel hooks (kế/kể, Tổ/Tố, ghi→ghỉ). A syllable is
checked against the syllables of hunspell-vi (`core.vntext.valid`), compared by (letters, tone) so old
and new tone placement (hòa/hoà) are the same syllable. An invalid syllable is replaced only when exactly
one valid syllable is reachable by the cheapest change of tone marks/hooks (or a known admin phrase
decides between several). A valid syllable is changed only by an admin phrase that it nearly matches
(diện thoại → điện thoại) or by a unit word before a name (Tính Đồng Tháp → Tỉnh Đồng Tháp).
Numbers, codes, mixed letters+digits and words the model read with high confidence are never touched, but
for a unit word that opens a part of an address before its number (Tố 6 → Tổ 6, Xớm 8 → Xóm 8).
Before that, glyphs that no Vietnamese, English or foreign name is written with, and that the model puts
in for a Latin letter, become that letter (the "ƒ" it reads for an italic "f": "Date oƒ expiry").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from itertools import pairwise, product

from core.vntext import is_word, lexicon, split_tone, valid, with_tone
from ocr.types import Word

# Letters OCR confuses with each other, tone aside: the hooks and the bar of đ.
FAMILY = {"a": "aăâ", "ă": "aăâ", "â": "aăâ", "e": "eê", "ê": "eê", "o": "oôơ", "ô": "oôơ", "ơ": "oôơ",
          "u": "uư", "ư": "uư", "d": "dđ", "đ": "dđ", "i": "i", "y": "y"}
_TOKEN = re.compile(r"^([\W_]*)(.*?)([\W_]*)$")
UNIT_WORDS = ("tỉnh", "huyện", "quận", "xã", "phường", "thị", "thành", "ấp", "thôn", "khóm", "xóm", "tổ")
_HOUSE = re.compile(r"^\d{1,3}[A-Z]?$")  # the number of a hamlet, a group, an urban ward or district: 8, 15, 12A
MAX_CONFIDENCE = 95.0  # above this the model is sure; leave the word alone
GLYPHS = str.maketrans({"ƒ": "f"})  # the florin sign is no letter of any name; the model reads italic f so
# A bilingual label read across its spaces: a Vietnamese word, a slash, a capitalised English word ("Số/No.:").
_BILINGUAL = re.compile(r"^([^\W\d_]*[^\x00-\x7f][^\W\d_]*)/([A-Z][a-z]+[.:]*)$")


@dataclass(frozen=True)
class OcrFix:
    before: str
    after: str
    reason: str  # "glyph" | "split" | "label" | "invalid" | "phrase" | "unit"


@cache
def phrases() -> dict[tuple[str, str], str]:
    """Bigram → the phrase it came from, from the admin phrase list (lowercase, NFC)."""
    text = resources.files("ocr.data").joinpath("vi_phrases.txt").read_text(encoding="utf-8")
    out: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        line = unicodedata.normalize("NFC", line.split("#", 1)[0].strip().lower())
        ws = line.split()
        for a, b in pairwise(ws):
            out[(a, b)] = line
    return out


def neighbours(syllable: str) -> list[tuple[int, str]]:
    """Valid syllables reachable by changing tone and/or hooks, with their cost (number of changes)."""
    letters, tone = split_tone(syllable.lower())
    options = [FAMILY.get(ch, ch) for ch in letters]
    if len(letters) > 7 or sum(len(o) > 1 for o in options) > 4:
        return []
    found = []
    for combo in product(*options):
        base = "".join(combo)
        changed = sum(a != b for a, b in zip(base, letters, strict=True))
        for t in range(6):
            if (base, t) in lexicon() and (changed or t != tone):
                found.append((changed + (t != tone), with_tone(base, t)))
    return sorted(found)


def match_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _fix_invalid(core: str, prev: str | None, nxt: str | None) -> str | None:
    options = neighbours(core)
    if not options:
        return None
    best = options[0][0]
    tied = [w for c, w in options if c == best]
    if len(tied) == 1:
        return tied[0]
    known = phrases()
    in_phrase = [w for w in tied if (prev, w) in known or (w, nxt) in known]
    return in_phrase[0] if len(in_phrase) == 1 else None


def _fix_valid(core: str, prev: str | None, nxt: str | None, next_raw: str | None) -> tuple[str, str] | None:
    low = core.lower()
    known = phrases()
    if (prev, low) in known or (low, nxt) in known:
        return None
    # A unit word before a capitalised name: "Tính Đồng Tháp" is "Tỉnh Đồng Tháp". Not a syllable names share
    # with a unit word: names come in capitals, and a card's address leaves its unit words out ("Phương Liệt").
    if core[:1].isupper() and next_raw and next_raw[:1].isupper() and low not in UNIT_WORDS:
        letters = split_tone(low)[0]
        units = [u for u in UNIT_WORDS if split_tone(u)[0] == letters and u != low]
        if len(units) == 1 and not _name_syllable(low):
            return units[0], "unit"
    candidates = {w for _, w in neighbours(core) if (prev, w) in known or (w, nxt) in known}
    if len(candidates) == 1:
        return candidates.pop(), "phrase"
    return None


def _unit_before_number(core: str, opens: bool, next_raw: str | None) -> str | None:
    """A capitalised word that opens a part of an address (`opens`: first on its line or after a comma or a
    colon) before a house-sized number, one mark away from exactly one unit word, is that unit: "Tố 6",
    "Xớm 8", "Phương 5" are "Tổ 6", "Xóm 8", "Phường 5". A name in a table row ("Minh Quân 12/05/1990") is
    none of that."""
    if not (opens and core[:1].isupper() and next_raw and _HOUSE.match(next_raw)) or core.lower() in UNIT_WORDS:
        return None
    units = {w for cost, w in neighbours(core) if cost == 1 and w in UNIT_WORDS}
    return units.pop() if len(units) == 1 else None


def _fix_syllable(core: str, prev: str | None, nxt: str | None, next_raw: str | None) -> tuple[str | None, str]:
    if not valid(core):
        return _fix_invalid(core, prev, nxt), "invalid"
    return _fix_valid(core, prev, nxt, next_raw) or (None, "")


def _name_syllable(low: str) -> bool:
    # Given names that share letters with unit words: never turn a person into a province.
    return low in {"huyền", "thi", "thành", "thị", "tô", "tố", "xa", "thôn", "phương", "thanh", "quân", "quan"}


def _foreign_lines(words: list[Word], cores: list[str | None]) -> set[int]:
    """Lines mostly of Latin words that are no Vietnamese syllable (the English half of a bilingual card,
    a foreign passport): their words are left as read ("VIET NAM" there is not "VIỆT NAM")."""
    count: dict[int, list[int]] = {}
    for word, core in zip(words, cores, strict=True):
        if core is not None:
            seen = count.setdefault(word.line, [0, 0])
            seen[0] += 1
            seen[1] += core.isascii() and len(core) >= 2 and not valid(core)
    return {line for line, (n, latin) in count.items() if latin >= 2 and latin >= 0.5 * n}


@cache
def labels() -> list[tuple[str, ...]]:
    """The English labels printed on ID cards, as lowercase words, longest first."""
    text = resources.files("ocr.data").joinpath("en_labels.txt").read_text(encoding="utf-8")
    found = {tuple(re.findall(r"[a-z]+", line)) for line in text.lower().splitlines() if not line.startswith("#")}
    return sorted((words for words in found if len(words) >= 2), key=len, reverse=True)


def _slips(read: str, printed: str) -> int | None:
    """Letters read wrong in a word of the printed length ("0f" for "of", "SOCTALTST" for "SOCIALIST"); None
    when the lengths differ or more letters differ than a word that long may lose (one; two from 7 letters)."""
    if len(read) != len(printed):
        return None
    wrong = sum(a != b for a, b in zip(read.lower(), printed, strict=True))
    return wrong if wrong <= (2 if len(printed) >= 7 else 1) else None


def fix_labels(words: list[Word]) -> tuple[list[Word], list[OcrFix]]:
    """An ID card's printed English label read with a letter or two off ("Date 0f expiry", "Dafe of birth"):
    its words as printed, whatever the model's confidence. The label must be read whole, in order on one line,
    each word at its printed length, and at least one of its words exactly: an English sentence that only
    looks like one is left as read."""
    out, made = list(words), []
    parts = [_TOKEN.match(w.text).groups() for w in words]  # type: ignore[union-attr]
    lettered = [i for i, (_, core, _) in enumerate(parts) if core.isalnum()]
    for start, first in enumerate(lettered):
        for label in labels():
            span = lettered[start : start + len(label)]
            if len(span) < len(label) or words[span[-1]].line != words[first].line:
                continue
            slips = [_slips(parts[i][1], printed) for i, printed in zip(span, label, strict=True)]
            if None in slips or 0 not in slips or not any(slips):
                continue
            for i, printed, wrong in zip(span, label, slips, strict=True):
                if wrong:
                    lead, core, trail = parts[i]
                    new = lead + match_case(core, printed) + trail
                    made.append(OcrFix(words[i].text, new, "label"))
                    out[i] = replace(words[i], text=new)
            break
    return out, made


def split_bilingual(word: Word) -> list[Word]:
    """A bilingual label's two words that tesseract read as one across the narrow gaps round their slash
    ("Số/No.:", printed "Số / No.:"): the Vietnamese word, the slash and the English word, each with its share
    of the box, as a clerk's search and the label rules see them. Not "và/hoặc", nor "Nam/Nữ": one language."""
    found = _BILINGUAL.match(word.text)
    if found is None or not valid(found.group(1)):
        return [word]
    x, y, w, h = word.box
    out, start = [], 0
    for part in (found.group(1), "/", found.group(2)):
        left, right = x + round(w * start / len(word.text)), x + round(w * (start + len(part)) / len(word.text))
        out.append(replace(word, text=part, box=(left, y, max(1, right - left), h)))
        start += len(part)
    return out


def fix_words(words: list[Word]) -> tuple[list[Word], list[OcrFix], list[str]]:
    """Words with fixes applied, the fixes made, and the invalid syllables left as they were (flagged)."""
    letters = [w.text.translate(GLYPHS) for w in words]
    fixes = [OcrFix(w.text, t, "glyph") for w, t in zip(words, letters, strict=True) if t != w.text]
    words = [w if t == w.text else replace(w, text=t) for w, t in zip(words, letters, strict=True)]
    split = [split_bilingual(w) for w in words]
    fixes += [OcrFix(w.text, " ".join(p.text for p in parts), "split") for w, parts in zip(words, split, strict=True)
              if len(parts) > 1]
    words = [part for parts in split for part in parts]
    words, relabelled = fix_labels(words)
    fixes += relabelled
    parts = [_TOKEN.match(w.text).groups() for w in words]  # type: ignore[union-attr]
    cores = [p[1].lower() if is_word(p[1]) else None for p in parts]
    foreign = _foreign_lines(words, cores)
    out, flagged = [], []
    for i, (word, (lead, core, trail)) in enumerate(zip(words, parts, strict=True)):
        if cores[i] is None or word.line in foreign:
            out.append(word)
            continue
        before = i > 0 and words[i - 1].line == word.line
        after = i + 1 < len(words) and words[i + 1].line == word.line
        prev = cores[i - 1] if before else None
        nxt = cores[i + 1] if after else None
        next_raw = parts[i + 1][1] if after else None
        opens = not before or bool(set(parts[i - 1][2]) & set(",:;"))
        # The address's structure outweighs the model's confidence ("Tố 6" read at 96).
        fixed, reason = _unit_before_number(core, opens, next_raw), "unit"
        if fixed is None and word.confidence <= MAX_CONFIDENCE:
            fixed, reason = _fix_syllable(core, prev, nxt, next_raw)
            if fixed is None and not valid(core):
                flagged.append(word.text)
        if fixed is None:
            out.append(word)
            continue
        new = lead + match_case(core, fixed) + trail
        fixes.append(OcrFix(word.text, new, reason))
        out.append(replace(word, text=new))
    return out, fixes, flagged
