"""The evidence stage: the CCCD's QR code, official stamps and signatures on page images."""

from __future__ import annotations

import io
import time

import cv2
import numpy as np
import pytest
from PIL import Image

from ocr import ink, marks, qr
from ocr.pipeline import OcrOptions, run_ocr
from ocr.types import Word
from tests.synth import LEVELS, make_document, render, scan, to_bytes
from tests.synth.layout import place


def _image(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)))


def _words(doc, dpi: int = 300) -> list[Word]:
    """Word boxes where the renderer printed the text (what OCR would return), one per printed run."""
    out = []
    for i, p in enumerate(place(doc)):
        k = dpi / 72
        out.append(Word(p.text, 95.0, (round(p.x * k), round((p.y - 0.8 * p.size) * k), round(p.width * k),
                                       round(p.size * k)), i))
    return out


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("grayscale", [True, False])
def test_the_qr_code_of_a_scanned_cccd_is_decoded(level, grayscale):
    doc = make_document("cccd", seed=3)
    data, _ = scan(doc, level, seed=3, grayscale=grayscale)
    assert qr.decode(_image(data)) == [doc.qr]


@pytest.mark.parametrize("width", [732, 800])
def test_the_qr_code_of_a_small_soft_card_scan_is_decoded(width):
    """A card scanned at ~200 dpi, slightly out of focus, strong JPEG: OpenCV's decoder alone misses it at
    every scale (what a benchmark office scan showed); ZXing reads it."""
    from PIL import ImageFilter

    doc = make_document("cccd", seed=3)
    card = render(doc, dpi=300)
    soft = card.resize((width, round(card.height * width / card.width)), Image.LANCZOS).filter(
        ImageFilter.GaussianBlur(0.8))
    assert qr.decode(_image(to_bytes(soft, "JPEG", quality=60))) == [doc.qr]


def test_the_qr_code_of_a_card_photocopied_onto_a4_is_decoded():
    doc = make_document("cccd", seed=8)
    card = render(doc).resize((1082, 708))  # 600 -> 300 dpi
    page = Image.new("RGB", (2480, 3508), "white")
    page.paste(card, (300, 400))
    assert qr.decode(np.asarray(page.convert("L"))) == [doc.qr]


def test_a_form_has_no_finder_patterns_so_the_decoder_is_not_run():
    data, _ = scan(make_document("to_khai_khai_sinh", seed=2), "office", seed=2)
    gray = _image(data)
    start = time.process_time()
    assert qr.finders(gray) == [] and qr.decode(gray) == []
    assert time.process_time() - start < 0.5  # ~20 ms: generous for a loaded machine


@pytest.fixture(scope="module")
def certificate():
    return make_document("giay_chung_sinh", seed=4)


def test_red_stamp_is_a_round_seal_and_the_cccd_emblem_is_not(certificate):
    stamped = np.asarray(render(certificate, stamp=True))
    assert [s.round for s in ink.seals(stamped, 300)] == [True]
    assert ink.seals(np.asarray(render(certificate, stamp=False)), 300) == []
    card = np.asarray(render(make_document("cccd", seed=1)))
    assert not any(s.round for s in ink.seals(card, 600))  # the red emblem is 13 mm across and solid


def test_gray_scan_shows_the_seal_as_a_ring(certificate):
    for level in ("clean", "office"):
        with_stamp, _ = scan(certificate, level, seed=4, stamp=True)
        without, _ = scan(certificate, level, seed=4, stamp=False)
        dpi = Image.open(io.BytesIO(with_stamp)).info["dpi"][0]
        assert len(marks.ring_stamps(_image(with_stamp), dpi)) == 1
        assert marks.ring_stamps(_image(without), dpi) == []


def test_signatures_are_strokes_above_the_printed_name(certificate):
    words = _words(certificate)
    signed = cv2.cvtColor(np.asarray(render(certificate, stamp=False)), cv2.COLOR_RGB2GRAY)
    unsigned = cv2.cvtColor(np.asarray(render(certificate, stamp=False, signature=False)), cv2.COLOR_RGB2GRAY)
    found = sorted(marks.signatures(signed, 300, words, []), key=lambda m: m.box[0])
    names = [p for p in place(certificate) if p.tag == "sign"]  # the mother's and the doctor's
    assert len(found) == len(names) == 2
    for mark, name in zip(found, names, strict=True):
        x, y, w, h = mark.box
        baseline = name.y * 300 / 72
        assert baseline - 300 < y and y + h < baseline  # in the blank space right above the printed name
        assert x < (name.x + name.width) * 300 / 72 and name.x * 300 / 72 < x + w
    assert marks.signatures(unsigned, 300, words, []) == []


def test_stamp_and_signature_reach_the_page_text(certificate):
    """Through the whole OCR stage: a stamped, signed colour scan and a bare one."""
    options = OcrOptions(searchable_pdf=False, jobs=1)
    stamped = to_bytes(render(certificate, stamp=True, dpi=200), "PNG")
    bare = to_bytes(render(certificate, stamp=False, signature=False, dpi=200), "PNG")
    (page,) = run_ocr(stamped, "image/png", options).pages
    assert {m.kind for m in page.marks} == {"stamp", "signature"}
    assert next(m for m in page.marks if m.kind == "stamp").how == "red"
    (page,) = run_ocr(bare, "image/png", options).pages
    assert page.marks == [] and page.qr == []
    assert "evidence" in page.timings
