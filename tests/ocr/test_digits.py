"""The second read of long numbers (`ocr.digits`): real tesseract on rendered numbers."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr import digits
from ocr._exec import tesseract
from ocr.options import OcrOptions
from ocr.page import PageContext, reread_numbers
from ocr.types import Word

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
NUMBER = "096089031499"

def printed(text: str) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A gray page strip with `text` at 12 pt / 300 dpi (glyphs ~33 px, as tesseract's page read sees a
    form), beside a label; the box of the number as tesseract would give it."""
    img = Image.new("L", (1400, 160), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 46)
    draw.text((60, 50), "Số định danh:", font=font, fill=20)
    left, top, right, bottom = draw.textbbox((470, 50), text, font=font)
    draw.text((470, 50), text, font=font, fill=20)
    return np.asarray(img), (left, top, right - left, bottom - top)


def _reread(image: np.ndarray, words: list[Word], *, dpi: int,
            timings: dict[str, float] | None = None) -> list[Word]:
    """What the page's `reread_numbers` stage does with the long numbers alone: picked, read in one run, merged."""
    chosen = digits.picked(words)
    crops = [digits.crop(image, words[i].box) for i in chosen]
    reads = digits.read(crops, dpi=dpi, timings=timings) if chosen else None
    return words if reads is None else digits.merged(words, chosen, reads)


def test_a_printed_number_is_read_alike_and_left_alone():
    image, box = printed(NUMBER)
    ((text, confidence),) = tesseract.read_lines([digits.crop(image, box)], lang=digits.LANG,
                                                 whitelist=digits.WHITELIST, dpi=300, timeout=60)
    assert text == NUMBER and confidence >= 80
    word = Word(NUMBER, 95.0, box, 0)
    timings = {"tesseract": 0.5}
    assert _reread(image, [word], dpi=300, timings=timings) == [replace(word, confirmed=True)]
    assert timings["tesseract"] > 0.5  # the second read is tesseract's time, as the page read is
    untouched = {"tesseract": 0.5}
    _reread(image, [Word("12.03.2024", 95.0, box, 0)], dpi=300, timings=untouched)  # a date: not read again
    assert untouched == {"tesseract": 0.5}


def test_a_misread_digit_is_read_again_and_both_readings_kept():
    image, box = printed(NUMBER)
    misread = Word("096089051499", 60.0, box, 0)  # the page read's 3 → 5, at a confidence below the reread's
    (got,) = _reread(image, [misread], dpi=300)
    assert got.text == NUMBER and got.alternatives == ("096089051499",)
    assert got.confidence == 60.0  # the two reads disagreed: the lower confidence stands
    sure = Word("096089051499", 99.9, box, 0)  # a first read more confident than the second keeps its text
    (kept,) = _reread(image, [sure], dpi=300)
    assert kept.text == "096089051499" and kept.alternatives == (NUMBER,) and kept.confidence < 99.9


def test_only_long_numbers_are_read_again():
    words = [
        Word(t, 90.0, (0, 0, 10, 10), 0)
        for t in ("096089031499,", "04/09/1992", "Số:096089031499", "0912.345.678", "12345678", "CCCD")
    ]
    assert digits.candidates(words) == [0, 3]


def test_merge_keeps_the_word_when_the_reads_agree_or_the_second_lost_digits():
    word = Word("096089031499.", 93.0, (0, 0, 10, 10), 0)
    assert digits.merge(word, "096089031499", 96.0) == replace(word, confirmed=True)  # agreed: confirmed
    assert digits.merge(word, "0960890", 96.0) is word  # too short to be the number: no evidence


def test_the_second_reading_keeps_the_separators_as_printed():
    got = digits.merge(Word("0912.345.678", 80.0, (0, 0, 10, 10), 0), "0912345673", 90.0)
    assert got.text == "0912.345.673" and got.alternatives == ("0912.345.678",)
    assert digits.with_digits("(0123456789)", "01234567890") == "(01234567890)"


def test_the_page_stage_rereads_numbers_except_on_a_card_whose_qr_code_was_read():
    image, box = printed(NUMBER)  # a landscape strip: card-shaped
    misread = Word("096089051499", 60.0, box, 0)
    for qr, want in (([], NUMBER), (["001234567890|…"], "096089051499")):
        ctx = PageContext(
            src=None,  # type: ignore[arg-type]
            options=OcrOptions(),
            image=image,
            dpi=300,
            ocr_gray=image,
            words=[misread],
            qr=qr,
        )
        reread_numbers(ctx)
        assert [w.text for w in ctx.words] == [want]

