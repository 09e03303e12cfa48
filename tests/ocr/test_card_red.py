"""An ID card's red ink: its title and number are print to read, its tinted guilloche, emblem and photo are
dropped as before, and a round blob is a seal only at a seal's share of the image (an old CMND's back)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr import ink
from ocr.load import SourcePage
from ocr.options import OcrOptions
from ocr.page import process_page

SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
RED = (205, 35, 45)
TINT = (246, 206, 150)  # the chip card's yellow-orange guilloche: red enough for the seal finder's red test
TITLE = "CĂN CƯỚC CÔNG DÂN"


def card(tint: bool = True, desk: bool = False, seal: bool = False) -> np.ndarray:
    """A card's face at 300 dpi (86 × 54 mm): a red emblem, a photo in a red shirt, a red title over a tinted
    middle, black labels; `desk`: lying on a red desk that runs off the image; `seal`: a round red seal."""
    img = Image.new("RGB", (1013, 638), (236, 244, 240))
    draw = ImageDraw.Draw(img)
    if tint:  # guilloche: fine tinted lines over most of the card
        for y in range(40, 600, 8):
            draw.line((250, y, 900, y + 20), fill=TINT, width=4)
    draw.ellipse((40, 30, 190, 180), fill=(215, 40, 40))  # the emblem
    draw.rectangle((40, 230, 210, 450), fill=(200, 170, 150))  # the photo: a face, a red shirt
    draw.rectangle((40, 380, 210, 450), fill=(190, 30, 40))
    draw.text((300, 160), TITLE, font=ImageFont.truetype(SANS_BOLD, 44), fill=RED)
    body = ImageFont.truetype(SANS, 32)
    for i, line in enumerate(["Họ và tên: NGUYỄN VĂN AN", "Ngày sinh: 01/09/1964", "Quốc tịch: Việt Nam"]):
        draw.text((300, 280 + 60 * i), line, font=body, fill=(20, 20, 30))
    if seal:
        draw.ellipse((620, 330, 860, 570), outline=RED, width=12)
    if desk:
        draw.rectangle((0, 600, 1013, 638), fill=(180, 20, 30))
    return np.asarray(img)


def _box_gray(gray: np.ndarray, box: tuple[int, int, int, int]) -> float:
    x0, y0, x1, y1 = box
    return float(gray[y0:y1, x0:x1].min())


TITLE_BOX = (300, 160, 800, 215)


def test_a_cards_red_title_merged_with_its_tint_stays_dark_and_the_rest_of_its_red_is_dropped():
    image = card()
    kept, found = ink.drop_seals(image, 300, card=True)
    dropped, found_as_page = ink.drop_seals(image, 300)
    assert found and found_as_page  # the tint and the title are one red blob either way
    assert _box_gray(kept, TITLE_BOX) < 100 < _box_gray(dropped, TITLE_BOX)  # kept only as a card's print
    assert kept[60:140, 700:800].min() > 235  # the tint whitened as before (its gray is 212)
    assert kept[100:170, 60:170].min() > 200 and kept[390:440, 60:200].min() > 180  # emblem and red shirt too


def test_a_red_desk_around_a_card_is_no_print():
    kept, _ = ink.drop_seals(card(desk=True), 300, card=True)
    assert kept[610:630].min() > 170  # dropped as red ink, as a page's would be
    assert _box_gray(kept, TITLE_BOX) < 100


def test_on_a_card_a_blob_over_half_its_height_is_no_seal_and_a_card_sized_ring_is():
    assert not any(s.round for s in ink.seals(card(), 300, card=True))
    tinted_page = [s.round for s in ink.seals(card(), 300)]
    assert any(tinted_page)  # read as a page's, the tint and title make a 47 mm "seal"
    ringed = [s for s in ink.seals(card(tint=False, seal=True), 300, card=True) if s.round]
    assert len(ringed) == 1
    gray, _ = ink.drop_seals(card(tint=False, seal=True), 300, card=True)
    assert gray[330:345, 700:780].min() > 200  # the seal's rim is dropped


def test_a_cards_red_title_is_read():
    read = process_page(SourcePage(1, image=card(), dpi=300), OcrOptions(jobs=1, searchable_pdf=False)).page
    assert TITLE in read.text and "NGUYỄN VĂN AN" in read.text


def test_a_landscape_pages_30_mm_seal_is_still_a_seal():
    # card-like (wider than tall) but an A4 page: its seal is 14 % of its short side, a card's letter under 4 %
    img = Image.new("RGB", (3508, 2480), "white")
    draw = ImageDraw.Draw(img)
    draw.text((300, 300), "GIẤY KHEN", font=ImageFont.truetype(SANS_BOLD, 120), fill=(20, 20, 30))
    draw.ellipse((2400, 1800, 2754, 2154), outline=RED, width=14)
    draw.text((2480, 1950), "ỦY BAN", font=ImageFont.truetype(SANS, 50), fill=RED)
    assert [s.round for s in ink.seals(np.asarray(img), 300, card=True)] == [True]
