from dataclasses import replace as replace_word

import pytest

from extract import analyze
from ocr.types import PageText, Word
from tests.extract import samples
from tests.extract.noise import nfd, no_marks, replace
from tests.extract.pages import page


def values(text: str, **kw) -> dict[str, str]:
    return {k: f.value for k, f in analyze([page(text, **kw)]).fields.items()}


def assert_has(got: dict[str, str], want: dict[str, str]) -> None:
    assert {k: got.get(k) for k in want} == want


def test_birth_form():
    got = values(samples.TO_KHAI_KHAI_SINH)
    assert_has(got, {
        "ho_ten": "Nguyễn Minh Khang",  # the child, not the requester
        "ngay_sinh": "2024-03-12",
        "gioi_tinh": "Nam",
        "dan_toc": "Kinh",
        "quoc_tich": "Việt Nam",
        "que_quan": "xã Vĩnh Ngọc, thành phố Nha Trang, tỉnh Khánh Hòa",
        "nguoi_yeu_cau": "Nguyễn Văn Bình",
        "noi_cu_tru": "Số 12 Trần Phú, phường Lộc Thọ, thành phố Nha Trang, tỉnh Khánh Hòa",
        "so_cccd": "056090001234",  # the requester's, as the form prints it for them
        "so_cccd_nguoi_yeu_cau": "056090001234",
        "quan_he": "Cha",
        "noi_sinh": "Bệnh viện Đa khoa tỉnh Khánh Hòa",
        "ngay_ky": "2024-03-20",
    })


def test_birth_form_parents_do_not_overwrite_the_child():
    text = samples.TO_KHAI_KHAI_SINH.replace("Tôi cam đoan", (
        "Họ, chữ đệm, tên người mẹ: Trần Thị Hoa\n"
        "Năm sinh: 1995 Dân tộc: Tày Quốc tịch: Việt Nam\n"
        "Nơi cư trú: Số 12 Trần Phú, phường Lộc Thọ\n"
        "Họ, chữ đệm, tên người cha: Nguyễn Văn Bình\n"
        "Năm sinh: 1990 Dân tộc: Kinh Quốc tịch: Việt Nam\n"
        "Tôi cam đoan"))
    got = values(text)
    assert got["ho_ten"] == "Nguyễn Minh Khang"
    assert got["dan_toc"] == "Kinh"
    assert (got["ho_ten_me"], got["nam_sinh_me"], got["dan_toc_me"]) == ("Trần Thị Hoa", "1995", "Tày")
    assert (got["ho_ten_cha"], got["nam_sinh_cha"]) == ("Nguyễn Văn Bình", "1990")


def test_birth_form_date_in_words_only():
    text = replace(samples.TO_KHAI_KHAI_SINH, "Ngày, tháng, năm sinh: 12/03/2024 ghi bằng chữ:",
                   "Ngày, tháng, năm sinh: ........ ghi bằng chữ:")
    assert values(text)["ngay_sinh"] == "2024-03-12"


def test_birth_form_requester_card_is_not_checked_against_the_child():
    # The requester's CCCD (born 1990) and the child's 2024 birth date belong to different people.
    assert analyze([page(samples.TO_KHAI_KHAI_SINH)]).problems == []


def test_birth_certificate():
    got = values(samples.GIAY_CHUNG_SINH)
    assert_has(got, {
        "ho_ten": "Nguyễn Minh Khang",
        "ngay_sinh": "2024-03-12",  # from "Đã sinh con vào lúc", not the mother's year or the signing date
        "gioi_tinh": "Nam",
        "so_van_ban": "123/GCS",
        "ho_ten_me": "Trần Thị Hoa",
        "nam_sinh_me": "1995",
        "so_cccd_me": "056195004321",
        "so_cccd": "056195004321",
        "noi_cu_tru": "Số 12 Trần Phú, phường Lộc Thọ, thành phố Nha Trang",
        "ngay_ky": "2024-03-13",
        "co_quan": "BỆNH VIỆN ĐA KHOA TỈNH KHÁNH HÒA",
    })


