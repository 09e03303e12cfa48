"""Reading order (`ocr.layout.rows`): tesseract's lines merged into the physical rows a clerk reads."""

from __future__ import annotations

from ocr.layout import rows
from ocr.types import Word


def _line(texts: list[str], line: int, left: int, top: int, height: int = 30) -> list[Word]:
    return [Word(t, 90.0, (left + 200 * i, top, 180, height), line) for i, t in enumerate(texts)]


def _text(words: list[Word]) -> list[str]:
    out: dict[int, list[str]] = {}
    for w in words:
        out.setdefault(w.line, []).append(w.text)
    return [" ".join(out[k]) for k in sorted(out)]


def test_side_by_side_blocks_on_one_baseline_make_one_row_left_to_right():
    # tesseract reads a borderless two-column form column by column; a row of boxes is taller than its label.
    words = (_line(["Ngày", "sinh:"], 0, 100, 100) + _line(["Giới", "tính:"], 1, 100, 150)
             + _line(["12/03/2024"], 2, 900, 98) + _line(["Nam"], 3, 900, 152)
             + [Word("079077359616", 93.0, (1400, 140, 700, 52), 4)])
    assert _text(rows(words)) == ["Ngày sinh: 12/03/2024", "Giới tính: Nam 079077359616"]


def test_a_blob_several_rows_tall_joins_none_of_them():
    # A column of item numbers read as one tall word beside six rows: the rows stay six rows.
    words = [w for i in range(6) for w in _line([f"hàng{i}", "giá", "trị"], i, 200, 100 + 50 * i)]
    words.append(Word("Ơi", 20.0, (100, 100, 60, 280), 6))
    got = _text(rows(words))
    assert [r for r in got if r.startswith("hàng")] == [f"hàng{i} giá trị" for i in range(6)]
    assert "Ơi" in got


def test_one_tall_word_does_not_stretch_its_line_over_the_next():
    # A capital with its mark and a speck of the line below make the line's box reach half into the next one.
    phone = _line(["Số", "điện", "thoại:", "0898300562..."], 0, 100, 510, height=32)
    phone[3] = Word("0898300562...", 18.0, (700, 513, 180, 41), 0)  # the dotted line under it read along
    holder = _line(["Họ", "tên", "chủ", "hộ:", "ĐỖ", "THỊ"], 1, 100, 554, height=30)
    holder[4] = Word("ĐỖ", 97.0, (900, 531, 180, 64), 1)
    assert _text(rows(phone + holder)) == ["Số điện thoại: 0898300562...", "Họ tên chủ hộ: ĐỖ THỊ"]


def test_the_cells_of_a_slanted_row_make_one_row():
    # A phone photo's table row drifts up from cell to cell: each cell overlaps the next, not the last one.
    cells = (_line(["Ngày", "sinh"], 0, 100, 500) + _line(["02/02/1993"], 1, 600, 488)
             + _line(["10/12/1998"], 2, 1000, 476))
    assert _text(rows(cells)) == ["Ngày sinh 02/02/1993 10/12/1998"]
