"""The official forms as other renderings print them: values under or after their labels in other ways, prose
that holds a field, addressees and addresses wrapped over lines. Texts written here in the forms' wording."""

import pytest

from extract import analyze
from tests.extract.pages import page

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"


def values(text: str) -> dict[str, str]:
    return {k: f.value for k, f in analyze([page(text)]).fields.items()}


def test_addressee_is_the_agency_of_a_filed_form_even_wrapped():
    text = MOTTO + (
        "TỜ KHAI ĐĂNG KÝ KHAI SINH\n"
        "Kính gửi: Ủy ban nhân dân xã Tân Phong, huyện Quảng Xương, tỉnh Thanh\n"
        "Hóa\n"
        "Họ, chữ đệm, tên người yêu cầu: LÊ VĂN TÙNG\n"
        "Nơi cư trú: Thôn 3, xã Tân Phong, huyện Quảng Xương, tỉnh Thanh Hóa\n"
    )
    got = values(text)
    assert got["co_quan"] == "Ủy ban nhân dân xã Tân Phong, huyện Quảng Xương, tỉnh Thanh Hóa"
    assert got["nguoi_yeu_cau"] == "LÊ VĂN TÙNG"


def test_a_value_at_a_line_end_does_not_make_a_label_with_the_next_line():
    # "Nam" + "Sinh ngày" must not read as the label "Năm sinh".
    text = MOTTO + (
        "ĐƠN ĐỀ NGHỊ\n"
        "Kính gửi: Công an phường Đông Vệ, thành phố Thanh Hóa, tỉnh Thanh Hóa\n"
        "Tôi tên là: Trịnh Quốc Bảo   Giới tính: Nam\n"
        "Sinh ngày: 07/09/1988   Dân tộc: Mường\n"
    )
    got = values(text)
    assert (got["gioi_tinh"], got["ngay_sinh"], got["dan_toc"]) == ("Nam", "1988-09-07", "Mường")
    assert "nam_sinh" not in got


def test_rental_contract_parties_under_their_headings_and_the_rented_home():
    text = MOTTO + (
        "HỢP ĐỒNG THUÊ NHÀ Ở\n"
        "BÊN CHO THUÊ NHÀ (gọi tắt là Bên A):\n"
        "Ông/Bà: Phan Văn Hải   Sinh năm: 1960\n"
        "Số CCCD: 038060111222\n"
        "Nơi thường trú: Số 4 Lê Lợi, phường Điện Biên, thành phố Thanh Hóa, tỉnh Thanh Hóa\n"
        "BÊN THUÊ NHÀ (gọi tắt là Bên B):\n"
        "Ông/Bà: Đinh Thị Hằng   Ngày sinh: 14/02/1995\n"
        "Số CCCD: 038195333444\n"
        "Nơi thường trú: Thôn 2, xã Hoằng Đạt, huyện Hoằng Hóa, tỉnh Thanh Hóa\n"
        "Điều 1. Bên A đồng ý cho Bên B thuê nhà ở tại địa chỉ: Số 21, ngõ 5 Trần Phú, phường Ba\n"
        "Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa. Diện tích sử dụng: 40 m2.\n"
    )
    got = values(text)
    assert got["ho_ten"] == "Đinh Thị Hằng"  # the tenant, not the landlord
    assert got["ho_ten_ben_a"] == "Phan Văn Hải" and got["nam_sinh_ben_a"] == "1960"
    assert got["so_cccd"] == "038195333444"
    # The home the contract is about, cut where the sentence goes on; the tenant's own home kept apart.
    assert got["noi_cu_tru"] == "Số 21, ngõ 5 Trần Phú, phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa"
    assert got["noi_cu_tru_ben_b"] == "Thôn 2, xã Hoằng Đạt, huyện Hoằng Hóa, tỉnh Thanh Hóa"


