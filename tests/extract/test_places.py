"""Addresses' administrative units checked against the catalogue (`extract.places`): what OCR misread is put
right, what the catalogue cannot vouch for stays as read."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from core.vntext import fold
from extract import analyze
from extract.places import correct
from tests.extract import samples
from tests.extract.pages import page


@pytest.mark.parametrize(("read", "printed"), [
    # a card's address: no unit words; a tone mark misread, a first letter lost, a district's first letter lost
    ("Kim Lan, Gia Lầm, Hà Nội", "Kim Lan, Gia Lâm, Hà Nội"),
    ("Xóm 8, Quất Lâm, Giao Thủy, am Định", "Xóm 8, Quất Lâm, Giao Thủy, Nam Định"),
    ("Thôn 9, Trâu Quỳ, Gia âm, Hà Nội", "Thôn 9, Trâu Quỳ, Gia Lâm, Hà Nội"),
    # a form's address: unit words kept as read, every level down to the commune
    ("thị trấn Trâu Quy, huyện Gia Lam, thành phố Hà Nôi", "thị trấn Trâu Quỳ, huyện Gia Lâm, thành phố Hà Nội"),
    # a card printed in capitals stays in capitals
    ("TRÂU QUỲ, GIA LẦM, HÀ NỘI", "TRÂU QUỲ, GIA LÂM, HÀ NỘI"),
])
def test_misread_units_are_put_right(read, printed):
    assert correct(read) == printed


@pytest.mark.parametrize("read", [
    "Vĩnh Ngọc, Nha Trang, Khánh Hòa",  # right already
    "Vĩnh Ngọc, Nha Trang, Khánh Hoà",  # the other tone placement is no misreading
    "Số 34, ngõ 55 Trân Nhân Tông, phường Bắc Sơn, quận Kiến An, thành phố Hải Phòng",  # a street: no unit
    "Phường Nha Trang, tỉnh Khánh Hòa",  # since 2025 a commune stands where a district stood: not one
    "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",  # a numbered district is read, not guessed
    "Xóm 8, Quất Lâm, Giao Thủy, Nam Đỉnh Xanh",  # no province: nothing is touched
    "Thôn Đông, Gia Lầm, Bắc Ninh",  # Gia Lâm is no district of Bắc Ninh
])
def test_what_the_catalogue_cannot_vouch_for_stays_as_read(read):
    assert correct(read) == read


def test_a_unit_as_near_to_two_units_stays_as_read():
    # "hánh Hòa" is one letter from Khánh Hòa and one from Thanh Hóa: either may be on the paper
    assert correct("Vĩnh Ngọc, Nha Trang, hánh Hòa") == "Vĩnh Ngọc, Nha Trang, hánh Hòa"
    assert correct("Vĩnh Ngọc, Nha Trang, Khánh Hòa") == "Vĩnh Ngọc, Nha Trang, Khánh Hòa"


def test_a_card_field_is_spelt_as_the_catalogue_spells_it_and_keeps_what_was_read():
    text = samples.CCCD.replace("Vĩnh Ngọc, Nha Trang, Khánh Hòa", "Vĩnh Ngọc, Nha Tráng, Khánh Hòa")
    field = analyze([page(text)]).fields["que_quan"]
    assert field.value == "Vĩnh Ngọc, Nha Trang, Khánh Hòa"
    assert field.raw == "Vĩnh Ngọc, Nha Tráng, Khánh Hòa"


@given(st.lists(st.sampled_from(["Gia Lầm", "Hà Nội", "am Định", "Thôn 9", "Trâu Quy", "Phường 5", "xã Kim Lan",
                                 "tỉnh Bắc Ninh", "Khánh Hoà", "Nha Tráng", "ngõ 55 Trần Phú", "HÀ NỘI", "Đồng Thap"]),
                min_size=1, max_size=5).map(", ".join))
def test_correcting_touches_unit_names_only_and_once(read):
    fixed = correct(read)
    assert correct(fixed) == fixed
    assert fixed.count(",") == read.count(",")
    changed = [(a, b) for a, b in zip(read.split(","), fixed.split(","), strict=True) if a != b]
    assert all(Levenshtein.distance(fold(a), fold(b)) <= 2 for a, b in changed)
