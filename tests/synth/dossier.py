"""Whole dossiers for three procedures, with the same people across papers and optional defects.

Component ids are those of extract/data/procedures.json. Inconsistency codes are the Problem codes
the completeness checker reports: name_mismatch, birth_date_mismatch, id_mismatch,
cccd_birth_year_mismatch, cccd_sex_mismatch. A tone-placement-only difference (Hòa vs Hoà) is the
same name and must NOT be reported: that defect has no expected inconsistency.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from . import data, forms
from .model import Document
from .people import Person, address, make_person, random_date
from .text import TONES, apply_tone_style, nfc
from .variants import Choice, Picker, vary

PROCEDURES = ("1.001193", "1.000894", "1.004222")
DEFECTS = (
    "missing",
    "name_tone_variant",
    "name_diacritic",
    "name_different",
    "birth_date",
    "id",
    "cccd_birth_year",
    "cccd_sex",
)
EXPECTED_CODE = {
    "name_diacritic": "name_mismatch",
    "name_different": "name_mismatch",
    "birth_date": "birth_date_mismatch",
    "id": "id_mismatch",
    "cccd_birth_year": "cccd_birth_year_mismatch",
    "cccd_sex": "cccd_sex_mismatch",
}


@dataclass
class DossierItem:
    component: str  # component id the paper satisfies
    name: str  # file stem, e.g. "02_giay_chung_sinh"
    doc: Document


@dataclass
class Dossier:
    procedure: str
    seed: int
    items: list[DossierItem]
    defect: str | None = None
    expected_missing: list[str] = field(default_factory=list)
    expected_inconsistencies: list[str] = field(default_factory=list)
    note: str = ""  # what was tampered with, for test failure messages

    @property
    def documents(self) -> list[Document]:
        return [item.doc for item in self.items]


# Tampering helpers ----------------------------------------------------------------------------------
def change_diacritic(name: str, rng: random.Random) -> str:
    """Change the tone of the given name (Hương -> Hướng): a different spelling, not a placement variant."""
    *head, given = nfc(name).split(" ")
    decomposed = unicodedata.normalize("NFD", given)
    tone = next((c for c in decomposed if c in TONES), "")
    if tone:
        new = rng.choice([t for t in TONES if t != tone])
        changed = decomposed.replace(tone, new)
    else:
        vowels = [i for i, c in enumerate(decomposed) if c.lower() in "aeiouy"]
        pos = vowels[len(vowels) // 2] if vowels else len(decomposed) - 1
        changed = decomposed[: pos + 1] + rng.choice(TONES) + decomposed[pos + 1 :]
    return nfc(" ".join([*head, unicodedata.normalize("NFC", changed)]))


def different_given_name(p: Person, rng: random.Random) -> Person:
    pool = data.GIVEN_MALE if p.gioi_tinh == "Nam" else data.GIVEN_FEMALE
    return replace(
        p, ten=rng.choice([g for g in pool if apply_tone_style(g, "old") != apply_tone_style(p.ten, "old")])
    )


def change_digit(number: str, rng: random.Random, positions: range = range(6, 12)) -> str:
    i = rng.choice(list(positions))
    return number[:i] + rng.choice([d for d in "0123456789" if d != number[i]]) + number[i + 1 :]


def wrong_year_cccd(p: Person, rng: random.Random) -> str:
    year = (p.ngay_sinh.year + rng.choice((-3, -2, -1, 1, 2, 3))) % 100
    return f"{p.so_cccd[:4]}{year:02d}{p.so_cccd[6:]}"


def wrong_sex_cccd(p: Person) -> str:
    return f"{p.so_cccd[:3]}{int(p.so_cccd[3]) ^ 1}{p.so_cccd[4:]}"


def _shift_date(d: date, rng: random.Random) -> date:
    """A plausible typo in the same year (so the CCCD year digits still agree): a few days off, or
    day and month swapped."""
    options = [d + timedelta(days=k) for k in (-40, -12, -3, -1, 1, 2, 9, 31)]
    if d.day <= 12 and d.day != d.month:
        options.append(date(d.year, d.day, d.month))
    return rng.choice([o for o in options if o.year == d.year])


# Person-level defects: return (person as the form prints it, person as the card prints it, note) ----
def _split_person(p: Person, defect: str | None, rng: random.Random) -> tuple[Person, Person, str]:
    if defect == "name_tone_variant":
        flipped = "new" if p.tone_style == "old" else "old"
        return p, replace(p, tone_style=flipped), f"card name typed {flipped}-style"
    if defect == "name_diacritic":
        card = p.with_name(change_diacritic(p.ho_ten, rng))
        return p, replace(card, tone_style=p.tone_style), f"card name {card.ho_ten!r} vs {p.ho_ten!r}"
    if defect == "name_different":
        card = different_given_name(p, rng)
        return p, card, f"card name {card.ho_ten!r} vs {p.ho_ten!r}"
    if defect == "birth_date":
        form = replace(p, ngay_sinh=_shift_date(p.ngay_sinh, rng))
        return form, p, f"form birth date {form.ngay_sinh} vs card {p.ngay_sinh}"
    if defect == "id":
        form = replace(p, so_cccd=change_digit(p.so_cccd, rng))
        return form, p, f"form id {form.so_cccd} vs card {p.so_cccd}"
    if defect == "cccd_birth_year":
        bad = replace(p, so_cccd=wrong_year_cccd(p, rng))
        return bad, bad, f"id {bad.so_cccd} for born {p.ngay_sinh}"
    if defect == "cccd_sex":
        bad = replace(p, so_cccd=wrong_sex_cccd(p))
        return bad, bad, f"id {bad.so_cccd} for sex {p.gioi_tinh}"
    return p, p, ""


def _items(pairs: list[tuple[str, Document]]) -> list[DossierItem]:
    return [DossierItem(comp, f"{i:02d}_{comp}", doc) for i, (comp, doc) in enumerate(pairs, 1)]


# Procedures -----------------------------------------------------------------------------------------
def _birth(rng: random.Random, defect: str | None, pick: Picker) -> tuple[list[tuple[str, Document]], str]:
    signed = random_date(rng, date(2024, 7, 1), date(2025, 6, 30))
    requester_is_mother = rng.random() < 0.6
    tone = defect == "name_tone_variant"
    mother = make_person(
        rng, sex="Nữ", born=(date(1985, 1, 1), date(2003, 12, 31)), tone_variant=tone and requester_is_mother
    )
    father = make_person(
        rng,
        sex="Nam",
        born=(date(1980, 1, 1), date(2001, 12, 31)),
        residence=mother.noi_cu_tru,
        tone_variant=tone and not requester_is_mother,
    )
    child = make_person(
        rng, born=(signed - timedelta(days=55), signed - timedelta(days=3)), surname=father.ho
    )
    child = replace(child, que_quan=father.que_quan)
    province = mother.noi_cu_tru.province
    hospital = rng.choice(province.hospitals)
    requester = mother if requester_is_mother else father
    relation = "Mẹ" if requester_is_mother else "Cha"
    # The requester's birth date is not on the tờ khai: a birth-date defect goes on the child instead.
    on_form, on_card, note = _split_person(requester, None if defect == "birth_date" else defect, rng)
    if requester_is_mother:
        mother = on_form
    else:
        father = on_form
    gcs_child = child
    if defect == "birth_date":
        gcs_child = replace(child, ngay_sinh=child.ngay_sinh - timedelta(days=rng.choice((1, 2, 30))))
        note = f"tờ khai {child.ngay_sinh} vs giấy chứng sinh {gcs_child.ngay_sinh}"
    docs = [
        (
            "to_khai_khai_sinh",
            forms.to_khai_khai_sinh(
                rng, on_form, child, mother, father, relation, hospital, signed, layout=pick("to_khai_khai_sinh")
            ),
        ),
        (
            "giay_chung_sinh",
            forms.giay_chung_sinh(
                rng,
                mother,
                gcs_child,
                hospital,
                province,
                (rng.randrange(24), rng.randrange(60)),
                gcs_child.ngay_sinh + timedelta(days=rng.randrange(0, 3)),
                pick("giay_chung_sinh"),
            ),
        ),
        ("cccd", forms.cccd(rng, on_card, pick("cccd"))),
    ]
    return docs, note


def _marriage(rng: random.Random, defect: str | None, pick: Picker) -> tuple[list[tuple[str, Document]], str]:
    signed = random_date(rng, date(2024, 7, 1), date(2025, 6, 30))
    target_bride = rng.random() < 0.5
    tone = defect == "name_tone_variant"
    bride = make_person(
        rng, sex="Nữ", born=(date(1985, 1, 1), date(2005, 12, 31)), tone_variant=tone and target_bride
    )
    groom = make_person(
        rng, sex="Nam", born=(date(1982, 1, 1), date(2004, 12, 31)), tone_variant=tone and not target_bride
    )
    target = bride if target_bride else groom
    on_form, on_card, note = _split_person(target, defect, rng)
    form_bride, form_groom = (on_form, groom) if target_bride else (bride, on_form)
    card_bride, card_groom = (on_card, groom) if target_bride else (bride, on_card)
    docs = [
        ("to_khai_ket_hon", forms.to_khai_ket_hon(rng, form_bride, form_groom, signed, layout=pick("to_khai_ket_hon"))),
        ("cccd", forms.cccd(rng, card_bride, pick("cccd"))),
        ("cccd", forms.cccd(rng, card_groom, pick("cccd"))),
    ]
    if groom.noi_cu_tru.commune != bride.noi_cu_tru.commune:
        # Registered at the bride's commune: the groom proves his marital status from his own commune.
        xn_date = signed - timedelta(days=rng.randrange(5, 60))
        docs.append(
            (
                "xac_nhan_tinh_trang_hon_nhan",
                forms.xac_nhan_tinh_trang_hon_nhan(rng, form_groom, xn_date, pick("xac_nhan_tinh_trang_hon_nhan")),
            )
        )
    return docs, note


def _residence(rng: random.Random, defect: str | None, pick: Picker) -> tuple[list[tuple[str, Document]], str]:
    signed = random_date(rng, date(2024, 7, 1), date(2025, 6, 30))
    person = make_person(
        rng, born=(date(1970, 1, 1), date(2005, 12, 31)), tone_variant=defect == "name_tone_variant"
    )
    landlord = make_person(rng, born=(date(1955, 1, 1), date(1985, 12, 31)))
    house = address(rng, landlord.noi_cu_tru.province)
    on_form, on_card, note = _split_person(person, defect, rng)
    contract_date = signed - timedelta(days=rng.randrange(3, 90))
    docs = [
        (
            "to_khai_cu_tru",
            forms.to_khai_cu_tru(
                rng, on_form, on_form, "Chủ hộ", house, signed, owner=landlord, layout=pick("to_khai_cu_tru")
            ),
        ),
        (
            "giay_to_cho_o",
            forms.hop_dong_thue_nha(
                rng,
                landlord,
                on_form,
                house,
                contract_date,
                months=rng.choice((12, 24, 36)),
                rent=rng.randrange(15, 90) * 100_000,
                layout=pick("hop_dong_thue_nha"),
            ),
        ),
        ("cccd", forms.cccd(rng, on_card, pick("cccd"))),
    ]
    return docs, note


_BUILDERS = {"1.001193": _birth, "1.000894": _marriage, "1.004222": _residence}


def make_dossier(procedure: str, seed: int, defect: str | None = None, layout: Choice = None) -> Dossier:
    """A dossier; defect=None is complete and consistent, "auto" draws one for ~25 % of seeds.

    `layout` (tests/synth/variants.py): None = every paper in its default layout, "random" = each paper's
    drawn from the seed, an int k = the papers take the k-th, (k+1)-th ... layout of their types, a name =
    that layout wherever the paper has it. The people and values are the same whatever the layout."""
    if procedure not in _BUILDERS:
        raise ValueError(f"procedure must be one of {PROCEDURES}")
    rng = random.Random(f"dossier/{procedure}/{seed}")
    if defect == "auto":
        defect = rng.choice(DEFECTS) if rng.random() < 0.25 else None
    if defect is not None and defect not in DEFECTS:
        raise ValueError(f"defect must be one of {DEFECTS}, 'auto' or None")
    docs, note = _BUILDERS[procedure](rng, None if defect == "missing" else defect, Picker(layout, seed))
    missing: list[str] = []
    if defect == "missing":
        victim = rng.choice(
            [c for c, _ in docs if c != "xac_nhan_tinh_trang_hon_nhan"]
        )  # that one is optional
        index = next(i for i, (c, _) in enumerate(docs) if c == victim)
        del docs[index]
        missing, note = [victim], f"dropped {victim}"
    for i, (_, doc) in enumerate(docs):
        doc.seed = seed
        vary(doc, f"{seed}/{i}")
    codes = [EXPECTED_CODE[defect]] if defect in EXPECTED_CODE else []
    return Dossier(procedure, seed, _items(docs), defect, missing, codes, note)


def make_dossiers(n: int, seed: int = 0, defect_rate: float = 0.25) -> list[Dossier]:
    """`n` dossiers cycling through the procedures, about `defect_rate` of them defective."""
    rng = random.Random(f"dossiers/{seed}")
    out = []
    for i in range(n):
        defect = rng.choice(DEFECTS) if rng.random() < defect_rate else None
        out.append(make_dossier(PROCEDURES[i % len(PROCEDURES)], seed * 100_000 + i, defect))
    return out
