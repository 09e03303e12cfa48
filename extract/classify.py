"""Document type from OCR text: weighted cues (titles and characteristic labels) matched on folded words.

Several cues per type keep the guess alive when OCR loses diacritics, breaks lines or a stamp covers the
title. Words match with one edit of slack (for words of 4+ letters). A title scores in full only at the start
of a capitalised line in the document's title block (its first page's first lines: national motto, issuer,
number, title); a capitalised heading deeper in the body scores less, and a title cited in running text
counts as one ordinary cue — so a Nghị định whose body says "quyết định" and "Điều 1" is typed by its
heading, not its words.
The number's symbol in the title block (`Số: 12/2024/NĐ-CP`, `Số: 05/QĐ-UBND`) names the kind of an official
text too (Nghị định 30/2020/NĐ-CP on document formats), and counts as a cue.

When the best type has few cues, or another type scores nearly as well, the answer is `unknown`: its
confidence is then that of the best guess, always below what a recognised type gets.
"""

from __future__ import annotations

import math
import re

from core.vntext import fold, fold_keep_length, nfc

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
         ("full name", 1), ("nationality", 1), ("dac diem nhan dang", 2), ("idvnm", 3),
         ("personal identification number", 2), ("place of birth", 1.5), ("date of issue", 1)),
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
        (("can cu", 1), ("dieu 1", 2), ("dieu 2", 1), ("noi nhan", 1), ("ve viec", 1), ("quyet dinh nay", 1.5)),
    ),
    "don_de_nghi": (
        ("don de nghi",),
        (("toi ten la", 3), ("nguoi lam don", 2), ("xin tran trong cam on", 1), ("kinh gui", 0.5)),
    ),
    # Result papers the counter hands back (TT 04/2020/TT-BTP; CT07 of TT 56/2021 and TT 66/2023/TT-BCA).
    "giay_khai_sinh": (
        ("giay khai sinh",),
        (("nguoi ky giay khai sinh", 3), ("nguoi di khai sinh", 2), ("noi dang ky khai sinh", 2),
         ("ngay thang nam dang ky", 1.5), ("so dinh danh ca nhan", 1)),
    ),
    "trich_luc_khai_sinh": (
        ("trich luc khai sinh",),
        # Not "Sổ đăng ký khai sinh": folded, it is any "hồ sơ đăng ký khai sinh".
        (("tlks", 3), ("nguoi ky trich luc", 3), ("noi dang ky khai sinh", 2), ("ngay thang nam dang ky", 1.5),
         ("so dinh danh ca nhan", 1)),
    ),
    "giay_chung_nhan_ket_hon": (
        ("giay chung nhan ket hon", "giay chung nhan dang ky ket hon"),
        (("ten chong", 3), ("nguoi ky giay chung nhan ket hon", 3), ("ngay thang nam dang ky", 1.5),
         ("noi dang ky", 1), ("quyen so", 0.5)),
    ),
    "xac_nhan_cu_tru": (
        ("giay xac nhan thong tin ve cu tru", "xac nhan thong tin ve cu tru", "giay xac nhan cu tru"),
        # "Nơi thường trú" and "Nơi ở hiện tại" stand on many personal forms (the CC01 card application): weak.
        (("ct07", 3), ("thong tin ve cu tru", 2), ("noi tam tru", 2), ("noi o hien tai", 1),
         ("noi thuong tru", 0.5), ("quan he voi chu ho", 1), ("so dinh danh ca nhan", 1)),
    ),
    # Laws, decrees, circulars, resolutions, directives and official letters: what a paper cites, not files.
    "van_ban_phap_luat": (
        ("luat", "bo luat", "phap lenh", "nghi dinh", "thong tu", "thong tu lien tich", "nghi quyet", "chi thi",
         "cong van"),
        (("chinh phu ban hanh nghi dinh", 3), ("ban hanh thong tu", 3), ("quoc hoi ban hanh", 3),
         ("quyet nghi", 3), ("v v", 4), ("nghi dinh nay", 2), ("thong tu nay", 2), ("luat nay", 2),
         ("nghi quyet nay", 2), ("pham vi dieu chinh", 2), ("doi tuong ap dung", 1.5), ("hien phap", 1.5),
         ("hieu luc thi hanh", 1), ("chuong i", 1), ("nhu tren", 1)),
    ),
}
TITLE_WEIGHT = 5.0
HEADING_WEIGHT = 2.5  # a title heading a capitalised line below the title block (an annex, a cited form)
SYMBOL_WEIGHT = 3.0
TITLE_BLOCK = 15  # non-empty lines at the top of a page where the title stands (two-column heads come apart)
MIN_SCORE = 3.0  # below this nothing is recognised: "unknown"
MIN_MARGIN = 0.25  # the runner-up within this share of the best: the paper is ambiguous, "unknown"
# The symbol after a document's number names its kind: NĐ, TT, TTLT, NQ, CT, QH (a law), QĐ.
_SYMBOL = re.compile(r"\bso\s*:?\s*\d+\s*/\s*(?:\d{4}\s*/\s*)?(nd|ttlt|tt|nq|ct|qh\d*|qd)\b")
SYMBOLS = {"nd": "van_ban_phap_luat", "tt": "van_ban_phap_luat", "ttlt": "van_ban_phap_luat",
           "nq": "van_ban_phap_luat", "ct": "van_ban_phap_luat", "qh": "van_ban_phap_luat", "qd": "quyet_dinh"}