def test_cccd():
    got = values(samples.CCCD)
    assert_has(got, {
        "so_cccd": "056090001234",
        "ho_ten": "NGUYỄN VĂN BÌNH",  # as printed, in capitals, from the line under the label
        "ngay_sinh": "1990-11-23",  # not the expiry date
        "gioi_tinh": "Nam",
        "quoc_tich": "Việt Nam",
        "que_quan": "Vĩnh Ngọc, Nha Trang, Khánh Hòa",
        "noi_cu_tru": "Số 12 Trần Phú, Lộc Thọ Nha Trang, Khánh Hòa",  # two printed lines
        "co_gia_tri_den": "2030-11-23",
    })
    assert "co_quan" not in got and "so_van_ban" not in got


def test_cccd_without_diacritics_and_with_ocr_digit_errors():
    text = no_marks(samples.CCCD)
    text = replace(text, "Ho va ten / Full name:", "HO VA TEN I Full name:")
    text = replace(text, "056090001234", "O56O9O OO1234")
    got = values(text)
    assert got["so_cccd"] == "056090001234"
    assert got["ho_ten"] == "NGUYEN VAN BINH"
    assert got["ngay_sinh"] == "1990-11-23"


def test_cccd_with_misread_english_labels():
    text = replace(samples.CCCD, "Quốc tịch / Nationality:", "Quốc tịch / Nattoaahty:")
    text = replace(text, "Quê quán / Place of origin:", "Quê quán / Place of orrgn:")
    text = replace(text, "Số / No.:", "Số I No.:")
    got = values(text)
    assert got["quoc_tich"] == "Việt Nam"
    assert got["que_quan"] == "Vĩnh Ngọc, Nha Trang, Khánh Hòa"
    assert got["so_cccd"] == "056090001234"


CCCD_BACK = """Đặc điểm nhân dạng / Personal identification: Nốt ruồi cách 2cm trên mép phải
Ngày, tháng, năm / Date, month, year: 10/08/2021
CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI
IDVNM0900012340056090001234<<4
9011238M3011236VNM<<<<<<<<<<<6
NGUYEN<<VAN<BINH<<<<<<<<<<<<<<"""


def test_cccd_front_and_back():
    front = replace(samples.CCCD, "Số / No.: 056090001234\n", "")  # number unreadable on the front
    extraction = analyze([page(front), page(CCCD_BACK, number=2)])
    assert extraction.doc_type == "cccd"
    got = {k: (f.value, f.page) for k, f in extraction.fields.items()}
    assert got["so_cccd"] == ("056090001234", 2)  # from the machine-readable zone
    assert got["ngay_cap"] == ("2021-08-10", 2)
    assert got["ngay_sinh"] == ("1990-11-23", 1)


def test_cccd_number_contradicting_the_card():
    text = replace(samples.CCCD, "056090001234", "056191001234")
    problems = analyze([page(text)]).problems
    assert sorted(p.code for p in problems) == ["cccd_birth_year_mismatch", "cccd_sex_mismatch"]
    assert all(p.message for p in problems)


def test_marriage_form_with_printed_cell_separators():
    got = values(samples.TO_KHAI_KET_HON)
    assert_has(got, {
        "ho_ten": "Lê Thị Thanh Hòa", "ngay_sinh": "1996-06-05", "so_cccd": "056196001111",
        "dan_toc": "Kinh", "quoc_tich": "Việt Nam", "noi_cu_tru": "Lộc Thọ, Nha Trang, Khánh Hòa",
        "ho_ten_ben_nam": "Phạm Quốc Thủy", "ngay_sinh_ben_nam": "1994-08-17",
        "so_cccd_ben_nam": "056094002222",
        "ho_ten_ben_nu": "Lê Thị Thanh Hòa", "ngay_ky": "2024-04-02",
    })


def _columns(rows: list[tuple[str, str, str]], widths: tuple[int, int] = (24, 36)) -> str:
    return "\n".join(a.ljust(widths[0]) + b.ljust(widths[1]) + c for a, b, c in rows)


