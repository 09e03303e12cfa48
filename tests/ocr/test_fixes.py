"""Vietnamese post-correction: fix what cannot be Vietnamese, leave numbers, codes, names and valid words."""

from __future__ import annotations

from ocr import fixes, junk
from ocr.types import Word


def _words(text: str, conf: float = 70.0) -> list[Word]:
    return [Word(t, conf, (i * 50, 0, 40, 20), 0) for i, t in enumerate(text.split())]


def _fix(text: str, conf: float = 70.0) -> str:
    words, _, _ = fixes.fix_words(_words(text, conf))
    return " ".join(w.text for w in words)


def test_invalid_syllable_with_one_best_neighbour_is_fixed():
    assert _fix("Nguyẽn") == "Nguyễn"  # "nguyẽn" cannot exist; one hook/tone change away from Nguyễn
    words, made, flagged = fixes.fix_words(_words("Hộ khấu thương trú"))
    assert words[0].text == "Hộ" and made and not flagged


def test_admin_phrase_decides_between_look_alikes():
    assert _fix("Số diện thoại") == "Số điện thoại"
    assert _fix("Tính Đồng Tháp") == "Tỉnh Đồng Tháp"
    # A name's syllables are capitalised before capitalised syllables too, and a card's address has no unit
    # words: a syllable names share with a unit word stays as read.
    for text in ("NGUYỄN PHƯƠNG YẾN", "NGUYỄN THANH PHƯỚC", "Số 9, Phương Liệt, Thanh Xuân, Hà Nội"):
        assert _fix(text) == text


def test_a_unit_word_before_a_number_is_read_back_to_the_unit():
    assert _fix("Tố 6, phường Sông Cầu", conf=96) == "Tổ 6, phường Sông Cầu"  # read surely, and wrong
    assert _fix("Xớm 8, thị trấn Quất Lâm") == "Xóm 8, thị trấn Quất Lâm"
    assert _fix("Nơi cư trú: Phương 5, Quân 10") == "Nơi cư trú: Phường 5, Quận 10"
    # Not opening an address part before a house-sized number, or two changes away from a unit: as read.
    for text in ("Nguyễn Văn Tố Hữu", "cách Xa 5 km", "Tờ 6 bản đồ", "Số 18 Tây Sơn", "Nguyễn Minh Quân 12/05/1990",
                 "Lê Văn Tố 2 con", "Quân 079201004512"):
        assert _fix(text) == text


def test_numbers_codes_names_and_valid_words_are_left_alone():
    text = "Số: 05/QĐ-UBND CCCD 079176357886 ngày 12/03/2024 Phan Thị Huyền Tố Hữu diện tích kế hoạch"
    assert _fix(text) == text


def test_confident_words_are_never_touched():
    assert _fix("Nguyẽn", conf=99) == "Nguyẽn"


def test_a_florin_sign_read_for_an_italic_f_is_the_letter():
    # Even when read surely, and on an English line that syllable fixes leave alone; other marks are kept.
    words, made, _ = fixes.fix_words(_words("Date oƒ expiry Müller", conf=99))
    assert [w.text for w in words] == ["Date", "of", "expiry", "Müller"]
    assert [(m.before, m.after, m.reason) for m in made] == [("oƒ", "of", "glyph")]


def test_unfixable_syllables_are_flagged_not_changed():
    words, made, flagged = fixes.fix_words(_words("ghủrồ"))
    assert words[0].text == "ghủrồ" and not made and flagged == ["ghủrồ"]


def test_junk_rows_from_signatures_are_dropped_and_text_kept():
    real = [Word(t, 90, (i * 60, 0, 50, 20), 0) for i, t in enumerate(["Nguyễn", "Thanh", "Tài"])]
    scribble = [Word(t, c, (i * 60, 40, 50, 20), 1) for i, (t, c) in
                enumerate([("`...", 12.0), ("CC", 33.0), ("Œđ", 51.0), ("¬~“>", 0.0)])]
    code = [Word("0798422407", 45, (0, 80, 200, 20), 2)]
    kept = junk.drop_junk(real + scribble + code)
    assert [w.text for w in kept] == ["Nguyễn", "Thanh", "Tài", "0798422407"]


def test_pen_strokes_inside_a_signature_and_split_off_accents_are_dropped():
    name = [Word(t, 96, (100 + i * 120, 300, 100, 40), 2) for i, t in enumerate(["Nguyễn", "Gia", "Lâm"])]
    accents = [Word(t, 93, (100 + i * 120, 100, 10, 8), 0) for i, t in enumerate(["`", "~", "^"])]
    strokes = [Word("gà", 60, (100, 200, 60, 40), 1), Word("à&", 70, (200, 200, 60, 40), 1),
               Word("Lâm", 95, (300, 200, 60, 40), 1)]  # printed and sure of itself: kept
    tall = [Word("MU", 40, (600, 160, 90, 120), 3)]  # a loop three lines tall, read as letters
    kept = junk.drop_junk(name + accents + strokes + tall, signatures=[(80, 180, 400, 80)])
    assert [w.text for w in kept] == ["Nguyễn", "Gia", "Lâm", "Lâm"]
    # Without a signature region the same syllables stay: they are plausible words read fairly surely.
    assert [w.text for w in junk.drop_junk(strokes)] == ["gà", "à&", "Lâm"]


