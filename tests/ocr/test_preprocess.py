"""Deskew and binarization on pages with known properties."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import preprocess

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỜ KHAI ĐĂNG KÝ KHAI SINH",
         "Họ, chữ đệm, tên: Nguyễn Thị Thủy Tiên", "Ngày, tháng, năm sinh: 12/03/2024",
         "Nơi cư trú: Phường Lộc Thọ, thành phố Nha Trang, tỉnh Khánh Hòa"] * 3


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    img = Image.new("L", (2480, 2400), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 44)
    for i, line in enumerate(LINES):
        draw.text((160, 140 + i * 140), line, font=font, fill=0)
    return np.asarray(img)


@pytest.mark.parametrize("angle", [-4.0, -1.5, -0.7, -0.3, 0.0, 0.3, 0.7, 1.5, 4.0])
def test_skew_estimate_within_a_fifth_of_a_degree(page, angle):
    assert abs(preprocess.estimate_skew(preprocess.rotate(page, angle)) - angle) <= 0.2


def test_deskew_levels_the_page(page):
    level, found = preprocess.deskew(preprocess.rotate(page, 2.0))
    assert abs(found - 2.0) <= 0.2
    assert abs(preprocess.estimate_skew(level)) <= 0.2


def test_blank_page_has_no_skew():
    assert preprocess.estimate_skew(np.full((800, 600), 255, np.uint8)) == 0.0


def test_binarize_keeps_diacritic_marks(page):
    # Ink pixels above the base glyph (tone marks) must survive: compare ink counts in the top band of a line.
    crop = page[140:200, 160:1400]
    noisy = np.clip(crop.astype(int) + np.random.default_rng(1).normal(0, 25, crop.shape), 0, 255).astype(np.uint8)
    clean = preprocess.binarize(noisy)
    assert set(np.unique(clean)) <= {0, 255}
    original_ink = (crop < 128).sum()
    kept_ink = (clean == 0).sum()
    assert 0.85 * original_ink <= kept_ink <= 1.15 * original_ink


def test_shrink_uses_a_whole_divisor(page):
    small, scale = preprocess.shrink(page, 0.45)
    assert scale == 0.5 and small.shape == (page.shape[0] // 2, page.shape[1] // 2)
    same, one = preprocess.shrink(page, 0.9)
    assert one == 1.0 and same is page


@pytest.mark.parametrize("doc_type", ["to_khai_khai_sinh", "quyet_dinh"])
def test_text_height_of_a_large_page_is_measured_at_half_size_alike(doc_type):
    from tests.synth import make_document, render

    form = np.asarray(render(make_document(doc_type, 5), dpi=300).convert("L"))  # A4 at 300 dpi: halved
    full = preprocess._text_height(form)
    # At half size heights come in steps of two full-size pixels, and the median can sit one step apart.
    assert full is not None and abs(preprocess.text_height(form) - full) <= 0.12 * full


def test_dotted_leaders_do_not_pass_for_small_print():
    gray = np.full((1200, 1600), 255, np.uint8)
    for row in range(12):
        y = 80 + row * 90
        cv2.putText(gray, "Ho va ten nguoi khai", (60, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
        for x in range(520, 1560, 14):  # a hand-filled form's dotted line: many more blobs than letters
            cv2.circle(gray, (x, y), 2, 0, -1)
    letters_only = gray.copy()
    letters_only[:, 500:] = 255
    height = preprocess.text_height(gray)
    assert height is not None and abs(height - preprocess.text_height(letters_only)) <= 2


def test_a_nearly_blank_forms_dotted_lines_do_not_pass_for_its_print():
    # One label and two long dotted lines: the dots are most of the tallest blobs too; the page is not
    # measured as print the dots' size (which had it upscaled 3.4x for a single word).
    gray = np.full((1600, 2400), 255, np.uint8)
    cv2.putText(gray, "Phone", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    for y in (900, 1300):
        for x in range(100, 2300, 8):
            cv2.rectangle(gray, (x, y), (x + 1, y + 4), 0, -1)
    height = preprocess.text_height(gray)
    assert height is None or height >= 15


def test_a_barcodes_bars_do_not_pass_for_tall_print():
    # A receipt: small print and a barcode under it, whose bars, each a tall thin blob, are the tallest tenth.
    gray = np.full((900, 500), 255, np.uint8)
    for row in range(14):
        cv2.putText(gray, "TONG TIEN 18.800 VND", (20, 30 + row * 34), cv2.FONT_HERSHEY_SIMPLEX, 0.55, 0, 1)
    print_only = gray.copy()
    rng = np.random.default_rng(5)
    x = 40
    for _ in range(60):
        width = int(rng.integers(2, 6))
        gray[560:620, x : x + width] = 0
        x += width + int(rng.integers(2, 5))
    height, alone = preprocess.text_height(gray), preprocess.text_height(print_only)
    assert alone is not None and alone < 18 and height is not None and abs(height - alone) <= 1
    # the same bars' height as print (a tall title of capitals, one letter wide each) is still print
    assert preprocess.text_height(cv2.resize(print_only, None, fx=3, fy=3)) > 2 * alone


def test_lines_of_capitals_of_one_height_are_still_print():
    # Letters of one size on one line are many blobs of one height too: their height is the page's print.
    gray = np.full((1400, 2000), 255, np.uint8)
    for row in range(8):
        cv2.putText(gray, "CONG HOA XA HOI CHU NGHIA VIET NAM", (60, 120 + row * 150), cv2.FONT_HERSHEY_SIMPLEX,
                    1.4, 0, 3)
    height = preprocess.text_height(gray)
    assert height is not None and 28 <= height <= 36


@pytest.mark.parametrize("angle", [-2.5, 0.6, 3.0])
def test_skew_on_a_sparse_sample_stays_within_a_fifth_of_a_degree(page, angle):
    assert abs(preprocess.skew_and_sharpness(preprocess.rotate(page, angle), sample=40_000)[0] - angle) <= 0.2


def test_blob_boxes_are_the_connected_components(page):
    import cv2

    # Text, blobs inside a frame's hole (kept apart from it) and blobs cut by the image border.
    mask = np.where(page[100:1300, :1600] < 128, 255, 0).astype(np.uint8)
    cv2.rectangle(mask, (5, 5), (1500, 1100), 255, 3)
    mask[:40, 1550:] = 255
    mask[-3:, :20] = 255
    noise = np.random.default_rng(2).random(mask.shape) > 0.999
    mask[noise] = 255
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    boxes, seeds = preprocess.blob_boxes(mask)
    assert sorted(map(tuple, boxes.tolist())) == sorted(map(tuple, stats[1:, :4].tolist()))
    assert len(seeds) == n - 1 and sorted(labels[seeds[:, 1], seeds[:, 0]].tolist()) == list(range(1, n))
    frame = int(np.argmax(boxes[:, 2] * boxes[:, 3]))  # the frame, and whatever noise touches it
    x, y = seeds[frame]
    assert np.array_equal(preprocess.blob_mask(mask, seeds[[frame]]) > 0, labels == labels[y, x])
    assert preprocess.blob_boxes(np.zeros((50, 50), np.uint8))[0].shape == (0, 4)


def _form(value_font: str = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf") -> tuple[np.ndarray, list]:
    """Form lines whose values are hand-filled over dotted leaders, and lines of print full of the dots
    Vietnamese keeps in its letters (nặng tone, i, ị, ộ), ellipses, dates and numbered items."""
    img = Image.new("L", (2480, 1300), 255)
    draw = ImageDraw.Draw(img)
    font, italic = ImageFont.truetype(FONT, 44), ImageFont.truetype(value_font, 44)
    leaders = []
    for i, (label, value) in enumerate([("Họ và tên mẹ:", "Nguyễn Thị Vịnh"), ("Nơi cư trú:", "Bạc Liêu"),
                                        ("Dân tộc:", "Kinh")]):
        y = 100 + i * 120
        draw.text((160, y), label, font=font, fill=0)
        left = draw.textbbox((160, y), label, font=font)[2] + 20
        dots = "." * 70
        draw.text((left, y), dots, font=font, fill=0)
        leaders.append(draw.textbbox((left, y), dots, font=font))
        draw.text((left + 100, y - 8), value, font=italic, fill=30)
    for i, line in enumerate(["Độc lập - Tự do - Hạnh phúc. Bộ Tư pháp, Sở Y tế.", "1. 2. 3. ngày 12.03.2024 ...",
                              "Hiện trạng sức khỏe: bình thường; Ghi chú: địa chỉ tạm trú."]):
        draw.text((160, 600 + i * 120), line, font=font, fill=0)
    return np.asarray(img), leaders


def test_dotted_fill_lines_are_erased_and_the_dots_of_letters_kept():
    gray, leaders = _form()
    erased = preprocess.erase_leaders(gray, preprocess.text_height(gray))
    changed = erased != gray
    for left, top, right, bottom in leaders:  # the leaders' dots are gone where no value covers them
        assert changed[top:bottom, left:right].sum() > 0.5 * (gray[top:bottom, left:right] < 128).sum() / 3
    assert not changed[580:].any()  # print below: nặng tones, dots of i, full stops, an ellipsis, kept
    assert (erased[changed] >= 250).all()
    assert preprocess.erase_leaders(gray, None) is gray


def test_a_value_written_over_dotted_leaders_reads_once_they_are_erased():
    from ocr._exec import tesseract

    gray, _ = _form()
    top = gray[:420]
    erased = preprocess.erase_leaders(top, preprocess.text_height(gray))
    text = " ".join(w.text for w in tesseract.recognize(erased, lang="vie", timeout=60, psm=3).words)
    assert "Vịnh" in text and "Liêu" in text and "Kinh" in text


@pytest.mark.parametrize("angle", [-6.0, 3.0, 7.0])
def test_the_text_sets_the_skew_not_the_dark_desk_round_a_tilted_card(page, angle):
    """A card photographed tilted on a dark desk, a level edge of the desk across the image: every ink pixel
    counted, the desk's edge makes the level profile the sharpest; the glyph-sized blobs alone give the
    text's tilt. Without clutter both agree."""
    tilted = preprocess.rotate(page, angle)
    assert abs(preprocess.text_skew(tilted) - angle) <= 0.3
    photo = np.vstack([tilted, np.zeros((tilted.shape[0] // 2, tilted.shape[1]), np.uint8)])
    photo[:, : tilted.shape[1] // 6] = 0
    assert abs(preprocess.estimate_skew(photo) - angle) > 1.0  # what deskew measured before
    assert abs(preprocess.text_skew(photo) - angle) <= 0.3


def test_a_page_with_too_few_glyphs_is_measured_on_all_its_ink():
    rules = np.full((800, 600), 255, np.uint8)
    cv2.line(rules, (50, 300), (550, 300 - round(500 * np.tan(np.deg2rad(2.0)))), 0, 3)
    assert preprocess.text_skew(rules) == preprocess.estimate_skew(rules) != 0.0