def test_marriage_form_cells_found_from_word_positions():
    # What OCR gives for a table: no separators, cells only apart on the page; an address wraps in its cell.
    table = _columns([
        ("Thông tin", "Bên nữ", "Bên nam"),
        ("Họ, chữ đệm, tên", "Lê Thị Thanh Hòa", "Phạm Quốc Thủy"),
        ("Ngày, tháng, năm sinh", "05/06/1996", "17/08/1994"),
        ("Nơi cư trú", "Số 5 Lê Lợi, phường Lộc", "Thôn 2, xã Vĩnh Ngọc,"),
        ("", "Thọ, Nha Trang", "Nha Trang"),
        ("Giấy tờ tùy thân", "CCCD số 056196001111", "CCCD số 056094002222"),
    ])
    text = "TỜ KHAI ĐĂNG KÝ KẾT HÔN\n" + table
    got = values(text)
    assert got["ho_ten"] == "Lê Thị Thanh Hòa"
    assert got["ho_ten_ben_nam"] == "Phạm Quốc Thủy"
    assert got["ngay_sinh_ben_nam"] == "1994-08-17"
    assert got["noi_cu_tru"] == "Số 5 Lê Lợi, phường Lộc Thọ, Nha Trang"
    assert got["noi_cu_tru_ben_nam"] == "Thôn 2, xã Vĩnh Ngọc, Nha Trang"
    assert got["so_cccd_ben_nam"] == "056094002222"


def _placed(rows: list[list[tuple[str, int, int]]], top: int = 900, height: int = 40) -> PageText:
    """Words with their left edge and width in pixels, one row every 62 px."""
    words = [Word(text, 95.0, (x, top + 62 * i, w, height), i)
             for i, row in enumerate(rows) for text, x, w in row]
    text = "\n".join(" ".join(t for t, _, _ in row) for row in rows)
    return PageText(1, text, "ocr", 95.0, words, 2480, 3508)


# The marriage form's title and its column headings, boxes measured on a 300 dpi scan.
MARRIAGE_HEAD = [
    [("TỜ", 900, 60), ("KHAI", 980, 100), ("ĐĂNG", 1100, 110), ("KÝ", 1230, 60), ("KẾT", 1310, 80),
     ("HÔN", 1410, 90)],
    [("Thông", 301, 120), ("tin", 440, 60), ("Bên", 884, 80), ("nữ", 984, 50), ("Bên", 1566, 80),
     ("nam", 1666, 80)],
]


def test_marriage_form_left_cell_wrapped_up_to_the_column_line():
    # Boxes measured on a 300 dpi scan: the bride's address wraps right up to the groom's column, so the
    # gap before "Huyện" (27 px) is hardly wider than a space (~20 px); the groom's cell still starts
    # under "Bên nam".
    rows = [
        *MARRIAGE_HEAD,
        [("Nơi", 301, 69), ("cư", 389, 52), ("trú", 457, 52), ("Số", 884, 55), ("72", 956, 49),
         ("Nguyễn", 1025, 158), ("Thị", 1200, 62), ("Minh", 1283, 96), ("Khai,", 1400, 101),
         ("Ấp", 1564, 56), ("1,", 1639, 33), ("Thị", 1690, 62), ("trấn", 1769, 79), ("Diên", 1869, 91),
         ("Khánh,", 1981, 144)],
        [("Phường", 886, 168), ("Phước", 1075, 140), ("Ninh,", 1235, 103), ("Quận", 1358, 113),
         ("Hải", 1491, 64), ("Huyện", 1582, 112), ("Diên", 1720, 91), ("Khánh,", 1832, 144),
         ("Tỉnh", 1994, 90)],
        [("Châu,", 884, 122), ("Thành", 1024, 132), ("phố", 1175, 75), ("Đà", 1265, 62), ("Nẵng", 1344, 108),
         ("Khánh", 1568, 132), ("Hòa", 1720, 85)],
    ]
    got = {k: f.value for k, f in analyze([_placed(rows)]).fields.items()}
    assert got["noi_cu_tru"] == ("Số 72 Nguyễn Thị Minh Khai, Phường Phước Ninh, Quận Hải Châu, "
                                 "Thành phố Đà Nẵng")
    assert got["noi_cu_tru_ben_nam"] == "Ấp 1, Thị trấn Diên Khánh, Huyện Diên Khánh, Tỉnh Khánh Hòa"


