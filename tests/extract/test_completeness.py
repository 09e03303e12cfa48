import pytest

from extract import analyze
from extract.catalogue import get_procedure
from extract.completeness import check
from extract.types import Component, ExtractedField, Extraction, Problem, Procedure
from tests.extract import samples
from tests.extract.pages import page


def doc(doc_type: str, problems: list[Problem] | None = None, **fields: str) -> Extraction:
    return Extraction(doc_type=doc_type, doc_type_confidence=0.9,
                      fields={k: ExtractedField(value=v, raw=v) for k, v in fields.items()},
                      problems=problems or [])


def codes(verdict) -> list[str]:
    return sorted(p.code for p in verdict.inconsistencies)


BIRTH_FORM = doc("to_khai_khai_sinh", ho_ten="Nguyễn Minh Khang", ngay_sinh="2024-03-12",
                 nguoi_yeu_cau="Lê Văn Hòa", so_cccd_nguoi_yeu_cau="056090001234", so_cccd="056090001234")
# The certificate's so_cccd is the mother's, the form's the requester's (here the father): never compared.
BIRTH_CERT = doc("giay_chung_sinh", ho_ten="Nguyễn Minh Khang", ngay_sinh="2024-03-12",
                 so_cccd="056195004321")
REQUESTER_CARD = doc("cccd", ho_ten="LÊ VĂN HOÀ", ngay_sinh="1990-11-23", so_cccd="056090001234")


# --- 1.001193 birth registration ----------------------------------------------------------------------------

def test_birth_dossier_complete_without_false_alarms():
    # The card prints the name in capitals with the new tone placement (HOÀ), the form has "Hòa".
    verdict = check(get_procedure("1.001193"), [
        ("to_khai.pdf", BIRTH_FORM), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", REQUESTER_CARD)])
    assert verdict.complete and verdict.missing == []
    assert verdict.present == {"to_khai_khai_sinh": ["to_khai.pdf"], "giay_chung_sinh": ["chung_sinh.jpg"],
                               "cccd": ["cccd.jpg"]}
    assert verdict.inconsistencies == [] and verdict.messages == []


def test_birth_dossier_missing_certificate_names_the_alternatives():
    verdict = check(get_procedure("1.001193"), [("to_khai.pdf", BIRTH_FORM), ("cccd.jpg", REQUESTER_CARD)])
    assert not verdict.complete
    assert verdict.missing == ["giay_chung_sinh"]
    assert verdict.messages == [
        "Thiếu: Giấy chứng sinh (hoặc: Văn bản của người làm chứng xác nhận việc sinh; "
        "Giấy cam đoan về việc sinh)"]


def test_optional_component_and_extra_documents_do_not_change_the_verdict():
    documents = [("to_khai.pdf", BIRTH_FORM), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", REQUESTER_CARD),
                 ("uy_quyen.pdf", doc("don_de_nghi")), ("qd.pdf", doc("quyet_dinh")),
                 ("scan.png", doc("unknown"))]
    verdict = check(get_procedure("1.001193"), documents)
    assert verdict.complete
    assert verdict.present["uy_quyen"] == ["uy_quyen.pdf"]
    assert verdict.extra == ["qd.pdf", "scan.png"]


def test_requester_name_differs_from_the_card():
    card = doc("cccd", ho_ten="LÊ VĂN HẢI", ngay_sinh="1990-11-23", so_cccd="056090001234")
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", BIRTH_FORM), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", card)])
    assert verdict.complete  # inconsistencies are reported, completeness is about papers
    assert codes(verdict) == ["name_mismatch"]
    problem = verdict.inconsistencies[0]
    assert problem.files == ["to_khai.pdf", "cccd.jpg"]
    assert "Lê Văn Hòa" in problem.message and "LÊ VĂN HẢI" in problem.message
    assert "to_khai.pdf" in problem.message and "cccd.jpg" in problem.message
    assert verdict.messages == [problem.message]


def test_requester_id_differs_from_the_card():
    card = doc("cccd", ho_ten="LÊ VĂN HÒA", ngay_sinh="1990-11-23", so_cccd="056090009999")
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", BIRTH_FORM), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", card)])
    assert codes(verdict) == ["id_mismatch"]


