"""Dossier completeness: map documents to a procedure's components, list what is missing, and compare the
same person across documents (names tone-tolerantly, birth dates, ID numbers)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extract.catalogue import national_code
from extract.formalities import warnings as mark_warnings
from extract.types import Component, ExtractedField, Extraction, Problem, Procedure, Verdict
from extract.vntext import fold, same_name, same_spelling
from ocr.fixes import valid

Documents = list[tuple[str, Extraction]]
OWN_PROBLEMS = ("cccd_birth_year_mismatch", "cccd_sex_mismatch")
EXACT = 99.5  # field confidence of a text layer's words (100); tesseract stays below
CLEAR = 85.0  # every word of a name OCR read clearly scores this (names read right: 90-97 on scans; a
# misread mark, "Thành" for "Thanh" on a clean scan, scored 71-77 while the name's mean stayed above 90)


@dataclass
class Person:
    """One person as one document shows them."""

    file: str
    role: str  # for messages: "người yêu cầu trên tờ khai"
    name: ExtractedField | None
    dob: ExtractedField | None = None
    id: ExtractedField | None = None


def _person(file: str, ex: Extraction, role: str, suffix: str = "", name_key: str = "ho_ten") -> Person:
    f = ex.fields
    return Person(file, role, f.get(name_key), f.get("ngay_sinh" + suffix), f.get("so_cccd" + suffix))


def _shown(f: ExtractedField) -> str:
    shown = f.raw or f.value
    return shown + "".join(f" (hoặc “{alt}”)" for alt in f.alternatives)  # the page read two ways


def _problem(code: str, what: str, a: Person, b: Person, fa: ExtractedField, fb: ExtractedField) -> Problem:
    return Problem(
        code=code,
        message=f"{what} không khớp: {a.role} ({a.file}) ghi “{_shown(fa)}”, "
        f"{b.role} ({b.file}) ghi “{_shown(fb)}”.",
        files=[a.file, b.file],
        details={"value_a": _shown(fa), "value_b": _shown(fb), "file_a": a.file, "file_b": b.file},
    )


def _exact(f: ExtractedField) -> bool:
    """Read without guessing: the CCCD's QR code, or a born-digital text layer (its words score 100)."""
    return f.source == "qr" or (f.confidence or 0.0) >= EXACT


def _marks_trusted(x: ExtractedField, y: ExtractedField) -> bool:
    """Whether two readings are sure enough for a difference in marks alone to be the papers' and not OCR's:
    one is exact and every word of the other was read clearly, with marks at all (OCR that lost every mark
    proves nothing)."""
    def clear(f: ExtractedField) -> bool:
        weakest = f.weakest if f.weakest is not None else f.confidence
        return _exact(f) or ((weakest or 0.0) >= CLEAR and not f.value.isascii())

    return (_exact(x) and clear(y)) or (_exact(y) and clear(x))


def _syllables(f: ExtractedField) -> list[str]:
    return re.findall(r"[^\W\d_]+", f.value)


def _slip(x: ExtractedField, y: ExtractedField) -> bool:
    """Whether OCR may explain how two readings of a name differ, so that they prove nothing: one of them,
    not exact, lost or gained syllables at an end (one a run of the other's: "HÀ MINH" for "Hà Minh Khánh",
    "Hà Minh Khánh E"), or read one that Vietnamese has not ("PHƯỜỢNG")."""
    guessed = not (_exact(x) and _exact(y))
    for a, b in ((x, y), (y, x)):
        sa, sb = [fold(w) for w in _syllables(a)], [fold(w) for w in _syllables(b)]
        if guessed and len(sa) < len(sb) and any(sb[i : i + len(sa)] == sa for i in range(len(sb))):
            return True
        if not _exact(a) and not all(valid(w) for w in _syllables(a)):
            return True
    return False


def _names_differ(x: ExtractedField, y: ExtractedField) -> bool | None:
    """Different letters, or — when both readings can be trusted that far — different marks (Oanh / Oánh);
    None when the letters differ in a way OCR may explain (`_slip`): no comparison was made. Case and tone
    placement (Hòa / Hoà) never count."""
    if not same_name(x.value, y.value):
        return None if _slip(x, y) else True
    return not same_spelling(x.value, y.value) and _marks_trusted(x, y) and not _slip(x, y)


def readings(f: ExtractedField) -> set[str]:
    """The value and the other values its words were read as (two reads of a number that disagreed)."""
    return {f.value, *f.alternatives}