def test_marriage_form_words_glued_across_the_column_line():
    # Boxes measured on a 300 dpi scan: tesseract read "Mỹ" + "Số" and "Tỉnh" + "Phường" as one word each,
    # straddling the line where the groom's column starts.
    rows = [
        *MARRIAGE_HEAD,
        [("Nơi", 301, 69), ("cư", 389, 52), ("trú", 457, 52), ("Số", 884, 55), ("212", 956, 75), ("Ngô", 1051, 82),
         ("Quyền,", 1151, 148), ("Phường", 1321, 168), ("MỹSố", 1510, 111), ("191", 1639, 74),
         ("Phan", 1734, 104), ("Chu", 1857, 82), ("Trinh,", 1957, 115)],
        [("Phú,", 886, 90), ("Thành", 994, 133), ("phố", 1146, 75), ("Cao", 1238, 84), ("Lãnh,", 1342, 111),
         ("TỉnhPhường", 1471, 265), ("Vị", 1753, 39), ("Xuyên,", 1810, 144), ("Thành", 1972, 133),
         ("phố", 2124, 75)],
        [("Đồng", 884, 110), ("Tháp", 1010, 100), ("Nam", 1568, 85), ("Định,", 1670, 110), ("Tỉnh", 1804, 90),
         ("Nam", 1912, 85), ("Định", 2015, 100)],
    ]
    got = {k: f.value for k, f in analyze([_placed(rows)]).fields.items()}
    assert got["noi_cu_tru"] == "Số 212 Ngô Quyền, Phường Mỹ Phú, Thành phố Cao Lãnh, Tỉnh Đồng Tháp"
    assert got["noi_cu_tru_ben_nam"] == "Số 191 Phan Chu Trinh, Phường Vị Xuyên, Thành phố Nam Định, Tỉnh Nam Định"


def test_label_words_ocr_ran_together():
    # Read off a clean scan: "năm sinh" as "nămsinh". Unmatched, the label's row ran into the name above it.
    table = _columns([
        ("Thông tin", "Bên nữ", "Bên nam"),
        ("Họ, chữ đệm, tên", "Huỳnh Hồng Khuê", "Hoàng Công Thuỷ"),
        ("Ngày, tháng,nămsinh", "06/11/1985", "16/04/1982"),
    ])
    got = values("TỜ KHAI ĐĂNG KÝ KẾT HÔN\n" + table)
    assert (got["ho_ten"], got["ho_ten_ben_nam"]) == ("Huỳnh Hồng Khuê", "Hoàng Công Thuỷ")
    assert (got["ngay_sinh"], got["ngay_sinh_ben_nam"]) == ("1985-11-06", "1982-04-16")
    assert values("Họ và tên: Trần Văn An\nSốCCCD: 056090001234")["so_cccd"] == "056090001234"


def test_marriage_form_row_read_as_plain_text():
    # No boxes and single spaces: the row is split by what it holds.
    text = ("TỜ KHAI ĐĂNG KÝ KẾT HÔN\nThông tin Bên nữ Bên nam\n"
            "Họ, chữ đệm, tên Nguyễn Thị Hoàng Mai Trần Văn Nam\n"
            "Ngày, tháng, năm sinh 05/06/1996 17/08/1994\n"
            "Giấy tờ tùy thân CCCD số 056196001111 CCCD số 056094002222")
    got = {k: f.value for k, f in analyze([PageText(1, text, "ocr", None)]).fields.items()}
    assert (got["ho_ten"], got["ho_ten_ben_nam"]) == ("Nguyễn Thị Hoàng Mai", "Trần Văn Nam")
    assert (got["ngay_sinh"], got["ngay_sinh_ben_nam"]) == ("1996-06-05", "1994-08-17")
    assert (got["so_cccd"], got["so_cccd_ben_nam"]) == ("056196001111", "056094002222")


