"""The official forms as other renderings print them: values under or after their labels in other ways, prose
that holds a field, addressees and addresses wrapped over lines. Texts written here in the forms' wording."""

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
