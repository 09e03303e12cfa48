"""Deterministic random Vietnamese people with structurally valid identity numbers."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from . import data
from .text import apply_tone_style, nfc, strip_diacritics


@dataclass(frozen=True)
class Address:
    province: data.Province
    district: data.District
    commune: str
    street: str = ""  # "Số 12 Trần Phú" / "Thôn 2"; empty for a commune-level place (quê quán)

    @property
    def area(self) -> str:
        """Commune, district, province: what quê quán prints."""
        return nfc(f"{self.commune}, {self.district.name}, {self.province.name}")

    @property
    def full(self) -> str:
        return nfc(f"{self.street}, {self.area}") if self.street else self.area

    @property
    def place(self) -> str:
        return self.district.place


@dataclass(frozen=True)
class Person:
    ho: str
    dem: str
    ten: str
    gioi_tinh: str  # "Nam" | "Nữ"
    ngay_sinh: date
    dan_toc: str
    que_quan: Address
    noi_cu_tru: Address
    so_cccd: str
    cccd_issued: date
    so_dien_thoai: str
    email: str
    so_cmnd: str = ""  # old 9-digit card, only some people born before 2000 still have one on file
    quoc_tich: str = "Việt Nam"
    tone_style: str = "old"  # how this person's name is typed: old "Hòa" / new "Hoà"

    @property
    def ho_ten(self) -> str:
        return apply_tone_style(" ".join(p for p in (self.ho, self.dem, self.ten) if p), self.tone_style)

    @property
    def province_code(self) -> str:
        return self.so_cccd[:3]

    @property
    def cccd_expiry(self) -> date | None:
        """Chip CCCD expires at age 25, 40 or 60 (next milestone after issue); None = no expiry."""
        for age in (25, 40, 60):
            due = _birthday(self.ngay_sinh, age)
            if due > self.cccd_issued + timedelta(days=2 * 365):
                return due
        return None

    def with_name(self, ho_ten: str) -> Person:
        ho, *rest = nfc(ho_ten).split(" ")
        return replace(self, ho=ho, dem=" ".join(rest[:-1]), ten=rest[-1] if rest else "")


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February
        return born.replace(year=born.year + age, day=28)


def century_sex_digit(sex: str, year: int) -> int:
    """Digit 4 of a CCCD: (0/1 male/female) + 2 per century from 1900."""
    return 2 * ((year - 1900) // 100) + (1 if sex == "Nữ" else 0)


def cccd_number(province_code: str, sex: str, born: date, rng: random.Random) -> str:
    return (
        f"{province_code}{century_sex_digit(sex, born.year)}{born.year % 100:02d}{rng.randrange(10**6):06d}"
    )


def cccd_consistent(number: str, sex: str, born: date) -> bool:
    return (
        len(number) == 12
        and number.isdigit()
        and number[3] == str(century_sex_digit(sex, born.year))
        and number[4:6] == f"{born.year % 100:02d}"
    )


def cmnd_number(province: data.Province, rng: random.Random) -> str:
    prefix = province.cmnd_prefix
    return prefix + "".join(str(rng.randrange(10)) for _ in range(9 - len(prefix)))


def phone_number(rng: random.Random) -> str:
    return rng.choice(data.PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}"


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def address(rng: random.Random, province: data.Province | None = None, street: bool = True) -> Address:
    province = province or rng.choice(data.PROVINCES)
    district = rng.choice(province.districts)
    commune = rng.choice(district.communes)
    line = ""
    if street:
        if commune.startswith("Phường"):
            line = f"Số {rng.randrange(1, 300)} {rng.choice(data.STREETS)}"
        else:
            line = rng.choice(data.HAMLETS)
    return Address(province, district, commune, line)


def _weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def given_name(rng: random.Random, sex: str) -> tuple[str, str]:
    """(middle, given) for a sex."""
    middles = data.MIDDLE_MALE if sex == "Nam" else data.MIDDLE_FEMALE
    givens = data.GIVEN_MALE if sex == "Nam" else data.GIVEN_FEMALE
    return rng.choice(middles), rng.choice(givens)


def make_person(
    rng: random.Random,
    *,
    sex: str | None = None,
    born: tuple[date, date] | None = None,
    surname: str | None = None,
    province: data.Province | None = None,
    residence: Address | None = None,
    tone_variant: bool = False,
) -> Person:
    """A person; `tone_variant` forces a given name that prints differently in old/new tone style."""
    sex = sex or rng.choice(("Nam", "Nữ"))
    start, end = born or (date(1965, 1, 1), date(2004, 12, 31))
    ngay_sinh = random_date(rng, start, end)
    ho = surname or _weighted(rng, data.SURNAMES)
    dem, ten = given_name(rng, sex)
    if tone_variant:
        ten = rng.choice(data.TONE_VARIANT_GIVEN[sex])
    home = province or rng.choice(data.PROVINCES)
    que_quan = address(rng, home, street=False)
    # Most people live in their home province; some moved to a city.
    noi_cu_tru = residence or address(rng, home if rng.random() < 0.7 else rng.choice(data.PROVINCES))
    first_issue = max(date(2021, 1, 1), _birthday(ngay_sinh, 14))
    issued = random_date(rng, first_issue, max(first_issue, date(2024, 6, 30)))
    so_cmnd = cmnd_number(home, rng) if ngay_sinh.year < 2000 and rng.random() < 0.4 else ""
    ascii_name = strip_diacritics(f"{ten}{ho}").lower()
    email = f"{ascii_name}{rng.randrange(10, 99)}@gmail.com"
    return Person(
        ho=ho,
        dem=dem,
        ten=ten,
        gioi_tinh=sex,
        ngay_sinh=ngay_sinh,
        dan_toc=_weighted(rng, data.ETHNIC_GROUPS),
        que_quan=que_quan,
        noi_cu_tru=noi_cu_tru,
        so_cccd=cccd_number(home.code, sex, ngay_sinh, rng),
        cccd_issued=issued,
        so_dien_thoai=phone_number(rng),
        email=email,
        so_cmnd=so_cmnd,
        tone_style="new" if rng.random() < 0.3 else "old",
    )
