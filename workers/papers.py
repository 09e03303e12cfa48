"""A citizen's digitized papers, indexed under the person they are about, so that a later dossier links the
earlier copy instead of asking for the paper again (766 indicator 4.3; api.papers).

Only an ID number the system is sure of indexes a paper: read from the CCCD's QR code, confirmed by a second
read of the digits (ocr.digits), corrected by a clerk, or taken from a born-digital text layer. The person is
kept as a keyed hash of the number (core.privacy.id_key), never the number itself.
"""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from core.privacy import citizen_number, id_key
from storage.models import Attachment, AttachmentStatus, CitizenPaper, Dossier

# Papers worth offering again → the fields naming the person(s) each is about.
SUBJECTS: dict[str, tuple[str, ...]] = {
    "cccd": ("so_cccd",),
    "xac_nhan_tinh_trang_hon_nhan": ("so_cccd",),
    "giay_khai_sinh": ("so_cccd",),
    "trich_luc_khai_sinh": ("so_cccd",),
    "giay_chung_nhan_ket_hon": ("so_cccd", "so_cccd_ben_nam", "so_cccd_ben_nu"),
    "hop_dong_thue_nha": ("so_cccd",),
}
SHOWN = ("ho_ten", "ngay_sinh", "ngay_cap", "ngay_ky", "co_gia_tri_den")  # kept with the entry; no ID numbers
MARITAL_MONTHS = 6  # a marital-status certificate is valid six months from its issue


def _day(fields: dict, *keys: str) -> date | None:
    for key in keys:
        try:
            return date.fromisoformat(fields[key]["value"])
        except (KeyError, TypeError, ValueError):
            continue
    return None


def _months_after(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validity(doc_type: str, fields: dict) -> tuple[bool, date | None]:
    """(offered, valid until — None: without end). A CCCD until the expiry read on it (none read: not offered),
    a marital-status certificate six months from its issue (no issue date: not offered), the others until the
    end date read on them, else without end."""
    expiry = _day(fields, "co_gia_tri_den")
    if doc_type == "cccd":
        return expiry is not None, expiry
    if doc_type == "xac_nhan_tinh_trang_hon_nhan":
        issued = _day(fields, "ngay_ky", "ngay_cap")
        return issued is not None, _months_after(issued, MARITAL_MONTHS) if issued else None
    return True, expiry


def is_digitized(att: Attachment) -> bool:
    """A processed file with a digitized copy (or born digital), and not itself a link to another's copy."""
    return (att.status == AttachmentStatus.DONE and att.reused_from is None
            and (att.digitized_key is not None or att.source == "text-layer"))


def sure_number(att: Attachment, index: int, fields: dict, key: str) -> str | None:
    """The 12-digit ID in `fields[key]` when its reading is sure (see the module's docstring)."""
    field = fields.get(key) or {}
    number = citizen_number(field.get("value") or "")
    if number is None:
        return None
    corrected = index == 0 and any(c.get("target") == f"fields.{key}" for c in att.corrections or [])
    sure = field.get("source") == "qr" or field.get("confirmed") or corrected or att.source == "text-layer"
    return number if sure else None


def entries(att: Attachment, secret: bytes) -> list[CitizenPaper]:
    """The index entries of one attachment: per document, per person it is about."""
    if not is_digitized(att):
        return []
    out: list[CitizenPaper] = []
    for index, part in enumerate(att.parts or []):
        doc_type, fields = part.get("doc_type"), part.get("fields") or {}
        offered, until = validity(doc_type, fields)
        if doc_type not in SUBJECTS or not offered:
            continue
        numbers = {n for key in SUBJECTS[doc_type] if (n := sure_number(att, index, fields, key))}
        shown = {k: fields[k]["value"] for k in SHOWN if k in fields}
        out += [CitizenPaper(id_hash=id_key(n, secret), attachment_id=att.id, dossier_id=att.dossier_id,
                             unit_code=att.dossier.unit_code, doc_type=doc_type, fields=shown, valid_until=until)
                for n in sorted(numbers)]
    return out


def index(session: Session, att: Attachment, secret: bytes) -> int:
    """Replace the attachment's entries (after a run or a correction); in the caller's transaction."""
    session.execute(delete(CitizenPaper).where(CitizenPaper.attachment_id == att.id))
    rows = entries(att, secret)
    session.add_all(rows)
    return len(rows)


def valid_on(day: date):
    return or_(CitizenPaper.valid_until.is_(None), CitizenPaper.valid_until >= day)


def papers_of(session: Session, key: str, units: list[str] | None, day: date) -> list[tuple[CitizenPaper, str]]:
    """A person's papers valid on `day` from `units` (None: any), newest first, with their dossier's receipt code."""
    query = (select(CitizenPaper, Dossier.receipt_code).join(Dossier, Dossier.id == CitizenPaper.dossier_id)
             .where(CitizenPaper.id_hash == key, valid_on(day))
             .order_by(CitizenPaper.attachment_id.desc(), CitizenPaper.doc_type))
    if units is not None:
        query = query.where(CitizenPaper.unit_code.in_(units))
    return [(paper, code) for paper, code in session.execute(query)]


def entries_of(session: Session, attachment_id: int) -> list[CitizenPaper]:
    return list(session.scalars(select(CitizenPaper).where(CitizenPaper.attachment_id == attachment_id)))
