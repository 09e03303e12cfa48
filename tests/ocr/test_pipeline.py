"""The OCR pipeline on generated papers: text layers are read without OCR, scans are OCR'd, PDFs assembled."""

from __future__ import annotations

import io

import numpy as np
import pdfplumber
import pytest
from PIL import Image

from ocr.errors import OcrError
from ocr.pipeline import OcrOptions, run_ocr
from tests.synth import cer, degrade, ground_truth_text, image_pdf, make_document, mixed_pdf, render, text_pdf, to_bytes
from tests.synth.layout import place

OPTIONS = OcrOptions()
OptionsNoPdf = OcrOptions(searchable_pdf=False)


@pytest.fixture(scope="module")
def form():
    return make_document("to_khai_khai_sinh", seed=21)


@pytest.fixture(scope="module")
def page_image(form):
    return render(form, dpi=300).convert("L")


def test_text_layer_pdf_is_read_exactly_without_ocr(form):
    result = run_ocr(text_pdf(form), "application/pdf", OPTIONS)
    assert result.source == "text-layer"
    assert [p.source for p in result.pages] == ["text-layer"]
    assert cer(result.text, ground_truth_text(form)) == 0.0
    assert result.searchable_pdf is None  # the original already is the searchable copy


def test_scan_is_ocrd_with_low_error_and_a_searchable_pdf(form, page_image):
    result = run_ocr(to_bytes(page_image, "PNG"), "image/png", OPTIONS)
    assert result.source == "ocr"
    assert cer(result.text, ground_truth_text(form)) < 0.02
    assert result.confidence and result.confidence > 80
    assert result.pages[0].words and all(w.box[2] > 0 for w in result.pages[0].words)
    with pdfplumber.open(io.BytesIO(result.searchable_pdf)) as pdf:
        assert len(pdf.pages) == 1
        hidden_text = pdf.pages[0].extract_text()
    assert "KHAI SINH" in hidden_text  # the invisible layer makes the scan searchable


def test_mixed_pdf_ocrs_only_the_page_without_text(form, page_image):
    data = mixed_pdf(form, page_image.reduce(2), dpi=150)
    result = run_ocr(data, "application/pdf", OPTIONS)
    assert [p.source for p in result.pages] == ["text-layer", "ocr"]
    assert "KHAI SINH" in result.pages[1].text
    with pdfplumber.open(io.BytesIO(result.searchable_pdf)) as pdf:
        assert len(pdf.pages) == 2


def test_multipage_tiff_and_exif_rotation(page_image):
    small = page_image.reduce(2)
    buf = io.BytesIO()
    small.save(buf, "TIFF", save_all=True, append_images=[small], dpi=(150, 150))
    assert len(run_ocr(buf.getvalue(), "image/tiff", OptionsNoPdf).pages) == 2

    # A phone stores the photo sideways and says so in EXIF (orientation 6 = turn 90° clockwise to view).
    sideways = small.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    sideways.save(buf, "JPEG", exif=exif, quality=90)
    page = run_ocr(buf.getvalue(), "image/jpeg", OptionsNoPdf).pages[0]
    assert page.width < page.height  # upright portrait again
    assert "KHAI SINH" in page.text


def test_guards_raise_clear_errors(page_image):
    with pytest.raises(OcrError) as info:
        run_ocr(to_bytes(page_image, "PNG"), "image/png", OcrOptions(max_pixels=1_000_000))
    assert info.value.code == "image_too_large"
    blank = image_pdf([Image.new("L", (100, 100), 255)] * 3, dpi=72)
    with pytest.raises(OcrError) as info:
        run_ocr(blank, "application/pdf", OcrOptions(max_pages=2))
    assert info.value.code == "too_many_pages"


def test_hidden_text_lies_over_the_printed_words(form):
    """A tilted 200-dpi JPEG scan: the invisible words of the digitized copy sit on the printed ones, through
    deskew and the text page drawn as a form under its matrix."""
    scan, applied = degrade(render(form, dpi=300), "office", seed=7, target_dpi=200)
    assert abs(applied.angle) > 0.3  # deskew has to be undone too
    result = run_ocr(to_bytes(scan, "JPEG", quality=85), "image/jpeg", OPTIONS)
    with pdfplumber.open(io.BytesIO(result.searchable_pdf)) as pdf:
        page = pdf.pages[0]
        assert abs(page.width - 595) < 3 and len(page.images) == 1
        hidden = {w["text"]: w for w in page.extract_words()}
    title = next(p for p in place(form) if p.text.startswith("CỘNG HÒA"))
    word = hidden["CỘNG"]
    # The page was turned by at most 1.5° about its centre: a word moves by a few points at most.
    assert abs(word["x0"] - title.x) < 8 and abs(word["bottom"] - title.y) < 8


def test_an_upright_jpeg_is_decoded_to_the_same_pixels_as_pillow(page_image):
    from ocr.load import load_pages

    data = to_bytes(page_image.reduce(2).convert("RGB"), "JPEG", quality=80)
    (src,) = load_pages(data, "image/jpeg", dpi=300, max_pages=1, max_pixels=60_000_000)
    assert src.jpeg == data and src.image.shape == (*page_image.reduce(2).size[::-1], 3)
    assert np.array_equal(src.image, np.asarray(Image.open(io.BytesIO(data))))


@pytest.mark.parametrize("mode", ["L", "RGB"])
def test_an_upright_png_is_decoded_to_the_same_pixels_as_pillow(page_image, mode):
    from ocr.load import load_pages

    small = page_image.reduce(2).convert(mode)
    data = to_bytes(small, "PNG")
    (src,) = load_pages(data, "image/png", dpi=300, max_pages=1, max_pixels=60_000_000)
    assert src.jpeg is None and np.array_equal(src.image, np.asarray(small))


def test_a_png_turned_by_exif_comes_out_upright(page_image):
    from ocr.load import load_pages

    small = page_image.reduce(4)
    sideways = small.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # turn 90° clockwise to view
    buf = io.BytesIO()
    sideways.save(buf, "PNG", exif=exif)
    (src,) = load_pages(buf.getvalue(), "image/png", dpi=300, max_pages=1, max_pixels=60_000_000)
    assert np.array_equal(src.image, np.asarray(small))
