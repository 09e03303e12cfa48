"""The CCCD's QR code beats OCR; stamps and signatures seen on the pages become evidence and warnings."""

from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from extract import analyze
from extract.catalogue import get_procedure
from extract.completeness import check
from extract.evidence import parse_cccd_qr
from extract.types import ExtractedField, Extraction
from ocr import qr
from ocr.types import Mark
from tests.extract.pages import page
from tests.synth import make_document, scan

STAMP = Mark("stamp", (1500, 2100, 400, 400), 1.0, "red")
SIGNATURE = Mark("signature", (1500, 2200, 450, 80), 1.0, "stroke")


def test_the_qr_code_wins_over_a_misread_field():
    doc = make_document("cccd", seed=6)
    data, _ = scan(doc, "office", seed=6)
    payload = qr.decode(np.asarray(Image.open(io.BytesIO(data))))
    number = doc.fields["so_cccd"]
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)  # OCR read the last digit wrong
    text = doc.text.replace(number, wrong).replace(doc.fields["ho_ten"], "NGUYEN VAN SAI")
    extraction = analyze([replace(page(text, confidence=70.0), qr=payload)])
    assert extraction.doc_type == "cccd"
    assert extraction.fields["so_cccd"].value == number
    assert extraction.fields["so_cccd"].confidence == 100.0 and extraction.fields["so_cccd"].source == "qr"
    assert extraction.fields["ho_ten"].value == doc.fields["ho_ten"]
    assert extraction.fields["ngay_sinh"].value == doc.fields["ngay_sinh"]
    assert extraction.fields["noi_cu_tru"].value == doc.fields["noi_cu_tru"]
    assert extraction.fields["ngay_cap"].value == doc.extra_fields["ngay_cap"]
    assert extraction.fields["que_quan"].source is None  # not in the QR code: as read
    assert extraction.evidence == {"qr": [1]}


def test_an_unreadable_card_is_still_a_cccd_by_its_qr_code():
    payload = "079303001234|025123456|Trần Thị Hoà|05062003|Nữ|12 Lê Lợi, Phường Bến Nghé, Quận 1|01022022"
    extraction = analyze([replace(page("~~ ,,, ..\n  ' ;;", confidence=20.0), qr=[payload])])
    assert extraction.doc_type == "cccd"
    assert extraction.fields["ho_ten"].value == "TRẦN THỊ HOÀ" and extraction.fields["ho_ten"].raw == "Trần Thị Hoà"
    assert extraction.fields["so_cmnd"].value == "025123456"
    assert extraction.fields["gioi_tinh"].value == "Nữ"
    # A citizen's card: the nationality the unreadable print showed follows from the card itself.
    assert extraction.fields["quoc_tich"].value == "Việt Nam" and extraction.fields["quoc_tich"].source == "qr"
    assert not [p for p in extraction.problems if p.code.startswith("cccd_") and p.code != "cccd_unknown_prefix"]


@pytest.mark.parametrize("payload", [
    "https://dichvucong.gov.vn/p/home",  # another QR code
    "12345|x|A|01012000|Nam|addr|01012020",  # not a 12-digit number
    "079203001234|025123456|Trần Thị Hoà",  # truncated
])
def test_other_qr_codes_are_ignored(payload):
    assert parse_cccd_qr(payload) is None
    extraction = analyze([replace(page("HỢP ĐỒNG THUÊ NHÀ\nBên cho thuê (Bên A): Ông Lê Văn Tâm"), qr=[payload])])
    assert extraction.doc_type == "hop_dong_thue_nha" and "qr" not in extraction.evidence


def test_bad_dates_in_the_payload_are_left_out():
    parsed = parse_cccd_qr("079203001234||Trần Thị Hoà|31022003|Nữ|12 Lê Lợi|")
    assert parsed is not None and "ngay_sinh" not in parsed and "so_cmnd" not in parsed and "ngay_cap" not in parsed


def test_marks_become_evidence_by_page():
    pages = [replace(page("GIẤY CHỨNG SINH\nHọ và tên mẹ: Trần Thị Hoa", 1), marks=[]),
             replace(page("Dự định đặt tên con: Nguyễn Minh Khang", 2), marks=[STAMP, SIGNATURE])]
    extraction = analyze(pages)
    assert extraction.evidence == {"signature": [2], "stamp": [2]} and extraction.inspected == [1, 2]
    assert analyze([page("GIẤY CHỨNG SINH")]).inspected == []  # a text layer: nothing was looked at


# --- warnings in the verdict ----------------------------------------------------------------------------


def doc(doc_type: str, marks: tuple[str, ...] = (), inspected: bool = True) -> Extraction:
    return Extraction(doc_type=doc_type, doc_type_confidence=0.9,
                      fields={"ho_ten": ExtractedField(value="Nguyễn Minh Khang")},
                      evidence={k: [1] for k in marks}, inspected=[1] if inspected else [])


def _birth(form: Extraction, cert: Extraction):
    return check(get_procedure("1.001193"), [("to_khai.jpg", form), ("chung_sinh.jpg", cert),
                                             ("cccd.jpg", doc("cccd"))])


def test_stamp_missing_on_an_original_birth_certificate_is_a_warning():
    verdict = _birth(doc("to_khai_khai_sinh", ("signature",)), doc("giay_chung_sinh", ("signature",)))
    assert verdict.complete and verdict.inconsistencies == []
    (warning,) = verdict.warnings
    assert warning.code == "stamp_missing" and warning.files == ["chung_sinh.jpg"]
    assert warning.details["severity"] == "warning" and warning.details["component"] == "giay_chung_sinh"
    assert "con dấu" in warning.message and warning.message in verdict.messages


def test_no_warning_when_stamped_and_signed_or_not_inspected():
    assert _birth(doc("to_khai_khai_sinh", ("signature",)), doc("giay_chung_sinh", ("stamp",))).warnings == []
    assert _birth(doc("to_khai_khai_sinh", inspected=False), doc("giay_chung_sinh", inspected=False)).warnings == []


def test_unsigned_form_is_a_warning():
    verdict = _birth(doc("to_khai_khai_sinh"), doc("giay_chung_sinh", ("stamp",)))
    assert [w.code for w in verdict.warnings] == ["signature_missing"] and verdict.complete


def test_a_copy_needs_the_certification_stamp():
    documents = [("ct01.jpg", doc("to_khai_cu_tru", ("signature",))), ("cccd.jpg", doc("cccd")),
                 ("hop_dong.jpg", doc("hop_dong_thue_nha", ("signature",)))]
    verdict = check(get_procedure("1.004222"), documents)
    assert verdict.complete
    assert [(w.code, w.details["need"], w.files) for w in verdict.warnings] == [
        ("stamp_missing", "certified_copy", ["hop_dong.jpg"])]
    documents[2] = ("hop_dong.jpg", doc("hop_dong_thue_nha", ("signature", "stamp")))
    assert check(get_procedure("1.004222"), documents).warnings == []


def test_a_card_needs_no_mark():
    verdict = check(get_procedure("1.000894"), [("tk.jpg", doc("to_khai_ket_hon", ("signature",))),
                                                ("a.jpg", doc("cccd")), ("b.jpg", doc("cccd"))])
    assert verdict.complete and verdict.warnings == []
