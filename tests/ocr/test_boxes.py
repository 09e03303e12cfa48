"""Numbers written one digit per box (`ocr.boxes`): real tesseract on drawn rows of boxes and on the
project's CT01 form; tables, blank boxes and other pages are left as the page read made them."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import boxes, digits, preprocess
from ocr.options import OcrOptions
from ocr.pipeline import run_ocr
from ocr.types import Word

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"
NUMBER = "079077359616"


def form(cells: list[str], side: int = 60) -> tuple[np.ndarray, list[Word]]:
    """A label and a row of adjoining square boxes, one character per box (an empty string: an empty box);
    the words a page read gave for the label and for the boxes' sides."""
    img = Image.new("L", (400 + side * len(cells) + 100, 200), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, round(side * 0.6))
    draw.text((40, 70), "4. Số định danh cá nhân:", font=ImageFont.truetype(FONT, 34), fill=20)
    x0, y0 = 480, 60
    for i, text in enumerate(cells):
        left = x0 + i * side
        draw.rectangle((left, y0, left + side, y0 + side), outline=20, width=3)
        if text:
            draw.text((left + side / 2, y0 + side / 2), text, font=font, fill=30, anchor="mm")
    label = Word("4.", 95.0, (40, 72, 30, 34), 0)
    sides = Word("|0|7|9|", 31.0, (x0, y0, side * 3, side), 0)
    return np.asarray(img), [label, sides]


def _reread(gray: np.ndarray, words: list[Word], *, dpi: int,
            timings: dict[str, float] | None = None) -> list[Word]:
    """What the page's `reread_numbers` stage does with the rows of boxes alone: found, read in one run, placed."""
    rows = boxes.pending(gray)
    reads = digits.read([r.strip for r in rows], dpi=dpi, timings=timings) if rows else None
    return words if reads is None else boxes.placed(words, rows, reads)


def test_a_row_of_filled_boxes_is_read_as_one_number_in_place_of_its_sides():
    image, words = form(list(NUMBER))
    (row,) = boxes.find(image)
    assert len(row.sides) == len(NUMBER) + 1
    timings: dict[str, float] = {}
    out = _reread(image, words, dpi=300, timings=timings)
    assert [w.text for w in out] == ["4.", NUMBER]  # the sides read as digits are gone
    assert out[1].box == row.box and timings["tesseract"] > 0


def test_a_skewed_scan_of_the_boxes_still_reads():
    image, words = form(list(NUMBER))
    tilted = preprocess.rotate(image, 1.5)
    assert [w.text for w in _reread(tilted, words[:1], dpi=300)][-1] == NUMBER


def test_a_nine_digit_number_in_the_first_boxes_of_twelve_reads():
    image, words = form([*"025148963", "", "", ""])
    assert _reread(image, words[:1], dpi=300)[-1].text == "025148963"


@pytest.mark.parametrize("cells", [
    [""] * 12,  # a blank form's boxes
    ["", "", "", *"079077359"],  # written from the middle: not a number the form asks for
    ["12", "34", "56", "78", "90", "11", "22", "33"],  # a table's cells of numbers, two digits each
])
def test_boxes_not_filled_one_digit_each_from_the_first_leave_the_page_read(cells):
    image, words = form(cells, side=80 if len(cells[0]) > 1 else 60)
    assert _reread(image, words, dpi=300) == words


def test_a_table_of_uneven_columns_is_no_row_of_boxes():
    img = Image.new("L", (1600, 200), 255)
    draw = ImageDraw.Draw(img)
    edges = [100, 160, 500, 700, 800, 1100, 1400]  # TT, name, birth date, sex, ID, relation
    draw.rectangle((edges[0], 60, edges[-1], 140), outline=20, width=3)
    for x in edges[1:-1]:
        draw.line((x, 60, x, 140), fill=20, width=3)
    assert boxes.find(np.asarray(img)) == []


def test_the_ct01_forms_boxed_id_reaches_the_page_text():
    from tests.synth import make_document, render

    doc = make_document("to_khai_cu_tru", 0, layout="boxes")
    page = render(doc, dpi=300).convert("L")
    buffer = io.BytesIO()
    page.save(buffer, format="PNG", dpi=(300, 300))
    result = run_ocr(buffer.getvalue(), "image/png", OcrOptions(jobs=1, searchable_pdf=False))
    lines = [line for line in result.pages[0].text.splitlines() if "định danh" in line]
    # The declarant's ID (4.) and the head of household's (9.), each in its boxes after its label.
    assert len(lines) == 2 and lines[0].endswith(f": {doc.fields['so_cccd']}")
    assert re.search(r": \d{12}$", lines[1])
