"""Result papers, legal texts and `unknown`: each class must be recognised, and must not be taken for its
look-alike (a tờ khai for the giấy khai sinh, a Nghị định for a Quyết định, a CCCD for a xác nhận cư trú)."""

import pytest

from extract.classify import classify, scores
from tests.extract import more_samples as more
from tests.extract import samples
from tests.extract.noise import drop_line, nfd, no_marks, replace

CASES = [
    ("giay_khai_sinh", more.GIAY_KHAI_SINH),
    ("trich_luc_khai_sinh", more.TRICH_LUC_KHAI_SINH),
    ("giay_chung_nhan_ket_hon", more.GIAY_CHUNG_NHAN_KET_HON),
    ("xac_nhan_cu_tru", more.XAC_NHAN_CU_TRU),
    ("van_ban_phap_luat", more.NGHI_DINH),
    ("van_ban_phap_luat", more.LUAT),
    ("van_ban_phap_luat", more.THONG_TU),
    ("van_ban_phap_luat", more.NGHI_QUYET),
    ("van_ban_phap_luat", more.CONG_VAN),
    ("quyet_dinh", more.QUYET_DINH_BAN_HANH),
    ("cccd", more.CAN_CUOC_2024),
]
# The title line of each paper (what a stamp or a torn edge takes away).
TITLES = {"giay_khai_sinh": "GIẤY KHAI SINH", "trich_luc_khai_sinh": "TRÍCH LỤC KHAI SINH",
          "giay_chung_nhan_ket_hon": "GIẤY CHỨNG NHẬN", "xac_nhan_cu_tru": "GIẤY XÁC NHẬN"}


def ocr_slips(text: str) -> str:
    """Letters OCR confuses, in every fifth word of four letters or more (deterministic): i→l, n→r, e→c."""
    words = text.split(" ")
    table = str.maketrans({"i": "l", "n": "r", "e": "c"})
    return " ".join(w.translate(table) if i % 5 == 2 and len(w) >= 4 else w for i, w in enumerate(words))


@pytest.mark.parametrize(("doc_type", "text"), CASES)
def test_each_kind_is_recognised(doc_type, text):
    got, confidence = classify(text)
    assert (got, confidence >= 0.6) == (doc_type, True)


@pytest.mark.parametrize(("doc_type", "text"), CASES)
@pytest.mark.parametrize("damage", [no_marks, nfd, str.upper, lambda t: ocr_slips(no_marks(t))],
                         ids=["no-marks", "nfd", "capitals", "slips"])
def test_each_kind_survives_ocr_damage(doc_type, text, damage):
    got, confidence = classify(damage(text))
    assert (got, confidence >= 0.5) == (doc_type, True)


@pytest.mark.parametrize("doc_type", sorted(TITLES))
def test_a_result_paper_with_its_title_under_a_stamp(doc_type):
    text = dict(CASES)[doc_type]
    got, confidence = classify(drop_line(text, TITLES[doc_type]))
    assert got == doc_type and confidence >= 0.4


# Must-not cases ----------------------------------------------------------------------------------------
def test_a_birth_declaration_is_not_the_birth_certificate_it_asks_for():
    form = samples.TO_KHAI_KHAI_SINH + "\nĐề nghị cấp bản sao Trích lục khai sinh: Có, số lượng: 02 bản"
    assert classify(form)[0] == "to_khai_khai_sinh"
    assert classify(no_marks(form))[0] == "to_khai_khai_sinh"
    assert classify(more.GIAY_KHAI_SINH)[0] == "giay_khai_sinh"


def test_a_birth_certificate_and_its_register_extract_are_told_apart():
    # Same body; the title, the number's TLKS symbol and the signer's line differ.
    assert classify(more.GIAY_KHAI_SINH)[0] == "giay_khai_sinh"
    assert classify(more.TRICH_LUC_KHAI_SINH)[0] == "trich_luc_khai_sinh"


def test_a_letter_asking_for_an_extract_is_a_letter():
    letter = replace(samples.DON_DE_NGHI, "ĐƠN ĐỀ NGHỊ", "ĐƠN ĐỀ NGHỊ\n(Về việc cấp bản sao trích lục khai sinh)")
    assert classify(letter)[0] == "don_de_nghi"


def test_a_marriage_certificate_is_not_the_marriage_declaration():
    assert classify(samples.TO_KHAI_KET_HON)[0] == "to_khai_ket_hon"
    assert classify(samples.XAC_NHAN_HON_NHAN)[0] == "xac_nhan_tinh_trang_hon_nhan"
    assert classify(no_marks(more.GIAY_CHUNG_NHAN_KET_HON))[0] == "giay_chung_nhan_ket_hon"


