import pytest

from extract.dates import find_dates, find_in_words, parse_date, words_to_number


@pytest.mark.parametrize(("text", "iso"), [
    ("23/11/1990", "1990-11-23"),
    ("23-11-1990", "1990-11-23"),
    ("23.11.1990", "1990-11-23"),
    ("Sinh ngày: 5/6/1996", "1996-06-05"),
    ("23 / 11 / 1990", "1990-11-23"),
    ("2O/O5/2OO1", "2001-05-20"),  # O read for 0
    ("l2/03/2024", "2024-03-12"),  # l read for 1
    ("Nha Trang, ngày 05 tháng 01 năm 2020", "2020-01-05"),
    ("Hưng Nguyên, ngày 29 tháng 6 năm 2019", "2019-06-29"),
    ("Ha Noi, ngay 05 thang 01 nam 2020", "2020-01-05"),  # diacritics lost
    ("08 giờ 30 phút, ngày 12 tháng 03 năm 2024", "2024-03-12"),
])
def test_digit_dates(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(("text", "iso"), [
    ("Ngày mười hai tháng ba năm hai nghìn không trăm hai mươi bốn", "2024-03-12"),
    ("Ngày mồng năm tháng năm năm hai nghìn không trăm lẻ năm", "2005-05-05"),
    ("ngày ba mươi mốt tháng mười hai năm một nghìn chín trăm chín mươi lăm", "1995-12-31"),
    ("Ngày hai mươi tháng tư năm hai nghìn không trăm hai mươi", "2020-04-20"),
    ("Ngày mồng một tháng giêng năm hai nghìn", "2000-01-01"),
    ("NGAY MUOI BAY THANG MUOI MOT NAM HAI NGHIN LINH BA", "2003-11-17"),
])
def test_dates_in_words(text, iso):
    assert parse_date(text) == iso


def test_digit_form_wins_over_words_on_a_birth_form():
    text = "12/03/2024 ghi bằng chữ: Ngày mười ba tháng ba năm hai nghìn không trăm hai mươi bốn"
    assert [d.iso for d in find_dates(text)] == ["2024-03-12"]


def test_match_span_covers_the_words():
    text = "ghi bằng chữ: Ngày mười hai tháng ba năm hai nghìn không trăm hai mươi bốn."
    found = find_in_words(text)
    assert found is not None
    assert text[found.start : found.end] == "Ngày mười hai tháng ba năm hai nghìn không trăm hai mươi bốn"


@pytest.mark.parametrize("text", [
    "31/02/2020", "ngày 32 tháng 01 năm 2020", "12/13/2024", "tháng 3", "", "0905.123.456",
    "30/10/7990", "Ngày sinh: 05/06/0198"])  # a year OCR misread: no date a paper here prints
def test_impossible_or_absent_dates(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(("words", "n"), [
    ("hai nghin khong tram hai muoi bon", 2024),
    ("mot nghin chin tram chin muoi lam", 1995),
    ("hai nghin le nam", 2005),
    ("muoi", 10),
    ("muoi hai", 12),
    ("hai muoi mot", 21),
    ("ba muoi", 30),
])
def test_words_to_number(words, n):
    assert words_to_number(words.split()) == n


def test_words_to_number_rejects_non_numbers():
    assert words_to_number(["hai", "ba"]) is None
    assert words_to_number(["nguyen"]) is None
    assert words_to_number([]) is None
