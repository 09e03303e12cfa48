"""Where a label's value lies on the page: the text after it on its line, or under it, and the lines it wraps
onto — down its own column when the label follows another field on its line (a card's right column) — and,
in the marriage form's party table, each party's cell.
"""

from __future__ import annotations

import re

from extract import table
from extract.ids import PROVINCES
from extract.layout import CELL_GAP, PageView
from extract.nlp import LabelHit
from extract.values import LEAD, Region, names_province
from extract.vntext import fold, fold_keep_length
from ocr.fixes import valid

MULTILINE = {"address", "date", "line"}  # values that may wrap onto the next printed line
PROSE = {"at_address"}  # labels inside a sentence, whose value wraps like the sentence does
WRAPPING = {"address", "line"}  # ... and run on until they look complete (an address, an addressee)
# "/" read as "ƒ", "¡" ...; never a colon or a leader: "tên: VŨ ANH NGHĨA:" is a value and a stray colon.
_ENGLISH_REMNANT = re.compile(r"\s*(?:[^\w\s:;.…]|[Il1ƒ])\s*[a-z][a-z .,']{1,28}?:")
_PROVINCE_ENDS = tuple(sorted({fold(name) for name in PROVINCES.values()}, key=len, reverse=True))


def _complete_address(value: str) -> bool:
    """An address that already ends with its province does not continue on the next line."""
    return fold(value).rstrip(" .,;").endswith(_PROVINCE_ENDS)


def _column_left(view: PageView, hit: LabelHit, hits: list[LabelHit]) -> float | None:
    """Where the lines under a label that follows another field on its line (a card's right column, "Có giá
    trị đến: 14/02/2035   Nơi thường trú: ...") hold its value: right of that field's value. None for a label
    that opens its line or runs on in prose, or without word boxes."""
    s, _ = view.lines[view.line_of(hit.start)]
    before = [h for h in hits if s <= h.start < hit.start and h.rule.key not in (hit.rule.key, "stop")]
    if hit.rule.key in PROSE or not before:
        return None
    gap = view.text.find(CELL_GAP, before[-1].end, hit.start)  # the other value ends at a wide gap or the label
    left = [w for w in view.words_in(before[-1].start, gap if gap >= 0 else hit.start)]
    return float(max(w.box[0] + w.box[2] for w in left)) if left else None


def _in_column(view: PageView, k: int, left: float | None) -> tuple[int, int] | None:
    """Line k, or under a mid-line label its part from that label's column on ("Date of expiry   Nam Định"
    under "... Nơi thường trú: Xóm 9, Giao Thủy,": "Nam Định"); None when nothing of it is there."""
    s, e = view.lines[k]
    words = view.words_in(s, e)
    if left is None or not words:
        return s, e
    inside = [w for w in words if w.box[0] >= left]
    if not inside:
        return None
    before = [w for w in words if w.end <= inside[0].start]
    if before and CELL_GAP not in view.text[before[-1].end : inside[0].start]:
        return s, e  # one run across the column line: the value wrapped to the margin, as prose does
    return inside[0].start, e


def _name_rest(name: str, line: str) -> bool:
    """Whether `line` ends a name wrapped after `name` ("Họ, chữ đệm, tên: Nguyễn Văn\nAn"): one or two
    Vietnamese syllables alone on it, written in the case the name is, the whole making at most five."""
    words, have = line.split(), re.findall(r"[^\W\d_]+", name)
    if not words or len(words) > 2 or not have or len(have) + len(words) > 5:
        return False
    caps = all(w.isupper() for w in have)
    return all(valid(w) and w[0].isupper() and (w.isupper() == caps or len(w) == 1) for w in words)


def _left_of(view: PageView, k: int, hit: LabelHit) -> bool:
    """Whether every word of line k ends left of where the label starts: a line of another column."""
    label, words = view.words_in(hit.start, hit.end), view.words_in(*view.lines[k])
    return bool(label and words) and all(w.box[0] + w.box[2] < label[0].box[0] for w in words)