def test_child_differs_between_form_and_birth_certificate():
    cert = doc("giay_chung_sinh", ho_ten="Nguyễn Minh Khôi", ngay_sinh="2024-03-13")
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", BIRTH_FORM), ("chung_sinh.jpg", cert), ("cccd.jpg", REQUESTER_CARD)])
    assert codes(verdict) == ["birth_date_mismatch", "name_mismatch"]
    dates = next(p for p in verdict.inconsistencies if p.code == "birth_date_mismatch")
    assert "2024-03-12" in dates.message and "2024-03-13" in dates.message


def test_diacritic_slip_in_the_child_name_is_not_a_mismatch():
    cert = doc("giay_chung_sinh", ho_ten="Nguyen Minh Khang", ngay_sinh="2024-03-12")
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", BIRTH_FORM), ("chung_sinh.jpg", cert), ("cccd.jpg", REQUESTER_CARD)])
    assert verdict.inconsistencies == []


def _read(value: str, confidence: float | None, source: str | None = None,
          weakest: float | None = None) -> ExtractedField:
    return ExtractedField(value=value, raw=value, confidence=confidence, source=source, weakest=weakest)


@pytest.mark.parametrize(("form_conf", "card", "reported"), [
    (96.0, _read("LÊ VĂN HOÁ", 100.0, "qr"), True),  # the QR code is exact, the form was read clearly
    (100.0, _read("LÊ VĂN HOÁ", 93.0), True),  # a born-digital form against a scanned card
    (96.0, _read("LÊ VĂN HOÁ", 93.0), False),  # two OCR readings: the mark may be OCR's slip
    (70.0, _read("LÊ VĂN HOÁ", 100.0, "qr"), False),  # the form's reading is unsure
    (96.0, _read("LÊ VĂN HOÀ", 100.0, "qr"), False),  # tone placement only: the same name
])
def test_a_name_differing_only_in_marks_is_reported_when_both_readings_are_trusted(form_conf, card, reported):
    form = BIRTH_FORM.model_copy(deep=True)
    form.fields["nguoi_yeu_cau"] = _read("Lê Văn Hòa", form_conf)
    card_doc = doc("cccd", ngay_sinh="1990-11-23", so_cccd="056090001234")
    card_doc.fields["ho_ten"] = card
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", form), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", card_doc)])
    assert codes(verdict) == (["name_mismatch"] if reported else [])


def test_a_mark_on_a_weakly_read_word_is_not_trusted():
    # Read off a clean scan: "Hoàng Thành Quỳnh" (mean 93, "Thành" 77) for the printed "Hoàng Thanh Quỳnh".
    form = BIRTH_FORM.model_copy(deep=True)
    form.fields["nguoi_yeu_cau"] = _read("Lê Văn Hóa", 93.0, weakest=77.2)
    card_doc = doc("cccd", ngay_sinh="1990-11-23", so_cccd="056090001234")
    card_doc.fields["ho_ten"] = _read("LÊ VĂN HOÀ", 100.0, "qr")
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", form), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", card_doc)])
    assert verdict.inconsistencies == []
    form.fields["nguoi_yeu_cau"] = _read("Lê Văn Hóa", 93.0, weakest=92.0)
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", form), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", card_doc)])
    assert codes(verdict) == ["name_mismatch"]


def test_a_name_read_without_any_marks_never_differs_by_marks():
    form = BIRTH_FORM.model_copy(deep=True)
    form.fields["nguoi_yeu_cau"] = _read("Le Van Hoa", 96.0)
    card_doc = doc("cccd", ngay_sinh="1990-11-23", so_cccd="056090001234")
    card_doc.fields["ho_ten"] = _read("LÊ VĂN HÒA", 100.0, "qr")
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", form), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", card_doc)])
    assert verdict.inconsistencies == []


def test_a_card_problem_is_reported_with_its_file():
    bad = Problem(code="cccd_birth_year_mismatch", message="Số CCCD 056091001234 ứng với năm sinh 1991.")
    card = doc("cccd", [bad], ho_ten="LÊ VĂN HÒA", so_cccd="056091001234", ngay_sinh="1990-11-23")
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", BIRTH_FORM), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", card)])
    assert "cccd_birth_year_mismatch" in codes(verdict)
    problem = next(p for p in verdict.inconsistencies if p.code == "cccd_birth_year_mismatch")
    assert problem.files == ["cccd.jpg"] and "cccd.jpg" in problem.message


