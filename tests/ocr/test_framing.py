"""What part of an image tesseract reads: the print of a page that it covers only in part, the sheet of a
photo before the photo when the sheet is a small part of it."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr import page, preprocess
from ocr.load import SourcePage
from ocr.options import OcrOptions

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CARD = ["CĂN CƯỚC CÔNG DÂN", "Số: 001197501894", "Họ và tên: PHẠM ÁNH DUYÊN", "Ngày sinh: 05/06/1997",
        "Quê quán: Bát Tràng, Gia Lâm, Hà Nội"]


def _print(lines: list[str], size: tuple[int, int], paper: int = 255, ink: int = 20) -> Image.Image:
    img = Image.new("L", size, paper)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    for i, line in enumerate(lines):
        draw.text((40, 40 + 60 * i), line, font=font, fill=ink)
    return img


def _a4_with_card(faint_note: bool = False) -> np.ndarray:
    """A card photocopied onto an A4 page at 300 dpi, near its top left corner."""
    a4 = Image.new("L", (2480, 3508), 255)
    a4.paste(_print(CARD, (1016, 640), paper=235), (300, 400))
    if faint_note:  # pencil-pale handwriting far below the card
        ImageDraw.Draw(a4).text((300, 3100), "Đã đối chiếu bản chính", font=ImageFont.truetype(FONT, 40), fill=190)
    return np.asarray(a4)


def test_print_covering_part_of_a_page_is_cut_out_with_a_margin():
    for a4 in (_a4_with_card(), _a4_with_card(faint_note=True)):
        x, y, w, h = preprocess.content_box(a4)
        ys, xs = np.nonzero(a4 < 215)  # every stroke, the pale note's too, is inside, with room round it
        assert x < xs.min() - 20 and y < ys.min() - 20 and x + w > xs.max() + 20 and y + h > ys.max() + 20
        assert w * h < 0.3 * a4.size
    form = _print(CARD * 9, (2480, 3508))
    ImageDraw.Draw(form).text((1900, 3200), "Người khai", font=ImageFont.truetype(FONT, 30), fill=20)
    assert preprocess.content_box(np.asarray(form)) is None  # print down and across the page: nothing to cut


def test_the_cut_out_is_read_and_its_words_mapped_back_onto_the_page():
    image = _a4_with_card()
    ctx = page.PageContext(src=SourcePage(1, image=image, dpi=300), options=OcrOptions(jobs=1), image=image, dpi=300)
    page.to_gray(ctx)
    view = page._as_scanned(ctx)
    assert view.gray.size < 0.25 * image.size * (view.dpi / 300) ** 2
    corner = view.to_original @ np.array([0.0, 0.0, 1.0])
    assert 200 <= corner[0] <= 300 and 300 <= corner[1] <= 400  # the view's corner lies just outside the card
    got = page.process_page(SourcePage(1, image=image, dpi=300), OcrOptions(jobs=1, searchable_pdf=False)).page
    assert "001197501894" in got.text and "DUYÊN" in got.text


def test_a_small_sheet_in_a_photo_is_read_first_and_the_photo_as_taken_not_at_all():
    card = np.asarray(_print(CARD, (1016, 640), paper=230))
    desk = np.random.default_rng(2).integers(30, 70, (1500, 2000)).astype(np.uint8)
    where = np.float32([[320, 280], [1640, 340], [1610, 1180], [300, 1130]])  # a third of the photo
    warp = cv2.getPerspectiveTransform(np.float32([[0, 0], [1016, 0], [1016, 640], [0, 640]]), where)
    photo = cv2.warpPerspective(card, warp, (2000, 1500), dst=desk.copy(), borderMode=cv2.BORDER_TRANSPARENT)
    got = page.process_page(SourcePage(1, image=cv2.cvtColor(photo, cv2.COLOR_GRAY2RGB), dpi=300),
                            OcrOptions(jobs=1, searchable_pdf=False)).page
    assert got.read_from == "paper" and "prepare_as_scanned" not in got.timings
    assert "001197501894" in got.text
