"""Plain data types shared by the form builders, the renderers and the dossier generator."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.types import DOC_TYPES as _CONTRACT_TYPES
from extract.types import FIELD_KEYS as _CONTRACT_FIELDS

# The contract the generator labels against: every real document type (not "unknown") and field key.
DOC_TYPES = tuple(t for t in _CONTRACT_TYPES if t != "unknown")
FIELD_KEYS = _CONTRACT_FIELDS

Rgb = tuple[int, int, int]


@dataclass(frozen=True)
class Run:
    """A piece of a line in its own style (a printed label, then a typed or hand-filled value).

    `at` starts it at that fraction of the text width (a column); None follows the previous run.
    `boxes` prints every character in its own square (the digit boxes of form CT01).
    """

    text: str
    bold: bool = False
    italic: bool = False
    color: Rgb = (0, 0, 0)
    family: str = ""  # "" = the page's font
    at: float | None = None
    boxes: bool = False


@dataclass(frozen=True)
class Line:
    """One physical printed line (forms wrap long text before building lines).

    A table row or a side-by-side block has `cells` (one per column, "" for an empty one) placed at
    `cols` (column starts as fractions of the text width); its `text` is the non-empty cells joined
    by one space, which is also how pdfplumber reads such a row back.
    """

    text: str
    size: float = 12.0  # points
    bold: bool = False
    align: str = "left"  # left | center | right; for cells: left or center within each column
    italic: bool = False
    gap: float = 0.0  # extra space above, in line heights (signature space, paragraph breaks)
    cells: tuple[str, ...] = ()
    cols: tuple[float, ...] = ()
    tag: str = ""  # "sign": signer's name (signature drawn above); card zones: card_head/card_body/card_foot
    color: Rgb = (0, 0, 0)
    runs: tuple[Run, ...] = ()  # styled pieces, replacing `cells`; `text` joins them with one space
    leader: bool = False  # dotted fill line after each run up to the next column or the right margin
    ruled: bool = False  # a row of a ruled table: cell borders drawn around it


@dataclass
class Document:
    doc_type: str
    lines: list[Line]
    fields: dict[str, str]  # ground truth, FIELD_KEYS of extract/types.py, normalised (ISO dates, digits)
    extra_fields: dict[str, str] = field(
        default_factory=dict
    )  # role-specific labels (ben_nam, me, chu_ho ...)
    page: str = "A4"  # A4 | card
    stamp: str = ""  # ring text of the official stamp this paper would carry ("" = signed by a person)
    qr: str = ""  # CCCD QR payload
    seed: int | None = None
    layout: str = ""  # the named layout it was drawn in (tests/synth/variants.py LAYOUTS)
    sides: int = 1  # ID cards: 2 when the back is printed under the front
    card_at: tuple[float, float] = ()  # an ID card copied onto an A4 page: its top-left corner, points
    shift: tuple[float, float] = (0.0, 0.0)  # the whole A4 text block moved by (dx, dy) points

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