def test_marital_status_certificate():
    got = values(samples.XAC_NHAN_HON_NHAN)
    assert_has(got, {
        "so_van_ban": "45/XNTTHN", "ho_ten": "Phạm Quốc Thủy", "nguoi_yeu_cau": "Phạm Quốc Thủy",
        "ngay_sinh": "1994-08-17", "gioi_tinh": "Nam", "so_cccd": "056094002222",
        "noi_cu_tru": "Vĩnh Hải, Nha Trang, Khánh Hòa", "tinh_trang_hon_nhan": "Chưa đăng ký kết hôn với ai",
        "ngay_ky": "2024-02-15", "co_quan": "ỦY BAN NHÂN DÂN PHƯỜNG VĨNH HẢI",
    })


def test_residence_form_household_head_does_not_overwrite_the_subject():
    got = values(samples.CT01)
    assert_has(got, {
        "ho_ten": "Võ Thị Mai", "ngay_sinh": "1998-09-02", "gioi_tinh": "Nữ", "so_cccd": "056198003333",
        "so_dien_thoai": "0905123456", "nguoi_yeu_cau": "Võ Thị Mai", "ho_ten_chu_ho": "Đặng Văn Long",
        "so_cccd_chu_ho": "056070004444", "quan_he_chu_ho": "Người thuê nhà", "ngay_ky": "2024-05-10",
    })


def test_residence_form_row_with_the_next_item_glued_on():
    text = replace(samples.CT01, "+84 905 123 456   6. Email:", "0905123456 6. Email: mai.vo@gmail.com")
    got = values(text)
    assert got["so_dien_thoai"] == "0905123456"
    assert got["email"] == "mai.vo@gmail.com"


def test_rental_contract_subject_is_the_tenant():
    got = values(samples.HOP_DONG)
    assert_has(got, {
        "ho_ten": "Võ Thị Mai", "so_cccd": "056198003333", "so_dien_thoai": "0905123456",
        "ho_ten_ben_a": "Đặng Văn Long", "so_cccd_ben_a": "056070004444", "ho_ten_ben_b": "Võ Thị Mai",
        "dia_chi_nha_cho_thue": "Số 8 Lê Thánh Tôn, phường Lộc Thọ, thành phố Nha Trang",
        "ngay_ky": "2024-05-01",
    })


def test_decision():
    got = values(samples.QUYET_DINH)
    assert_has(got, {
        "so_van_ban": "05/QĐ-UBND", "ngay_ky": "2020-01-05", "co_quan": "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
        "ho_ten": "Lê Thị Thanh Hòa", "ngay_sinh": "1996-06-05",  # the person of Điều 1, across a line break
    })


@pytest.mark.parametrize(("printed", "want"), [
    ("Số: 05 QĐ UBND", "05/QĐ-UBND"),
    ("Số: 05IQĐ-UBND", "05/QĐ-UBND"),
    ("Số 05/QĐ-UBND", "05/QĐ-UBND"),
    ("Số: 45/2020/NĐ-CP", "45/2020/NĐ-CP"),
])
def test_decision_number_repairs(printed, want):
    assert values(replace(samples.QUYET_DINH, "Số: 05/QĐ-UBND", printed))["so_van_ban"] == want


@pytest.mark.parametrize("line", [
    "Hải Phòng, ngày 30 tháng 3 năm 2025",
    "Hai Phong, ngay 30 thang 3 nam 2025",
    "Hải Phòng, Xa 30 tháng 3 năm 2025",  # "ngày" misread
    "Hải Phòng , ngày 3O tháng 3 năm 2025",
])
def test_signing_date(line):
    text = replace(samples.DON_DE_NGHI, "Nha Trang, ngày 18 tháng 03 năm 2024", line)
    assert values(text)["ngay_ky"] == "2025-03-30"


def test_signing_date_is_not_a_date_a_label_claimed():
    # The birth certificate's "..., ngày 12 tháng 03 năm 2024" after "Đã sinh con vào lúc" is the birth.
    text = samples.GIAY_CHUNG_SINH.replace("Nha Trang, ngày 13 tháng 03 năm 2024", "")
    assert "ngay_ky" not in values(text)