@pytest.mark.parametrize("card", [samples.CCCD, more.CAN_CUOC_2024, no_marks(more.CAN_CUOC_2024)])
def test_a_card_that_names_a_residence_is_a_card(card):
    assert classify(card)[0] == "cccd"


def test_a_residence_confirmation_is_not_the_residence_form():
    assert classify(more.XAC_NHAN_CU_TRU)[0] == "xac_nhan_cu_tru"
    assert classify(samples.CT01)[0] == "to_khai_cu_tru"
    assert classify(drop_line(samples.CT01, "TỜ KHAI"))[0] == "to_khai_cu_tru"  # CT01 is not CT07


@pytest.mark.parametrize("text", [more.NGHI_DINH, more.THONG_TU, no_marks(more.NGHI_DINH)])
def test_a_decree_is_not_a_decision(text):
    # Its body says "quyết định", "Căn cứ", "Điều 1" and "Nơi nhận" like a decision's: the heading decides.
    assert classify(text)[0] == "van_ban_phap_luat"


@pytest.mark.parametrize("text", [samples.QUYET_DINH, more.QUYET_DINH_BAN_HANH, no_marks(more.QUYET_DINH_BAN_HANH)])
def test_a_decision_that_cites_decrees_stays_a_decision(text):
    assert classify(text)[0] == "quyet_dinh"


def test_a_decree_that_quotes_a_decision_heading_deep_in_its_body_stays_a_decree():
    quoted = more.NGHI_DINH + "\nPhụ lục\nQUYẾT ĐỊNH\nVề việc công nhận (mẫu kèm theo)"
    assert classify(quoted)[0] == "van_ban_phap_luat"




def test_two_kinds_that_score_alike_give_unknown():
    # The middle of a birth certificate or of its extract (title, number and signer cut off): either one.
    middle = "\n".join(more.TRICH_LUC_KHAI_SINH.split("\n")[5:17])
    got, confidence = classify(middle)
    assert got == "unknown" and 0 < confidence < 0.5
    whole_got, whole_confidence = classify(more.TRICH_LUC_KHAI_SINH)
    assert whole_got == "trich_luc_khai_sinh" and whole_confidence > confidence


def test_a_letter_about_a_birth_registration_file_is_not_an_extract():
    # "hồ sơ đăng ký khai sinh" folds like "Sổ đăng ký khai sinh" (the register an extract is copied from).
    letter = drop_line(samples.DON_DE_NGHI, "ĐƠN ĐỀ NGHỊ")
    assert "hồ sơ đăng ký khai sinh" in letter
    assert classify(letter)[0] == "don_de_nghi"
    assert scores(letter)["trich_luc_khai_sinh"] == 0


def test_only_the_first_page_holds_the_title_block():
    # A decree's second page opening with the form of a decision it annexes: one document, one title.
    annexed = "QUYẾT ĐỊNH\nVề việc công nhận (mẫu kèm theo)\nCăn cứ ...\nĐiều 1. ...\nNơi nhận:"
    paged = more.NGHI_DINH + "\f" + annexed
    assert classify(paged)[0] == "van_ban_phap_luat"
    assert scores(paged) == scores(paged.replace("\f", "\n"))  # the page break makes no second title block
    # ... while a title that opens the first page counts in full however long the page.
    assert classify(more.XAC_NHAN_CU_TRU + "\f" + "\n".join(["Ghi chú"] * 30))[0] == "xac_nhan_cu_tru"


def test_a_personal_form_of_no_known_type_is_unknown_not_a_residence_confirmation():
    # It carries "Nơi thường trú", "Nơi ở hiện tại" and "Nơi đăng ký khai sinh", and no title of ours.
    got, confidence = classify(more.TO_KHAI_CAN_CUOC)
    assert got == "unknown" and confidence < 0.5


def test_a_declaration_scanned_with_the_certificate_it_earned_gives_two_documents():
    from extract import analyze_parts
    from tests.extract.pages import page

    parts = analyze_parts([page(samples.TO_KHAI_KHAI_SINH, 1), page(more.GIAY_KHAI_SINH, 2)])
    assert [(p.label, p.extraction.doc_type) for p in parts] == [("p1", "to_khai_khai_sinh"),
                                                                 ("p2", "giay_khai_sinh")]
