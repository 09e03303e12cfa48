"""The named layouts each document type can be drawn in, and how one is chosen.

The first layout of each type is its default, the one the generator always drew before layouts existed
(tests that compare exact text or pixels rely on it). The others follow other printings of the same
official forms: a value on the line under its label, values hand-filled in ballpoint over dotted lines,
CT01 (TT 56/2021/TT-BCA) with one box per digit of an identity number, the marriage form of TT 04/2020/TT-BTP
as a ruled table, and the ID cards of 2016, 2021 (chip) and 2024 ("CĂN CƯỚC", front and back), or a card
photocopied on an A4 page.
"""

from __future__ import annotations

import random
from dataclasses import replace

from .layout import MM
from .model import Document
from .sheet import HAND

LAYOUTS: dict[str, tuple[str, ...]] = {
    "to_khai_khai_sinh": ("line", "next_line", "handfilled"),
    "giay_chung_sinh": ("line", "next_line", "handfilled"),
    "cccd": ("cccd2021", "cccd2016", "cancuoc2024", "a4_copy"),
    "to_khai_ket_hon": ("table", "ruled", "handfilled"),
    "xac_nhan_tinh_trang_hon_nhan": ("line", "next_line"),
    "to_khai_cu_tru": ("line", "boxes", "handfilled", "next_line"),
    "hop_dong_thue_nha": ("line", "next_line"),
    "quyet_dinh": ("line",),
    "don_de_nghi": ("line", "next_line", "handfilled"),
}
HAND_FAMILIES = ("dejavu-serif", "dejavu-sans", "serif", "sans")
ALL_LAYOUTS = tuple(dict.fromkeys(name for names in LAYOUTS.values() for name in names))

# How a caller asks for layouts: None = each type's default; "random" = drawn from the seed; an int k = the
# k-th layout of each type (then k+1 for the next paper of a dossier, so a batch cycles through all of them);
# a name = that layout (a paper that has no such layout keeps its default inside a dossier).
Choice = str | int | None


def pick_layout(doc_type: str, choice: Choice, key: str, index: int = 0, strict: bool = False) -> str:
    options = LAYOUTS[doc_type]
    if choice is None:
        return options[0]
    if isinstance(choice, int):
        return options[(choice + index) % len(options)]
    if choice == "random":
        return random.Random(f"layout/{doc_type}/{key}").choice(options)
    if choice in options:
        return choice
    if strict or choice not in ALL_LAYOUTS:
        raise ValueError(f"{doc_type} has no layout {choice!r}; it has {options}")
    return options[0]


def vary(doc: Document, key: str) -> Document:
    """Where a non-default layout lands on the page: the text block moved a little (a form printed by another
    office), a photocopied card anywhere in the top half of the A4 sheet. Defaults are left exactly as they were."""
    if doc.layout == LAYOUTS[doc.doc_type][0]:
        return doc
    rng = random.Random(f"vary/{doc.doc_type}/{doc.layout}/{key}")
    if doc.card_at:
        doc.card_at = (rng.uniform(18, 100) * MM, rng.uniform(15, 90) * MM)
    elif doc.page == "A4":
        doc.shift = (rng.uniform(-8, 6) * MM, rng.uniform(-6, 6) * MM)
    if doc.layout == "handfilled":
        # Another writer's hand: any installed family, all narrower than the one the lines were wrapped for.
        hand = rng.choice(HAND_FAMILIES)
        doc.lines = [
            replace(ln, runs=tuple(replace(r, family=hand) if r.color == HAND.color else r for r in ln.runs))
            for ln in doc.lines
        ]
    return doc


class Picker:
    """Hands out the layout of each successive paper of one dossier."""

    def __init__(self, choice: Choice, seed: int) -> None:
        self.choice, self.seed, self.count = choice, seed, 0

    def __call__(self, doc_type: str) -> str:
        index, self.count = self.count, self.count + 1
        return pick_layout(doc_type, self.choice, f"{self.seed}/{index}", index)