def same_id(x: ExtractedField, y: ExtractedField) -> bool:
    """The same number on some reading of each: where two reads of one printed number disagree, only the
    paper can tell which is right, and a number that matches one of them is no evidence of a mismatch."""
    return bool(readings(x) & readings(y))


def compare(a: Person, b: Person) -> list[Problem]:
    """Differences between two readings of the same person; letter case and tone placement never count, and
    marks only where both readings are trusted (`_marks_trusted`)."""
    out = []
    differ = _names_differ(a.name, b.name) if a.name and b.name else False
    if differ:
        out.append(_problem("name_mismatch", "Họ tên", a, b, a.name, b.name))
    elif differ is None and a.name and b.name:  # said, so that no one takes the names for compared and equal
        unsure = _problem("name_unsure", "Họ tên", a, b, a.name, b.name)
        unsure.message = (f"Chưa đối chiếu được họ tên: {a.role} ({a.file}) đọc được “{_shown(a.name)}”, "
                          f"{b.role} ({b.file}) đọc được “{_shown(b.name)}” — có thể do đọc sai, cần xem bản giấy.")
        unsure.details["severity"] = "warning"
        out.append(unsure)
    if a.dob and b.dob and a.dob.value != b.dob.value:
        out.append(_problem("birth_date_mismatch", "Ngày sinh", a, b, a.dob, b.dob))
    if a.id and b.id and not same_id(a.id, b.id):
        out.append(_problem("id_mismatch", "Số định danh", a, b, a.id, b.id))
    return out


def _pick(person: Person, candidates: list[Person], fallback: bool = True) -> Person | None:
    """The candidate that is `person`: same name, else same ID, else (when allowed) the only/first one."""
    for c in candidates:
        if person.name and c.name and same_name(person.name.value, c.name.value):
            return c
    for c in candidates:
        if person.id and c.id and same_id(person.id, c.id):
            return c
    return candidates[0] if fallback and candidates else None


def _of_type(documents: Documents, doc_type: str) -> list[tuple[str, Extraction]]:
    return [(f, ex) for f, ex in documents if ex.doc_type == doc_type]


def _cards(documents: Documents) -> list[Person]:
    return [_person(f, ex, "CCCD") for f, ex in _of_type(documents, "cccd")]


def _birth(documents: Documents) -> list[Problem]:
    out = []
    cards = _cards(documents)
    for f, ex in _of_type(documents, "to_khai_khai_sinh")[:1]:
        requester = _person(f, ex, "người yêu cầu trên tờ khai", "_nguoi_yeu_cau", name_key="nguoi_yeu_cau")
        card = _pick(requester, cards)
        if card:
            out += compare(requester, card)
        # Name and birth date only: each paper's `so_cccd` is a parent's (requester, mother), not the child's.
        child = Person(f, "trẻ trên tờ khai", ex.fields.get("ho_ten"), ex.fields.get("ngay_sinh"))
        for g, cert in _of_type(documents, "giay_chung_sinh")[:1]:
            certified = Person(g, "giấy chứng sinh", cert.fields.get("ho_ten"), cert.fields.get("ngay_sinh"))
            out += compare(child, certified)
    return out


def _residence(documents: Documents) -> list[Problem]:
    out = []
    for f, ex in _of_type(documents, "to_khai_cu_tru")[:1]:
        subject = _person(f, ex, "người đăng ký trên tờ khai CT01")
        card = _pick(subject, _cards(documents))
        if card:
            out += compare(subject, card)
        for h, contract in _of_type(documents, "hop_dong_thue_nha")[:1]:
            tenant = Person(h, "bên thuê trên hợp đồng", contract.fields.get("ho_ten"))
            out += compare(subject, tenant)
    return out


def _marriage(documents: Documents) -> list[Problem]:
    out = []
    for f, ex in _of_type(documents, "to_khai_ket_hon")[:1]:
        parties = [_person(f, ex, "bên nữ trên tờ khai"),
                   _person(f, ex, "bên nam trên tờ khai", "_ben_nam", name_key="ho_ten_ben_nam")]
        cards = _cards(documents)
        # Match by name first, so a party whose name differs gets the card nobody else claimed.
        pairs = {}
        for i, party in enumerate(parties):
            card = _pick(party, cards, fallback=False)
            if card:
                pairs[i] = card
                cards = [c for c in cards if c is not card]
        for i, party in enumerate(parties):
            if i not in pairs and len(cards) == 1 and party.name:
                pairs[i] = cards.pop()
        for i, card in sorted(pairs.items()):
            out += compare(parties[i], card)
        for g, cert in _of_type(documents, "xac_nhan_tinh_trang_hon_nhan"):
            subject = _person(g, cert, "giấy xác nhận tình trạng hôn nhân")
            party = _pick(subject, parties, fallback=False)
            if party:
                out += compare(party, subject)
    return out