def test_residence_form_address_inside_the_request_wrapping_after_one_word():
    text = MOTTO + (
        "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ\n"
        "Kính gửi: Công an phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa\n"
        "1. Họ, chữ đệm và tên: ĐINH THỊ HẰNG\n"
        "10. Nội dung đề nghị: Đăng ký thường trú vào chỗ ở hợp pháp do thuê tại địa chỉ: Số\n"
        "21, ngõ 5 Trần Phú, phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa\n"
        "11. Những thành viên trong hộ gia đình cùng thay đổi:\n"
    )
    got = values(text)
    assert got["noi_cu_tru"] == "Số 21, ngõ 5 Trần Phú, phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa"
    assert got["co_quan"] == "Công an phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa"


def test_decision_subject_with_residence_and_a_name_over_a_line_break():
    text = (
        "ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "HUYỆN NÔNG CỐNG   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 212/QĐ-UBND   Nông Cống, ngày 09 tháng 01 năm 2025\n"
        "QUYẾT ĐỊNH\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện Nông Cống cho Ông Hà\n"
        "Minh Đức, trú tại Thôn 6, xã Công Liêm, huyện Nông Cống, tỉnh Thanh Hóa, đã có thành tích\n"
        "xuất sắc trong phong trào thi đua.\n"
    )
    got = values(text)
    assert got["ho_ten"] == "Hà Minh Đức"
    assert got["noi_cu_tru"] == "Thôn 6, xã Công Liêm, huyện Nông Cống, tỉnh Thanh Hóa"
    assert got["so_van_ban"] == "212/QĐ-UBND"  # not "-Nông": the place before the date is no code
    assert got["ngay_ky"] == "2025-01-09"


def test_birth_certificate_name_after_la():
    text = (
        "SỞ Y TẾ THANH HÓA   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "BỆNH VIỆN PHỤ SẢN THANH HÓA   Độc lập - Tự do - Hạnh phúc\n"
        "GIẤY CHỨNG SINH\n"
        "Họ và tên mẹ: Đinh Thị Hằng\n"
        "Đã sinh con vào lúc: 10 giờ 05 phút, ngày 03 tháng 03 năm 2025\n"
        "Dự định đặt tên con là: Lê Gia Hân\n"
    )
    assert values(text)["ho_ten"] == "Lê Gia Hân"


# --- citizen ID cards: the 2016 CCCD, the 2021 chip CCCD, the 2024 "CĂN CƯỚC" (front and back) -----------

CARD_2016 = MOTTO + """CĂN CƯỚC CÔNG DÂN
Số: 038195333444
Họ và tên: ĐINH THỊ HẰNG
Ngày, tháng, năm sinh: 14/02/1995
Giới tính: Nữ   Quốc tịch: Việt Nam
Quê quán: Hoằng Đạt, Hoằng Hóa,
Thanh Hóa
Nơi thường trú: Thôn 2, Hoằng Đạt,
Hoằng Hóa, Thanh Hóa
Có giá trị đến: 14/02/2035"""

# The chip card: the number printed between the halves of the name label, the residence in the right column
# beside the expiry date, its second line under it while "Date of expiry" stays on the left.
CARD_2021 = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SOCIALIST REPUBLIC OF VIET NAM
CĂN CƯỚC CÔNG DÂN
Citizen Identity Card
Họ và tên / 038195333444 Full name:
ĐINH THỊ HẰNG
Ngày sinh / Date of birth:   14/02/1995
Giới tính / Sex: Nữ   Quốc tịch / Nationality: Việt Nam
Quê quán / Place of origin:
Hoằng Đạt, Hoằng Hóa, Thanh Hóa
Có giá trị đến: 14/02/2035   Nơi thường trú / Place of residence:   Thôn 2, Hoằng Đạt,
Date of expiry                 Hoằng Hóa, Thanh Hóa"""

CARD_2024_FRONT = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SOCIALIST REPUBLIC OF VIET NAM
CĂN CƯỚC
IDENTITY CARD
Số định danh cá nhân / Personal identification number:
038195333444
Họ, chữ đệm và tên / Full name:
ĐINH THỊ HẰNG
Ngày sinh / Date of birth: 14/02/1995
Giới tính / Sex: Nữ   Quốc tịch / Nationality: Việt Nam"""

