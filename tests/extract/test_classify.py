import pytest

from extract.classify import classify
from tests.extract import samples
from tests.extract.noise import drop_line, nfd, no_marks, replace

CASES = [
    ("to_khai_khai_sinh", samples.TO_KHAI_KHAI_SINH),
    ("giay_chung_sinh", samples.GIAY_CHUNG_SINH),
    ("cccd", samples.CCCD),
    ("to_khai_ket_hon", samples.TO_KHAI_KET_HON),
    ("xac_nhan_tinh_trang_hon_nhan", samples.XAC_NHAN_HON_NHAN),
    ("to_khai_cu_tru", samples.CT01),
    ("hop_dong_thue_nha", samples.HOP_DONG),
    ("quyet_dinh", samples.QUYET_DINH),
    ("don_de_nghi", samples.DON_DE_NGHI),
]
TITLES = {
    "to_khai_khai_sinh": "TỜ KHAI", "giay_chung_sinh": "GIẤY CHỨNG SINH", "cccd": "CĂN CƯỚC",
    "to_khai_ket_hon": "TỜ KHAI", "xac_nhan_tinh_trang_hon_nhan": "GIẤY XÁC NHẬN",
    "to_khai_cu_tru": "TỜ KHAI",
    "hop_dong_thue_nha": "HỢP ĐỒNG", "quyet_dinh": "QUYẾT ĐỊNH\n", "don_de_nghi": "ĐƠN",
}


@pytest.mark.parametrize(("doc_type", "text"), CASES)
def test_each_type_is_recognised_confidently(doc_type, text):
    got, confidence = classify(text)
    assert got == doc_type
    assert confidence >= 0.75


@pytest.mark.parametrize(("doc_type", "text"), CASES)
def test_without_diacritics(doc_type, text):
    got, confidence = classify(no_marks(text))
    assert got == doc_type
    assert confidence >= 0.6


@pytest.mark.parametrize(("doc_type", "text"), CASES)
def test_with_the_title_under_a_stamp(doc_type, text):
    title = TITLES[doc_type].rstrip("\n")
    got, confidence = classify(drop_line(text, title))
    assert got == doc_type
    assert confidence >= 0.4


@pytest.mark.parametrize(("doc_type", "text"), CASES)
def test_decomposed_unicode_and_broken_lines(doc_type, text):
    broken = text.replace(": ", ":\n", 3)  # values pushed onto their own lines
    assert classify(nfd(broken))[0] == doc_type


def test_letter_errors_in_cues_are_tolerated():
    text = replace(samples.CCCD, "Citizen Identity Card", "Citizen ldentity Carcl")
    text = replace(text, "Place of origin", "Place of orign")
    assert classify(text)[0] == "cccd"


def test_birth_form_and_birth_certificate_are_told_apart():
    # Both are full of "sinh"; the birth form also mentions the certificate in its body.
    form = samples.TO_KHAI_KHAI_SINH + "\nKèm theo: Giấy chứng sinh số 123/GCS"
    assert classify(form)[0] == "to_khai_khai_sinh"
    assert classify(samples.GIAY_CHUNG_SINH)[0] == "giay_chung_sinh"


def test_a_title_cited_in_the_body_does_not_decide():
    decision = samples.QUYET_DINH + "\nXét đơn đề nghị của ông Nguyễn Văn Bình về việc cấp lại giấy tờ."
    assert classify(decision)[0] == "quyet_dinh"


@pytest.mark.parametrize("text", [
    "",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "Thông báo lịch họp tổ dân phố số 5 vào tối thứ bảy tuần này tại nhà văn hóa.",
    # short and noisy: unsure, so unknown, and the confidence says how little the best guess is worth
    "Ho, chu dem, ten: Tran Bao Ngoc\nNgay, thang, nam dang ky: 02/08/2023",
    "GlAY ... Sô: 21S\nNoi cu tru: To 3 Phuoc Hoa",
    "Mẫu số 05\nNgày 12 tháng 3 năm 2024\nký tên",
])
def test_text_that_matches_nothing_is_unknown(text):
    got, confidence = classify(text)
    assert got == "unknown"
    assert confidence <= 0.3