PERSON_CHECKS: dict[str, Callable[[Documents], list[Problem]]] = {
    "1.001193": _birth,
    "1.004222": _residence,
    "1.000894": _marriage,
}


def _assign(components: list[Component], documents: Documents) -> tuple[dict[str, list[str]], list[str]]:
    """Component id → files (required components filled first, up to `count`), and files that fit none."""
    present: dict[str, list[str]] = {}
    extra: list[str] = []
    order = sorted(components, key=lambda c: not c.required)  # stable: catalogue order within each group
    for file, ex in documents:
        fits = [c for c in order if ex.doc_type in c.types]
        if not fits:
            extra.append(file)
            continue
        target = next((c for c in fits if len(present.get(c.id, [])) < c.count), fits[0])
        present.setdefault(target.id, []).append(file)
    return {c.id: present[c.id] for c in components if c.id in present}, extra


def _read_otherwise(file: str, problem: Problem, documents: Documents) -> str | None:
    """Another paper of the dossier whose reading of the same CCCD number comes with a birth year that fits
    it: then the papers disagree on a digit, which may be OCR's, and the number is not shown to contradict
    the birth date. A number printed wrong contradicts it on every paper that prints both."""
    if problem.code != "cccd_birth_year_mismatch":
        return None
    number, year = problem.details.get("so_cccd"), problem.details.get("nam_sinh_theo_so")
    for other, ex in documents:
        for key, f in ex.fields.items():
            suffix = key[len("so_cccd") :] if key.startswith("so_cccd") else None
            born = ex.fields.get(f"ngay_sinh{suffix}") if suffix is not None and other != file else None
            if born and number in readings(f) and born.value[:4] == year:
                return other
    return None


def _year_unsure(file: str, problem: Problem, other: str) -> Problem:
    d = problem.details
    return Problem(
        code="cccd_birth_year_unsure",
        message=f"Chưa kết luận được về số CCCD {d.get('so_cccd')} (chữ số thứ 4–6 ứng với năm sinh "
                f"{d.get('nam_sinh_theo_so')}): tệp {file} ghi năm sinh {d.get('nam_sinh')}, tệp {other} ghi năm sinh "
                f"{d.get('nam_sinh_theo_so')} — có thể do đọc sai một chữ số, cần xem bản giấy.",
        files=[file, other],
        details={**problem.details, "severity": "warning"},
    )


def _missing_line(c: Component, have: int) -> str:
    line = f"Thiếu: {c.name}"
    if c.alternatives:
        line += f" (hoặc: {'; '.join(c.alternatives)})"
    if c.count > 1:
        line += f" — cần {c.count}, mới có {have}"
    return line


def check(procedure: Procedure, documents: Documents) -> Verdict:
    """Completeness and cross-document consistency of one dossier; `documents` are (file name, extraction),
    one per document (a file holding several papers comes as its parts, `file.pdf#p2-3`). Missing stamps
    and signatures are `warnings`: they never make a dossier incomplete."""
    present, extra = _assign(procedure.components, documents)
    missing = [c for c in procedure.components if c.required and len(present.get(c.id, [])) < c.count]
    own = [(file, p, _read_otherwise(file, p, documents))
           for file, ex in documents for p in ex.problems if p.code in OWN_PROBLEMS]
    problems = [p.model_copy(update={"message": f"{p.message} (tệp {file})", "files": [file]})
                for file, p, other in own if not other]
    unsure = [_year_unsure(file, p, other) for file, p, other in own if other]
    person_check = PERSON_CHECKS.get(national_code(procedure.code) or "")
    found = person_check(documents) if person_check else []
    problems += [p for p in found if p.details.get("severity") != "warning"]
    warnings = mark_warnings(procedure.components, present, documents)
    warnings += [p for p in found if p.details.get("severity") == "warning"] + unsure
    # A page that could not be read is no evidence of anything: the clerk is asked to scan it again.
    warnings += [p.model_copy(update={"message": f"{p.message} (tệp {file})", "files": [file]})
                 for file, ex in documents for p in ex.problems if p.code == "page_unreadable"]
    return Verdict(
        procedure=procedure.code,
        complete=not missing,
        missing=[c.id for c in missing],
        present=present,
        extra=extra,
        inconsistencies=problems,
        warnings=warnings,
        messages=[_missing_line(c, len(present.get(c.id, []))) for c in missing]
        + [p.message for p in problems] + [w.message for w in warnings],
    )
