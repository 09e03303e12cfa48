"""Document type from OCR text: weighted cues (titles and characteristic labels) matched on folded words.

Several cues per type keep the guess alive when OCR loses diacritics, breaks lines or a stamp covers the
title. Words match with one edit of slack (for words of 4+ letters). A title scores in full only at the start
of a capitalised line; elsewhere (the body citing another paper) it counts as one ordinary cue.
"""

from __future__ import annotations

import math
import re

from extract.vntext import fold, nfc

# doc type -> (title cues, other cues with weights)
CUES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, float], ...]]] = {
    "to_khai_khai_sinh": (
        ("to khai dang ky khai sinh",),
        (("de nghi co quan dang ky khai sinh", 3), ("quan he voi nguoi duoc khai sinh", 3),
         ("ten nguoi yeu cau", 1.5), ("ghi bang chu", 1), ("dang ky khai sinh", 1)),
    ),
    "giay_chung_sinh": (
        ("giay chung sinh",),
        (("ho va ten me", 2), ("da sinh con vao luc", 3), ("du dinh dat ten con", 3),
         ("gioi tinh cua con", 2), ("can nang", 1), ("gcs", 1)),
    ),
    "cccd": (
        ("can cuoc cong dan", "can cuoc"),
        (("citizen identity card", 4), ("identity card", 1), ("place of origin", 2),
         ("place of residence", 2), ("date of birth", 1.5), ("co gia tri den", 2), ("date of expiry", 2),
         ("full name", 1), ("nationality", 1), ("dac diem nhan dang", 2), ("idvnm", 3)),
    ),
    "to_khai_ket_hon": (
        ("to khai dang ky ket hon",),
        (("ben nu", 2), ("ben nam", 2), ("ket hon lan thu", 2), ("dang ky ket hon", 1)),
    ),
    "xac_nhan_tinh_trang_hon_nhan": (
        ("giay xac nhan tinh trang hon nhan", "xac nhan tinh trang hon nhan"),
        (("tinh trang hon nhan", 2), ("chua dang ky ket hon", 2), ("xntthn", 2), ("muc dich su dung", 1)),
    ),
    "to_khai_cu_tru": (
        ("to khai thay doi thong tin cu tru",),
        (("ct01", 3), ("chu ho", 1.5), ("quan he voi chu ho", 2), ("so dinh danh ca nhan", 1),
         ("noi dung de nghi", 1.5), ("thong tin cu tru", 1)),
    ),
    "hop_dong_thue_nha": (
        ("hop dong thue nha",),
        (("ben cho thue", 3), ("ben thue", 1.5), ("dia chi nha cho thue", 2), ("gia thue", 1),
         ("thoi han thue", 1), ("tien thue", 1)),
    ),
    "quyet_dinh": (
        ("quyet dinh",),
        (("can cu", 1), ("dieu 1", 2), ("dieu 2", 1), ("noi nhan", 1), ("ve viec", 1)),
    ),
    "don_de_nghi": (
        ("don de nghi",),
        (("toi ten la", 3), ("nguoi lam don", 2), ("xin tran trong cam on", 1), ("kinh gui", 0.5)),
    ),
}
TITLE_WEIGHT = 5.0
MIN_SCORE = 3.0  # below this nothing is recognised: "unknown"


def _near(a: str, b: str) -> bool:
    """Equal, or one edit apart when the cue word is long enough for that to be safe."""
    if a == b:
        return True
    if len(b) < 4 or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i:] == b[i + 1 :] or a[i + 1 :] == b[i:]


class _Words:
    """Folded words of a text, with the positions of each distinct word (cue lookups touch few places)."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.at: dict[str, list[int]] = {}
        for i, w in enumerate(words):
            self.at.setdefault(w, []).append(i)

    def find(self, cue: list[str], start_only: bool = False) -> bool:
        starts = [i for w, pos in self.at.items() if _near(w, cue[0]) for i in pos]
        n = len(self.words)
        return any(
            i + len(cue) <= n and all(_near(self.words[i + k], c) for k, c in enumerate(cue[1:], 1))
            for i in starts
            if not start_only or i == 0
        )


def _capitalised(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _heads(lines: list[str]) -> list[_Words]:
    """The capitalised lines (where titles stand), folded into words."""
    return [_Words(re.findall(r"[a-z0-9]+", fold(line))) for line in lines if _capitalised(line)]


def scores(text: str) -> dict[str, float]:
    text = nfc(text)
    words = _Words(re.findall(r"[a-z0-9]+", fold(text)))
    title_lines = _heads(text.split("\n"))
    out: dict[str, float] = {}
    for doc_type, (names, cues) in CUES.items():
        score = 0.0
        for title in names:
            cue = title.split()
            if any(line.find(cue, start_only=True) for line in title_lines):
                score += TITLE_WEIGHT
                break
            if words.find(cue):
                score += 1
                break
        score += sum(w for cue, w in cues if words.find(cue.split()))
        out[doc_type] = score
    return out


def titles(text: str, top: int = 12) -> list[str]:
    """Types whose title opens a capitalised line among the first `top` lines: a document's first page."""
    lines = [line for line in nfc(text).split("\n") if line.strip()][:top]
    heads = _heads(lines)
    return [t for t, (names, _) in CUES.items()
            if any(head.find(name.split(), start_only=True) for name in names for head in heads)]


def classify(text: str) -> tuple[str, float]:
    """(document type, confidence 0..1); `unknown` with a low confidence when no type has enough cues."""
    ranked = sorted(scores(text).items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < MIN_SCORE:
        return "unknown", round(0.3 * top / MIN_SCORE, 2)
    strength = 1 - math.exp(-top / 4)  # more agreeing cues, more certainty
    margin = (top - second) / top  # ... unless another type scores nearly as well
    return best, round(strength * (0.5 + 0.5 * margin), 2)