def test_issuer_on_two_header_lines_and_capitals_only():
    text = "ỦY BAN NHÂN DÂN\nXÃ VĨNH NGỌC\nSố: 12/QĐ-UBND\nQUYẾT ĐỊNH\nCăn cứ Luật;\nĐiều 1. Phê duyệt."
    assert values(text)["co_quan"] == "ỦY BAN NHÂN DÂN XÃ VĨNH NGỌC"
    # A petition has no issuer: its agency is the addressee after "Kính gửi", not a header line.
    got = values(samples.DON_DE_NGHI)
    assert got["co_quan"] == got["co_quan_nhan"] == "Ủy ban nhân dân phường Lộc Thọ"


def test_petition_with_ocr_noise():
    text = replace(samples.DON_DE_NGHI, "Số CCCD: 056090001234", "Só CCCD: O5609OOO1234")
    text = replace(text, "Sinh ngày: 23/11/1990", "Sinh ngay 23/11/199O")
    got = values(text)
    assert_has(got, {
        "ho_ten": "Nguyễn Văn Bình", "nguoi_yeu_cau": "Nguyễn Văn Bình", "ngay_sinh": "1990-11-23",
        "so_cccd": "056090001234", "so_dien_thoai": "0905111222", "ngay_ky": "2024-03-18",
        "noi_cu_tru": "Số 12 Trần Phú, phường Lộc Thọ, thành phố Nha Trang",
        "co_quan_nhan": "Ủy ban nhân dân phường Lộc Thọ",
    })


def test_petition_with_old_card():
    got = values(replace(samples.DON_DE_NGHI, "Số CCCD: 056090001234", "Số CMND: 225 123 456"))
    assert got["so_cmnd"] == "225123456"
    assert "so_cccd" not in got


def test_unreadable_id_is_reported_not_guessed():
    extraction = analyze([page(replace(samples.DON_DE_NGHI, "056090001234", "0560900123"))])
    assert "so_cccd" not in extraction.fields
    assert [p.code for p in extraction.problems] == ["id_unreadable"]


def test_decomposed_input_and_value_on_the_next_line():
    text = replace(samples.DON_DE_NGHI, "Tôi tên là: Nguyễn Văn Bình", "Tôi tên là:\nNguyễn Văn Bình")
    got = values(nfd(text))
    assert got["ho_ten"] == "Nguyễn Văn Bình"
    assert got["noi_cu_tru"] == "Số 12 Trần Phú, phường Lộc Thọ, thành phố Nha Trang"


def test_broken_label_and_wrapped_address():
    text = replace(samples.DON_DE_NGHI, "Tôi tên là: Nguyễn Văn Bình", "Tôi tên\nlà: Nguyễn Văn Bình")
    text = replace(text, "phường Lộc Thọ, thành phố Nha Trang\n",
                   "phường Lộc Thọ, thành phố Nha\nTrang, tỉnh Khánh Hòa\n")
    got = values(text)
    assert got["ho_ten"] == "Nguyễn Văn Bình"
    assert got["noi_cu_tru"] == "Số 12 Trần Phú, phường Lộc Thọ, thành phố Nha Trang, tỉnh Khánh Hòa"


def test_names_keep_their_tone_placement_and_case():
    text = replace(samples.DON_DE_NGHI, "Nguyễn Văn Bình", "Nguyễn Thị Thuỷ")
    assert values(text)["ho_ten"] == "Nguyễn Thị Thuỷ"


def test_field_confidence_is_the_mean_of_its_words():
    extraction = analyze([page(samples.DON_DE_NGHI, confidence=90.0, low={"Bình": 60.0})])
    name = extraction.fields["ho_ten"]
    assert name.confidence == pytest.approx((90 + 90 + 60) / 3, abs=0.01)
    assert name.weakest == 60.0  # the one word read badly shows, however high the mean
    assert name.raw == "Nguyễn Văn Bình"
    assert name.page == 1
    assert extraction.fields["so_cccd"].confidence == 90.0


def test_confidence_is_none_without_words():
    extraction = analyze([PageText(1, samples.DON_DE_NGHI, "text-layer", None)])
    assert extraction.fields["ho_ten"].value == "Nguyễn Văn Bình"
    assert extraction.fields["ho_ten"].confidence is None


