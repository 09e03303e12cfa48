"""Field extraction: label hits → value regions → normalised `ExtractedField`s, per document type.

A label's value runs to the next label on its line or to the line end; an empty value continues on the next
line (the CCCD prints the name and addresses under their labels), and an address wraps onto following lines
(`extract.regions`). Prose holds fields too: the rented home ("thuê nhà ở tại địa chỉ: ..."), a decision's
subject ("cho Bà X, trú tại ..."), the signing date after the place.
Base keys describe the document's subject (the child on birth papers, the tenant on a rental contract);
other people's values carry a suffix (`_nguoi_yeu_cau`, `_me`, `_cha`, `_ben_nam`, `_ben_a`, `_chu_ho`).
`derive` then adds the keys of the field contract (tests/synth/forms.py): base keys for the person a form
prints them for (the requester's ID on the birth form) and role names (`_ben_nu`, `_ben_b`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.vntext import fold, fold_keep_length
from extract import names, table
from extract.dates import find_numeric, iso
from extract.ids import digits, find_number
from extract.layout import PageView
from extract.nlp import find_labels
from extract.regions import lines_region, region, table_cells
from extract.types import ExtractedField, Problem
from extract.values import LEAD, PARSERS, Parsed, names_province, parse_address, parse_name

# label key -> (kind of value, field key; None for IDs, whose key follows from the digit count)
LABELS: dict[str, tuple[str, str | None]] = {
    "name": ("name", "ho_ten"),
    "name_requester": ("name", "nguoi_yeu_cau"),
    "name_mother": ("name", "ho_ten"),  # + the "_me" role it opens
    "name_father": ("name", "ho_ten"),
    "child_name": ("name", "ho_ten"),
    "name_head": ("name", "ho_ten_chu_ho"),
    "lessor": ("name", "ho_ten"),
    "tenant": ("name", "ho_ten"),
    "dob": ("date", "ngay_sinh"),
    "birth_event": ("date", "ngay_sinh"),
    "expiry": ("date", "co_gia_tri_den"),
    "issue_date": ("date", "ngay_cap"),
    "birth_year": ("year", "nam_sinh"),
    "sex": ("sex", "gioi_tinh"),
    "ethnic": ("text", "dan_toc"),
    "nationality": ("text", "quoc_tich"),
    "relation": ("text", "quan_he"),
    "marital": ("text", "tinh_trang_hon_nhan"),
    "recipient": ("line", "co_quan_nhan"),
    "origin": ("address", "que_quan"),
    "residence": ("address", "noi_cu_tru"),
    "birthplace": ("address", "noi_sinh"),
    "house_addr": ("address", "dia_chi_nha_cho_thue"),
    "at_address": ("address", "dia_chi"),
    "id_doc": ("id", None),
    "id": ("id", None),
    "id_head": ("id", None),
    "phone": ("phone", "so_dien_thoai"),
    "email": ("email", "email"),
    "docnum": ("docnum", "so_van_ban"),
}
# Labels that open a person's block, and the suffix of that person's fields until the next one.
ROLE_OF = {"lessor": "_ben_a", "tenant": "", "name_mother": "_me", "name_father": "_cha", "birth_event": ""}
PERSON_LABELS = {"name", "name_mother", "name_father", "child_name", "lessor", "tenant", "dob", "birth_year",
                 "sex", "ethnic", "nationality", "origin", "residence", "id", "id_doc", "phone"}
LABEL_SUFFIX = {"id_head": "_chu_ho"}
# Whose values a form prints before any role label (the requester's block on the birth form).
DOC_SUFFIX: dict[str, dict[str, str]] = {
    "to_khai_khai_sinh": {"residence": "_nguoi_yeu_cau", "id_doc": "_nguoi_yeu_cau", "id": "_nguoi_yeu_cau"},
    "giay_chung_sinh": dict.fromkeys(("name", "birth_year", "residence", "id", "id_doc", "ethnic"), "_me"),
}
DOC_ALIAS: dict[str, dict[str, str]] = {"cccd": {"docnum": "id"}}  # "Số / No." with the "/ No." lost
TABLE_LABELS = {"name", "dob", "ethnic", "nationality", "residence", "id_doc", "id"}  # kết hôn: nữ | nam
# After validation (see `derive`): base keys from the person a form prints them for, and contract names.
FALLBACK: dict[str, tuple[str, tuple[str, ...]]] = {
    "to_khai_khai_sinh": ("_nguoi_yeu_cau", ("so_cccd", "so_cmnd", "noi_cu_tru")),
    "giay_chung_sinh": ("_me", ("so_cccd", "so_cmnd", "noi_cu_tru", "dan_toc")),
}
ALIASES: dict[str, dict[str, str]] = {
    "to_khai_ket_hon": {f"{k}_ben_nu": k
                        for k in ("ho_ten", "ngay_sinh", "so_cccd", "noi_cu_tru", "dan_toc")},
    "hop_dong_thue_nha": {"ho_ten_ben_b": "ho_ten", "so_cccd_ben_b": "so_cccd"},
    "to_khai_cu_tru": {"nguoi_yeu_cau": "ho_ten", "so_dinh_danh_chu_ho": "so_cccd_chu_ho",
                       "quan_he_chu_ho": "quan_he"},
    "don_de_nghi": {"nguoi_yeu_cau": "ho_ten", "kinh_gui": "co_quan_nhan"},
    "xac_nhan_tinh_trang_hon_nhan": {"nguoi_yeu_cau": "ho_ten"},
}

# The address a paper is about, which is its `noi_cu_tru`: the rented home, the home a CT01 registers.
ADDRESS_OF = {"hop_dong_thue_nha": "dia_chi_nha_cho_thue", "to_khai_cu_tru": "dia_chi_dang_ky"}
# Papers a citizen files with an agency: the agency they concern is the one after "Kính gửi", not a header.
FILED = {"to_khai_khai_sinh", "to_khai_ket_hon", "to_khai_cu_tru", "don_de_nghi"}

# "Nha Trang, ngày 05 tháng 01 năm 2020"; "ngày" itself is sometimes misread ("Xa 30 tháng 3 năm 2025").
# The comma after the place may be lost where the place opens a cell ("Số: 130/QĐ-UBND   Ba Bể ngày 14 ..."),
# never in running text ("Căn cứ Luật ... ngày 19 tháng 6 năm 2015").
_PLACE_DATE = re.compile(
    r"(?:[^\W\d_]{2,}\.?\s*,|(?:^|\n|   )(?:[^\W\d_]+ ){1,3}(?=ngay))\s*"
    r"((?:[a-z]{1,5}\s*)?([0-9OoIl]{1,2})[^\s\d]?\s*thang\s*([0-9OoIl]{1,2})[^\s\d]?\s*nam"
    r"\s*([0-9OoIl]{4}))"  # a speck may stick to a number ("tháng 5Š năm")
)
_AGENCY = re.compile(
    r"(uy ban nhan dan|ubnd|hoi dong nhan dan|so |bo |cong an|benh vien|tram y te|trung tam|toa an|"
    r"vien kiem sat|phong |chi cuc|cuc |tong cuc|van phong|ban )"
)
_UNIT = re.compile(r"(tinh|thanh pho|huyen|quan|thi xa|thi tran|xa|phuong|tp)\b")
_MRZ = re.compile(r"IDVNM\d{9}\d(\d{12})")
_DECISION_SUBJECT = re.compile(r"\b(?:ong|ba)\s+([^\W\d_]+(?:\s+[^\W\d_]+){1,6})\s*,\s*"
                               r"(?:(sinh\s+ngay)|(?:thuong\s+)?tru\s+tai|noi\s+cu\s+tru|dia\s+chi)\b\s*:?")


# --- regions -----------------------------------------------------------------------------------------


# --- document ----------------------------------------------------------------------------------------


@dataclass
class Found:
    fields: dict[str, ExtractedField] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # ID key suffix -> digits-bearing text as read
    used: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # page -> spans values came from

    def put(self, key: str, parsed: Parsed, view: PageView, number: bool = False) -> None:
        self.used.setdefault(view.number, []).extend(parsed.spans)
        if key not in self.fields and parsed.value:
            confidence, weakest = view.confidences(parsed.spans)
            # An ID's digits as a second read of its words gave them (same length: the same kind of number).
            others = [digits(t) for t in view.readings(parsed.spans)] if number else []
            alternatives = list(dict.fromkeys(v for v in others if len(v) == len(parsed.value) and v != parsed.value))
            confirmed = number and not alternatives and view.confirmed(parsed.spans)
            self.fields[key] = ExtractedField(value=parsed.value, page=view.number, confidence=confidence,
                                              weakest=weakest, raw=parsed.raw, alternatives=alternatives,
                                              confirmed=confirmed)


def _key(label: str, doc_type: str, role: str) -> str:
    if label in LABEL_SUFFIX:
        return LABEL_SUFFIX[label]
    if label not in PERSON_LABELS:
        return ""
    return role or DOC_SUFFIX.get(doc_type, {}).get(label, "")


def _label_fields(view: PageView, doc_type: str, found: Found) -> None:
    hits = find_labels(view.text)
    labelled = {view.line_of(h.start) for h in hits}
    role = ""
    header = table.find_header(view) if doc_type == "to_khai_ket_hon" else None
    for hit in hits:
        label = DOC_ALIAS.get(doc_type, {}).get(hit.rule.key, hit.rule.key)
        role = ROLE_OF.get(label, role)
        if label not in LABELS:
            continue
        kind, key = LABELS[label]
        suffix = _key(label, doc_type, role)
        if doc_type == "to_khai_ket_hon" and label in TABLE_LABELS:
            parts = list(zip(table_cells(view, hit, labelled, header, kind), ("", "_ben_nam"), strict=False))
        else:
            parts = [(region(view, hit, hits, kind), "")]
        for cell, party in parts:
            parsed = PARSERS[kind](cell)
            if parsed is None:
                if kind == "id" and sum(c.isdigit() for c in cell.value) >= 6:
                    found.unreadable.setdefault(suffix + party, cell.value.strip(LEAD))
                continue
            name = key or ("so_cccd" if len(parsed.value) == 12 else "so_cmnd")
            found.put(name + suffix + party, parsed, view, number=kind == "id")


def _signing_date(view: PageView, found: Found) -> None:
    """`Nha Trang, ngày 05 tháng 01 năm 2020`: the place-date line whose date no label claimed."""
    for m in _PLACE_DATE.finditer(fold_keep_length(view.text)):
        s, e = m.span(1)
        if any(a < e and s < b for a, b in found.used.get(view.number, [])):
            continue
        day, month, year = (int(digits(g)) for g in m.groups()[1:])
        value = iso(day, month, year)
        if value:
            found.put("ngay_ky", Parsed(value, view.text[s:e], [(s, e)]), view)
            return


def _first_cell(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The left column of a header line, when printed in capitals and holding no number or label."""
    m = re.match(r"\s*(.+?)(?=\s{3,}|\t|$)", text[s:e])
    if not m or not _capitals(m.group(1)) or re.search(r"[:/]", m.group(1)):
        return None
    return s + m.start(1), s + m.end(1)


