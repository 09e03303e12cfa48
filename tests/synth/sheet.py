"""A page being written: physical lines, wrapped as the renderers will lay them out, and the ways a layout
writes a label with its value (same line, next line, hand-filled over dotted lines, digit boxes, tables)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .layout import GUTTER, TEXT_WIDTH, run_gap, run_width, text_width, wrap
from .model import Document, Line, Run
from .text import nfc, place_date

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
RED = (190, 30, 35)
NAVY = (25, 35, 90)
RIGHT_HALF = (0.0, 0.42)  # signer and place-date block: centred in the right part of the page
TWO_SIGNERS = (0.0, 0.5)


class Sheet:
    """Accumulates physical lines, wrapping long text the way the renderers will lay it out."""

    def __init__(self, width: float = TEXT_WIDTH, family: str = "serif", layout: str = "line") -> None:
        self.width = width
        self.family = family
        self.layout = layout
        self.lines: list[Line] = []

    def add(
        self,
        text: str,
        size: float = 12.0,
        bold: bool = False,
        align: str = "left",
        italic: bool = False,
        gap: float = 0.0,
        tag: str = "",
        color: tuple[int, int, int] = (0, 0, 0),
    ) -> None:
        for i, part in enumerate(wrap(nfc(text), self.width, size, bold, italic, self.family)):
            self.lines.append(
                Line(part, size, bold, align, italic, gap if i == 0 else 0.0, tag=tag, color=color)
            )

    def row(
        self,
        cells: tuple[str, ...],
        cols: tuple[float, ...],
        size: float = 12.0,
        bold: bool = False,
        align: str = "left",
        italic: bool = False,
        gap: float = 0.0,
        tag: str = "",
    ) -> None:
        bounds = [*cols, 1.0]
        parts = [
            wrap(nfc(c), (b - a) * self.width - GUTTER, size, bold, italic, self.family) if c else []
            for c, a, b in zip(cells, bounds[:-1], bounds[1:], strict=True)
        ]
        for j in range(max(len(p) for p in parts)):
            row = tuple(p[j] if j < len(p) else "" for p in parts)
            self.lines.append(
                Line(
                    " ".join(c for c in row if c),
                    size,
                    bold,
                    align,
                    italic,
                    gap if j == 0 else 0.0,
                    row,
                    cols,
                    tag,
                )
            )

    # Recurring blocks ---------------------------------------------------------------------------
    def motto(self) -> None:
        self.add(MOTTO[0], 12.5, bold=True, align="center")
        self.add(MOTTO[1], 12.5, bold=True, align="center")

    def title(self, text: str, size: float = 14.0) -> None:
        self.add(text, size, bold=True, align="center", gap=0.8)

    def place_date(self, place: str, when: date, gap: float = 0.6) -> None:
        self.row(("", place_date(place, when)), RIGHT_HALF, italic=True, align="center", gap=gap)

    def signer(self, title: str, name: str, note: str = "(Ký, ghi rõ họ tên)", extra: str = "") -> None:
        self.row(("", title), RIGHT_HALF, bold=True, align="center")
        if extra:
            self.row(("", extra), RIGHT_HALF, bold=True, align="center")
        self.row(("", note), RIGHT_HALF, italic=True, align="center", size=11)
        self.row(("", name), RIGHT_HALF, bold=True, align="center", gap=3.2, tag="sign")

    def two_signers(
        self,
        titles: tuple[str, str],
        names: tuple[str, str],
        notes: tuple[str, str] = ("(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"),
    ) -> None:
        self.row(titles, TWO_SIGNERS, bold=True, align="center", gap=0.4)
        self.row(notes, TWO_SIGNERS, italic=True, align="center", size=11)
        self.row(names, TWO_SIGNERS, bold=True, align="center", gap=3.2, tag="sign")

    # Label and value, as the layout writes them ----------------------------------------------------
    def value_style(self) -> Run:
        """Typed values print like the labels; hand-filled ones in blue ballpoint italic, another font."""
        return HAND if self.layout == "handfilled" else Run("")

    def field(self, label: str, value: str, gap: float = 0.0, boxes: bool = False) -> None:
        self.fields(((label, value),), gap, boxes)

    def fields(self, pairs: tuple[tuple[str, str], ...], gap: float = 0.0, boxes: bool = False) -> None:
        """Label/value pairs that read as one sentence ("Ngày sinh: ... ghi bằng chữ: ...")."""
        boxed = boxes and self.layout in BOXED
        if self.layout == "next_line":
            for i, (label, value) in enumerate(pairs):
                self.add(f"{label}:", gap=gap if i == 0 else 0.0)
                self.row(("", value), NEXT_LINE)
        elif self.layout == "handfilled" or boxed:
            segments: list[Run] = []
            for label, value in pairs:
                segments += [Run(f"{label}:"), replace(self.value_style(), text=value, boxes=boxed)]
            self.flow(segments, gap)
        else:
            self.add(" ".join(f"{label}: {value}" for label, value in pairs), gap=gap)

    def fields_row(self, pairs: tuple[tuple[str, str], ...], cols: tuple[float, ...], gap: float = 0.0) -> None:
        """Label/value pairs side by side in columns (sex, ethnicity, nationality ...)."""
        if self.layout == "next_line":
            self.row(tuple(f"{label}:" for label, _ in pairs), cols, gap=gap)
            self.row(tuple(value for _, value in pairs), cols)
        elif self.layout == "handfilled":
            runs: list[Run] = []
            for (label, value), col in zip(pairs, cols, strict=True):
                runs += [Run(f"{label}:", at=col), replace(HAND, text=nfc(value))]
            self._runs_line(tuple(runs), gap, leader=True)
        else:
            self.row(tuple(f"{label}: {value}" for label, value in pairs), cols, gap=gap)

    def flow(self, segments: list[Run], gap: float = 0.0, size: float = 12.0) -> None:
        """Styled segments wrapped word by word to the width; a segment split over lines keeps its style."""
        lines: list[list[Run]] = []
        cur: list[Run] = []
        used, last = 0.0, -1
        for k, seg in enumerate(segments):
            space = text_width(" ", size, seg.bold, seg.italic, seg.family or self.family)
            for word in nfc(seg.text).split():
                w = run_width(replace(seg, text=word), size, self.family)
                sep = (space if last == k else run_gap(size)) if cur else 0.0
                if cur and used + sep + w > self.width:
                    lines.append(cur)
                    cur, used = [replace(seg, text=word)], w
                elif cur and last == k:
                    cur[-1] = replace(cur[-1], text=f"{cur[-1].text} {word}")
                    used += sep + w
                else:
                    cur.append(replace(seg, text=word))
                    used += sep + w
                last = k
        for i, runs in enumerate([*lines, cur] if cur else lines):
            self._runs_line(tuple(runs), gap if i == 0 else 0.0, leader=self.layout == "handfilled", size=size)

    def table_row(self, cells: tuple[Run, ...], cols: tuple[float, ...], gap: float = 0.25, size: float = 12.0) -> None:
        """A row of a ruled table: every cell wrapped in its column, in its own style."""
        bounds = [*cols, 1.0]
        parts = [
            wrap(nfc(c.text), (b - a) * self.width - GUTTER, size, c.bold, c.italic, c.family or self.family)
            if c.text else []
            for c, a, b in zip(cells, bounds[:-1], bounds[1:], strict=True)
        ]
        for j in range(max(len(p) for p in parts)):
            runs = tuple(
                replace(c, text=p[j], at=a) for c, p, a in zip(cells, parts, cols, strict=True) if j < len(p)
            )
            self._runs_line(runs, gap if j == 0 else 0.0, size=size, ruled=True, cols=cols)

    def _runs_line(
        self,
        runs: tuple[Run, ...],
        gap: float,
        leader: bool = False,
        size: float = 12.0,
        ruled: bool = False,
        cols: tuple[float, ...] = (),
    ) -> None:
        text = " ".join(r.text for r in runs if r.text)
        self.lines.append(Line(text, size, gap=gap, runs=runs, leader=leader, ruled=ruled, cols=cols))


PEN = (25, 45, 150)  # ballpoint blue, as the signatures
HAND = Run("", italic=True, color=PEN, family="dejavu-serif")
BOXED = ("boxes", "handfilled")  # layouts of CT01 whose identity numbers go one digit per box
NEXT_LINE = (0.0, 0.05)  # a value under its label, slightly indented


def make_doc(
    doc_type: str, sheet: Sheet, fields: dict[str, str], extra: dict[str, str] | None = None, **kw: object
) -> Document:
    clean = {k: nfc(v) for k, v in fields.items() if v}
    extra_clean = {k: nfc(v) for k, v in (extra or {}).items() if v}
    return Document(doc_type, sheet.lines, clean, extra_clean, layout=sheet.layout, **kw)  # type: ignore[arg-type]