# --- 1.000894 marriage --------------------------------------------------------------------------------------

MARRIAGE_FORM = doc("to_khai_ket_hon", ho_ten="Lê Thị Thanh Hòa", ngay_sinh="1996-06-05",
                    so_cccd="056196001111", ho_ten_ben_nam="Phạm Quốc Thủy", ngay_sinh_ben_nam="1994-08-17",
                    so_cccd_ben_nam="056094002222")
BRIDE = doc("cccd", ho_ten="LÊ THỊ THANH HOÀ", ngay_sinh="1996-06-05", so_cccd="056196001111")
GROOM = doc("cccd", ho_ten="PHẠM QUỐC THUỶ", ngay_sinh="1994-08-17", so_cccd="056094002222")


def test_marriage_needs_two_cards():
    verdict = check(get_procedure("1.000894"), [("to_khai.pdf", MARRIAGE_FORM), ("cccd_nu.jpg", BRIDE)])
    assert verdict.missing == ["cccd"]
    assert verdict.present["cccd"] == ["cccd_nu.jpg"]
    assert verdict.messages[0] == "Thiếu: Căn cước công dân của hai bên — cần 2, mới có 1"


def test_marriage_complete_with_cards_in_any_order():
    verdict = check(get_procedure("1.000894"),
                    [("nam.jpg", GROOM), ("to_khai.pdf", MARRIAGE_FORM), ("nu.jpg", BRIDE)])
    assert verdict.complete
    assert verdict.present["cccd"] == ["nam.jpg", "nu.jpg"]
    assert verdict.inconsistencies == []


def test_marriage_party_birth_date_and_id_checked_against_their_own_card():
    groom = doc("cccd", ho_ten="PHẠM QUỐC THỦY", ngay_sinh="1994-08-18", so_cccd="056094002223")
    verdict = check(get_procedure("1.000894"),
                    [("to_khai.pdf", MARRIAGE_FORM), ("nu.jpg", BRIDE), ("nam.jpg", groom)])
    assert codes(verdict) == ["birth_date_mismatch", "id_mismatch"]
    assert all(p.files == ["to_khai.pdf", "nam.jpg"] for p in verdict.inconsistencies)


def test_marriage_card_of_someone_else():
    stranger = doc("cccd", ho_ten="TRẦN VĂN NAM", ngay_sinh="1994-08-17", so_cccd="056094002222")
    verdict = check(get_procedure("1.000894"),
                    [("to_khai.pdf", MARRIAGE_FORM), ("nu.jpg", BRIDE), ("nam.jpg", stranger)])
    assert codes(verdict) == ["name_mismatch"]
    assert "Phạm Quốc Thủy" in verdict.inconsistencies[0].message


def test_marriage_optional_certificate_is_compared_with_its_party():
    cert = doc("xac_nhan_tinh_trang_hon_nhan", ho_ten="Phạm Quốc Thuỷ", ngay_sinh="1994-08-07")
    verdict = check(get_procedure("1.000894"),
                    [("to_khai.pdf", MARRIAGE_FORM), ("nu.jpg", BRIDE), ("nam.jpg", GROOM), ("xn.pdf", cert)])
    assert verdict.present["xac_nhan_tinh_trang_hon_nhan"] == ["xn.pdf"]
    assert codes(verdict) == ["birth_date_mismatch"]


# --- 1.004222 permanent residence ---------------------------------------------------------------------------

CT01 = doc("to_khai_cu_tru", ho_ten="Võ Thị Mai", ngay_sinh="1998-09-02", so_cccd="056198003333")
CARD = doc("cccd", ho_ten="VÕ THỊ MAI", ngay_sinh="1998-09-02", so_cccd="056198003333")
CONTRACT = doc("hop_dong_thue_nha", ho_ten="Võ Thị Mai", so_cccd="056198003333")


def test_residence_complete():
    verdict = check(get_procedure("1.004222.000.00.00.H56"),
                    [("ct01.pdf", CT01), ("hop_dong.pdf", CONTRACT), ("cccd.jpg", CARD)])
    assert verdict.procedure == "1.004222"
    assert verdict.complete and verdict.inconsistencies == []