def _capitals(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _issuer(view: PageView, found: Found) -> None:
    """The issuing body from the header block: its last agency line ("SỞ Y TẾ" / "BỆNH VIỆN ..."), with the
    unit line that may complete it ("ỦY BAN NHÂN DÂN" / "TỈNH KHÁNH HÒA")."""
    text = view.text
    rows = [(s, e) for s, e in view.lines if re.search(r"[^\W\d_]", text[s:e])][:8]
    cells = [_first_cell(text, s, e) for s, e in rows]
    best: list[tuple[int, int]] = []
    for cell in cells:
        kind = fold(text[slice(*cell)]) + " " if cell else ""
        if cell and _AGENCY.match(kind):
            best = [cell]
        elif cell and best and _UNIT.match(kind) and len(best) == 1:
            best.append(cell)
        elif best:
            break
    if best:
        raw = " ".join(text[a:b].strip() for a, b in best)
        value = re.sub(r"\s+", " ", raw)
        if fold(value).startswith("uy ban nhan dan "):  # a fixed phrase: undo letter slips ("NHÂN DẪN")
            value = "ỦY BAN NHÂN DÂN" + value[len("uy ban nhan dan") :]
        found.put("co_quan", Parsed(value, raw, best), view)


def _decision_subject(view: PageView, found: Found) -> None:
    """The person a decision is about: "Điều 1. ... Ông/Bà X, sinh ngày dd/mm/yyyy"."""
    folded = fold_keep_length(view.text)
    art = re.search(r"\bdieu\s*1\b", folded)
    origin = art.start() if art else 0
    starts = re.finditer(r"\b(?:ong|ba)\s", folded[origin:])  # every one: "huyện Ba Bể cho Bà X, trú tại"
    for m in (_DECISION_SUBJECT.match(folded, origin + h.start()) for h in starts):
        if not m:
            continue
        parsed = parse_name(lines_region(view, *m.span(1)))  # the name may wrap ("Bà Đỗ\nBảo Mai")
        if not parsed:
            continue
        found.put("ho_ten", parsed, view)
        if m.group(2):
            dates = find_numeric(view.text[m.end() : m.end() + 20])
            if dates:
                s, e = m.end() + dates[0].start, m.end() + dates[0].end
                found.put("ngay_sinh", Parsed(dates[0].iso, view.text[s:e], [(s, e)]), view)
        else:  # "trú tại <address>, đã có thành tích ...": the address closes at its province
            end = min(len(view.text), m.end() + 200)
            address = parse_address(lines_region(view, m.end(), end))
            if address and names_province(address.value):
                found.put("noi_cu_tru", address, view)
        return


def _card_number(view: PageView, found: Found) -> None:
    """A CCCD whose "Số / No." label was misread: the machine-readable zone, else the card's 12-digit run."""
    m = _MRZ.search(re.sub(r"\s", "", view.text))
    if m:
        found.fields["so_cccd"] = ExtractedField(value=m.group(1), page=view.number, raw=m.group())
        return
    number = find_number(view.text, lengths=(12,))
    if number:
        found.put("so_cccd", Parsed(number[0], view.text[number[1] : number[2]], [number[1:]]), view, number=True)


def extract_fields(views: list[PageView], doc_type: str) -> tuple[dict[str, ExtractedField], list[Problem]]:
    """Fields of one document, keys as read (subject base keys and role-suffixed keys), and read problems."""
    found = Found()
    for view in views:
        _label_fields(view, doc_type, found)
        if doc_type == "quyet_dinh":
            _decision_subject(view, found)
        _signing_date(view, found)
        if view is views[0]:
            _issuer(view, found)
        if doc_type == "cccd" and "so_cccd" not in found.fields:
            _card_number(view, found)
    names.complete(found.fields, views)
    problems = [
        Problem(code="id_unreadable", message=f"Không đọc được đủ chữ số của số giấy tờ tùy thân: “{raw}”.",
                details={"raw": raw})
        for suffix, raw in found.unreadable.items()
        if f"so_cccd{suffix}" not in found.fields and f"so_cmnd{suffix}" not in found.fields
    ]
    return found.fields, problems


def derive(fields: dict[str, ExtractedField], doc_type: str) -> dict[str, ExtractedField]:
    """Add the contract's keys: base keys of the person a form prints them for (the requester's ID on the
    birth form, the mother's on the birth certificate), role names (`_ben_nu`, `_ben_b`), and the agency a
    citizen's form is addressed to ("Kính gửi") as its `co_quan`."""
    out = dict(fields)
    place = ADDRESS_OF.get(doc_type)
    if place and (at := out.get(place) or out.get("dia_chi")):  # the tenant's own home is kept apart
        out.setdefault(place, at)
        if "noi_cu_tru" in out and doc_type == "hop_dong_thue_nha":
            out.setdefault("noi_cu_tru_ben_b", out["noi_cu_tru"])
        out["noi_cu_tru"] = at
    if doc_type in FILED and "co_quan_nhan" in out:
        out["co_quan"] = out["co_quan_nhan"]
    suffix, keys = FALLBACK.get(doc_type, ("", ()))
    for key in keys:
        if key not in out and key + suffix in out:
            out[key] = out[key + suffix]
    for alias, source in ALIASES.get(doc_type, {}).items():
        if alias not in out and source in out:
            out[alias] = out[source]
    return out