def test_fields_on_a_second_page_carry_its_number():
    first, second = samples.HOP_DONG.split("Bên thuê (Bên B)")
    extraction = analyze([page(first), page("Bên thuê (Bên B)" + second, number=2)])
    assert extraction.doc_type == "hop_dong_thue_nha"
    assert extraction.fields["ho_ten_ben_a"].page == 1
    assert extraction.fields["ho_ten"].page == 2
    assert extraction.fields["ho_ten"].value == "Võ Thị Mai"


def test_ocr_blocks_out_of_reading_order_are_put_back_by_position():
    # tesseract may emit a card's footer block first and split a row into two blocks.
    rows = ["Có giá trị đến: 23/11/2030", "CĂN CƯỚC CÔNG DÂN", "Số / No.: 056090001234",
            "Họ và tên / Full name:", "NGUYỄN VĂN BÌNH", "Ngày sinh / Date of birth: 23/11/1990",
            "Giới tính / Sex: Nam", "Quốc tịch / Nationality: Việt Nam"]
    y = {0: 9, 1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 5}  # visual row of each block
    x = {7: 400}
    words = []
    for line, text in enumerate(rows):
        left = x.get(line, 0)
        for i, w in enumerate(text.split()):
            words.append(Word(w, 90.0, (left + i * 45, y[line] * 30, 40, 20), line))
    extraction = analyze([PageText(1, "\n".join(rows), "ocr", 90.0, words)])
    got = {k: f.value for k, f in extraction.fields.items()}
    assert extraction.doc_type == "cccd"
    assert got["ngay_sinh"] == "1990-11-23"
    assert got["co_gia_tri_den"] == "2030-11-23"
    assert (got["gioi_tinh"], got["quoc_tich"]) == ("Nam", "Việt Nam")


@pytest.mark.parametrize(("read", "sex"), [("ÑNam", "Nam"), ("Nữ", "Nữ"), ("¡Nữ", None), ("Nanh", None)])
def test_sex_with_a_stray_glyph_glued_before_it(read, sex):
    # Read off an office scan of a marital-status certificate: a speck over the N became "Ñ".
    got = values(f"Giới tính: {read}   Dân tộc: Kinh   Quốc tịch: Việt Nam")
    assert got.get("gioi_tinh") == sex
    assert got["dan_toc"] == "Kinh"


@pytest.mark.parametrize(("read", "value"), [
    # Read off card scans: the province's last word went into the next line's jumble.
    ("Phường Vạn Thạnh, Thành phố Nha Trang, Tỉnh Khánh",
     "Phường Vạn Thạnh, Thành phố Nha Trang, Tỉnh Khánh Hòa"),
    ("Phường Thạch Thang, Quận Hải Châu, Thành phố Đà", "Phường Thạch Thang, Quận Hải Châu, Thành phố Đà Nẵng"),
    ("Xã Hòa Bắc, Huyện Hòa Vang, Tỉnh Hà", "Xã Hòa Bắc, Huyện Hòa Vang, Tỉnh Hà"),  # Hà Nam? Hà Tĩnh?
    ("Phường Lê Lợi, Thành phố Vinh", "Phường Lê Lợi, Thành phố Vinh"),  # a city, not a cut "Vĩnh …"
    ("Ấp 1, Thị trấn Lai Vung, Huyện. Lai Vung, Tỉnh Đồng Tháp",  # a speck read as a dot
     "Ấp 1, Thị trấn Lai Vung, Huyện Lai Vung, Tỉnh Đồng Tháp"),
])
def test_address_repairs(read, value):
    got = values(f"Họ và tên: Trần Văn An\nNơi cư trú: {read}\nSố điện thoại: 0912345678")
    assert got["noi_cu_tru"] == value