# OCR reads these letters for digits; a code with digits (CT01, CT07) matches only through them, not any edit.
_DIGIT_LOOK = str.maketrans({"o": "0", "l": "1", "i": "1", "s": "5", "b": "8", "z": "2"})


def _near(a: str, b: str) -> bool:
    """Equal, or one edit apart when the cue word is long enough for that to be safe."""
    if a == b:
        return True
    if any(c.isdigit() for c in b):  # "ct01" is not "ct07"
        return a.translate(_DIGIT_LOOK) == b.translate(_DIGIT_LOOK)
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


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _capitalised(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _heads(lines: list[str]) -> list[_Words]:
    """The capitalised lines (where titles stand), folded into words."""
    return [_Words(_words(line)) for line in lines if _capitalised(line)]


def _blocks(text: str) -> tuple[list[str], list[str]]:
    """(the title block: the first lines of the first page, the other lines); pages are separated by form
    feeds. A later page that opens with a heading (an annex, a chapter) is body: one document, one title."""
    first, _, later = text.partition("\f")
    lines = [line for line in first.split("\n") if line.strip()]
    return lines[:TITLE_BLOCK], lines[TITLE_BLOCK:] + [line for line in later.split("\n") if line.strip()]


def _symbols(block: str) -> set[str]:
    """Types named by a document number's symbol: the paper's own "Số:" (capital S), not a citation in
    running text ("ban hành kèm theo Thông tư số 56/2021/TT-BCA")."""
    folded = fold_keep_length(block)
    return {SYMBOLS[m.group(1).rstrip("0123456789")] for m in _SYMBOL.finditer(folded) if block[m.start()] == "S"}


def scores(text: str) -> dict[str, float]:
    """Score per type; `text` may hold several pages separated by form feeds (the first has the title block)."""
    text = nfc(text)
    words = _Words(_words(text))
    top, rest = _blocks(text)
    block_heads, body_heads = _heads(top), _heads(rest)
    symbols = _symbols("\n".join(top))
    out: dict[str, float] = {}
    for doc_type, (names, cues) in CUES.items():
        title = 0.0
        for name in names:
            cue = name.split()
            if any(line.find(cue, start_only=True) for line in block_heads):
                title = TITLE_WEIGHT
                break
            if any(line.find(cue, start_only=True) for line in body_heads):
                title = max(title, HEADING_WEIGHT)
            elif words.find(cue):
                title = max(title, 1.0)
        score = title + (SYMBOL_WEIGHT if doc_type in symbols else 0.0)
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
    """(document type, confidence 0..1). `unknown` when no type has enough cues or two types are close; its
    confidence is then the best guess's, low (under 0.3 for too few cues, under 0.5 for a close call)."""
    ranked = sorted(scores(text).items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < MIN_SCORE:
        return "unknown", round(0.3 * top / MIN_SCORE, 2)
    strength = 1 - math.exp(-top / 4)  # more agreeing cues, more certainty
    margin = (top - second) / top  # ... unless another type scores nearly as well
    confidence = strength * (0.5 + 0.5 * margin)
    if margin < MIN_MARGIN:
        return "unknown", round(min(confidence, 0.49), 2)
    return best, round(confidence, 2)
