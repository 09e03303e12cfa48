"""A phone photo's sheet: found by its corners against a darker surround, flattened; nothing else is."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr import paper

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _sheet() -> np.ndarray:
    img = Image.new("L", (1240, 1754), 235)  # A4 at 150 dpi, slightly gray paper
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 26)
    for i in range(20):
        draw.text((100, 100 + 70 * i), f"Dòng {i + 1}: Nguyễn Thị Thủy Tiên, xã Diễn Kỷ, Nghệ An", font=font, fill=20)
    return np.asarray(img)


def _photo(sheet: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sheet lying tilted in perspective on a dark desk, and where its corners landed."""
    h, w = sheet.shape
    where = np.array([[180, 140], [1260, 210], [1330, 1880], [120, 1820]], np.float64)
    warp = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), where.astype(np.float32))
    desk = np.random.default_rng(1).integers(30, 70, (2050, 1450)).astype(np.uint8)
    photo = cv2.warpPerspective(sheet, warp, (1450, 2050), dst=desk.copy(), borderMode=cv2.BORDER_TRANSPARENT)
    return photo, where


def test_the_sheet_of_a_photo_is_found_by_its_corners_and_flattened_to_its_size():
    photo, where = _photo(_sheet())
    found = paper.corners(photo)
    assert found is not None
    assert np.abs(found - where).max() < 25  # within a few pixels of the small copy it is found on
    flat = paper.flatten(photo, found)
    assert abs(flat.shape[0] / flat.shape[1] - 1754 / 1240) < 0.05  # A4 again
    assert np.median(flat) > 200  # paper, no desk left in it


def test_a_scan_without_a_surround_has_no_sheet_to_find():
    assert paper.corners(_sheet()) is None  # the whole image is paper
    blank_desk = np.full((1200, 900), 50, np.uint8)
    assert paper.corners(blank_desk) is None
