import pytest

from extract.ids import (
    PROVINCES,
    check_cccd,
    check_fields,
    digits,
    find_number,
    normalize_phone,
    parse_cccd,
    settle_readings,
)
from extract.types import ExtractedField
from extract.values import repair_docnum


def codes(problems):
    return [p.code for p in problems]


def test_province_table_covers_the_63_provinces():
    assert len(PROVINCES) == 63
    assert {PROVINCES[c] for c in ("001", "031", "038", "048", "056", "079", "096", "006")} == {
        "Hà Nội", "Hải Phòng", "Thanh Hóa", "Đà Nẵng", "Khánh Hòa", "Hồ Chí Minh", "Cà Mau", "Bắc Kạn"}


def test_parse_cccd_reads_province_sex_and_century():
    info = parse_cccd("056195004321")
    assert (info.province, info.sex, info.birth_year) == ("Khánh Hòa", "Nữ", 1995)
    assert parse_cccd("079203001111").birth_year == 2003
    assert parse_cccd("079203001111").sex == "Nam"
    assert parse_cccd("07920300111") is None


def test_consistent_number_has_no_problem():
    assert check_cccd("056090001234", "1990-11-23", "Nam") == []
    assert check_cccd("001305009999", "2005-02-01", "Nữ") == []


def test_year_digits_contradicting_the_birth_date():
    problems = check_cccd("056091001234", "1990-11-23", "Nam")
    assert codes(problems) == ["cccd_birth_year_mismatch"]
    assert "1991" in problems[0].message and "1990" in problems[0].message


def test_century_digit_counts_in_the_birth_year():
    # digit 4 = 2 means born 2000-2099: a 1990 birth date contradicts it even with "90" in digits 5-6
    assert codes(check_cccd("056290001234", "1990-11-23", "Nam")) == ["cccd_birth_year_mismatch"]


def test_sex_digit_contradicting_the_sex():
    problems = check_cccd("056190001234", "1990-11-23", "Nam")
    assert codes(problems) == ["cccd_sex_mismatch"]
    assert "Nữ" in problems[0].message


def test_unknown_prefix_only_warns():
    problems = check_cccd("840090001234", "1990-11-23", "Nam")
    assert codes(problems) == ["cccd_unknown_prefix"]
    assert problems[0].details["severity"] == "warning"


def test_birth_year_alone_is_enough():
    assert codes(check_cccd("056195004321", birth_year=1996)) == ["cccd_birth_year_mismatch"]
    assert check_cccd("056195004321", birth_year=1995) == []


def test_wrong_length_is_invalid():
    assert codes(check_cccd("05619500432")) == ["cccd_invalid"]


def test_check_fields_pairs_each_person_with_their_own_birth_date():
    f = {
        "so_cccd": ExtractedField(value="056196001111"), "ngay_sinh": ExtractedField(value="1996-06-05"),
        "so_cccd_ben_nam": ExtractedField(value="056094002222"),
        "ngay_sinh_ben_nam": ExtractedField(value="1995-08-17"),
    }
    problems = check_fields(f)
    assert codes(problems) == ["cccd_birth_year_mismatch"]
    assert problems[0].details["field"] == "so_cccd_ben_nam"


@pytest.mark.parametrize(("raw", "want"), [
    ("O56O95OO1234", "056095001234"),
    ("0560 9500 1234", "056095001234"),
    ("l23.456.789", "123456789"),
])
def test_id_digits_repaired(raw, want):
    assert digits(raw) == want


def test_find_number_skips_words_and_trailing_groups():
    assert find_number("Căn cước công dân số O56O95 001234 cấp ngày") == ("056095001234", 21, 34)
    assert find_number("so 056095001234")[0] == "056095001234"  # the o of "so" is a letter, not a zero
    assert find_number("Chứng minh nhân dân số 225 123 456")[0] == "225123456"
    assert find_number("số 12345") is None
    # OCR glued the number to the word before it: it starts at its first true digit, never at a letter.
    assert find_number("CCCD số036194295409, cấp") == ("036194295409", 7, 19)


