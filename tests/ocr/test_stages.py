"""Each preprocessing stage on inputs with known properties (fast: no full-page OCR except where named)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ocr import ink, preprocess, quality
from ocr._exec import tesseract
from ocr.errors import OcrError
from ocr.load import SourcePage
from ocr.options import OcrOptions
from ocr.page import has_ink, process_page
from ocr.pipeline import run_ocr
from tests.badinput.corpus import png_bomb
from tests.synth import make_document, render, rotate90, to_bytes, upside_down

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TỜ KHAI ĐĂNG KÝ KHAI SINH",
         "Họ, chữ đệm, tên: Nguyễn Thị Thủy Tiên", "Ngày, tháng, năm sinh: 12/03/2024",
         "Nơi cư trú: Phường Lộc Thọ, thành phố Nha Trang, tỉnh Khánh Hòa", "Quốc tịch: Việt Nam",
         "Dân tộc: Kinh", "Quê quán: Xã Diễn Kỷ, huyện Diễn Châu, tỉnh Nghệ An"] * 2


@pytest.fixture(scope="module")
def page() -> Image.Image:
    img = Image.new("RGB", (1654, 2339), "white")  # A4 at 200 dpi
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    for i, line in enumerate(LINES):
        draw.text((120, 120 + i * 70), line, font=font, fill=(20, 20, 20))
    return img


def _read(img: Image.Image, dpi: int = 200):
    src = SourcePage(1, image=np.asarray(img), dpi=dpi)
    return process_page(src, OcrOptions(jobs=1, searchable_pdf=False)).page


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_sideways_and_upside_down_pages_come_back_upright(page, turns):
    turned = rotate90(page, turns)  # counter-clockwise quarter turns
    read = _read(turned)
    assert read.rotation == (90 * turns) % 360  # degrees clockwise that undo them
    assert "Nguyễn Thị Thủy Tiên" in read.text and read.problem is None


@pytest.fixture(scope="module")
def card() -> Image.Image:
    return render(make_document("cccd", 3), 300)


def test_a_card_is_turned_only_when_the_turned_card_reads_better(card):
    upright, flipped = _read(card, 300), _read(upside_down(card), 300)
    assert upright.rotation == 0 and flipped.rotation == 180
    assert upright.read_from == "as_scanned" and upright.problem is None
    words = set(upright.text.split())
    assert len(words & set(flipped.text.split())) >= 0.9 * len(words)


def test_light_print_on_a_dark_page_is_read(page):
    dark = Image.fromarray(255 - np.asarray(page.convert("L")))
    read = _read(dark)
    assert read.rotation == 0 and "Nguyễn Thị Thủy Tiên" in read.text


def test_english_words_are_kept_and_not_made_vietnamese():
    img = Image.new("RGB", (1654, 1000), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    lines = ["SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness",
             "The passport holder was born in Hanoi and lives abroad.", "Place of residence: London, United Kingdom"]
    for i, line in enumerate(lines):
        draw.text((120, 120 + i * 70), line, font=font, fill=(20, 20, 20))
    read = _read(img)
    for word in ("SOCIALIST", "REPUBLIC", "VIET", "Independence", "Happiness", "passport", "residence", "Kingdom"):
        assert word in read.text
    assert "VIỆT" not in read.text


def test_a_patterned_page_that_reads_as_noise_says_so():
    rng = np.random.default_rng(4)
    pattern = np.full((2339, 1654), 255, np.uint8)
    for _ in range(9000):  # a guilloche-like background of short strokes, no print at all
        x, y = int(rng.integers(0, 1640)), int(rng.integers(0, 2320))
        cv2.line(pattern, (x, y), (x + int(rng.integers(-12, 12)), y + int(rng.integers(8, 18))), 0, 2)
    read = _read(Image.fromarray(pattern))
    assert read.problem == "unreadable"


def test_a_clean_page_is_read_as_scanned_with_no_problem(page):
    read = _read(page)
    assert read.read_from == "as_scanned" and read.problem is None and read.rotation == 0


@pytest.mark.parametrize("angle", [-3.0, -0.5, 1.2, 2.5])
def test_rotated_page_is_measured_within_a_fifth_of_a_degree(page, angle):
    gray = preprocess.rotate(np.asarray(page.convert("L")), angle)
    assert abs(preprocess.estimate_skew(gray) - angle) <= 0.2


def test_red_seal_is_dropped_and_black_text_under_it_kept(page):
    rgb = np.asarray(page).copy()
    y0, x0 = 100, 100
    seal = np.zeros(rgb.shape[:2], np.uint8)
    cv2.circle(seal, (x0 + 250, y0 + 250), 220, 255, 14)
    cv2.putText(seal, "UBND", (x0 + 140, y0 + 280), cv2.FONT_HERSHEY_SIMPLEX, 3, 255, 12)
    inked = seal > 0
    tint = np.array([205, 35, 45], np.float32) / 255  # multiplied over the page, as ink over toner
    rgb[inked] = (rgb[inked].astype(np.float32) * tint).astype(np.uint8)
    gray, seals = ink.to_gray(rgb, 200)
    assert seals == 1
    text = np.asarray(page.convert("L")) < 100
    near_text = cv2.dilate((np.asarray(page.convert("L")) < 250).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    assert (gray[inked & ~near_text] > 200).mean() > 0.98  # seal ink gone
    assert (gray[text] < 100).mean() > 0.95  # every black glyph pixel still black, under the seal too


def _gray_seal_page(page: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """The test page in gray with a seal multiplied over its text as a gray scanner sees red ink."""
    gray = np.asarray(page.convert("L")).copy()
    seal = np.zeros(gray.shape, np.uint8)
    cv2.circle(seal, (450, 450), 220, 255, 14)
    cv2.circle(seal, (450, 450), 150, 255, 6)
    cv2.putText(seal, "UBND", (300, 480), cv2.FONT_HERSHEY_SIMPLEX, 3, 255, 12)
    inked = seal > 0
    gray[inked] = (gray[inked].astype(np.float32) * 0.55).astype(np.uint8)  # red ink: about 140 in gray
    return gray, inked


def test_gray_seal_is_faded_and_black_text_under_it_kept(page):
    gray, inked = _gray_seal_page(page)
    faded, boxes = ink.fade_gray_seals(gray, 200)
    assert len(boxes) == 1
    x, y, w, h = boxes[0]
    assert x <= 230 and y <= 230 and x + w >= 670 and y + h >= 670  # the whole seal
    original = np.asarray(page.convert("L"))
    near_text = cv2.dilate((original < 250).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    assert (faded[inked & ~near_text] > 240).mean() > 0.98  # the seal's ink is gone
    text = original < 100
    assert (faded[text] < 100).mean() > 0.99  # every black glyph pixel still black, under the seal too
    assert (faded[~inked] == gray[~inked]).all()  # nothing else touched


def test_gray_page_without_seal_is_left_alone(page):
    gray = np.asarray(page.convert("L"))
    faded, boxes = ink.fade_gray_seals(gray, 200)
    assert boxes == [] and faded is gray
    faint = (255 - (255 - gray.astype(np.float32)) * 0.45).astype(np.uint8)  # faded print, mid-gray all over
    faded, boxes = ink.fade_gray_seals(faint, 200)
    assert boxes == [] and faded is faint


def test_what_the_colour_drop_left_of_a_seal_is_faded_in_its_box(page):
    gray, inked = _gray_seal_page(page)
    faded = ink.fade_in(gray, [(200, 200, 500, 500)])
    original = np.asarray(page.convert("L"))
    near_text = cv2.dilate((original < 250).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    assert (faded[inked & ~near_text] > 240).mean() > 0.98
    assert (faded[original < 100] < 100).mean() > 0.99


def test_red_print_that_is_not_a_seal_is_kept():
    img = Image.new("RGB", (1200, 300), "white")
    ImageDraw.Draw(img).text((40, 100), "CĂN CƯỚC CÔNG DÂN", font=ImageFont.truetype(FONT, 60), fill=(190, 30, 35))
    gray, seals = ink.to_gray(np.asarray(img), 300)
    assert seals == 0 and (gray < 128).sum() > 1000


def test_bomb_image_is_refused_before_decoding():
    bomb = png_bomb(30_000)  # a PNG header claiming 900 Mpx (gigabytes once decoded) in a few KB
    with pytest.raises(OcrError) as info:
        run_ocr(bomb, "image/png", OcrOptions(max_pixels=60_000_000))
    assert info.value.code == "image_too_large" and info.value.vi and info.value.en


def test_page_timeout_is_a_clear_error(page):
    with pytest.raises(OcrError) as info:
        tesseract.recognize(np.asarray(page.convert("L")), lang="vie", timeout=0.01)
    assert info.value.code == "page_timeout"


def test_a_tesseract_failure_is_a_clear_error(page):
    with pytest.raises(OcrError) as info:
        tesseract.recognize(np.asarray(page.convert("L")), lang="zzz", timeout=60)  # no such model
    assert info.value.code == "ocr_failed" and "zzz" in info.value.en


def test_options_are_validated_at_the_edge():
    with pytest.raises(ValueError):
        OcrOptions(lang="vie; rm -rf /")
    with pytest.raises(ValueError):
        OcrOptions(dpi=5000)


def test_upsampling_a_small_card_improves_its_read():
    from tests.synth import cer, ground_truth_text

    doc = make_document("cccd", 4)
    card = render(doc, dpi=200).convert("L")  # a card on a 200-dpi scanner: 5.8 pt text is ~10 px tall
    gray = np.asarray(card)
    truth = ground_truth_text(doc)
    raw = tesseract.recognize(gray, lang="vie", timeout=60, dpi=200, psm=3)  # psm 3: what cards get
    height = preprocess.text_height(gray)
    assert height is not None and height < 18  # the stage's trigger
    factor = 28 / height
    big = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    up = tesseract.recognize(big, lang="vie", timeout=60, dpi=round(200 * factor), psm=3)
    raw_cer = cer(" ".join(w.text for w in raw.words), truth)
    up_cer = cer(" ".join(w.text for w in up.words), truth)
    assert up_cer < raw_cer


def test_sauvola_reads_through_a_shadow(page):
    gray = np.asarray(page.convert("L")).astype(np.float32)
    shade = np.linspace(1.0, 0.35, gray.shape[1], dtype=np.float32)[None, :]
    shadowed = (gray * shade).astype(np.uint8)
    binary = preprocess.binarize_sauvola(shadowed)
    right = binary[:, -700:]  # the dark side: Otsu would blacken it whole, Sauvola keeps paper white
    assert (right == 255).mean() > 0.9 and (binary == 0).sum() > 5000


# Scan quality ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def form_scan() -> Image.Image:
    return render(make_document("to_khai_khai_sinh", 3), dpi=200)


def _issues(img: Image.Image) -> set[str]:
    return {i.code for i in quality.scan_quality(to_bytes(img, "JPEG", quality=85), "image/jpeg",
                                                   max_pixels=60_000_000, max_pages=10)}


def test_quality_passes_a_clean_scan(form_scan):
    assert _issues(form_scan) == set()


def test_quality_flags_blur_darkness_blank_and_tilt(form_scan):
    assert "blurry" in _issues(form_scan.filter(ImageFilter.GaussianBlur(2.5)))
    assert "too_dark" in _issues(Image.fromarray((np.asarray(form_scan) * 0.3).astype(np.uint8)))
    assert "blank_page" in _issues(Image.new("RGB", form_scan.size, "white"))
    assert "skewed" in _issues(form_scan.rotate(6, expand=True, fillcolor="white"))
    assert "low_resolution" in _issues(form_scan.reduce(3))


def test_quality_messages_are_vietnamese_with_stable_codes(form_scan):
    blurred = quality.scan_quality(to_bytes(form_scan.filter(ImageFilter.GaussianBlur(2.5)), "JPEG"),
                                     "image/jpeg", max_pixels=60_000_000, max_pages=10)
    issue = next(i for i in blurred if i.code == "blurry")
    assert issue.vi == "ảnh mờ — cần quét lại" and issue.page == 1 and issue.as_dict()["en"]


def test_a_few_words_on_a_large_sheet_are_ink_and_a_blank_sheets_speckle_is_not():
    sheet = Image.new("L", (1654, 2339), 255)
    for i, name in enumerate(["Phường Lộc Thọ", "Xã Phước Đồng", "Vĩnh Hòa", "Phước Hải"]):  # a map's names
        ImageDraw.Draw(sheet).text((200 + 300 * i, 300 + 400 * i), name, font=ImageFont.truetype(FONT, 30), fill=120)
    assert 0.001 < (np.asarray(sheet) < 200).mean() < 0.01 and has_ink(np.asarray(sheet))  # under 1 %, gray
    blank = np.full((2339, 1654), 250, np.uint8)
    blank[np.random.default_rng(3).random(blank.shape) < 0.0005] = 200
    assert not has_ink(blank)


def test_a_map_whose_few_names_read_poorly_says_so_instead_of_coming_back_empty():
    rng = np.random.default_rng(2)
    img = Image.new("RGB", (2000, 2100), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.rectangle((100, 150, 1900, 1950), fill=(252, 246, 215))  # the map's land, cream
    for _ in range(40):  # roads over the names
        draw.line([tuple(int(v) for v in rng.integers(100, 1950, 2)) for _ in range(3)], fill=(205, 90, 40), width=7)
    font = ImageFont.truetype(FONT, 40)
    names = ["Phường Lộc Thọ", "Xã Phước Đồng", "Vĩnh Hòa", "Phước Hải", "Vĩnh Nguyên", "Ngọc Hiệp"]
    for name in names:
        draw.text(tuple(int(v) for v in rng.integers(150, 1500, 2)), name, font=font, fill=(120, 120, 120))
    read = _read(img, 300)
    assert read.problem == "unreadable" or sum(name in read.text for name in names) >= len(names) // 2
