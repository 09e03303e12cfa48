"""Typed values the extraction stage produces: document type, fields, completeness verdict."""

from __future__ import annotations

from pydantic import BaseModel, Field

# The papers a dossier is made of (the test-data generator labels against these), and "unknown".
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
    "unknown",
)
# Papers a counter hands back as a procedure's result (see `Procedure.results`): recognised, never components
# of the procedure they result from.
RESULT_TYPES = ("giay_khai_sinh", "trich_luc_khai_sinh", "giay_chung_nhan_ket_hon", "xac_nhan_cu_tru")
# Laws, decrees, circulars, resolutions and official letters: recognised so that they are not taken for a
# decision (`quyet_dinh`) or a form.
OTHER_TYPES = ("van_ban_phap_luat",)
ALL_DOC_TYPES = DOC_TYPES[:-1] + RESULT_TYPES + OTHER_TYPES + ("unknown",)

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


class ExtractedField(BaseModel):
    value: str  # normalised: ISO dates, digits-only IDs, NFC text
    page: int | None = None
    confidence: float | None = None  # 0..100, from the words the value came from
    weakest: float | None = None  # the lowest confidence among those words (one misread mark shows here)
    raw: str | None = None  # exactly as read, before normalisation
    source: str | None = None  # where the value came from when not the page text: "qr" (the CCCD's QR code)
    alternatives: list[str] = Field(default_factory=list)  # other values its words were read as (a number's
    # second read disagreed, ocr.digits): one of these may be what the paper prints
    confirmed: bool = False  # a number whose every digit a second, independent read gave alike (ocr.digits)


class Extraction(BaseModel):
    doc_type: str = "unknown"
    doc_type_confidence: float = 0.0  # 0..1
    fields: dict[str, ExtractedField] = Field(default_factory=dict)
    problems: list[Problem] = Field(default_factory=list)  # e.g. CCCD contradicts birth date
    evidence: dict[str, list[int]] = Field(default_factory=dict)  # "stamp"/"signature"/"qr" -> pages seen on
    inspected: list[int] = Field(default_factory=list)  # pages whose image was looked at for that evidence


class Part(BaseModel):
    """One document of a file that holds several (papers scanned together): its pages and extraction."""

    first_page: int  # 1-based, inclusive
    last_page: int
    extraction: Extraction

    @property
    def label(self) -> str:
        return f"p{self.first_page}" if self.first_page == self.last_page else f"p{self.first_page}-{self.last_page}"

    def name(self, file: str) -> str:
        """How the part is named where documents are listed: `hoso.pdf#p2-3`."""
        return f"{file}#{self.label}"


def documents(file: str, parts: list[Part]) -> list[tuple[str, Extraction]]:
    """(name, extraction) per document for the completeness check: the file's own name when it holds one
    document, `file#p2-3` per part when several."""
    if len(parts) == 1:
        return [(file, parts[0].extraction)]
    return [(part.name(file), part.extraction) for part in parts]


class Problem(BaseModel):
    code: str  # stable machine code, e.g. "cccd_birth_year_mismatch"
    message: str  # Vietnamese, for the clerk
    files: list[str] = Field(default_factory=list)
    details: dict[str, str] = Field(default_factory=dict)


class Component(BaseModel):
    id: str
    name: str
    types: list[str]  # accepted document types
    alternatives: list[str] = Field(default_factory=list)  # human names of substitutes
    required: bool = True
    count: int = 1  # how many documents of the accepted types are needed (2 CCCD for marriage)
    originals: int = 0
    copies: int = 0
    note: str = ""
    # The digitized copy is signed only once a clerk has checked it against the original paper, which the
    # office does not keep (shown and handed back, or a copy submitted); docs/signatures.md.
    check_original: bool = False


class Procedure(BaseModel):
    code: str
    name: str
    level: str = "xa"
    result_paper: bool = True  # the result is a paper document (766 indicator 4.1/4.2)
    results: list[str] = Field(default_factory=list)  # document types of that paper (RESULT_TYPES)
    components: list[Component]


VERDICT_STATES = ("processing", "incomplete", "needs_review", "complete")
# Vietnamese names of the papers (the catalogue's types) and of the fields, for what people read.
DOC_TYPE_NAMES = {
    "to_khai_khai_sinh": "Tờ khai đăng ký khai sinh",
    "giay_chung_sinh": "Giấy chứng sinh",
    "cccd": "Căn cước công dân",
    "to_khai_ket_hon": "Tờ khai đăng ký kết hôn",
    "xac_nhan_tinh_trang_hon_nhan": "Giấy xác nhận tình trạng hôn nhân",
    "to_khai_cu_tru": "Tờ khai thay đổi thông tin cư trú (CT01)",
    "hop_dong_thue_nha": "Hợp đồng thuê nhà",
    "quyet_dinh": "Quyết định",
    "don_de_nghi": "Đơn đề nghị",
    "giay_khai_sinh": "Giấy khai sinh",
    "trich_luc_khai_sinh": "Trích lục khai sinh",
    "giay_chung_nhan_ket_hon": "Giấy chứng nhận kết hôn",
    "xac_nhan_cu_tru": "Giấy xác nhận thông tin về cư trú (CT07)",
    "van_ban_phap_luat": "Văn bản pháp luật, công văn",
    "unknown": "Không xác định",
}
FIELD_NAMES = {
    "ho_ten": "Họ tên", "ngay_sinh": "Ngày sinh", "gioi_tinh": "Giới tính", "so_cccd": "Số CCCD",
    "so_cmnd": "Số CMND", "dan_toc": "Dân tộc", "quoc_tich": "Quốc tịch", "que_quan": "Quê quán",
    "noi_cu_tru": "Nơi cư trú", "so_dien_thoai": "Số điện thoại", "nguoi_yeu_cau": "Người yêu cầu",
    "so_van_ban": "Số văn bản", "ngay_ky": "Ngày ký", "co_quan": "Cơ quan",
}


class Verdict(BaseModel):
    procedure: str
    # processing: a file is still being read; incomplete: a required component is missing; needs_review:
    # something could not be read, classified or compared, or does not match; complete: none of these.
    state: str = "complete"
    complete: bool  # no required component missing (whatever else is to be looked at)
    missing: list[str]  # component ids
    present: dict[str, list[str]]  # component id -> file names
    extra: list[str] = Field(default_factory=list)  # files that belong to no component
    inconsistencies: list[Problem] = Field(default_factory=list)
    warnings: list[Problem] = Field(default_factory=list)  # worth a look, never make a dossier incomplete
    messages: list[str] = Field(default_factory=list)  # Vietnamese, one line each
    pending: list[dict] = Field(default_factory=list)  # files not read yet: id, filename, status
    # What could not be read or judged, each with code, file and a Vietnamese (vi) and English (en) reason:
    # a file whose reading failed, an unreadable page, a paper of unknown type, a field a comparison needed.
    unreadable: list[dict] = Field(default_factory=list)
    # The comparisons actually made (both values read): code, label (Vietnamese), files, result
    # (match / mismatch / unsure).
    checks_made: list[dict] = Field(default_factory=list)


Extraction.model_rebuild()
Part.model_rebuild()
