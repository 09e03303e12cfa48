"""Plain data types shared by the form builders, the renderers and the dossier generator."""

from __future__ import annotations

from dataclasses import dataclass, field

DOC_TYPES = (
    "to_khai_khai_sinh",
    "giay_chung_sinh",
    "cccd",
    "to_khai_ket_hon",
    "xac_nhan_tinh_trang_hon_nhan",
    "to_khai_cu_tru",
    "hop_dong_thue_nha",
    "quyet_dinh",
    "don_de_nghi",
)
# Mirrors extract/types.py FIELD_KEYS (the extraction contract); tests check the two agree.
FIELD_KEYS = (
    "ho_ten",
    "ngay_sinh",
    "gioi_tinh",
    "so_cccd",
    "so_cmnd",
    "dan_toc",
    "quoc_tich",
    "que_quan",
    "noi_cu_tru",
    "so_dien_thoai",
    "nguoi_yeu_cau",
    "so_van_ban",
    "ngay_ky",
    "co_quan",
)

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