CARD_2024_BACK = """Nơi cư trú / Place of residence:
Thôn 2, xã Hoằng Đạt, huyện Hoằng Hóa,
tỉnh Thanh Hóa
Nơi đăng ký khai sinh / Place of birth:
Xã Hoằng Đạt, huyện Hoằng Hóa, tỉnh Thanh Hóa
Ngày, tháng, năm cấp / Date of issue: 20/08/2024
Ngày, tháng, năm hết hạn / Date of expiry: 14/02/2035"""

HOLDER = {"ho_ten": "ĐINH THỊ HẰNG", "ngay_sinh": "1995-02-14", "gioi_tinh": "Nữ", "quoc_tich": "Việt Nam",
          "so_cccd": "038195333444"}


def test_card_2016():
    got = values(CARD_2016)
    assert {k: got.get(k) for k in HOLDER} == HOLDER
    assert got["que_quan"] == "Hoằng Đạt, Hoằng Hóa, Thanh Hóa"
    assert got["noi_cu_tru"] == "Thôn 2, Hoằng Đạt, Hoằng Hóa, Thanh Hóa"


def test_card_2021_right_column_and_number_inside_the_name_label():
    got = values(CARD_2021)
    assert {k: got.get(k) for k in HOLDER} == HOLDER
    assert got["noi_cu_tru"] == "Thôn 2, Hoằng Đạt, Hoằng Hóa, Thanh Hóa"  # not "... Date of expiry ..."
    assert got["co_gia_tri_den"] == "2035-02-14"


def test_card_2024_front_and_back():
    extraction = analyze([page(CARD_2024_FRONT), page(CARD_2024_BACK, number=2)])
    got = {k: f.value for k, f in extraction.fields.items()}
    assert {k: got.get(k) for k in HOLDER} == HOLDER
    # Both halves of a bilingual label are one label: the value under it wraps onto a second line.
    assert got["noi_cu_tru"] == "Thôn 2, xã Hoằng Đạt, huyện Hoằng Hóa, tỉnh Thanh Hóa"
    assert got["noi_sinh"] == "Xã Hoằng Đạt, huyện Hoằng Hóa, tỉnh Thanh Hóa"
    assert (got["ngay_cap"], got["co_gia_tri_den"]) == ("2024-08-20", "2035-02-14")


# --- the residence form CT01 (TT 56/2021/TT-BCA): digit boxes, dotted leaders, numbering read otherwise ----

CT01 = MOTTO + """TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
Kính gửi: Công an phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa
1. Họ, chữ đệm và tên: {name}
2. Ngày, tháng, năm sinh: {dob}   3. Giới tính: Nữ
4. Số định danh cá nhân: {id}
5. Số điện thoại liên hệ: 0912345678   6. Email:
10. Nội dung đề nghị: Đăng ký thường trú tại địa chỉ.......
Số 21, ngõ 5 Trần Phú, phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa
"""


@pytest.mark.parametrize("boxes", [
    "0 3 8 1 9 5 3 3 3 4 4 4",  # one digit per box, read with a space between
    "0   3   8   1   9   5   3   3   3   4   4   4",  # the boxes far apart: cell gaps
    "|0|3|8|1|9|5|3|3|3|4|4|4|",  # the boxes' sides read as bars, which are no 1s
    "| 0 | 3 | 8 | 1 | 9 | 5 | 3 | 3 | 3 | 4 | 4 | 4 |",
    "[0][3][8][1][9][5][3][3][3][4][4][4]",  # square sides
    "| O | 3 | 8 | 1 | 9 | 5 | 3 | 3 | 3 | 4 | 4 | 4 |",  # a 0 read as the letter
])
def test_ct01_digit_boxes(boxes):
    got = values(CT01.format(name="ĐINH THỊ HẰNG", dob="14/02/1995", id=boxes))
    assert got["so_cccd"] == "038195333444"