@pytest.mark.parametrize(("raw", "want"), [
    ("0905123456", "0905123456"),
    ("0905 123 456", "0905123456"),
    ("+84 905 123 456", "0905123456"),
    ("84905123456", "0905123456"),
    ("090512345", None),
])
def test_phone_numbers(raw, want):
    assert normalize_phone(raw) == want


@pytest.mark.parametrize(("raw", "want"), [
    ("05/QĐ-UBND", "05/QĐ-UBND"),
    ("05 QĐ UBND", "05/QĐ-UBND"),
    ("05IQĐ-UBND", "05/QĐ-UBND"),
    ("05lQĐ UBND", "05/QĐ-UBND"),
    ("45/2020/NĐ-CP", "45/2020/NĐ-CP"),
    ("45 2020 NĐ CP", "45/2020/NĐ-CP"),
    ("45l2020lNĐ-CP", "45/2020/NĐ-CP"),
    ("01/2023/TT-VPCP", "01/2023/TT-VPCP"),
    ("123/GCS", "123/GCS"),
    ("O5/QĐ-UBND   Nha Trang, ngày 05", "05/QĐ-UBND"),
    ("15/TTr-SNV", "15/TTr-SNV"),
    ("5XNTTHN", "5/XNTTHN"),  # the slash lost altogether
    ("245/2025/QĐÐ-UBND", "245/2025/QĐ-UBND"),  # Đ read twice, once as the look-alike Eth
])
def test_document_numbers_repaired(raw, want):
    assert repair_docnum(raw)[0] == want


def test_document_number_needs_a_number():
    assert repair_docnum("QĐ-UBND") is None


def test_a_number_read_two_ways_is_checked_as_the_reading_that_fits():
    # The page read the year digits "38" as "58"; the second read of the number gave "38".
    misread = ExtractedField(value="038502101159", alternatives=["038302101159"])
    assert check_fields({"so_cccd": misread, "ngay_sinh": ExtractedField(value="2002-11-23")}) == []
    # Printed wrong: every reading contradicts the birth date, so it is reported (on the value as read).
    wrong = ExtractedField(value="038502101159", alternatives=["038582101159"])
    problems = check_fields({"so_cccd": wrong, "ngay_sinh": ExtractedField(value="2002-11-23")})
    assert codes(problems) == ["cccd_birth_year_mismatch"] and problems[0].details["so_cccd"] == "038502101159"


def test_a_number_read_two_ways_takes_the_reading_a_living_person_can_hold():
    # the fourth digit read as 7 puts the birth in 2397; the second read's 1 puts it in 1997
    read = {"so_cccd_me": ExtractedField(value="001797501894", raw="001797501894", alternatives=["001197501894"])}
    settled = settle_readings(read, this_year=2026)["so_cccd_me"]
    assert (settled.value, settled.alternatives, settled.raw) == ("001197501894", ["001797501894"], "001797501894")


def test_a_number_read_two_ways_takes_the_reading_that_fits_the_paper():
    read = {"so_cccd": ExtractedField(value="038502101159", alternatives=["038302101159"]),
            "ngay_sinh": ExtractedField(value="2002-11-23")}
    assert settle_readings(read, this_year=2026)["so_cccd"].value == "038302101159"


@pytest.mark.parametrize(("value", "other", "born"), [
    ("056094002522", "056094002222", "1994-05-02"),  # both fit: the first reading stays
    ("038502101159", "038582101159", "2002-11-23"),  # neither fits: the first reading stays, and is reported
    ("001197501894", "001797501894", None),  # the first is possible already
])
def test_the_first_reading_stays_unless_another_is_less_doubtful(value, other, born):
    read = {"so_cccd": ExtractedField(value=value, alternatives=[other])}
    if born:
        read["ngay_sinh"] = ExtractedField(value=born)
    assert settle_readings(read, this_year=2026)["so_cccd"] == read["so_cccd"]
