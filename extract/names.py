"""A hand-filled name OCR cut short or misread, set right from the same name printed elsewhere on the paper.

Forms print the declarant's name twice: in its field and under the signature ("(Ký, ghi rõ họ tên)"). When
OCR lost the last syllable of one ("1. Họ, chữ đệm và tên: NGUYỄN MINH" over a dotted leader) or read a
syllable Vietnamese has not ("PHƯỜỢNG"), the other often still has it right; the field takes it only when
every such printed name spells the same.
"""

from __future__ import annotations

import re

from extract.layout import CELL_GAP, PageView
from extract.types import ExtractedField
from extract.vntext import fold, spelling_key
from ocr.fixes import valid


def _names(views: list[PageView]) -> list[list[str]]:
    """Cells (lines or parts between wide gaps) that hold nothing but two to seven capitalised syllables:
    printed names, as under a signature."""
    out = []
    for view in views:
        for line in view.text.split("\n"):
            for cell in line.split(CELL_GAP):
                words = cell.strip(" .,;:()").split()
                if 2 <= len(words) <= 7 and all(re.fullmatch(r"[^\W\d_]+", w) and w[0].isupper() for w in words):
                    out.append(words)
    return out


def _near(a: str, b: str) -> bool:
    """Folded syllables one or two letter edits apart ("phuoong", "phuong")."""
    a, b = fold(a), fold(b)
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1] <= 2


def _one(runs: list[list[str]]) -> list[str] | None:
    """The name all of `runs` spell (case and tone placement aside), or None when they spell several."""
    spellings = {spelling_key(" ".join(run)) for run in runs}
    return min(runs) if len(spellings) == 1 else None


def _repaired(have: list[str], names: list[list[str]]) -> list[str] | None:
    """The one printed name of the same length that agrees with `have` wherever `have` reads a Vietnamese
    syllable and is near it where it does not ("ĐỖ THỊ PHƯỜỢNG" and "Đỗ Thị Phượng")."""
    fits = _one([run for run in names if len(run) == len(have) and all(
        fold(w) == fold(r) if valid(w) else (valid(r) and _near(w, r)) for w, r in zip(have, run, strict=True))])
    return fits


def complete(fields: dict[str, ExtractedField], views: list[PageView]) -> None:
    """Names in `fields` that OCR cut short or misread, set right from a printed name on the paper: two or
    three syllables that one other name extends by one or two valid syllables get those, and a syllable
    Vietnamese has not is read as the one name that spells it near. In the field's case."""
    names = _names(views)
    for key, f in fields.items():
        if not (key.startswith("ho_ten") or key == "nguoi_yeu_cau") or f.source:
            continue
        have = f.value.split()
        if not all(valid(w) for w in have):
            fixed = _repaired(have, names)
            if fixed:
                value = " ".join(fixed)
                fields[key] = f.model_copy(update={"value": value.upper() if f.value.isupper() else value})
            continue
        if not 2 <= len(have) <= 3:
            continue
        folded = [fold(w) for w in have]
        rest = _one([run[len(have) :] for run in names
                     if [fold(w) for w in run[: len(have)]] == folded and 1 <= len(run) - len(have) <= 2])
        if not rest or not all(valid(w) for w in rest):
            continue
        if f.value.isupper():
            rest = [w.upper() for w in rest]
        fields[key] = f.model_copy(update={"value": " ".join([*have, *rest])})
