import unicodedata

import pytest

from core.vntext import (
    decode_legacy,
    fix_surname,
    fold,
    fold_keep_length,
    nfc,
    same_name,
    same_spelling,
    split_tone,
    valid,
    vn_int,
    vn_percent,
    with_tone,
)


def to_cp1258(text: str) -> bytes:
    """CP1258 as Windows writes it: base letters (with their vowel marks) plus combining tone marks."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        marks = [c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in marks))
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def test_tone_placement_styles_are_the_same_syllable():
    assert valid("hòa") and valid("hoà") and valid("Thủy") and not valid("nguyẽn")
    assert split_tone("hòa") == split_tone("hoà") == ("hoa", 2)
    assert with_tone("hoa", 2) == "hoà" and with_tone("tinh", 3) == "tỉnh"


def test_numbers_for_people_the_vietnamese_way():
    assert vn_int(12504) == "12.504" and vn_int(7) == "7"
    assert vn_percent(68.743) == "68,74%" and vn_percent(1234.5) == "1.234,50%" and vn_percent(None) == "—"


def test_nfc_composes_decomposed_text():
    assert nfc(unicodedata.normalize("NFD", "Nguyễn Thị Hoà")) == "Nguyễn Thị Hoà"
    assert len(nfc(unicodedata.normalize("NFD", "ễ"))) == 1


def test_fold_strips_marks_lowercases_and_collapses_space():
    assert fold("  CỘNG  HÒA\nxã hội\tĐỘC lập ") == "cong hoa xa hoi doc lap"
    assert fold("Đặng Đình Đức") == "dang dinh duc"
    assert fold(unicodedata.normalize("NFD", "Thuỷ")) == "thuy"


def test_fold_keep_length_maps_offsets_one_to_one():
    text = unicodedata.normalize("NFD", "Họ, chữ đệm, tên:  Nguyễn")
    assert len(fold_keep_length(text)) == len(nfc(text))
    assert fold_keep_length(text) == "ho, chu dem, ten:  nguyen"


@pytest.mark.parametrize(("a", "b"), [
    ("Lê Thị Thanh Hòa", "Lê Thị Thanh Hoà"),
    ("Phạm Quốc Thủy", "Phạm Quốc Thuỷ"),
    ("NGUYỄN VĂN BÌNH", "Nguyễn Văn Bình"),
    (unicodedata.normalize("NFD", "Trần Thị Thúy"), "Trần Thị Thuý"),
    ("Nguyễn Văn Bình", "Nguyen Van Binh"),  # diacritics lost by OCR
    ("Võ  Thị Mai", "Võ Thị Mai"),
])
def test_same_name_is_tone_and_case_tolerant(a, b):
    assert same_name(a, b)


@pytest.mark.parametrize(("a", "b"), [
    ("Nguyễn Văn Bình", "Nguyễn Văn Bính Minh"),
    ("Lê Thị Hoa", "Lê Thị Hòa Mai"),
    ("Trần Văn An", "Trần Văn Anh"),
    ("", ""),
])
def test_same_name_rejects_other_names(a, b):
    assert not same_name(a, b)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Lê Thị Thanh Hòa", "LÊ THỊ THANH HOÀ", True),  # case and tone placement only
    (unicodedata.normalize("NFD", "Trần Thị Thúy"), "Trần Thị Thuý", True),
    ("Nguyễn Kim Oanh", "NGUYỄN KIM OÁNH", False),  # a tone mark more: another name
    ("Nguyễn Tuấn Tuấn", "Nguyễn Tuấn Tuần", False),  # another tone
    ("Trần Văn Sơn", "Trần Văn Sôn", False),  # another vowel mark
])
def test_same_spelling_keeps_marks_but_not_their_placement(a, b, same):
    assert same_name(a, b)
    assert same_spelling(a, b) is same


@pytest.mark.parametrize(("read", "fixed"), [
    ("NGUYÊN CÔNG TÀI", "NGUYỄN CÔNG TÀI"),  # a mark misread on a card
    ("Phàm Thị Duyên", "Phạm Thị Duyên"),
    ("Nguyễn Văn An", "Nguyễn Văn An"),
    ("Nguyen Van An", "Nguyen Van An"),  # read without any marks: left uniform
    ("Hoa Văn Cường", "Hoa Văn Cường"),  # not a listed surname
])
def test_fix_surname(read, fixed):
    assert fix_surname(read) == fixed


TEXT = "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Họ và tên: Nguyễn Thị Ánh Tuyết"


def test_decode_utf8_with_and_without_bom_is_nfc():
    assert decode_legacy(TEXT.encode("utf-8")) == TEXT
    assert decode_legacy(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", TEXT).encode("utf-8")) == TEXT


def test_decode_cp1258_composes_combining_tones():
    data = to_cp1258(TEXT)
    assert b"\xcc" in data or b"\xec" in data  # combining grave: really the decomposed CP1258 form
    assert decode_legacy(data) == TEXT


def test_decode_tcvn3():
    # Bytes of "Cộng hoà xã hội chủ nghĩa Việt Nam / Độc lập - Tự do - Hạnh phúc" in the ABC (.VnTime) fonts.
    data = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc".encode("latin-1")
    assert decode_legacy(data) == "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc"


def test_decode_vni():
    data = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do - Haïnh phuùc. Thaéng, Möôøi".encode(
        "latin-1")
    assert decode_legacy(data) == (
        "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Thắng, Mười")