def test_motto_is_never_a_field():
    got = values("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                 "ĐƠN ĐỀ NGHỊ\nTôi tên là: Lê Văn Tám")
    assert got == {"ho_ten": "Lê Văn Tám", "nguoi_yeu_cau": "Lê Văn Tám"}


def _read_two_ways(pg: PageText, printed: str, other: str) -> PageText:
    """`pg` with the word `printed` carrying `other` as a second read's reading (ocr.digits)."""
    words = [replace_word(w, alternatives=(other,)) if w.text == printed else w for w in pg.words]
    assert words != pg.words
    return replace_word(pg, words=words)


def test_an_id_read_two_ways_carries_both_readings():
    pg = _read_two_ways(page(samples.TO_KHAI_KET_HON.replace("056094002222", "056094002522")),
                        "056094002522", "056094002222")
    fields = analyze([pg]).fields
    assert fields["so_cccd_ben_nam"].value == "056094002522"
    assert fields["so_cccd_ben_nam"].alternatives == ["056094002222"]
    assert fields["so_cccd"].alternatives == []  # the bride's number was read once, alike


def test_an_id_a_second_read_gave_alike_is_confirmed():
    pg = page(samples.TO_KHAI_KET_HON)
    pg = replace_word(pg, words=[replace_word(w, confirmed=True) if w.text == "056094002222" else w for w in pg.words])
    fields = analyze([pg]).fields
    assert fields["so_cccd_ben_nam"].confirmed  # the second read agreed
    assert not fields["so_cccd"].confirmed  # the bride's number was read once
    both = _read_two_ways(pg, "056094002222", "056094002522")
    assert not analyze([both]).fields["so_cccd_ben_nam"].confirmed  # a disagreeing read is no confirmation


def test_a_second_reading_of_another_length_is_not_an_alternative():
    pg = _read_two_ways(page(samples.TO_KHAI_KET_HON), "056094002222", "05609400222")
    assert analyze([pg]).fields["so_cccd_ben_nam"].alternatives == []


def test_a_signature_caption_under_an_empty_name_label_is_no_name():
    text = ("GIẤY CHỨNG SINH\nHọ và tên mẹ/người nuôi dưỡng:\nDự định đặt tên con\nNGƯỜI ĐỠ ĐẺ KT. GIÁM ĐỐC\n"
            "(Ký, ghi rõ họ tên)")
    fields = analyze([page(text)]).fields
    assert all("ĐỠ ĐẺ" not in f.value and "GIÁM ĐỐC" not in f.value for f in fields.values())
    named = analyze([page("GIẤY CHỨNG SINH\nDự định đặt tên con: NGUYỄN MINH KHANG")]).fields
    assert named["ho_ten"].value == "NGUYỄN MINH KHANG"


def test_an_id_read_two_ways_is_the_reading_that_fits_the_paper():
    # the mother, born in 1995, has 056195…; the page read the year digits as 56, the second read as 95
    pg = _read_two_ways(page(samples.GIAY_CHUNG_SINH.replace("056195004321", "056156004321")),
                        "056156004321", "056195004321")
    got = analyze([pg])
    assert got.fields["so_cccd_me"].value == "056195004321"
    assert got.fields["so_cccd_me"].alternatives == ["056156004321"]
    assert "cccd_birth_year_mismatch" not in [p.code for p in got.problems]


@pytest.mark.parametrize(("read", "sex"), [("Na", "Nam"), ("Nữ", "Nữ"), ("Fe", "Nữ"), ("N", None)])
def test_a_sex_cut_short_is_the_one_word_it_can_begin(read, sex):
    got = values(samples.GIAY_CHUNG_SINH.replace("Giới tính của con: Nam", f"Giới tính của con: {read}"))
    assert got.get("gioi_tinh") == sex


def test_a_card_label_that_lost_a_word_of_its_english_half_is_still_a_label():
    # a speck from the emblem before the label, "Full" lost: the value on the next line is still the name
    got = values(samples.CCCD.replace("Họ và tên / Full name:", "đu Họ và tên name:"))
    assert got["ho_ten"] == "NGUYỄN VĂN BÌNH"
    # mid-line, such a label still needs its colon: a sentence naming the label holds no name
    text = "GIẤY ĐỀ NGHỊ\nĐề nghị ghi lại họ và tên name Trần Văn Tư trên giấy tờ"
    assert "ho_ten" not in values(text)