def test_ct01_date_in_boxes_dotted_leaders_and_numbering_read_as_a_colon():
    text = CT01.format(name="......ĐINH THỊ HẰNG.......", dob="1 4 / 0 2 / 1 9 9 5", id="038195333444")
    text = text.replace("1. Họ", "1: Họ")
    got = values(text)
    assert got["ho_ten"] == "ĐINH THỊ HẰNG"
    assert got["ngay_sinh"] == "1995-02-14"
    # "tại địa chỉ" followed by a dotted leader instead of a colon, the address on the next line.
    assert got["noi_cu_tru"] == "Số 21, ngõ 5 Trần Phú, phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa"


def test_three_spaced_digits_groups_stay_one_number():
    text = CT01.format(name="ĐINH THỊ HẰNG", dob="14/02/1995", id="038 195 333 444")
    assert values(text)["so_cccd"] == "038195333444"


# --- the marriage form (TT 04/2020/TT-BTP): a two-column party table, headings centred over the columns ---


def _row(label: str, left: str, right: str) -> str:
    return f"{label:<22}{left:<32}{right}".rstrip()


KET_HON = MOTTO + "\n".join([
    "TỜ KHAI ĐĂNG KÝ KẾT HÔN",
    "Kính gửi: Ủy ban nhân dân phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa",
    _row("Thông tin", " " * 13 + "Bên nữ", " " * 12 + "Bên nam"),  # centred over 32-letter columns
    _row("Họ, chữ đệm, tên", "Đinh Thị Hằng", "Lê Văn Tùng"),
    _row("Ngày, tháng, năm sinh", "14/02/1995", "03/07/1993"),
    _row("Dân tộc", "Kinh", "Mường"),
    _row("Quốc tịch", "Việt Nam", "Việt Nam"),
    _row("Nơi cư trú", "Thôn 2, xã Hoằng Đạt, huyện", "Số 4 Lê Lợi, phường Điện"),
    _row("", "Hoằng Hóa, tỉnh Thanh Hóa", "Biên, thành phố Thanh Hóa,"),
    _row("", "", "tỉnh Thanh Hóa"),
    _row("Giấy tờ tùy thân", "CCCD số 038195333444", "CCCD số 038093555666"),
    _row("Kết hôn lần thứ mấy", "Lần đầu", "Lần đầu"),
    "Làm tại: phường Ba Đình, ngày 10 tháng 3 năm 2025",
])


def test_marriage_party_table_with_centred_headings_and_wrapped_cells():
    got = values(KET_HON)
    picked = {k: got.get(k) for k in (
        "ho_ten", "ho_ten_ben_nam", "ngay_sinh", "ngay_sinh_ben_nam", "dan_toc", "dan_toc_ben_nam",
        "so_cccd", "so_cccd_ben_nam", "noi_cu_tru", "noi_cu_tru_ben_nam", "co_quan")}
    assert picked == {
        "ho_ten": "Đinh Thị Hằng", "ho_ten_ben_nam": "Lê Văn Tùng",
        "ngay_sinh": "1995-02-14", "ngay_sinh_ben_nam": "1993-07-03",
        "dan_toc": "Kinh", "dan_toc_ben_nam": "Mường",
        "so_cccd": "038195333444", "so_cccd_ben_nam": "038093555666",
        "noi_cu_tru": "Thôn 2, xã Hoằng Đạt, huyện Hoằng Hóa, tỉnh Thanh Hóa",
        "noi_cu_tru_ben_nam": "Số 4 Lê Lợi, phường Điện Biên, thành phố Thanh Hóa, tỉnh Thanh Hóa",
        "co_quan": "Ủy ban nhân dân phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa",
    }


# --- OCR slips around hand-filled values ------------------------------------------------------------------