def test_residence_missing_proof_of_address():
    verdict = check(get_procedure("1.004222"), [("ct01.pdf", CT01), ("cccd.jpg", CARD)])
    assert verdict.missing == ["giay_to_cho_o"]
    assert verdict.messages[0].startswith("Thiếu: Giấy tờ chứng minh chỗ ở hợp pháp (hoặc: Giấy chứng nhận")


def test_residence_subject_differs_from_card_and_tenant():
    card = doc("cccd", ho_ten="VÕ THỊ MAI", ngay_sinh="1998-09-02", so_cccd="056198003334")
    contract = doc("hop_dong_thue_nha", ho_ten="Võ Thị Mây")
    verdict = check(get_procedure("1.004222"), [("ct01.pdf", CT01), ("hd.pdf", contract), ("cccd.jpg", card)])
    assert codes(verdict) == ["id_mismatch", "name_mismatch"]
    name = next(p for p in verdict.inconsistencies if p.code == "name_mismatch")
    assert name.files == ["ct01.pdf", "hd.pdf"]


def test_a_missing_field_is_not_a_mismatch():
    verdict = check(get_procedure("1.004222"), [("ct01.pdf", doc("to_khai_cu_tru", ho_ten="Võ Thị Mai")),
                                                ("hd.pdf", doc("hop_dong_thue_nha")), ("cccd.jpg", CARD)])
    assert verdict.inconsistencies == []


# --- 2.000815 certified copy and assignment rules -----------------------------------------------------------

def test_certified_copy_takes_any_known_paper():
    verdict = check(get_procedure("2.000815"), [("qd.pdf", doc("quyet_dinh")), ("x.png", doc("unknown"))])
    assert verdict.complete and verdict.present == {"ban_chinh": ["qd.pdf"]} and verdict.extra == ["x.png"]
    assert not check(get_procedure("2.000815"), [("x.png", doc("unknown"))]).complete


def test_required_components_are_filled_first():
    procedure = Procedure(code="9.000001", name="Thử", components=[
        Component(id="phu", name="Bản phụ", types=["cccd"], required=False),
        Component(id="chinh", name="Bản chính", types=["cccd"]),
    ])
    verdict = check(procedure, [("a.jpg", doc("cccd"))])
    assert verdict.complete and verdict.present == {"chinh": ["a.jpg"]}
    verdict = check(procedure, [("a.jpg", doc("cccd")), ("b.jpg", doc("cccd"))])
    assert verdict.present == {"phu": ["b.jpg"], "chinh": ["a.jpg"]}


# --- end to end ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tone", ["Hòa", "Hoà"])
def test_end_to_end_marriage_from_ocr_text(tone):
    def card(number: str, name: str, born: str, sex: str) -> str:
        text = samples.CCCD.replace("056090001234", number).replace("NGUYỄN VĂN BÌNH", name)
        return text.replace("23/11/1990", born).replace("Sex: Nam", f"Sex: {sex}")

    bride_card = card("056196001111", f"LÊ THỊ THANH {tone.upper()}", "05/06/1996", "Nữ")
    groom_card = card("056094002222", "PHẠM QUỐC THỦY", "17/08/1994", "Nam")
    documents = [(name, analyze([page(text)])) for name, text in (
        ("to_khai.pdf", samples.TO_KHAI_KET_HON), ("nu.jpg", bride_card), ("nam.jpg", groom_card),
        ("xac_nhan.pdf", samples.XAC_NHAN_HON_NHAN))]
    verdict = check(get_procedure("1.000894"), documents)
    assert verdict.complete
    assert verdict.inconsistencies == []


def test_end_to_end_birth_registration_from_ocr_text():
    documents = [(name, analyze([page(text)])) for name, text in (
        ("to_khai.pdf", samples.TO_KHAI_KHAI_SINH), ("chung_sinh.jpg", samples.GIAY_CHUNG_SINH),
        ("cccd.jpg", samples.CCCD))]
    verdict = check(get_procedure("1.001193"), documents)
    assert verdict.complete and verdict.inconsistencies == []


