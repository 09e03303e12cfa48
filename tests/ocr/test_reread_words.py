"""Words that are no real word read again enlarged (`ocr.enlarge`) on a page as on an ID card: a value
hand-filled in italics that the page read garbled is read; real words of a page are left as read."""

from __future__ import annotations

import io

import cv2
import numpy as np

from ocr import enlarge
from ocr.options import OcrOptions
from ocr.pipeline import run_ocr
from ocr.types import Word


def test_a_page_reads_again_only_words_of_letters_that_are_no_real_word_a_card_also_its_unsure_words():
    unsure = Word("Lầm", 85.0, (0, 0, 60, 30), 0)
    garbled = Word("Nưmn", 40.0, (0, 0, 80, 30), 0)
    marks = [Word(t, 30.0, (0, 0, 80, 30), 0) for t in ("B", "b)", "[0|7[9|0[", "W@mA", "12/03/2024")]
    assert enlarge.garbled(garbled) and enlarge.garbled(Word("2o", 15.0, (0, 0, 40, 30), 0))  # "Dao"
    assert not enlarge.garbled(unsure) and not enlarge.garbled(Word("Kạn", 91.0, (0, 0, 60, 30), 0))  # a name
    assert not any(enlarge.garbled(w) for w in marks)
    assert enlarge.doubtful(unsure) and enlarge.doubtful(garbled)  # a card's


def test_a_hand_filled_value_the_page_read_garbled_is_read_again():
    from tests.synth import make_document, render

    doc = make_document("to_khai_khai_sinh", 2, layout="handfilled")  # the father's ethnicity, in blue italics
    assert "Năm sinh: 1994 Dân tộc: Dao Quốc tịch: Việt Nam" in doc.text.splitlines()
    buffer = io.BytesIO()
    render(doc, dpi=300).convert("L").save(buffer, format="PNG", dpi=(300, 300))
    page = run_ocr(buffer.getvalue(), "image/png", OcrOptions(jobs=1, searchable_pdf=False)).pages[0]
    assert "Năm sinh: 1994 Dân tộc: Dao Quốc tịch: Việt Nam" in page.text.splitlines()


def test_a_page_of_many_non_words_is_not_read_again():
    # English typewriting or a map read as letters: a second read would not make it Vietnamese, and costs.
    gray = np.full((1200, 1600), 255, np.uint8)
    for row in range(8):
        cv2.putText(gray, "Linzensoep a la Waterman", (60, 200 + 100 * row), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    words = [Word(t, 40.0, (60 + 120 * i, 180, 110, 30), 0) for i, t in enumerate(["Linzensoep", "à", "la", "Watermn"])]
    timings: dict[str, float] = {}
    args = {"lang": "vie", "dpi": 300, "timeout": 60.0, "max_pixels": 60_000_000, "timings": timings,
            "pick": enlarge.garbled}
    assert enlarge.reread(gray, words, few=0.1, **args) is words and not timings
    assert enlarge.reread(gray, words, **args) is not words and timings["tesseract"] > 0
