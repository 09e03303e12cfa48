"""The evidence OCR decisions rest on: which words are real, and which text layers are text."""

from __future__ import annotations

import io

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ocr.load import load_pages
from ocr.readability import measure, reads_as_text, word_is_valid
from ocr.types import Word

LINES = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "Họ, chữ đệm, tên: Nguyễn Thị Thủy Tiên", "Ngày sinh: 12/03/2024, số CCCD 079204001234"]


def _word(text: str, confidence: float = 90.0) -> Word:
    return Word(text, confidence, (0, 0, 10, 10), 0)


def test_syllables_numbers_codes_and_sure_latin_words_are_real_words():
    for text in ("Nguyễn", "hoà", "hòa", "12/03/2024", "079204001234", "123/QĐ-UBND", "CCCD", "(Ký,", "Freedom"):
        assert word_is_valid(_word(text)), text
    for text in ("ue1", "ÒH", "quÉH", "Ừừ", "#", "dệi"):
        assert not word_is_valid(_word(text)), text
    assert not word_is_valid(_word("Freedom", 40.0))  # a Latin word needs a sure read: junk looks Latin too


def test_a_read_upside_down_is_poor_and_the_upright_one_good():
    upright = [_word(w, 93) for line in LINES for w in line.split()]
    misread = "'ue1 Á2rdxe e‡eq UIEN 391A / 12] 2onb :X9S / 0U] lọI2 S8/99T06TT00"  # a card read upside down
    flipped = [_word(w, 48) for w in misread.split(" ")]
    assert measure(upright).good and not measure(upright).poor
    assert measure(flipped).poor and not measure(flipped).good
    assert measure(upright).score > 5 * measure(flipped).score


def test_byte_swapped_utf16_is_no_text():
    text = "\n".join(LINES)
    swapped = text.encode("utf-16-le").decode("utf-16-be", errors="replace")
    assert reads_as_text(text)
    assert not reads_as_text(swapped)
    assert not reads_as_text("!\"#$ %&'( )*+, -./0 " * 5)  # glyph codes without a Unicode map


def _pdf(lines: list[str]) -> bytes:
    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    c.setFont("DejaVu", 12)
    for i, line in enumerate(lines):
        c.drawString(60, 780 - 20 * i, line)
    c.save()
    return out.getvalue()


def test_a_pdf_whose_text_layer_is_not_text_is_ocrd_and_a_real_one_trusted():
    good = list(load_pages(_pdf(LINES), "application/pdf", dpi=100, max_pages=5, max_pixels=10**8))
    assert good[0].text is not None and "Nguyễn Thị Thủy Tiên" in good[0].text
    swapped = [line.encode("utf-16-le").decode("utf-16-be", errors="replace") for line in LINES]
    bad = list(load_pages(_pdf(swapped), "application/pdf", dpi=100, max_pages=5, max_pixels=10**8))
    assert bad[0].text is None and bad[0].image is not None  # rendered, to be OCR'd