def test_a_province_level_city_cut_short_is_the_one_central_city_it_begins():
    text = MOTTO + "TỜ KHAI ĐĂNG KÝ KHAI SINH\nQuê quán: phường Láng Hạ, quận Đống Đa, thành phố Hà\n"
    assert values(text)["que_quan"] == "phường Láng Hạ, quận Đống Đa, thành phố Hà Nội"
    # "tỉnh Hà" may be Hà Giang, Hà Nam or Hà Tĩnh: left as read.
    text = MOTTO + "TỜ KHAI ĐĂNG KÝ KHAI SINH\nQuê quán: xã Kim Sơn, huyện Kim Bảng, tỉnh Hà\n"
    assert values(text)["que_quan"] == "xã Kim Sơn, huyện Kim Bảng, tỉnh Hà"


def test_a_stray_syllable_far_before_a_card_value_is_left_out():
    text = CARD_2016.replace("Quê quán: Hoằng Đạt, Hoằng Hóa,\nThanh Hóa",
                             "Quê quán:\nbà   Hoằng Đạt, Hoằng Hóa, Thanh Hóa")
    assert values(text)["que_quan"] == "Hoằng Đạt, Hoằng Hóa, Thanh Hóa"


def test_signing_date_with_a_speck_stuck_to_a_number():
    text = CT01.format(name="ĐINH THỊ HẰNG", dob="14/02/1995", id="038195333444")
    text += "Thanh Hóa, ngày 10 tháng 3Š năm 2025\n"
    assert values(text)["ngay_ky"] == "2025-03-10"


# --- label variants and a name across a line break ---------------------------------------------------------

PETITION = MOTTO + "ĐƠN ĐỀ NGHỊ\nKính gửi: Ủy ban nhân dân xã Tân Phong, huyện Quảng Xương, tỉnh Thanh Hóa\n"


@pytest.mark.parametrize(("label", "name"), [
    ("Họ, chữ đệm, tên", "NGUYỄN VĂN AN"), ("Họ, chữ đệm và tên", "Nguyễn Văn An"),
    ("Họ và tên", "Nguyễn Văn An"), ("HỌ VÀ TÊN", "NGUYỄN VĂN AN"), ("Ho, chu dem, ten", "NGUYỄN VĂN AN"),
])
@pytest.mark.parametrize("id_label", ["Số định danh cá nhân", "Số CCCD", "Số giấy tờ tùy thân", "Số CMND/CCCD"])
@pytest.mark.parametrize("home_label", ["Nơi cư trú", "Nơi thường trú", "Địa chỉ thường trú"])
def test_official_label_variants(label, name, id_label, home_label):
    text = PETITION + (f"{label}: {name}\n{id_label}: 038190222333\n"
                       f"{home_label}: Thôn 2, xã Tân Phong, huyện Quảng Xương, tỉnh Thanh Hóa\n")
    got = values(text)
    assert (got.get("ho_ten"), got.get("so_cccd")) == (name, "038190222333")
    assert got.get("noi_cu_tru") == "Thôn 2, xã Tân Phong, huyện Quảng Xương, tỉnh Thanh Hóa"


@pytest.mark.parametrize(("first", "rest"), [("Nguyễn Văn", "An"), ("NGUYỄN", "VĂN AN")])
def test_a_name_wrapped_onto_the_next_line(first, rest):
    got = values(PETITION + f"Họ, chữ đệm, tên: {first}\n{rest}\nSố định danh cá nhân: 038190222333\n")
    assert got["ho_ten"] == f"{first} {rest}"


def test_a_name_does_not_take_the_next_line_when_it_is_no_part_of_it():
    got = values(PETITION + "Họ, chữ đệm, tên: Nguyễn Văn An\nNAM\nSố định danh cá nhân: 038190222333\n")
    assert got["ho_ten"] == "Nguyễn Văn An"  # "NAM" is not written as the name is


def test_a_stray_colon_after_a_hand_filled_value_is_no_label():
    text = CT01.format(name="VŨ ANH NGHĨA:   22   01", dob="14/02/1995", id="038195333444")
    assert values(text)["ho_ten"] == "VŨ ANH NGHĨA"


