"""When the search over a page's views stops: two images of it that read alike end it, and so does a page
read as noise at two sizes; a blank page is read once; a page OSD finds turned is read turned before its
clean-ups are tried upright (and they are, when the turn reads no better); a colour view that shows no ink
a good read left out is not read; a photo's sheet is read before the photo as taken; large print is read
brought down; a card on a dark desk is read as it lies, not inverted; small print of an untagged photo is told
to tesseract at its own size."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pdfplumber
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import page
from ocr._exec import tesseract
from ocr.load import SourcePage
from ocr.options import OcrOptions
from ocr.page import COVERED, PageContext, coverage, process_page
from ocr.pipeline import run_ocr

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Họ, chữ đệm, tên: Nguyễn Thị Thủy Tiên",
         "Nơi cư trú: Phường Lộc Thọ, thành phố Nha Trang, tỉnh Khánh Hòa", "Quốc tịch: Việt Nam"] * 3


def _page(lines: list[str] = LINES, size: tuple[int, int] = (1654, 2339), top: int = 120) -> np.ndarray:
    img = Image.new("L", size, 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    for i, line in enumerate(lines):
        draw.text((120, top + i * 70), line, font=font, fill=20)
    return np.asarray(img)


def _read(image: np.ndarray, dpi: int = 200):
    return process_page(SourcePage(1, image=image, dpi=dpi), OcrOptions(jobs=1, searchable_pdf=False)).page


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the views tesseract reads, in order."""
    seen: list[str] = []
    ranked = page._ranked

    def counted(view, got, name):
        seen.append(name)
        return ranked(view, got, name)

    monkeypatch.setattr(page, "_ranked", counted)
    return seen


def test_a_blank_page_is_read_once_and_never_turned(reads):
    blank = np.full((2339, 1654), 250, np.uint8)
    blank[np.random.default_rng(3).random(blank.shape) < 0.0005] = 200  # a scanner's faint speckle
    read = _read(blank)
    assert reads == ["as_scanned"] and "orient" not in read.timings
    assert read.text == "" and read.problem is None


def test_a_page_with_print_that_reads_poorly_is_still_tried_every_way(reads):
    smeared = cv2.GaussianBlur(_page(), (0, 0), 6)  # ink, but no word survives
    read = _read(smeared)
    assert len(reads) >= 2 and read.problem == "unreadable"


def test_an_upside_down_page_is_read_turned_without_its_clean_ups_read_upright(reads):
    read = _read(cv2.rotate(_page(), cv2.ROTATE_180))
    assert read.rotation == 180 and "Nguyễn Thị Thủy Tiên" in read.text
    assert reads == ["as_scanned", "as_scanned"]  # upright (poor), then turned (good): nothing else


def test_a_turn_osd_proposes_that_reads_no_better_leaves_the_views_to_be_read(reads, monkeypatch):
    monkeypatch.setattr(tesseract, "detect_orientation", lambda *a, **k: tesseract.Orientation(180, 20.0))
    smeared = cv2.GaussianBlur(_page(), (0, 0), 6)
    read = _read(smeared)
    assert read.rotation == 0 and read.problem == "unreadable"
    turned = reads.index("as_scanned", 1)  # the first read cut short, the turn read next
    assert "cleaned" in reads[turned:]  # and the clean-ups upright after it


def test_a_turn_osd_is_unsure_of_is_read_on_only_when_its_first_image_reads_better(reads, monkeypatch):
    monkeypatch.setattr(tesseract, "detect_orientation", lambda *a, **k: tesseract.Orientation(180, 0.3))
    smeared = cv2.GaussianBlur(_page(), (0, 0), 6)  # ink, but no word survives, either way up
    counts = {}
    for kind, turns, sure in ("none", [], True), ("sure", [180], True), ("guess", [180], False):
        monkeypatch.setattr(page, "turn_candidates", lambda ctx, found=(turns, sure): found)
        reads.clear()
        assert _read(smeared).rotation == 0
        counts[kind] = len(reads)
    assert counts["sure"] >= counts["none"] + 2  # a turn OSD is sure of: its clean-ups are read too
    assert counts["guess"] == counts["none"] + 1  # a guess read once: no better than the page as it lay
    reads.clear()
    turned = _read(cv2.rotate(_page(), cv2.ROTATE_180))  # a guess that reads better is taken
    assert turned.rotation == 180 and "Nguyễn Thị Thủy Tiên" in turned.text
    assert reads[-1] == "as_scanned" and reads.count("as_scanned") == 2  # the turn read once, and good


def _view(gray: np.ndarray, to_original: np.ndarray) -> page._View:
    return page._View(gray, gray, to_original, 200.0)