def region(view: PageView, hit: LabelHit, hits: list[LabelHit], kind: str) -> Region:
    text = view.text
    li = view.line_of(hit.end)  # a label broken over two lines is followed by its value on the second
    line_end = view.lines[li][1]
    nxt = [h.start for h in hits if hit.end <= h.start < line_end]
    start, end = hit.end, min(nxt, default=line_end)
    remnant = _ENGLISH_REMNANT.match(fold_keep_length(text[start:end]))
    if remnant:  # "Quốc tịch / Nattoaahty: Việt Nam": the English half of a CCCD label, misread
        start += remnant.end()
    region = Region(text, [(start, end)])
    same_line = bool(text[slice(*region.segs[0])].strip(LEAD + "\n"))
    left = _column_left(view, hit, hits)

    def below(k: int) -> tuple[int, int] | None:  # line k's part under the label, unless a label opens it
        seg = _in_column(view, k, left)
        return None if seg is None or any(seg[0] <= h.start < seg[1] for h in hits) else seg

    k = li + 1
    if not same_line:  # the value sits under its label, as on the CCCD
        while k < len(view.lines) and not view.line_text(k).strip():
            k += 1
        seg = below(k) if k < len(view.lines) else None
        if seg is None:
            return region
        region.segs = [seg]
        k += 1
    if kind == "name" and not nxt and k < len(view.lines) and (seg := below(k)):
        if _name_rest(region.value, text[seg[0] : seg[1]]):
            region.segs.append(seg)
        return region
    if kind not in MULTILINE or nxt:
        return region
    while k < len(view.lines) and len(region.segs) < 4:
        seg = below(k)
        if seg is None and kind in WRAPPING and k + 1 < len(view.lines) and _left_of(view, k, hit) \
                and not _complete_address(region.value):
            # A card's address goes on in its column while another column's line ("Có giá trị đến: …", under
            # the photo) sits a little higher: the unfinished address skips that one line, and from there on
            # is read in its label's column ("Date of expiry   Trung, Cao Lãnh": the part right of it).
            k += 1
            first = view.words_in(hit.start, hit.end)[0].box
            left = first[0] - first[3]  # a glyph's height of slack: print drifts a few pixels down a card
            seg = below(k)
        if seg is None:
            break
        line = text[seg[0] : seg[1]].strip()
        value = region.value.rstrip()
        if not line or (kind == "date" and not line[0].islower()):
            break
        wraps = value.endswith((",", "-")) or line[0].islower() or len(value.split()) < 3
        if kind in WRAPPING and not wraps and (_complete_address(value) or (len(line.split()) > 8
                                                                           and not names_province(line))):
            break  # a long line goes on only when it ends the address (prose wraps: "tại địa chỉ: Số\n54, ...")
        region.segs.append(seg)
        k += 1
    return region


def row_lines(view: PageView, hit: LabelHit, labelled: set[int]) -> list[tuple[int, int]]:
    """A table row: the rest of the label's line and the following unlabelled lines (wrapped cells)."""
    li = view.line_of(hit.end)
    segs = [(hit.end, view.lines[li][1])]
    for k in range(li + 1, min(li + 5, len(view.lines))):
        if k in labelled or not view.line_text(k).strip():
            break
        segs.append(view.lines[k])
    return segs


def table_cells(view: PageView, hit: LabelHit, labelled: set[int], header: table.Header | None,
                 kind: str) -> list[Region]:
    """[bên nữ cell, bên nam cell] of a kết hôn table row, or [] when the row cannot be split."""
    segs = row_lines(view, hit, labelled)
    cols: list[list[tuple[int, int]]] = []
    if header and header.second_x > header.first_x and view.words_in(*segs[0]):
        cols = table.cells_by_boxes(view, segs, header)
    if len(cols) != 2 or not all(cols):  # no usable boxes: the printed separators, or what the row holds
        cols = [[c] for c in table.cells_by_text(view.text, *segs[0], kind)]
    if len(cols) != 2:
        return []
    if header and not header.women_first:
        cols.reverse()
    return [Region(view.text, c) for c in cols]


def lines_region(view: PageView, start: int, end: int) -> Region:
    """The text between `start` and `end` as one segment per printed line."""
    segs = [(max(a, start), min(b, end)) for a, b in view.lines if a < end and start < b]
    return Region(view.text, [(a, b) for a, b in segs if a < b])
