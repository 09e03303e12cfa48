"""An upload's jobs are queued longest first (`ingest.intake.enqueue`), by what OCR will read in them."""

import io
from types import SimpleNamespace

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from ingest import intake
from ingest.intake import Received
from ocr.load import pixels_to_read


def _queued(monkeypatch, files: list[Received]) -> list[int]:
    queued = []
    monkeypatch.setattr(intake, "enqueue_attachment",
                        lambda queue, attachment_id, settings, fresh: queued.append(attachment_id))
    intake.enqueue(SimpleNamespace(queue=None, settings=None), files)
    return queued


def test_the_file_with_the_most_to_read_is_queued_first(monkeypatch):
    a4 = 2480 * 3508
    files = [Received(1, "card.jpg", "image/jpeg", 1, "a", False, work=1000 * 640),
             Received(2, "form.pdf", "application/pdf", 3, "b", False, work=3 * a4),
             Received(3, "dup.pdf", "application/pdf", 5, "c", True),
             Received(4, "scan.png", "image/png", 1, "d", False, work=a4),
             Received(5, "two.tif", "image/tiff", 2, "e", False, work=2 * 1654 * 2339)]
    # one A4 page at 300 dpi holds more to read than two pages at 200 dpi; a duplicate is not queued again
    assert _queued(monkeypatch, files) == [2, 4, 5, 1]


def test_without_an_estimate_the_file_with_the_most_pages_goes_first(monkeypatch):
    files = [Received(1, "one.pdf", "application/pdf", 1, "a", False),
             Received(2, "three.pdf", "application/pdf", 3, "b", False),
             Received(3, "other.pdf", "application/pdf", 1, "c", False)]
    assert _queued(monkeypatch, files) == [2, 1, 3]  # equal files keep the upload's order


def _pdf(sizes: list[tuple[float, float]]) -> bytes:
    doc = pdfium.PdfDocument.new()
    for width, height in sizes:
        doc.new_page(width, height)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_pixels_to_read_counts_pdf_pages_at_the_rendering_dpi_and_every_frame_of_an_image():
    a4 = (595.0, 842.0)
    assert pixels_to_read(_pdf([a4, a4]), "application/pdf", dpi=300) == 2 * round(595 * 842 * (300 / 72) ** 2)
    assert pixels_to_read(_pdf([a4]), "application/pdf", dpi=150) == round(595 * 842 * (150 / 72) ** 2)
    frames = [Image.fromarray(np.full((h, w), 255, np.uint8)) for w, h in ((200, 100), (50, 40))]
    tiff = io.BytesIO()
    frames[0].save(tiff, "TIFF", save_all=True, append_images=frames[1:])
    assert pixels_to_read(tiff.getvalue(), "image/tiff", dpi=300) == 200 * 100 + 50 * 40
    jpeg = io.BytesIO()
    Image.new("RGB", (640, 480), "white").save(jpeg, "JPEG")
    assert pixels_to_read(jpeg.getvalue(), "image/jpeg", dpi=300) == 640 * 480