def test_a_dotted_fill_line_read_as_digits_is_dropped_and_a_number_on_it_kept():
    label = [Word(t, 93, (100 + i * 120, 300, 100, 40), 0) for i, t in enumerate(["Họ", "tên", "mẹ"])]
    dots = [Word("232321525212E52121", 0, (500, 335, 400, 5), 0),  # the dots under a hand-filled value
            Word("111kg", 20, (950, 335, 300, 5), 0)]
    number = [Word("0898300562", 45, (500, 300, 260, 40), 1)]  # print-sized, so kept however unsure
    dash = [Word("-", 90, (1300, 320, 20, 4), 0)]  # flat but read surely: print
    kept = junk.drop_junk(label + dots + number + dash)
    assert [w.text for w in kept] == ["Họ", "tên", "mẹ", "-", "0898300562"]


def test_a_mark_alone_on_its_row_read_as_a_symbol_is_dropped_and_a_lone_number_kept():
    above = [Word(t, 95, (100 + i * 120, 100, 100, 40), 0) for i, t in enumerate(["Nơi", "sinh"])]
    mark = [Word("€9", 62, (400, 200, 10, 18), 1)]  # a coloured mark's corner, read as a symbol and a digit
    sure = [Word("©", 91, (400, 300, 30, 30), 2)]  # read surely: print, kept
    item = [Word("1.", 70, (100, 400, 30, 40), 3), Word("(2)", 64, (100, 500, 40, 40), 4)]  # list numbers
    kept = junk.drop_junk(above + mark + sure + item)
    assert [w.text for w in kept] == ["Nơi", "sinh", "©", "1.", "(2)"]


def test_a_bilingual_label_read_as_one_word_is_its_two_words_and_its_slash():
    words, made, _ = fixes.fix_words(_words("Số/No.: 001094759878 Ngày/Date", conf=99))
    assert [w.text for w in words] == ["Số", "/", "No.:", "001094759878", "Ngày", "/", "Date"]
    number, slash, english = words[:3]  # each with its share of the word's box, left to right
    assert number.box[0] == 0 and slash.box[0] == number.box[0] + number.box[2] < english.box[0]
    assert english.box[0] + english.box[2] == 40 and {w.line for w in words} == {0}
    assert ("Số/No.:", "Số / No.:", "split") in [(m.before, m.after, m.reason) for m in made]
    # one language on both sides, numbers, codes: as read
    for text in ("và/hoặc", "Nam/Nữ", "12/2024/QĐ-UBND", "TP/HCM", "km/h"):
        assert _fix(text) == text


def test_a_cards_english_label_read_a_letter_off_is_put_back_as_printed():
    # Read surely and wrong, on an English line syllable fixes leave alone: the printed label decides.
    assert _fix("Date 0f expiry", conf=99) == "Date of expiry"
    assert _fix("SOCTALTST REPUBLIC 0F VIET NAM", conf=99) == "SOCIALIST REPUBLIC OF VIET NAM"
    assert _fix("Dafe of birth: 12/03/1990") == "Date of birth: 12/03/1990"
    _, made, _ = fixes.fix_words(_words("Independence - Freedom - Happlness"))
    assert [(m.before, m.after, m.reason) for m in made] == [("Happlness", "Happiness", "label")]
    # Another length, no word of the label read exactly, a label cut by the line's end, Vietnamese: as read.
    for text in ("Date of entry", "Dafe 0f blrth", "Place of resldents", "Ngày sinh / Date"):
        assert _fix(text) == text
    cut = [Word("Date", 70.0, (0, 0, 40, 20), 0), Word("0f", 70.0, (50, 40, 40, 20), 1),  # on the next line
           Word("expiry", 70.0, (100, 40, 40, 20), 1)]
    assert [w.text for w in fixes.fix_words(cut)[0]] == ["Date", "0f", "expiry"]


def test_a_cards_bilingual_labels_read_unsurely_are_kept_with_their_row():
    # As read off a chip CCCD photo: the glued label halves unsure, the row's values sure.
    read = [("Giới", 93), ("tính/Sex:", 31), ("Nữ", 86), ("Quốc", 0), ("tịch/Nafonalt;:", 0), ("Việt", 95), ("Nam", 95)]
    row = [Word(t, c, (i * 120, 0, 100, 40), 0) for i, (t, c) in enumerate(read)]
    labelled = [("Place", 80), ("of", 44), ("origin", 75)]
    place = [Word(t, c, (i * 120, 60, 100, 40), 1) for i, (t, c) in enumerate(labelled)]
    noise = [Word(t, c, (i * 120, 120, 100, 40), 2) for i, (t, c) in enumerate([("Œđ", 30), ("x/¬", 20), ("=.", 10)])]
    kept = junk.drop_junk(row + place + noise)
    assert [w.text for w in kept] == [t for t, _ in read] + ["Place", "of", "origin"]


def test_a_row_mostly_junk_keeps_its_plausible_words_read_surely():
    motto = [("Independence", 70), ("-", 93), ("Freedom.=.fappirless", 9), ("Œđ", 40)]  # the card's motto, smudged
    row = [Word(t, c, (i * 120, 0, 100, 40), 0) for i, (t, c) in enumerate(motto)]
    unsure = [Word(t, c, (i * 120, 60, 100, 40), 1) for i, (t, c) in enumerate([("Nam", 55), ("x/¬>", 20), ("=.", 10)])]
    assert [w.text for w in junk.drop_junk(row + unsure)] == ["Independence", "-"]