def test_end_to_end_residence_with_a_wrong_card():
    card = samples.CCCD.replace("NGUYỄN VĂN BÌNH", "VÕ THỊ MAI").replace("23/11/1990", "02/09/1998")
    card = card.replace("056090001234", "056198003333").replace("Sex: Nam", "Sex: Nữ")
    documents = [(name, analyze([page(text)])) for name, text in (
        ("ct01.pdf", samples.CT01), ("hop_dong.pdf", samples.HOP_DONG), ("cccd.jpg", card))]
    verdict = check(get_procedure("1.004222"), documents)
    assert verdict.complete and verdict.inconsistencies == []
    wrong = card.replace("02/09/1998", "02/09/1999")  # the card now contradicts its own number, and CT01
    documents[2] = ("cccd.jpg", analyze([page(wrong)]))
    verdict = check(get_procedure("1.004222"), documents)
    # CT01 prints the same number with 1998, which fits it: the papers disagree on the date (an inconsistency),
    # while the card's own contradiction may be a misread digit, so it is a warning that says so.
    assert codes(verdict) == ["birth_date_mismatch"]
    assert [w.code for w in verdict.warnings] == ["cccd_birth_year_unsure"]
    assert "ct01.pdf" in verdict.warnings[0].message and "cccd.jpg" in verdict.warnings[0].message
    assert len(verdict.messages) == 2


def test_a_number_contradicting_the_birth_date_on_every_paper_is_reported():
    card = samples.CCCD.replace("NGUYỄN VĂN BÌNH", "VÕ THỊ MAI").replace("23/11/1990", "02/09/1999")
    card = card.replace("056090001234", "056198003333").replace("Sex: Nam", "Sex: Nữ")
    ct01 = samples.CT01.replace("02/09/1998", "02/09/1999")
    documents = [(name, analyze([page(text)])) for name, text in (
        ("ct01.pdf", ct01), ("hop_dong.pdf", samples.HOP_DONG), ("cccd.jpg", card))]
    verdict = check(get_procedure("1.004222"), documents)
    assert codes(verdict) == ["cccd_birth_year_mismatch", "cccd_birth_year_mismatch"]
    assert verdict.warnings == []


def _read_two_ways(ex: Extraction, key: str, *alternatives: str) -> Extraction:
    fields = dict(ex.fields)
    fields[key] = fields[key].model_copy(update={"alternatives": list(alternatives)})
    return ex.model_copy(update={"fields": fields})


def test_an_id_that_matches_one_of_two_readings_is_consistent():
    # The form's number was read "056094005222" by the page read and "056094002222" by the second read.
    form = doc("to_khai_ket_hon", ho_ten="Lê Thị Thanh Hòa", ngay_sinh="1996-06-05", so_cccd="056196001111",
               ho_ten_ben_nam="Phạm Quốc Thủy", ngay_sinh_ben_nam="1994-08-17", so_cccd_ben_nam="056094005222")
    alone = check(get_procedure("1.000894"), [("to_khai.pdf", form), ("nu.jpg", BRIDE), ("nam.jpg", GROOM)])
    assert codes(alone) == ["id_mismatch"]
    form = _read_two_ways(form, "so_cccd_ben_nam", "056094002222")
    verdict = check(get_procedure("1.000894"), [("to_khai.pdf", form), ("nu.jpg", BRIDE), ("nam.jpg", GROOM)])
    assert verdict.inconsistencies == []


def test_an_id_that_matches_neither_reading_is_a_mismatch_showing_both():
    form = _read_two_ways(MARRIAGE_FORM, "so_cccd_ben_nam", "056094002228")
    groom = doc("cccd", ho_ten="PHẠM QUỐC THUỶ", ngay_sinh="1994-08-17", so_cccd="056094002223")
    verdict = check(get_procedure("1.000894"), [("to_khai.pdf", form), ("nu.jpg", BRIDE), ("nam.jpg", groom)])
    assert codes(verdict) == ["id_mismatch"]
    assert "“056094002222 (hoặc “056094002228”)”" in verdict.inconsistencies[0].message


def test_a_card_found_by_either_reading_of_its_number():
    # A name that matches no card leaves the ID to pair the subject with theirs.
    form = doc("to_khai_cu_tru", ho_ten="Võ Thị Mai", so_cccd="056198003834")
    docs = [("a.jpg", doc("cccd", ho_ten="LÊ VĂN AN", so_cccd="056198009999")),
            ("b.jpg", doc("cccd", ho_ten="VÕ THỊ MAY", so_cccd="056198003334"))]
    alone = check(get_procedure("1.004222"), [("ct01.pdf", form), *docs])
    assert codes(alone) == ["id_mismatch", "name_mismatch"] and alone.inconsistencies[0].files[1] == "a.jpg"
    form = _read_two_ways(form, "so_cccd", "056198003334")
    verdict = check(get_procedure("1.004222"), [("ct01.pdf", form), *docs])
    assert codes(verdict) == ["name_mismatch"] and verdict.inconsistencies[0].files == ["ct01.pdf", "b.jpg"]