def test_a_colour_view_with_no_ink_the_good_read_left_out_is_not_read(reads):
    full = _page(LINES[:5], top=1400)  # print in the lower part of the page only
    y = 1300
    cut = full[y:]  # the page as scanned, cut to its print: another frame than the colour view's
    shift = np.array([[1.0, 0, 0], [0, 1.0, y], [0, 0, 1.0]])
    views = [("as_scanned", lambda: _view(cut, shift), 3), ("colour", lambda: _view(full, np.eye(3)), 3)]
    ctx = PageContext(src=SourcePage(1, image=full, dpi=200), options=OcrOptions(jobs=1, searchable_pdf=False),
                      image=full, dpi=200.0, gray=full)
    *_, name = page._read_page(ctx, views, coloured=True)
    assert name == "as_scanned" and reads == ["as_scanned"] and "prepare_colour" in ctx.timings
    # the same colour view with a line the first read never saw is read
    more = full.copy()
    more[300:400] = _page(["Giấy chứng nhận kết hôn số 12"], top=0)[:100]
    views[1] = ("colour", lambda: _view(more, np.eye(3)), 3)
    reads.clear()
    page._read_page(ctx, views, coloured=True)
    assert reads == ["as_scanned", "colour"]


def test_a_shaded_photo_read_whole_is_covered_once_its_light_is_evened_out():
    gray = _page().astype(np.float32)
    shade = np.linspace(1.0, 0.45, gray.shape[0], dtype=np.float32)[:, None]  # a phone's shadow down the sheet
    noise = np.random.default_rng(5).normal(0, 6, gray.shape).astype(np.float32)  # a phone sensor's grain
    shaded = np.clip(gray * shade + noise, 0, 255).astype(np.uint8)
    words = tesseract.recognize(_page(), lang="vie", timeout=60, psm=3, dpi=200).words  # every line read
    assert coverage(shaded, words) < COVERED <= coverage(shaded, words, uneven=True)
    assert coverage(shaded, words[: len(words) // 3], uneven=True) < COVERED  # a third of it read: not covered


def test_the_sheet_of_a_photo_is_read_first_and_the_photo_as_taken_not_at_all(reads):
    sheet = _page(LINES[:10], size=(1240, 1754), top=100)
    where = np.float32([[180, 140], [1260, 210], [1330, 1880], [120, 1820]])  # most of the photo
    warp = cv2.getPerspectiveTransform(np.float32([[0, 0], [1240, 0], [1240, 1754], [0, 1754]]), where)
    desk = np.random.default_rng(1).integers(30, 70, (2050, 1450)).astype(np.uint8)
    photo = cv2.warpPerspective(sheet, warp, (1450, 2050), dst=desk.copy(), borderMode=cv2.BORDER_TRANSPARENT)
    read = _read(cv2.cvtColor(photo, cv2.COLOR_GRAY2RGB), 150)
    assert read.read_from == "paper" and reads == ["paper"]
    assert "Nguyễn Thị Thủy Tiên" in read.text


def test_large_print_is_read_brought_down_and_an_id_cards_is_not():
    blank = np.zeros((3000, 2000), np.uint8)
    assert page._scale_for(blank, 60_000_000, 44.0) == pytest.approx(page.PAGE_HEIGHT / 44.0)
    assert page._scale_for(blank, 60_000_000, 44.0, card=True) == 1.0  # its labels are half its values' size
    assert page._scale_for(blank, 60_000_000, 22.0) == 1.0
    big = _page(LINES[:8], size=(2480, 3508), top=200)  # the same print at 300 dpi...
    big = cv2.resize(big, None, fx=1.8, fy=1.8, interpolation=cv2.INTER_CUBIC)  # ...scanned at 540 dpi
    read = _read(big, 540)
    assert "Nguyễn Thị Thủy Tiên" in read.text and "Phường Lộc Thọ" in read.text and read.problem is None


MIXED = ["Họ và tên: Nguyễn Thị k7q9 z3x8m p4w2", "Quốc tịch: Việt Nam b5n6v q8r3k", "Dân tộc: Kinh j2h7g x5c9"] * 4


def test_when_two_images_of_a_page_read_alike_no_further_binarization_is_read(reads):
    mixed = _page(MIXED)  # half of it no word: a read neither good nor poor
    ctx = PageContext(src=SourcePage(1, image=mixed, dpi=200), options=OcrOptions(jobs=1, searchable_pdf=False),
                      image=mixed, dpi=200.0, gray=mixed)
    same = [(name, lambda: _view(mixed, np.eye(3)), 3) for name in ("as_scanned", "cleaned", "sauvola", "rows")]
    quality = page._read_page(ctx, same, coloured=False)[1]
    assert not quality.good and not quality.poor
    assert reads == ["as_scanned", "cleaned"]
    # a clean-up that reads the page differently leaves the next one to be tried
    reads.clear()
    fewer = _page(MIXED[:4])
    other = [same[0], ("cleaned", lambda: _view(fewer, np.eye(3)), 3), *same[2:]]
    page._read_page(ctx, other, coloured=False)
    assert reads[:3] == ["as_scanned", "cleaned", "sauvola"]


def _noise(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pattern = np.full((1200, 900), 255, np.uint8)
    for _ in range(2500):  # short strokes, no print
        x, y = int(rng.integers(0, 890)), int(rng.integers(0, 1190))
        cv2.line(pattern, (x, y), (x + int(rng.integers(-6, 6)), y + int(rng.integers(4, 9))), 0, 1)
    return pattern


def _noisy(seed: int, lines: list[str]) -> np.ndarray:
    """A map-like page: a few words among many more strokes."""
    return np.minimum(_noise(seed), _page(lines, size=(900, 1200), top=60))


def test_a_page_read_as_noise_at_two_sizes_is_not_cleaned_up(reads):
    small, large, text = _noisy(7, ["Quốc tịch"]), _noisy(8, ["Quốc tịch", "Dân tộc Kinh"]), _page(LINES[:6])
    options = OcrOptions(jobs=1, searchable_pdf=False, orient=False)
    ctx = PageContext(src=SourcePage(1, image=small, dpi=300), options=options, image=small, dpi=300.0, gray=small)
    views = [("as_scanned", lambda: page._View(large, large, np.eye(3), 600.0), 3),
             ("unscaled", lambda: page._View(small, small, np.eye(3), 300.0), 3),
             ("cleaned", lambda: _view(text, np.eye(3)), 3)]
    assert page._read_page(ctx, views, coloured=False)[1].poor
    assert reads == ["as_scanned", "unscaled"]
    # at its own size the page reads, if not well: the clean-up is still tried
    reads.clear()
    mixed = _page(MIXED, size=(1400, 1200))
    views[1] = ("unscaled", lambda: _view(mixed, np.eye(3)), 3)
    page._read_page(ctx, views, coloured=False)
    assert reads == ["as_scanned", "unscaled", "cleaned"]


def _roads(text: np.ndarray, seal: bool) -> np.ndarray:
    """`text` in colour with orange roads drawn across it (a map's: red ink of no seal's shape), or with a
    round red seal."""
    rgb = cv2.cvtColor(text, cv2.COLOR_GRAY2RGB)
    if seal:
        cv2.circle(rgb, (450, 600), 180, (205, 35, 45), 12)
        return rgb
    rng = np.random.default_rng(2)
    for _ in range(12):
        points = rng.integers(0, 900, (3, 2)).astype(np.int32)
        cv2.polylines(rgb, [points], False, (205, 90, 40), 7)
    return rgb


def test_red_ink_of_no_seals_shape_is_also_read_kept_and_a_round_seal_never_is():
    text = _page(LINES[:6], size=(900, 1200), top=60)
    for seal, kept in ((False, True), (True, False)):
        rgb = _roads(text, seal)
        gray, seals = page.ink.drop_seals(rgb, 300.0)
        ctx = PageContext(src=SourcePage(1, image=rgb, dpi=300), options=OcrOptions(jobs=1), image=rgb, dpi=300.0,
                          gray=gray, seals=seals)
        view = page._as_loaded(ctx)
        assert seals and (view is not None) == kept
        if kept:  # the red ink is in it: darker than the page it was dropped from
            assert view is not None and view.gray.mean() < page._as_scanned(ctx).gray.mean() - 1
    plain = PageContext(src=SourcePage(1, image=text, dpi=300), options=OcrOptions(jobs=1), image=text, dpi=300.0,
                        gray=text)
    assert page._as_loaded(plain) is None  # nothing dropped


def test_the_page_with_its_red_ink_kept_is_read_after_a_poor_read_and_wins_when_it_reads_better(reads):
    noisy, text = _noisy(7, ["Quốc tịch"]), _page(LINES[:6], size=(900, 1200), top=60)
    options = OcrOptions(jobs=1, searchable_pdf=False, orient=False)
    ctx = PageContext(src=SourcePage(1, image=noisy, dpi=300), options=options, image=noisy, dpi=300.0, gray=noisy)
    views = [("as_scanned", lambda: _view(noisy, np.eye(3)), 3), ("as_loaded", lambda: _view(text, np.eye(3)), 3),
             ("cleaned", lambda: _view(noisy, np.eye(3)), 3)]
    *_, name = page._read_page(ctx, views, coloured=False)
    assert name == "as_loaded" and reads == ["as_scanned", "as_loaded"]
    # after a read that is not poor it is not read at all: the clean-ups are
    reads.clear()
    mixed = _page(MIXED, size=(900, 1200), top=60)
    views = [("as_scanned", lambda: _view(mixed, np.eye(3)), 3), views[1],
             ("cleaned", lambda: _view(mixed, np.eye(3)), 3)]
    page._read_page(ctx, views, coloured=False)
    assert reads == ["as_scanned", "cleaned"]


def test_a_sideways_page_read_well_down_its_lines_is_turned_without_a_second_read(reads):
    upright = _page()
    turned = cv2.rotate(upright, cv2.ROTATE_90_CLOCKWISE)  # lines running down the page: tesseract reads them
    buffer = io.BytesIO()
    Image.fromarray(turned).save(buffer, "PNG", dpi=(200, 200))
    result = run_ocr(buffer.getvalue(), "image/png", OcrOptions(jobs=1))
    got = result.pages[0]
    assert reads == ["as_scanned"] and got.rotation == 270 and "Nguyễn Thị Thủy Tiên" in got.text
    assert (got.width, got.height) == (1654, 2339) and got.problem is None
    reads.clear()
    read_upright = next(w for w in _read(upright).words if w.text == "Nguyễn")
    nguyen = next(w for w in got.words if w.text == "Nguyễn")  # the box the upright page's read gives it
    assert np.abs(np.subtract(nguyen.box, read_upright.box)).max() <= 6
    left = 120 + ImageFont.truetype(FONT, 30).getlength("Họ, chữ đệm, tên: ")  # where it is printed
    with pdfplumber.open(io.BytesIO(result.searchable_pdf)) as pdf:  # the copy upright, its hidden text on the print
        page = pdf.pages[0]
        assert page.width < page.height
        hidden = next(w for w in page.extract_words() if w["text"] == "Nguyễn")
    assert abs(hidden["x0"] - left * 72 / 200) < 8 and abs(hidden["top"] - (120 + 2 * 70) * 72 / 200) < 8


def test_a_page_turned_the_other_way_is_still_read_again_turned(reads):
    got = _read(cv2.rotate(_page(), cv2.ROTATE_90_COUNTERCLOCKWISE))
    assert got.rotation == 90 and "Nguyễn Thị Thủy Tiên" in got.text and len(reads) == 2


@pytest.fixture
def told(monkeypatch) -> list[int]:
    """The resolutions tesseract is told for each page read."""
    seen: list[int] = []
    recognize = tesseract.recognize

    def telling(image, **kwargs):
        seen.append(kwargs["dpi"])
        return recognize(image, **kwargs)

    monkeypatch.setattr(tesseract, "recognize", telling)
    return seen


def test_small_print_in_an_untagged_photo_is_not_told_to_tesseract_as_tiny(told):
    """A receipt photographed whole: 7 px glyphs, no resolution in the file. Its guess follows the print below
    100 dpi, so that upscaled to the size tesseract reads, it is told print of a normal size (at 100 dpi and
    four times up it was told 400 dpi: print half its size, which tesseract takes for noise)."""
    img = Image.new("L", (700, 1000), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 9)
    for i in range(40):
        draw.text((40, 30 + i * 23), "Tổng tiền phải thanh toán: 18.800 đồng", font=font, fill=20)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=95)
    run_ocr(buffer.getvalue(), "image/jpeg", OcrOptions(jobs=1, searchable_pdf=False))
    assert told and 150 <= told[0] <= 320


def test_a_light_card_on_a_dark_desk_is_not_read_inverted_and_light_print_on_a_dark_page_is(reads):
    """The card's print is read as scanned; read inverted, only a clean-up (which never inverts) found it."""
    desk = np.full((1200, 1600), 45, np.uint8)  # the desk is most of the photo: its median is dark
    card = _page(LINES[:5], size=(1100, 420), top=20)
    desk[390:810, 250:1350] = card
    assert not page.light_print(desk) and page.light_print(255 - _page())
    got = _read(desk, 200)
    assert "Nguyễn Thị Thủy Tiên" in got.text and got.problem is None
    assert got.read_from == "as_scanned" and reads == ["as_scanned"]


def test_two_images_of_a_page_that_both_read_nothing_leave_the_clean_ups_to_be_read(reads):
    """A tilted card on a patterned background read nothing as scanned nor as taken: that is no sign a
    clean-up reads nothing too (it deskews)."""
    level = _page()
    tilted = cv2.warpAffine(level, cv2.getRotationMatrix2D((800, 1100), 9, 1), level.shape[::-1], borderValue=255)
    options = OcrOptions(jobs=1, searchable_pdf=False, orient=False)
    ctx = PageContext(src=SourcePage(1, image=tilted, dpi=200), options=options, image=tilted, dpi=200.0,
                      gray=tilted)
    views = [(name, lambda: _view(tilted, np.eye(3)), 3) for name in ("as_scanned", "as_loaded")]
    views.append(("cleaned", lambda: _view(level, np.eye(3)), 3))  # deskewed
    best = page._read_page(ctx, views, coloured=False)
    assert reads == ["as_scanned", "as_loaded", "cleaned"]
    assert best[4] == "cleaned" and not best[1].poor
