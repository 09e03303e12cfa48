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

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
