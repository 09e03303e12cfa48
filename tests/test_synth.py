"""The synthetic-data generator: labels are right, output is deterministic, OCR can read it."""

from __future__ import annotations

import io
import os
import random
import re
from datetime import date

import cv2
import numpy as np
import pdfplumber
import pytest
from PIL import Image

from tests.conftest import unavailable
from tests.synth import (
    DEFECTS,
    DOC_TYPES,
    PROCEDURES,
    cccd_consistent,
    cer,
    data,
    degrade,
    ground_truth_text,
    image_pdf,
    make_document,
    make_dossier,
    make_dossiers,
    make_person,
    mixed_pdf,
    render,
    rotate,
    text_pdf,
    to_bytes,
    upside_down,
)
from tests.synth.layout import CARD_H, CARD_W, Placement, layout_page, place
from tests.synth.metrics import levenshtein, normalise, word_recall
from tests.synth.model import FIELD_KEYS
from tests.synth.text import apply_tone_style, date_words, nfc, place_date
from tests.synth.variants import LAYOUTS


def _pdf_pages(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as p:
        return [nfc(page.extract_text() or "") for page in p.pages]


# People and identity numbers ------------------------------------------------------------------------
def test_cccd_digits_follow_province_sex_and_birth_year() -> None:
    rng = random.Random(7)
    codes = {p.code for p in data.PROVINCES}
    for _ in range(300):
        p = make_person(rng, born=(date(1950, 1, 1), date(2009, 12, 31)))
        n = p.so_cccd
        assert len(n) == 12 and n.isdigit()
        assert n[:3] in codes and n[:3] == p.que_quan.province.code
        century = (p.ngay_sinh.year - 1900) // 100
        assert int(n[3]) == 2 * century + (p.gioi_tinh == "Nữ")
        assert n[4:6] == f"{p.ngay_sinh.year % 100:02d}"
        assert cccd_consistent(n, p.gioi_tinh, p.ngay_sinh)
        assert re.fullmatch(r"0[35789]\d{8}", p.so_dien_thoai)
        assert p.so_cmnd == "" or (
            len(p.so_cmnd) == 9 and p.so_cmnd.startswith(p.que_quan.province.cmnd_prefix)
        )


def test_cccd_century_digit_for_2000s() -> None:
    rng = random.Random(1)
    girl = make_person(rng, sex="Nữ", born=(date(2003, 5, 1), date(2003, 5, 1)))
    boy = make_person(rng, sex="Nam", born=(date(1999, 5, 1), date(1999, 5, 1)))
    assert girl.so_cccd[3:6] == "303" and boy.so_cccd[3:6] == "099"


def test_card_labels_match_person() -> None:
    doc = make_document("cccd", 3)
    f = doc.fields
    assert f["ho_ten"] == f["ho_ten"].upper()
    assert cccd_consistent(f["so_cccd"], f["gioi_tinh"], date.fromisoformat(f["ngay_sinh"]))
    assert f"Số / No.: {f['so_cccd']}" in doc.text
    assert doc.qr.split("|")[0] == f["so_cccd"]


def test_card_qr_decodes_to_payload() -> None:
    doc = make_document("cccd", 5)
    img = np.asarray(render(doc, dpi=300).convert("L"))
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(img)
    assert nfc(text) == doc.qr and doc.qr.count("|") == 6


# Text helpers ---------------------------------------------------------------------------------------
def test_tone_styles_and_dates() -> None:
    assert apply_tone_style("Nguyễn Thị Hòa", "new") == "Nguyễn Thị Hoà"
    assert apply_tone_style("Lê Thuỷ", "old") == "Lê Thủy"
    assert apply_tone_style("Hoàng Quý Khuê", "new") == "Hoàng Quý Khuê"  # closed syllable, qu-, no tone
    assert place_date("Nha Trang", date(2020, 1, 5)) == "Nha Trang, ngày 05 tháng 01 năm 2020"
    assert place_date("Hưng Nguyên", date(2019, 6, 29)) == "Hưng Nguyên, ngày 29 tháng 6 năm 2019"
    assert date_words(date(2024, 3, 12)) == "Ngày mười hai tháng ba năm hai nghìn không trăm hai mươi bốn"


def test_cer() -> None:
    assert cer("Nguyễn  Văn\nA", "Nguyễn Văn A") == 0.0
    assert cer(nfc("Hòa").replace("ò", "o\u0300"), "Hòa") == 0.0  # NFD input
    assert levenshtein("kitten", "sitting") == 3
    assert abs(cer("abcd", "abce") - 0.25) < 1e-9
    assert normalise(" a \t b\n") == "a b"
    assert word_recall("c b a x", "a b c d") == 0.75


# Documents ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_document_labels_are_normalised_and_printed(doc_type: str) -> None:
    for seed in range(3):
        doc = make_document(doc_type, seed)
        text = normalise(doc.text)
        assert doc.doc_type == doc_type and doc.fields
        assert set(doc.fields) <= set(FIELD_KEYS)
        if doc_type != "cccd":
            assert doc.lines[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        for key, value in doc.fields.items():
            assert value == nfc(value) and value.strip() == value
            if key in ("ngay_sinh", "ngay_ky"):
                d = date.fromisoformat(value)
                assert d.strftime("%d/%m/%Y") in text or f"ngày {d.day:02d} tháng" in text
            elif key in ("so_cccd", "so_cmnd", "so_dien_thoai"):
                assert value.isdigit() and value in text
            elif key == "gioi_tinh":
                assert value in ("Nam", "Nữ")
            elif doc_type == "to_khai_ket_hon":  # table cells wrap side by side: words, not a run
                assert all(word in text for word in value.split()), (key, value)
            else:
                assert value in text, (key, value)
        assert all(line.text == nfc(line.text) and "  " not in line.text for line in doc.lines)


def test_determinism() -> None:
    doc = make_document("giay_chung_sinh", 11)
    assert doc == make_document("giay_chung_sinh", 11)
    assert doc.text != make_document("giay_chung_sinh", 12).text
    img = render(doc, dpi=100, stamp=True)
    assert to_bytes(img) == to_bytes(render(make_document("giay_chung_sinh", 11), dpi=100, stamp=True))
    a = to_bytes(degrade(img, "phone", 3)[0], "JPEG")
    assert a == to_bytes(degrade(img, "phone", 3)[0], "JPEG")
    assert a != to_bytes(degrade(img, "phone", 4)[0], "JPEG")
    assert text_pdf(doc) == text_pdf(make_document("giay_chung_sinh", 11))


def test_render_geometry() -> None:
    a4 = render(make_document("don_de_nghi", 0))
    assert a4.size == (2480, 3508) and a4.mode == "RGB"
    card = render(make_document("cccd", 0), dpi=300)
    assert card.width >= 1012 and abs(card.width / card.height - (85.6 + 6) / (54 + 6)) < 0.01


# PDFs -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_text_pdf_round_trips(doc_type: str) -> None:
    doc = make_document(doc_type, 4)
    assert _pdf_pages(text_pdf(doc)) == [ground_truth_text(doc)]


def test_image_and_mixed_pdf() -> None:
    doc = make_document("hop_dong_thue_nha", 2)
    scan = degrade(render(doc, dpi=100), "office", 2, target_dpi=100)[0]
    assert _pdf_pages(image_pdf([scan, scan])) == ["", ""]
    pages = _pdf_pages(mixed_pdf(doc, scan))
    assert pages == [ground_truth_text(doc), ""]
    with pdfplumber.open(io.BytesIO(mixed_pdf(doc, scan))) as p:
        assert not p.pages[0].images and len(p.pages[1].images) == 1


# Degradation ----------------------------------------------------------------------------------------
def _skew(img: Image.Image) -> float:
    """Projection-profile skew estimate (degrees CCW): the angle that makes text rows sharpest."""
    f = img.width / 620
    g = np.asarray(img.convert("L").resize((round(img.width / f), round(img.height / f))))
    bg = cv2.medianBlur(g, 31)  # local paper brightness; the desk around a photo stays dark
    paper = cv2.erode((bg > 110).astype(np.uint8), np.ones((25, 25), np.uint8))
    ink = ((g.astype(np.int16) < bg.astype(np.int16) - 50) & (paper > 0)).astype(np.float32)
    h, w = ink.shape
    best, best_score = 0.0, -1.0
    for angle in np.arange(-5, 5.01, 0.1):
        m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
        rows = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST).sum(axis=1)  # no blur bias at 0
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = float(angle), score
    return best


@pytest.mark.parametrize(("level", "limit"), [("office", 1.5), ("phone", 4.6)])
def test_degrade_reports_the_angle_it_applied(level: str, limit: float) -> None:
    img = render(make_document("to_khai_cu_tru", 1), dpi=150)
    for seed in (1, 2, 3):
        out, applied = degrade(img, level, seed, target_dpi=150)
        assert applied.level == level and abs(applied.angle) <= limit
        assert abs(_skew(out) - applied.angle) < 0.35, (seed, applied.angle)
        if level == "phone":
            assert applied.illumination < 0.95 and applied.jpeg_quality <= 55


def test_office_scan_resolution() -> None:
    img = render(make_document("don_de_nghi", 2))
    out, applied = degrade(img, "office", 5)
    assert 200 <= applied.dpi <= 300 and out.info["dpi"][0] == applied.dpi
    assert out.width == round(2480 * applied.dpi / 300) and 70 <= applied.jpeg_quality <= 80


def test_rotation_helpers() -> None:
    img = render(make_document("don_de_nghi", 1), dpi=100)
    assert np.array_equal(np.asarray(upside_down(upside_down(img))), np.asarray(img))
    assert abs(_skew(rotate(img, 2.0, expand=False)) - 2.0) < 0.35
    clean, applied = degrade(img, "clean", 0)
    assert applied.angle == 0 and np.array_equal(np.asarray(clean), np.asarray(img))


# Dossiers -------------------------------------------------------------------------------------------
def _by_component(dossier) -> dict[str, list]:
    out: dict[str, list] = {}
    for item in dossier.items:
        out.setdefault(item.component, []).append(item.doc)
    return out


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_complete_dossier_is_consistent(procedure: str) -> None:
    d = make_dossier(procedure, 9)
    comps = _by_component(d)
    assert not d.expected_missing and not d.expected_inconsistencies
    required = {
        "1.001193": {"to_khai_khai_sinh": 1, "giay_chung_sinh": 1, "cccd": 1},
        "1.000894": {"to_khai_ket_hon": 1, "cccd": 2},
        "1.004222": {"to_khai_cu_tru": 1, "giay_to_cho_o": 1, "cccd": 1},
    }[procedure]
    for comp, count in required.items():
        assert len(comps.get(comp, [])) == count
    cards = {c.fields["so_cccd"]: c for c in comps["cccd"]}
    form = d.items[0].doc
    for card in cards.values():
        assert cccd_consistent(
            card.fields["so_cccd"], card.fields["gioi_tinh"], date.fromisoformat(card.fields["ngay_sinh"])
        )
    if procedure == "1.001193":
        card = cards[form.fields["so_cccd"]]
        assert card.fields["ho_ten"] == form.fields["nguoi_yeu_cau"].upper()
        assert form.fields["ngay_sinh"] == comps["giay_chung_sinh"][0].fields["ngay_sinh"]
    if procedure == "1.004222":
        card = cards[form.fields["so_cccd"]]
        assert card.fields["ho_ten"] == form.fields["ho_ten"].upper()
        assert card.fields["ngay_sinh"] == form.fields["ngay_sinh"]
        assert comps["giay_to_cho_o"][0].fields["ho_ten"] == form.fields["ho_ten"]


def _target(d) -> tuple[dict[str, str], dict[str, str]]:
    """(what the form says about a card holder, what the card says): the pair a defect was planted on."""
    form = d.items[0].doc
    pairs = []
    for card in (item.doc.fields for item in d.items if item.component == "cccd"):
        if d.procedure == "1.000894":
            side = "nu" if card["gioi_tinh"] == "Nữ" else "nam"
            mine = {k: form.extra_fields[f"{k}_ben_{side}"] for k in ("ho_ten", "ngay_sinh", "so_cccd")}
        else:  # the birth form does not print the requester's own birth date
            mine = {
                "ho_ten": form.fields.get("nguoi_yeu_cau", form.fields["ho_ten"]),
                "so_cccd": form.fields["so_cccd"],
                "ngay_sinh": card["ngay_sinh"] if d.procedure == "1.001193" else form.fields["ngay_sinh"],
            }
        pairs.append((mine, card))

    def odd(pair: tuple[dict[str, str], dict[str, str]]) -> bool:
        mine, card = pair
        return (mine["ho_ten"].upper(), mine["ngay_sinh"], mine["so_cccd"]) != (
            card["ho_ten"],
            card["ngay_sinh"],
            card["so_cccd"],
        ) or not cccd_consistent(card["so_cccd"], card["gioi_tinh"], date.fromisoformat(card["ngay_sinh"]))

    return next((p for p in pairs if odd(p)), pairs[0])


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_defects_are_planted_and_labelled(procedure: str) -> None:
    for defect in DEFECTS:
        d = make_dossier(procedure, 21, defect)
        assert d.defect == defect and d.note
        if defect == "missing":
            assert len(d.expected_missing) == 1 and not d.expected_inconsistencies
            continue
        assert not d.expected_missing
        form, card = _target(d)
        card_year = date.fromisoformat(card["ngay_sinh"]).year
        same_name = apply_tone_style(form["ho_ten"].upper(), "old") == apply_tone_style(card["ho_ten"], "old")
        if defect == "name_tone_variant":
            assert d.expected_inconsistencies == [] and same_name and form["ho_ten"].upper() != card["ho_ten"]
        elif defect in ("name_diacritic", "name_different"):
            assert d.expected_inconsistencies == ["name_mismatch"] and not same_name
        elif defect == "birth_date":
            assert d.expected_inconsistencies == ["birth_date_mismatch"]
            if procedure == "1.001193":  # planted on the child: tờ khai vs giấy chứng sinh
                gcs = _by_component(d)["giay_chung_sinh"][0]
                assert d.items[0].doc.fields["ngay_sinh"] != gcs.fields["ngay_sinh"]
            else:
                assert form["ngay_sinh"] != card["ngay_sinh"]
        elif defect == "id":
            assert d.expected_inconsistencies == ["id_mismatch"] and form["so_cccd"] != card["so_cccd"]
        elif defect == "cccd_birth_year":
            assert d.expected_inconsistencies == ["cccd_birth_year_mismatch"]
            assert card["so_cccd"][4:6] != f"{card_year % 100:02d}"
        elif defect == "cccd_sex":
            assert d.expected_inconsistencies == ["cccd_sex_mismatch"]
            assert card["so_cccd"][4:6] == f"{card_year % 100:02d}"
            assert not cccd_consistent(
                card["so_cccd"], card["gioi_tinh"], date.fromisoformat(card["ngay_sinh"])
            )


def test_dossier_batch_mixes_defects() -> None:
    batch = make_dossiers(120, seed=3)
    share = sum(d.defect is not None for d in batch) / len(batch)
    assert 0.1 < share < 0.4
    assert {d.procedure for d in batch} == set(PROCEDURES)


# OCR ------------------------------------------------------------------------------------------------
def test_clean_page_ocr_cer_under_2_percent() -> None:
    import pytesseract

    try:
        if "vie" not in pytesseract.get_languages():
            unavailable("tesseract vie data not installed")
    except pytesseract.TesseractNotFoundError:
        unavailable("tesseract not installed")
    os.environ["OMP_THREAD_LIMIT"] = "1"  # inherited by the tesseract subprocess
    doc = make_document("to_khai_cu_tru", 0)
    # No signature: a scribble is not text and OCR turns it into junk characters.
    text = pytesseract.image_to_string(
        render(doc, signature=False).convert("L"), lang="vie", config="--psm 3"
    )
    assert cer(text, ground_truth_text(doc)) < 0.02


# Layouts --------------------------------------------------------------------------------------------
LAYOUT_CASES = [(t, name) for t, names in LAYOUTS.items() for name in names]


def _printed(doc, key: str, value: str) -> bool:
    """The value as the paper prints it: dates as dd/mm/yyyy (or in the place-date line), table cells
    wrapped side by side word by word, everything else as one run once whitespace is collapsed."""
    text = normalise(doc.text)
    if key in ("ngay_sinh", "ngay_ky"):
        d = date.fromisoformat(value)
        return d.strftime("%d/%m/%Y") in text or f"ngày {d.day:02d} tháng" in text
    if doc.doc_type == "to_khai_ket_hon":
        return all(word in text for word in value.split())
    return value in text


@pytest.mark.parametrize(("doc_type", "layout"), LAYOUT_CASES)
def test_every_layout_renders_and_prints_every_labelled_value(doc_type: str, layout: str) -> None:
    default = make_document(doc_type, 6)
    for seed in (6, 7):
        doc = make_document(doc_type, seed, layout)
        assert doc.layout == layout and doc.fields and set(doc.fields) <= set(FIELD_KEYS)
        for key, value in doc.fields.items():
            assert _printed(doc, key, value), (layout, key, value)
        assert all(line.text == nfc(line.text) and "  " not in line.text for line in doc.lines)
    # Same seed, same people and values: only the printing differs (the 2024 card prints no place of origin).
    same = make_document(doc_type, 6, layout)
    assert same.fields == {k: v for k, v in default.fields.items() if k in same.fields}
    assert set(default.fields) - set(same.fields) <= {"que_quan"}
    img = np.asarray(render(same, dpi=72 if same.page == "A4" else 150, stamp=bool(same.stamp)).convert("L"))
    assert (img < 128).mean() > 0.005  # ink on the page
    truth = ground_truth_text(same)
    if doc_type == "to_khai_cu_tru" and layout in ("boxes", "handfilled"):  # one box per digit: spaced apart
        for number in (same.fields["so_cccd"], same.extra_fields["so_dinh_danh_chu_ho"]):
            truth = truth.replace(f": {number}", ": " + " ".join(number))
    assert _pdf_pages(text_pdf(same))[0] == truth


def test_default_layout_is_unchanged_and_named() -> None:
    for doc_type, names in LAYOUTS.items():
        doc = make_document(doc_type, 3)
        assert doc.layout == names[0] and doc.shift == (0.0, 0.0) and not doc.card_at
        assert make_document(doc_type, 3, names[0]) == doc
    with pytest.raises(ValueError, match="no layout"):
        make_document("quyet_dinh", 1, "handfilled")
    assert make_document("don_de_nghi", 5, "random").layout in LAYOUTS["don_de_nghi"]


def _label_and_value(doc, label: str, value: str) -> tuple[Placement, Placement]:
    placed = place(doc)
    head = next(p for p in placed if p.text.startswith(label))
    return head, next(p for p in placed if value in p.text and p.y >= head.y)


def test_layouts_put_the_value_in_different_places() -> None:
    name = make_document("to_khai_khai_sinh", 2).fields["ho_ten"]
    label = "Họ, chữ đệm, tên:"
    same_run = {}
    for layout in ("line", "next_line", "handfilled"):
        head, value = _label_and_value(make_document("to_khai_khai_sinh", 2, layout), label, name)
        same_run[layout] = (head is value, value.y - head.y, value.x - head.x, value.italic, value.color)
    assert same_run["line"][:2] == (True, 0.0)  # "Label: value" typed as one run
    kind, dy, dx, _, _ = same_run["next_line"]
    assert not kind and dy > 10 and 0 < dx < 40  # on the line below, indented under the label
    kind, dy, dx, italic, color = same_run["handfilled"]
    assert not kind and dy == 0 and dx > 60 and italic and color != (0, 0, 0)  # after the label, in pen
    ruled = layout_page(make_document("to_khai_ket_hon", 2, "ruled"))[1]
    assert len({m.x0 for m in ruled if m.kind == "rule" and m.x0 == m.x1}) == 4  # 3 columns, 4 borders
    assert not layout_page(make_document("to_khai_ket_hon", 2))[1]


def test_ct01_digit_boxes_and_dotted_lines() -> None:
    doc = make_document("to_khai_cu_tru", 1, "boxes")
    placed, marks = layout_page(doc)
    boxes = [m for m in marks if m.kind == "box"]
    assert len(boxes) == 24  # the resident's and the household head's 12-digit numbers
    digits = [p for p in placed if len(p.text) == 1 and p.text.isdigit()]
    assert "".join(p.text for p in digits[:12]) == doc.fields["so_cccd"]
    assert all(b.x0 <= p.x and p.x + p.width <= b.x1 for b, p in zip(boxes, digits, strict=True))
    hand = layout_page(make_document("to_khai_cu_tru", 1, "handfilled"))[1]
    assert any(m.kind == "dots" for m in hand) and sum(m.kind == "box" for m in hand) == 24


def test_card_layouts() -> None:
    person = {layout: make_document("cccd", 4, layout) for layout in LAYOUTS["cccd"]}
    number = person["cccd2021"].fields["so_cccd"]
    assert f"Số / No.: {number}" in person["cccd2021"].text
    assert f"Số: {number}" in person["cccd2016"].text and not person["cccd2016"].qr
    new = person["cancuoc2024"]
    lines = [ln.text for ln in new.lines]
    assert lines[lines.index("Số định danh cá nhân / Personal identification number:") + 1] == number
    assert new.sides == 2 and "que_quan" not in new.fields and new.extra_fields["noi_dang_ky_khai_sinh"]
    mrz = [ln.text for ln in new.lines if ln.tag == "back_mrz"]
    assert len(mrz) == 3 and all(len(m) == 30 for m in mrz) and number in mrz[0]
    card = render(new, dpi=150)
    assert card.height > 1.5 * card.width * CARD_H / CARD_W  # front above back
    copy = person["a4_copy"]
    assert copy.page == "A4" and copy.card_at and copy.sides == 2
    page = np.asarray(render(copy, dpi=72).convert("RGB")).astype(int)
    assert page.shape[:2] == (842, 595) and np.abs(page[..., 0] - page[..., 2]).max() == 0  # grey copy
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(np.asarray(render(copy, dpi=300).convert("L")))
    assert nfc(text) == copy.qr


def test_dossier_layouts_cycle_and_keep_the_people() -> None:
    plain = make_dossier("1.000894", 9)
    assert [i.doc.layout for i in plain.items][:3] == ["table", "cccd2021", "cccd2021"]
    seen = set()
    for k in range(4):
        d = make_dossier("1.000894", 9, layout=k)
        seen |= {i.doc.layout for i in d.items}
        assert [i.doc.fields.get("so_cccd") for i in d.items] == [i.doc.fields.get("so_cccd") for i in plain.items]
        assert d.expected_inconsistencies == plain.expected_inconsistencies
    assert set(LAYOUTS["cccd"]) | set(LAYOUTS["to_khai_ket_hon"]) <= seen
    named = make_dossier("1.004222", 9, layout="handfilled")
    assert [i.doc.layout for i in named.items] == ["handfilled", "line", "cccd2021"]
