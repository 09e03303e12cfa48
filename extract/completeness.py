"""Dossier completeness: map documents to a procedure's components, list what is missing, and compare the
same person across documents (names tone-tolerantly, birth dates, ID numbers)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.vntext import fold, same_name, same_spelling, valid
from extract.catalogue import national_code
from extract.formalities import warnings as mark_warnings
from extract.types import Component, ExtractedField, Extraction, Problem, Procedure, Verdict

Documents = list[tuple[str, Extraction]]
OWN_PROBLEMS = ("cccd_birth_year_mismatch", "cccd_sex_mismatch")
EXACT = 99.5  # field confidence of a text layer's words (100); tesseract stays below
CLEAR = 85.0  # every word of a name OCR read clearly scores this (names read right: 90-97 on scans; a
# misread mark, "Thành" for "Thanh" on a clean scan, scored 71-77 while the name's mean stayed above 90)


@dataclass
class Person:
    """One person as one document shows them; `key` names them in check codes ("to_khai_cu_tru", "cccd"),
    `fields` the field each aspect was read from."""

    file: str
    role: str  # for messages: "người yêu cầu trên tờ khai"
    name: ExtractedField | None
    dob: ExtractedField | None = None
    id: ExtractedField | None = None
    key: str = ""
    fields: dict[str, str] = field(default_factory=lambda: {"name": "ho_ten", "dob": "ngay_sinh", "id": "so_cccd"})


@dataclass
class Ledger:
    """What the person checks found and did: problems, the comparisons made, and the fields a comparison
    needed that were not read (so it was not made)."""

    problems: list[Problem] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    unread: list[dict] = field(default_factory=list)


# aspect → (Vietnamese, English) names
ASPECTS = {"name": ("Họ tên", "name"), "dob": ("Ngày sinh", "birth date"), "id": ("Số định danh", "ID number")}


def _person(file: str, ex: Extraction, role: str, key: str, suffix: str = "", name_key: str = "ho_ten") -> Person:
    f = ex.fields
    keys = {"name": name_key, "dob": "ngay_sinh" + suffix, "id": "so_cccd" + suffix}
    return Person(file, role, f.get(name_key), f.get(keys["dob"]), f.get(keys["id"]), key, keys)


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


def _outcome(aspect: str, a: Person, b: Person, x: ExtractedField, y: ExtractedField) -> tuple[str, Problem | None]:
    """match / mismatch / unsure, and the problem to report, of one aspect both papers show."""
    vi = ASPECTS[aspect][0]
    if aspect == "name":
        differ = _names_differ(x, y)
        if differ is None:  # said, so that no one takes the names for compared and equal
            unsure = _problem("name_unsure", vi, a, b, x, y)
            unsure.message = (f"Chưa đối chiếu được họ tên: {a.role} ({a.file}) đọc được “{_shown(x)}”, "
                              f"{b.role} ({b.file}) đọc được “{_shown(y)}” — có thể do đọc sai, cần xem bản giấy.")
            unsure.details["severity"] = "warning"
            return "unsure", unsure
        return ("mismatch", _problem("name_mismatch", vi, a, b, x, y)) if differ else ("match", None)
    if aspect == "dob":
        return ("match", None) if x.value == y.value else ("mismatch", _problem("birth_date_mismatch", vi, a, b, x, y))
    return ("match", None) if same_id(x, y) else ("mismatch", _problem("id_mismatch", vi, a, b, x, y))


def compare(a: Person, b: Person, ledger: Ledger, need: tuple[str, ...] = ("name",)) -> None:
    """Compare what both papers show of the same person, into `ledger`: each comparison made (letter case and
    tone placement never count, marks only where both readings are trusted, `_marks_trusted`), and each
    aspect in `need` one of them did not read — never taken as matching."""
    for aspect, (vi, _en) in ASPECTS.items():
        x, y = getattr(a, aspect), getattr(b, aspect)
        code = f"{a.fields[aspect]}:{a.key}~{b.key}"
        if x and y:
            result, problem = _outcome(aspect, a, b, x, y)
            ledger.checks.append({"code": code, "label": f"{vi} {a.role} với {b.role}", "files": [a.file, b.file],
                                  "result": result})
            ledger.problems += [problem] if problem else []
        elif aspect in need:
            for side, other, value in ((a, b, x), (b, a, y)):
                if value is None:
                    ledger.unread.append(_unread(side, aspect, other, code))


def _unread(side: Person, aspect: str, other: Person, check: str) -> dict:
    vi, en = ASPECTS[aspect]
    return {"code": "field_unread", "file": side.file, "field": side.fields[aspect], "check": check,
            "vi": f"Chưa đọc được {vi.lower()} của {side.role} (tệp {side.file}) nên chưa đối chiếu được với "
                  f"{other.role}.",
            "en": f"the {en} ({side.fields[aspect]}) of {side.key} in {side.file} was not read, so it could not "
                  f"be compared with {other.key}."}


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
    return [_person(f, ex, "CCCD", "cccd") for f, ex in _of_type(documents, "cccd")]


def _birth(documents: Documents, ledger: Ledger) -> None:
    cards = _cards(documents)
    for f, ex in _of_type(documents, "to_khai_khai_sinh")[:1]:
        requester = _person(f, ex, "người yêu cầu trên tờ khai", "to_khai_khai_sinh.nguoi_yeu_cau", "_nguoi_yeu_cau",
                            name_key="nguoi_yeu_cau")
        card = _pick(requester, cards)
        if card:
            compare(requester, card, ledger)
        # Name and birth date only: each paper's `so_cccd` is a parent's (requester, mother), not the child's.
        child = _person(f, ex, "trẻ trên tờ khai", "to_khai_khai_sinh.tre")
        child.id = None
        for g, cert in _of_type(documents, "giay_chung_sinh")[:1]:
            certified = _person(g, cert, "giấy chứng sinh", "giay_chung_sinh")
            certified.id = None
            compare(child, certified, ledger, need=("name", "dob"))


def _residence(documents: Documents, ledger: Ledger) -> None:
    for f, ex in _of_type(documents, "to_khai_cu_tru")[:1]:
        subject = _person(f, ex, "người đăng ký trên tờ khai CT01", "to_khai_cu_tru")
        card = _pick(subject, _cards(documents))
        if card:
            compare(subject, card, ledger, need=("name", "dob"))
        for h, contract in _of_type(documents, "hop_dong_thue_nha")[:1]:
            tenant = Person(h, "bên thuê trên hợp đồng", contract.fields.get("ho_ten"),
                            key="hop_dong_thue_nha.ben_thue")
            compare(subject, tenant, ledger)


def _marriage(documents: Documents, ledger: Ledger) -> None:
    for f, ex in _of_type(documents, "to_khai_ket_hon")[:1]:
        parties = [_person(f, ex, "bên nữ trên tờ khai", "to_khai_ket_hon.ben_nu"),
                   _person(f, ex, "bên nam trên tờ khai", "to_khai_ket_hon.ben_nam", "_ben_nam",
                           name_key="ho_ten_ben_nam")]
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
            compare(parties[i], card, ledger, need=("name", "dob"))
        anyone = Person("", "CCCD", None, key="cccd")
        for party in parties:  # a party whose name was not read was paired with no card: not compared
            if party.name is None and _cards(documents):
                ledger.unread.append(_unread(party, "name", anyone, f"{party.fields['name']}:{party.key}~cccd"))
        for g, cert in _of_type(documents, "xac_nhan_tinh_trang_hon_nhan"):
            subject = _person(g, cert, "giấy xác nhận tình trạng hôn nhân", "xac_nhan_tinh_trang_hon_nhan")
            party = _pick(subject, parties, fallback=False)
            if party:
                compare(party, subject, ledger)


PERSON_CHECKS: dict[str, Callable[[Documents, Ledger], None]] = {
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


def _unknown(file: str) -> dict:
    return {"code": "unknown_type", "file": file,
            "vi": f"Chưa xác định được loại giấy tờ của tệp {file}: cần phân loại lại hoặc quét lại.",
            "en": f"the type of paper in {file} could not be recognised: classify it or scan it again."}


def _page(file: str, p: Problem) -> dict:
    return {"code": "page_unreadable", "file": file, "page": p.details.get("page"), "vi": f"{p.message} (tệp {file})",
            "en": f"{p.details.get('en', 'a page could not be read')} ({file})"}


def _failed(f: dict) -> dict:
    return {"code": "attachment_failed", "attachment_id": f["id"], "file": f["filename"],
            "vi": f"Không đọc được tệp {f['filename']}: {f.get('error') or 'lỗi xử lý'} — cần tải lên lại.",
            "en": f"{f['filename']} could not be processed: {f.get('error') or 'processing error'}; upload it again."}


def state_of(verdict: Verdict) -> str:
    """processing while a file is being read; else incomplete while a required component is missing; else
    needs_review while anything could not be read, classified or compared, or disagrees; else complete."""
    if verdict.pending:
        return "processing"
    if verdict.missing:
        return "incomplete"
    if verdict.unreadable or verdict.inconsistencies or verdict.warnings:
        return "needs_review"
    return "complete"


def check(procedure: Procedure, documents: Documents, pending: list[dict] | None = None,
          failed: list[dict] | None = None) -> Verdict:
    """Completeness and cross-document consistency of one dossier; `documents` are (file name, extraction),
    one per document (a file holding several papers comes as its parts, `file.pdf#p2-3`); `pending` the files
    not read yet (id, filename, status), `failed` those whose reading failed (id, filename, error). Missing
    stamps and signatures are `warnings`: they never make a dossier incomplete."""
    present, extra = _assign(procedure.components, documents)
    missing = [c for c in procedure.components if c.required and len(present.get(c.id, [])) < c.count]
    own = [(file, p, _read_otherwise(file, p, documents))
           for file, ex in documents for p in ex.problems if p.code in OWN_PROBLEMS]
    problems = [p.model_copy(update={"message": f"{p.message} (tệp {file})", "files": [file]})
                for file, p, other in own if not other]
    unsure = [_year_unsure(file, p, other) for file, p, other in own if other]
    ledger = Ledger()
    person_check = PERSON_CHECKS.get(national_code(procedure.code) or "")
    if person_check:
        person_check(documents, ledger)
    problems += [p for p in ledger.problems if p.details.get("severity") != "warning"]
    warnings = mark_warnings(procedure.components, present, documents)
    warnings += [p for p in ledger.problems if p.details.get("severity") == "warning"] + unsure
    # A page that could not be read is no evidence of anything: the clerk is asked to scan it again.
    pages = [(file, p) for file, ex in documents for p in ex.problems if p.code == "page_unreadable"]
    warnings += [p.model_copy(update={"message": f"{p.message} (tệp {file})", "files": [file]}) for file, p in pages]
    unreadable = [_failed(f) for f in failed or []] + [_page(file, p) for file, p in pages]
    unreadable += [_unknown(file) for file, ex in documents if ex.doc_type == "unknown"] + ledger.unread
    verdict = Verdict(
        procedure=procedure.code,
        complete=not missing,
        missing=[c.id for c in missing],
        present=present,
        extra=extra,
        inconsistencies=problems,
        warnings=warnings,
        messages=[f"Đang đọc tệp {f['filename']}" for f in pending or []]
        + [_missing_line(c, len(present.get(c.id, []))) for c in missing]
        + [p.message for p in problems] + [w.message for w in warnings]
        + [u["vi"] for u in unreadable if u["code"] != "page_unreadable"],
        pending=pending or [],
        unreadable=unreadable,
        checks_made=ledger.checks,
    )
    verdict.state = state_of(verdict)
    return verdict