# --- result papers ------------------------------------------------------------------------------------------

def test_a_result_paper_in_a_dossier_fills_no_component_and_is_an_extra():
    # The birth certificate the counter hands back is no substitute for the giấy chứng sinh the dossier needs.
    documents = [("to_khai.pdf", BIRTH_FORM), ("cccd.jpg", REQUESTER_CARD),
                 ("gks.pdf", doc("giay_khai_sinh", ho_ten="Nguyễn Minh Khang", ngay_sinh="2024-03-12"))]
    verdict = check(get_procedure("1.001193"), documents)
    assert not verdict.complete and verdict.missing == ["giay_chung_sinh"]
    assert verdict.extra == ["gks.pdf"]
    assert "gks.pdf" not in {f for files in verdict.present.values() for f in files}
    complete = check(get_procedure("1.001193"), [*documents, ("chung_sinh.jpg", BIRTH_CERT)])
    assert complete.complete and complete.extra == ["gks.pdf"] and complete.inconsistencies == []


def test_a_marriage_certificate_does_not_stand_for_the_marriage_form():
    cards = [("a.jpg", doc("cccd", ho_ten="Lê Thị Thanh Hòa")), ("b.jpg", doc("cccd", ho_ten="Phạm Quốc Thủy"))]
    verdict = check(get_procedure("1.000894"), [*cards, ("gcn.pdf", doc("giay_chung_nhan_ket_hon"))])
    assert verdict.missing == ["to_khai_ket_hon"] and verdict.extra == ["gcn.pdf"]


def test_a_result_paper_is_an_original_to_certify_a_copy_of():
    verdict = check(get_procedure("2.000815"), [("gks.pdf", doc("giay_khai_sinh"))])
    assert verdict.complete and verdict.present == {"ban_chinh": ["gks.pdf"]}


def test_an_unreadable_page_is_a_warning_to_scan_again_never_an_inconsistency():
    from extract.document import analyze
    from ocr.types import PageText

    page = PageText(number=2, text="ue1 Á2rdxe e‡eq", source="ocr", confidence=41.0, problem="unreadable")
    extraction = analyze([page])
    assert [p.code for p in extraction.problems] == ["page_unreadable"]
    assert "Trang 2 không đọc được" in extraction.problems[0].message
    verdict = check(get_procedure("1.001193"), [("scan.jpg", extraction)])
    assert verdict.inconsistencies == []
    assert [w.code for w in verdict.warnings] == ["page_unreadable"] and verdict.warnings[0].files == ["scan.jpg"]
    assert any("cần quét lại" in m for m in verdict.messages)

# --- OCR slips in names: no alarm, and no claim that the names were compared ------------------------------


@pytest.mark.parametrize(("read", "card"), [
    ("LÊ VĂN", _read("LÊ VĂN HOÀ", 93.0)),  # OCR lost the last syllable of a hand-filled name
    ("LÊ VĂN HOÀ E", _read("LÊ VĂN HOÀ", 100.0, "qr")),  # ... or gained a speck, against the exact QR code
    ("LÊ VĂN HOÀÀ", _read("LÊ VĂN HOÀ", 93.0)),  # ... or read a syllable Vietnamese has not
])
def test_a_name_ocr_may_have_misread_is_not_compared_and_says_so(read, card):
    form = BIRTH_FORM.model_copy(deep=True)
    form.fields["nguoi_yeu_cau"] = _read(read, 88.0)
    card_doc = doc("cccd", ngay_sinh="1990-11-23", so_cccd="056090001234")
    card_doc.fields["ho_ten"] = card
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", form), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", card_doc)])
    assert verdict.inconsistencies == []
    unsure = [w for w in verdict.warnings if w.code == "name_unsure"]
    assert len(unsure) == 1 and read in unsure[0].message and "Chưa đối chiếu được" in unsure[0].message
    assert unsure[0].message in verdict.messages


