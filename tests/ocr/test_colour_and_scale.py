"""Two reads kept only on the page's own evidence: a colour page's print pale in gray (yellow) read from its
darkest channel, and an upscaled page that read poorly read again at its own size."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ocr import enlarge, ink, page
from ocr._exec import tesseract
from ocr.load import SourcePage
from ocr.options import OcrOptions
from ocr.page import PageContext, process_page
from ocr.types import Word

SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def lines_page(colours: list[tuple[str, tuple[int, int, int]]], paper: tuple[int, int, int] = (255, 255, 255),
               seal: bool = False, size: int = 50) -> np.ndarray:
    """An A5-ish page at 300 dpi: one line of print (12 pt by default) per (text, colour)."""
    img = Image.new("RGB", (30 * size, 20 * size), paper)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(SANS, size)
    for i, (text, colour) in enumerate(colours):
        draw.text((2 * size, 2 * size + i * round(2.4 * size)), text, font=font, fill=colour)
    if seal:  # a red round seal over the last line
        draw.ellipse((900, 300, 1300, 700), outline=(210, 30, 40), width=14)
        draw.text((980, 480), "ỦY BAN", font=font, fill=(210, 30, 40))
    return np.asarray(img)


def _read(image: np.ndarray):
    return process_page(SourcePage(1, image=image, dpi=300), OcrOptions(jobs=1, searchable_pdf=False)).page


BLACK_LINES = [("Cộng hòa xã hội chủ nghĩa Việt Nam", (0, 0, 0)), ("Độc lập Tự do Hạnh phúc", (20, 20, 20))]


def test_yellow_print_is_read_from_the_darkest_channel():
    colour = lines_page([*BLACK_LINES, ("Giấy chứng nhận kết hôn", (255, 235, 0))])
    read = _read(colour)
    assert "Giấy chứng nhận kết hôn" in read.text and "Độc lập Tự do Hạnh phúc" in read.text
    assert read.read_from == "colour"


def test_black_print_pastel_paper_and_a_red_seal_have_no_colour_read():
    image = lines_page(BLACK_LINES, paper=(235, 245, 255), seal=True)
    gray, seals = ink.drop_seals(image, 300)
    assert seals and ink.colour_ink(image, gray, seals) is None
    read = _read(image)
    assert "Độc lập Tự do Hạnh phúc" in read.text
    assert read.read_from == "as_scanned" and "prepare_colour" not in read.timings


def test_the_colour_read_changes_only_strongly_coloured_pixels():
    image = lines_page([*BLACK_LINES, ("Giấy chứng nhận kết hôn", (255, 235, 0))], paper=(235, 245, 255))
    gray, seals = ink.drop_seals(image, 300)
    out = ink.colour_ink(image, gray, seals)
    assert out is not None
    r, g, b = (image[..., i].astype(int) for i in range(3))
    neutral = (np.maximum(np.maximum(r, g), b) - np.minimum(np.minimum(r, g), b)) < 60  # print, its edges, paper
    assert (out[neutral] == gray[neutral]).all()
    yellow = (r == 255) & (g == 235) & (b == 0)  # the print itself, not its anti-aliased edge
    assert out[yellow].max() <= ink.LIFT < gray[yellow].min()


def _views(sharp: np.ndarray, blurred: np.ndarray):
    """The page as scanned (as given) and at its own size (the sharp page), as `recognize` lists them."""
    def view(gray: np.ndarray, dpi: float) -> page._View:
        return page._View(gray, gray, np.eye(3), dpi)

    return [("as_scanned", lambda: view(blurred, 600.0), 3), ("unscaled", lambda: view(sharp, 300.0), 3)]


def _context(image: np.ndarray) -> PageContext:
    return PageContext(src=SourcePage(1, image=image, dpi=300), options=OcrOptions(jobs=1, searchable_pdf=False),
                       image=image, dpi=300.0, gray=image)


def test_a_poor_upscaled_read_is_read_again_at_the_pages_own_size():
    sharp = np.asarray(Image.fromarray(lines_page(BLACK_LINES * 2)).convert("L"))
    smeared = np.asarray(Image.fromarray(sharp).filter(ImageFilter.GaussianBlur(9)))  # reads as noise
    ctx = _context(sharp)
    _, quality, _, got, name = page._read_page(ctx, _views(sharp, smeared), coloured=False)
    assert name == "unscaled" and quality.good
    assert "Độc lập Tự do Hạnh phúc" in " ".join(w.text for w in got.words)


def test_a_good_read_is_not_read_again_unscaled():
    sharp = np.asarray(Image.fromarray(lines_page(BLACK_LINES * 2)).convert("L"))
    ctx = _context(sharp)
    *_, name = page._read_page(ctx, _views(sharp, sharp), coloured=False)
    assert name == "as_scanned" and "prepare_unscaled" not in ctx.timings


def test_a_page_not_upscaled_has_no_unscaled_view():
    sharp = np.asarray(Image.fromarray(lines_page(BLACK_LINES * 2)).convert("L"))
    ctx = _context(sharp)
    scanned = page._as_scanned(ctx)
    assert scanned.dpi == 300.0 and page._unscaled(ctx, scanned) is None


def _word(text: str, confidence: float, box: tuple[int, int, int, int]) -> Word:
    return Word(text, confidence, box, 0)


def test_a_cards_enlarged_read_replaces_a_word_only_where_it_reads_better():
    first = [_word("NGUYÊN", 80.0, (100, 50, 200, 40)), _word("Lâm,", 90.0, (400, 50, 100, 40)),
             _word("Hà", 95.0, (600, 50, 60, 40)), _word("xyzq", 40.0, (800, 50, 90, 40)),
             _word("s", 30.0, (1000, 50, 90, 40)), _word("Expbiry", 60.0, (1200, 50, 90, 40))]
    larger = [_word("NGUYỄN", 88.0, (202, 100, 398, 82)),  # the same place, twice the size: surer
              _word("Lầm,", 70.0, (800, 100, 200, 80)),  # less sure
              _word("Hả", 99.0, (1600, 100, 120, 80)),  # elsewhere
              _word("xuân", 30.0, (1600, 100, 180, 80)),  # a real word beats a sure non-word
              _word("Sø/No:", 90.0, (2000, 100, 180, 80)),  # punctuation in a word never replaces one
              _word("Expiry", 70.0, (2400, 100, 180, 80))]  # letters read more surely than a non-word
    merged = enlarge.merge(first, larger, 2.0)
    assert [w.text for w in merged] == ["NGUYỄN", "Lâm,", "Hà", "xuân", "s", "Expiry"]
    assert [w.box for w in merged] == [w.box for w in first] and merged[0].confidence == 88.0


def test_only_a_cards_doubtful_words_are_cut_out_and_read_again_enlarged():
    lines = [("NGUYỄN VĂN LÂM", (0, 0, 0)), ("Quê quán Hà Nội", (0, 0, 0)), ("Ngày sinh 05/06/1997", (0, 0, 0))]
    gray = np.asarray(Image.fromarray(lines_page(lines, size=20)).convert("L"))
    read = tesseract.recognize(gray, lang="vie", timeout=60, psm=3, dpi=300).words
    first = {w.text: w for w in read}
    assert {"NGUYỄN", "LÂM", "Quê"} <= set(first)
    # What the first read might have got wrong: a lost tone mark read unsurely, a non-word; and two wrong
    # readings that are not doubtful (a sure real word, punctuation): these are not read again.
    words = [replace(w, text="NGUYÊN", confidence=70.0) if w.text == "NGUYỄN"
             else replace(w, text="LAAM", confidence=60.0) if w.text == "LÂM"
             else replace(w, text="Quế", confidence=99.0) if w.text == "Quê" else w for w in read]
    words.append(Word("/", 20.0, first["NGUYỄN"].box, 0))
    assert [enlarge.doubtful(w) for w in words[-1:]] == [False]
    again = enlarge.reread(gray, words, lang="vie", dpi=300, timeout=60, max_pixels=36_000_000, timings={})
    texts = [w.text for w in again]
    assert "NGUYỄN" in texts and "LÂM" in texts  # read again, cut out and enlarged
    assert "Quế" in texts and texts[-1] == "/"  # sure, or no letters: left as read
    assert [w.box for w in again] == [w.box for w in words]


def test_print_already_large_gets_no_enlarged_read():
    big = np.asarray(Image.fromarray(lines_page(BLACK_LINES * 2, size=80)).convert("L"))
    small = np.asarray(Image.fromarray(lines_page(BLACK_LINES * 2)).convert("L"))
    assert enlarge.factor(big, 36_000_000) is None
    scale = enlarge.factor(small, 36_000_000)
    assert scale is not None and scale >= enlarge.MIN_STEP
    assert enlarge.factor(small, small.size) is None  # never past the pixel cap


def test_only_the_image_of_a_card_alone_is_read_again_enlarged():
    def shaped(width: int, height: int) -> PageContext:
        return _context(np.full((height, width), 255, np.uint8))

    assert page.id_card(shaped(1016, 640))  # a card at 300 dpi
    assert not page.id_card(shaped(3508, 2480))  # a landscape A4 page
    assert not page.id_card(shaped(2480, 3508))  # a portrait A4 page, a card photocopied onto it
    assert not page.id_card(shaped(400, 40))  # a name line cut from a card
