"""Crops cut from a card (one name line): read in one tesseract run, the crop as scanned kept unless another
view reads clearly better, and never mistaken for a page with frames."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from pypdf import PdfReader

from ocr._exec import tesseract
from ocr.load import SourcePage
from ocr.options import OcrOptions
from ocr.page import process_page

BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def name_crop(name: str, blur: float, ink: int = 40, paper: int = 200) -> np.ndarray:
    """A name line as cut from a card photo: bold capitals filling most of a 39 px strip, blurred, JPEG."""
    font = ImageFont.truetype(BOLD, 22)
    img = Image.new("RGB", (int(font.getlength(name)) + 30, 39), (paper, paper + 5, paper))
    ImageDraw.Draw(img).text((15, 19), name, font=font, fill=(ink, ink, ink), anchor="lm")
    buffer = io.BytesIO()
    img.filter(ImageFilter.GaussianBlur(blur)).save(buffer, "JPEG", quality=60)
    return np.asarray(Image.open(buffer).convert("RGB"))


def _read(image: np.ndarray, pdf: bool = False):
    return process_page(SourcePage(1, image=image), OcrOptions(jobs=1, searchable_pdf=pdf))


def test_several_images_are_read_in_one_run_each_with_its_own_words_and_pdf_page():
    lines = [name_crop("HÀ VĂN LUÂN", 0.5), name_crop("ĐÀO THỊ TƠ", 0.5)]
    padded = [np.pad(line[..., 0], 20, mode="edge") for line in lines]
    reads = tesseract.recognize_many(padded, lang="vie", timeout=60, psm=3, want_pdf=True)
    assert [" ".join(w.text for w in r.words) for r in reads] == ["HÀ VĂN LUÂN", "ĐÀO THỊ TƠ"]
    assert all(r.pdf is not None and len(PdfReader(io.BytesIO(r.pdf)).pages) == 1 for r in reads)
    assert all(w.line == 0 for r in reads for w in r.words)  # lines are numbered per image


def test_a_blurred_name_crop_keeps_its_letters():
    # The clean-up once erased every letter spanning half the strip as a frame: "NGUY NTH KI U TRANG".
    read = _read(name_crop("NGUYỄN THỊ KIỀU TRANG", 1.5)).page
    assert "THỊ KIỀU TRANG" in read.text and read.problem is None


@pytest.mark.parametrize("name", ["TRỊNH THỊ THỦY HẰNG", "HÀ ĐÌNH LỢI"])
def test_a_clean_name_crop_is_read_as_scanned(name):
    outcome = _read(name_crop(name, 0.8), pdf=True)
    assert outcome.page.text == name and outcome.page.read_from == "as_scanned"
    assert outcome.pdf is not None and outcome.pdf.text_pdf is not None