def test_a_syllable_read_as_another_valid_one_is_still_a_mismatch():
    # "Trần Thịnh Trung" on the form, "TRẦN DUY TRUNG" on the card: both readings are Vietnamese, same length.
    form = BIRTH_FORM.model_copy(deep=True)
    form.fields["nguoi_yeu_cau"] = _read("TRẦN THỊNH TRUNG", 88.0)
    card_doc = doc("cccd", ngay_sinh="1990-11-23", so_cccd="056090001234")
    card_doc.fields["ho_ten"] = _read("TRẦN DUY TRUNG", 90.0)
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", form), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", card_doc)])
    assert codes(verdict) == ["name_mismatch"] and verdict.warnings == []


def test_a_shorter_name_printed_where_both_are_exact_is_a_mismatch():
    form = BIRTH_FORM.model_copy(deep=True)
    form.fields["nguoi_yeu_cau"] = _read("Lê Văn", 100.0)  # born digital: exactly what the form says
    card_doc = doc("cccd", ngay_sinh="1990-11-23", so_cccd="056090001234")
    card_doc.fields["ho_ten"] = _read("LÊ VĂN HOÀ", 100.0, "qr")
    verdict = check(get_procedure("1.001193"),
                    [("to_khai.pdf", form), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", card_doc)])
    assert codes(verdict) == ["name_mismatch"]


# --- the verdict's state ------------------------------------------------------------------------------------

BIRTH = [("to_khai.pdf", BIRTH_FORM), ("chung_sinh.jpg", BIRTH_CERT), ("cccd.jpg", REQUESTER_CARD)]


def test_a_complete_dossier_lists_the_comparisons_made():
    verdict = check(get_procedure("1.001193"), BIRTH)
    assert verdict.state == "complete" and verdict.unreadable == []
    made = {c["code"]: c["result"] for c in verdict.checks_made}
    assert made == {"nguoi_yeu_cau:to_khai_khai_sinh.nguoi_yeu_cau~cccd": "match",
                    "so_cccd_nguoi_yeu_cau:to_khai_khai_sinh.nguoi_yeu_cau~cccd": "match",
                    "ho_ten:to_khai_khai_sinh.tre~giay_chung_sinh": "match",
                    "ngay_sinh:to_khai_khai_sinh.tre~giay_chung_sinh": "match"}


def test_a_field_a_comparison_needs_unread_is_never_a_match():
    cert = BIRTH_CERT.model_copy(deep=True)
    del cert.fields["ngay_sinh"]
    verdict = check(get_procedure("1.001193"), [BIRTH[0], ("chung_sinh.jpg", cert), BIRTH[2]])
    assert verdict.complete and verdict.state == "needs_review"
    assert "ngay_sinh:to_khai_khai_sinh.tre~giay_chung_sinh" not in {c["code"] for c in verdict.checks_made}
    (unread,) = verdict.unreadable
    assert unread["code"] == "field_unread" and unread["file"] == "chung_sinh.jpg" and unread["field"] == "ngay_sinh"
    assert "chưa đối chiếu được" in unread["vi"] and "could not be compared" in unread["en"]
    assert unread["vi"] in verdict.messages


def test_state_precedence_processing_then_incomplete_then_review():
    unknown = [("la.pdf", doc("unknown"))]
    pending = [{"id": 3, "filename": "moi.pdf", "status": "queued"}]
    failed = [{"id": 4, "filename": "hong.pdf", "error": "corrupt"}]
    procedure = get_procedure("1.001193")
    assert check(procedure, BIRTH[:1], pending).state == "processing"
    assert check(procedure, BIRTH[:1] + unknown, [], failed).state == "incomplete"
    review = check(procedure, BIRTH + unknown, [], failed)
    assert review.state == "needs_review"
    assert [(u["code"], u["file"]) for u in review.unreadable] == [("attachment_failed", "hong.pdf"),
                                                                   ("unknown_type", "la.pdf")]
    assert all(u["vi"] and u["en"] for u in review.unreadable)
    page = Problem(code="page_unreadable", message="Trang 2 không đọc được — cần quét lại.",
                   details={"page": "2", "en": "page 2 could not be read: scan it again"})
    scanned = check(procedure, [BIRTH[0], BIRTH[1], ("cccd.jpg", doc("cccd", [page], **{
        k: f.value for k, f in REQUESTER_CARD.fields.items()}))])
    assert scanned.state == "needs_review" and scanned.unreadable[0]["page"] == "2"
