"""The archive audit: every dossier a unit's subtree received in a period whose stored archive is incomplete,
with what is wrong with it — what inspections ask for when they find "hồ sơ lưu trữ chưa đầy đủ".

It reads the stored rows only (the verdict, the attachments' parts, copies and signatures), never the
pipeline: a dossier is judged on what its archive holds now.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import Rejected
from reports.tree import report_unit, walk
from storage.models import Attachment, AttachmentStatus, Dossier, Procedure, is_digitized

# code -> (Vietnamese, English); the order is the order every output lists them in.
PROBLEMS: dict[str, tuple[str, str]] = {
    "missing_component": ("Thiếu thành phần hồ sơ bắt buộc", "a required component is missing"),
    "not_digitized": ("Thành phần hồ sơ chưa được số hóa", "a component is not digitized"),
    "result_not_digitized": ("Kết quả giải quyết bản giấy chưa được số hóa", "the paper result is not digitized"),
    "needs_review": ("Cần cán bộ kiểm tra lại", "needs a clerk's review"),
    "inconsistency_open": ("Thông tin giữa các giấy tờ không khớp, chưa xử lý",
                           "documents disagree, not resolved"),
    "unreadable_page": ("Có trang không đọc được, cần quét lại", "a page is unreadable, rescan it"),
    "unsigned_copy": ("Bản số hóa chưa có chữ ký số hợp lệ", "a digitized copy has no valid signature"),
}
UNREADABLE = {"page_unreadable"}  # the problem extract records on a page OCR could not read (ocr.readability)
ATTACHMENT_COLUMNS = (Attachment.dossier_id, Attachment.status, Attachment.digitized_key, Attachment.source,
                      Attachment.parts, Attachment.signature)


def label(code: str) -> str:
    return PROBLEMS[code][0]


def attachment_problems(att) -> set[str]:
    """What one attachment row (`ATTACHMENT_COLUMNS`) lacks."""
    found = set()
    if not is_digitized(att.digitized_key, att.source):
        found.add("not_digitized")
    parts = att.parts or []
    # A failed file, or one read without recognising what it is, waits for a clerk to look at it.
    unknown = att.status == AttachmentStatus.DONE and (not parts or any(p.get("doc_type") == "unknown" for p in parts))
    if att.status == AttachmentStatus.FAILED or unknown:
        found.add("needs_review")
    if any(p.get("code") in UNREADABLE for part in parts for p in part.get("problems") or []):
        found.add("unreadable_page")
    copy = (att.signature or {}).get("copy") or {}
    if att.digitized_key is not None and copy.get("state") != "signed":
        found.add("unsigned_copy")
    return found


def dossier_problems(dossier, attachments: Iterable) -> list[str]:
    """The problem codes of one dossier row and its attachment rows, in `PROBLEMS` order."""
    attachments = list(attachments)
    verdict = dossier.verdict or {}
    found = set().union(*(attachment_problems(a) for a in attachments))
    if verdict.get("missing"):
        found.add("missing_component")
    if not attachments and not dossier.components_digitized:  # a register row whose components are on paper
        found.add("not_digitized")
    if dossier.finished_at is not None and dossier.result_paper and not dossier.result_digitized:
        found.add("result_not_digitized")
    if verdict.get("state") == "needs_review":
        found.add("needs_review")
    if any(not p.get("resolved") for p in verdict.get("inconsistencies") or []):
        found.add("inconsistency_open")
    return [code for code in PROBLEMS if code in found]


def check_problem(problem: str | None) -> None:
    if problem is not None and problem not in PROBLEMS:
        raise Rejected("bad_problem", f"Mã vấn đề phải là một trong: {', '.join(PROBLEMS)}",
                       f"problem must be one of {', '.join(PROBLEMS)}", status=422)


def archive_audit(session: Session, unit_code: str, start: date, end: date, problem: str | None = None) -> dict:
    """Dossiers of the unit's subtree (the tree as of `end`) received from `start` to `end` (Vietnam days) that
    have a problem (`problem`: only those with this one), the totals per problem and per unit."""
    check_problem(problem)
    tree, unit = report_unit(session, unit_code, start, end)
    codes = [n.code for n in walk(unit)]
    scope = (Dossier.unit_code.in_(codes), Dossier.received_on >= start, Dossier.received_on <= end)
    dossiers = session.execute(
        select(Dossier.id, Dossier.receipt_code, Dossier.unit_code, Dossier.procedure_code, Dossier.received_on,
               Dossier.finished_at, Dossier.components_digitized, Dossier.result_paper, Dossier.result_digitized,
               Dossier.verdict).where(*scope).order_by(Dossier.received_on, Dossier.receipt_code)).all()
    by_dossier: dict[int, list] = {}
    for att in session.execute(select(*ATTACHMENT_COLUMNS).join(Dossier).where(*scope)):
        by_dossier.setdefault(att.dossier_id, []).append(att)
    audited = Counter(d.unit_code for d in dossiers)
    items = []
    for d in dossiers:
        problems = dossier_problems(d, by_dossier.get(d.id, []))
        if problems and (problem is None or problem in problems):
            items.append({"dossier_id": d.id, "receipt_code": d.receipt_code, "unit": d.unit_code,
                          "procedure_code": d.procedure_code, "received_on": d.received_on.isoformat(),
                          "problems": problems})
    return {
        "unit": {"code": unit.code, "name": unit.name},
        "from": start.isoformat(),
        "to": end.isoformat(),
        "problem": problem,
        "dossiers": len(dossiers),
        "items": items,
        "totals": _totals(items),
        "units": [{"unit": code, "name": tree[code].name, "dossiers": audited[code],
                   "listed": sum(i["unit"] == code for i in items), **_totals([i for i in items if i["unit"] == code])}
                  for code in sorted(audited)],
        "procedures": _procedure_names(session, {i["procedure_code"] for i in items}),
        "labels": {code: {"vi": vi, "en": en} for code, (vi, en) in PROBLEMS.items()},
    }


def _totals(items: list[dict]) -> dict[str, int]:
    """Dossiers per problem code, every code present (0 when none)."""
    counts = Counter(code for item in items for code in item["problems"])
    return {code: counts[code] for code in PROBLEMS}


def _procedure_names(session: Session, codes: set[str]) -> dict[str, str]:
    """The catalogue's names; a register's procedure outside the catalogue keeps its code alone."""
    if not codes:
        return {}
    return {code: name for code, name in session.execute(select(Procedure.code, Procedure.name)
                                                         .where(Procedure.code.in_(codes)))}