def test_signing_date_in_the_header_cell_without_its_comma():
    text = (
        "ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "HUYỆN NÔNG CỐNG   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 212/QĐ-UBND   Nông Cống ngày 09 tháng 01 năm 2025\n"
        "QUYẾT ĐỊNH\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
    )
    assert values(text)["ngay_ky"] == "2025-01-09"
    # Running text is no place-date: without the header cell there is no signing date.
    assert "ngay_ky" not in values(text.replace("   Nông Cống ngày 09 tháng 01 năm 2025", ""))


def test_card_residence_label_with_its_first_word_lost():
    text = CARD_2021.replace("Nơi thường trú / Place of residence:", "Nơi am   Đin   /   of residence:")
    assert values(text)["noi_cu_tru"] == "Thôn 2, Hoằng Đạt, Hoằng Hóa, Thanh Hóa"


def test_petition_opening_with_toi_la():
    got = values(PETITION + "Tôi là: Nguyễn Văn An   Sinh ngày: 01/02/1990\nTôi là cha của cháu Nguyễn Minh Khôi.\n")
    assert (got["ho_ten"], got["ngay_sinh"]) == ("Nguyễn Văn An", "1990-02-01")


def test_a_lone_letter_far_after_a_name_is_no_part_of_it():
    text = PETITION + "Họ, chữ đệm, tên: Hà Minh Khánh   E   323 322\n"
    assert values(text)["ho_ten"] == "Hà Minh Khánh"


def test_a_province_cut_short_completes_to_the_one_the_page_names_in_full():
    text = (MOTTO + "ĐƠN ĐỀ NGHỊ\nKính gửi: Công an xã Mỹ Hiệp, huyện Cao Lãnh, tỉnh Đồng Tháp\n"
            "Tôi tên là: Nguyễn Văn An\nNơi cư trú: Ấp 2, xã Mỹ Hiệp, huyện Cao Lãnh, tỉnh Đồng\n")
    assert values(text)["noi_cu_tru"] == "Ấp 2, xã Mỹ Hiệp, huyện Cao Lãnh, tỉnh Đồng Tháp"
    # Without the full name elsewhere, "tỉnh Đồng" may be Đồng Nai or Đồng Tháp: left as read.
    text = text.replace(", tỉnh Đồng Tháp\n", "\n")
    assert values(text)["noi_cu_tru"] == "Ấp 2, xã Mỹ Hiệp, huyện Cao Lãnh, tỉnh Đồng"


def test_a_value_after_another_field_that_wraps_to_the_margin_keeps_its_second_line():
    text = PETITION + ("Dân tộc: Kinh Nơi cư trú: Thôn 2, xã Tân Phong, huyện Quảng Xương,\n"
                       "tỉnh Thanh Hóa và nay vẫn ở đó\nSố định danh cá nhân: 038190222333\n")
    assert values(text)["noi_cu_tru"] == "Thôn 2, xã Tân Phong, huyện Quảng Xương, tỉnh Thanh Hóa"


def test_rented_home_named_in_the_article_without_a_colon():
    text = MOTTO + (
        "HỢP ĐỒNG THUÊ NHÀ Ở\n"
        "BÊN THUÊ NHÀ (Bên B):\n"
        "Ông/Bà: Đinh Thị Hằng\n"
        "Nơi thường trú: Thôn 2, xã Hoằng Đạt, huyện Hoằng Hóa, tỉnh Thanh Hóa\n"
        "Điều 1. Bên A đồng ý cho Bên B thuê căn nhà tại số 21, ngõ 5 Trần Phú, phường Ba Đình, thành phố\n"
        "Thanh Hóa, tỉnh Thanh Hóa để ở.\n"
    )
    assert values(text)["noi_cu_tru"] == "số 21, ngõ 5 Trần Phú, phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa"


# --- a hand-filled name OCR cut short, and the same name under the signature -------------------------------

SIGNED_CT01 = CT01.format(name="ĐINH THỊ", dob="14/02/1995", id="038195333444") + (
    "Thanh Hóa, ngày 10 tháng 3 năm 2025\n"
    "Ý KIẾN CỦA CHỦ SỞ HỮU   NGƯỜI KÊ KHAI\n"
    "(Ghi rõ nội dung, ký, ghi rõ họ tên)   (Ký, ghi rõ họ tên)\n"
    "{owner}   Đinh Thị Hằng\n"
)


def test_a_name_cut_short_is_completed_from_the_signature():
    got = values(SIGNED_CT01.format(owner="Phan Văn Hải"))
    assert got["ho_ten"] == "ĐINH THỊ HẰNG"  # in the case the field is written in


def test_a_name_is_not_completed_when_two_printed_names_could_complete_it():
    got = values(SIGNED_CT01.format(owner="Đinh Thị Mai"))
    assert got["ho_ten"] == "ĐINH THỊ"


def test_a_complete_name_beside_another_label_is_left_alone():
    got = values(PETITION + "Tôi tên là: Nguyễn Văn An Giới tính: Nam\nNgười làm đơn\nNguyễn Văn An\n")
    assert got["ho_ten"] == "Nguyễn Văn An"


def test_a_syllable_vietnamese_has_not_is_read_as_the_signature_spells_it():
    text = SIGNED_CT01.format(owner="Phan Văn Hải").replace("ĐINH THỊ\n", "ĐINH THỊ HẰẰNG\n")
    assert values(text)["ho_ten"] == "ĐINH THỊ HẰNG"
    # A valid reading stays as read, even where the signature spells another name.
    text = SIGNED_CT01.format(owner="Phan Văn Hải").replace("ĐINH THỊ\n", "ĐINH THỊ HÀNG\n")
    assert values(text)["ho_ten"] == "ĐINH THỊ HÀNG"


def test_the_same_name_printed_twice_in_two_cases_still_completes():
    text = SIGNED_CT01.format(owner="Phan Văn Hải") + "TT   ĐINH THỊ HẰNG   Chủ hộ\n"
    assert values(text)["ho_ten"] == "ĐINH THỊ HẰNG"


def test_a_card_address_goes_on_past_a_line_of_the_other_column():
    from extract import analyze
    from tests.extract.pages import page

    col = " " * 40  # the card's text column, right of the photo: 400 px in
    text = "\n".join([
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card",
        col + "Số / No.: 079077359616", col + "Họ và tên / Full name:", col + "NGUYỄN MINH PHÚC",
        col + "Ngày sinh / Date of birth: 19/05/1976",
        col + "Nơi thường trú / Place of residence: Số 126 Bạch Đằng, Phường",
        "Có giá trị đến: 19/05/2036",  # under the photo, a little higher than the address's second line
        "Date of expiry" + " " * 26 + "13, Bình Thạnh, TP. Hồ Chí Minh",
    ])
    fields = analyze([page(text)]).fields
    assert fields["noi_cu_tru"].value == "Số 126 Bạch Đằng, Phường 13, Bình Thạnh, TP. Hồ Chí Minh"
    # A line in the label's own column that another label opens is no continuation, skipped or not.
    other = text.replace("Có giá trị đến: 19/05/2036", col + "Quê quán / Place of origin:")
    assert "Bình Thạnh" not in analyze([page(other)]).fields["noi_cu_tru"].value


def test_a_line_stretched_by_one_tall_word_keeps_its_place_in_the_reading_order():
    from extract.layout import _from_words
    from ocr.types import Word

    def line(texts: list[str], n: int, top: int) -> list[Word]:
        return [Word(t, 95.0, (100 + 160 * i, top, 140, 32), n) for i, t in enumerate(texts)]

    # A column of item numbers read as one tall blob went into the second line: it is not read first.
    phone = line(["5.", "Số", "điện", "thoại:", "0898300562"], 0, 510)
    holder = [Word("Ơi", 20.0, (40, 380, 40, 220), 1), *line(["7.", "Họ", "tên", "chủ", "hộ:", "ĐỖ", "THỊ"], 1, 554)]
    lines = _from_words(1, phone + holder).text.splitlines()
    assert lines == ["5. Số điện thoại: 0898300562", "Ơi 7. Họ tên chủ hộ: ĐỖ THỊ"]
