"""The digitized copy as stored: PDF/A-2b with the dossier's facts in its XMP, signed by the unit when the
unit has a key here (once a clerk has checked it against the original, when the procedure asks for that);
and the signatures an uploaded PDF already carries.

A copy that cannot be signed (no key, token absent, timestamp server down) is still stored, unsigned, with
the reason on the attachment: the OCR work is not lost, and the dossier view shows which copies lack a
signature."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from extract.catalogue import needs_original_check
from signing import (
    CopyInfo,
    SigningFailed,
    copy_signing,
    digitized_at,
    load_roots,
    sign,
    signature_roots,
    to_pdfa,
    unsigned,
    verify,
)
from storage.days import vn_day
from storage.models import Attachment, AttachmentStatus, AuditEntry, Unit
from workers import records

if TYPE_CHECKING:
    from core.services import Services

log = logging.getLogger(__name__)
AWAITING_CHECK = "chờ đối chiếu bản chính"


def copy_info(services: Services, attachment_id: int, pages: int, component: str | None,
              digitized: datetime | None = None) -> CopyInfo:
    """`digitized`: when the original was digitized, for a copy made again (now, for a new one)."""
    with services.sessions() as session:
        att = session.get(Attachment, attachment_id)
        dossier = att.dossier
        day = vn_day(dossier.received_at)
        names = session.scalars(select(Unit).where(Unit.code == dossier.unit_code)).all()
        name = next((u.name for u in names if (u.valid_from is None or u.valid_from <= day)
                     and (u.valid_to is None or day < u.valid_to)), names[0].name if names else None)
        # The uploading account is in the audit log's upload entry of the dossier (one per attachment).
        uploads = session.execute(select(AuditEntry.username, AuditEntry.detail).where(
            AuditEntry.target == f"dossier:{dossier.id}", AuditEntry.action == "upload")).all()
        by = next((u for u, detail in uploads if (detail or {}).get("attachment") == attachment_id), None)
        checked = checked_of(att)
        return CopyInfo(receipt_code=dossier.receipt_code, unit_code=dossier.unit_code, unit_name=name,
                        procedure_code=dossier.procedure_code, component=component, pages=pages,
                        digitized_at=digitized or datetime.now(UTC), digitized_by=by,
                        checked_by=checked["by"] if checked else None,
                        checked_at=datetime.fromisoformat(checked["at"]) if checked else None)


def checked_of(att: Attachment) -> dict | None:
    """The clerk's check of the copy against the original ({"by", "at"}), as recorded on the attachment."""
    return (att.signature or {}).get("checked")


def archive(services: Services, attachment_id: int, pdf: bytes, pages: int,
            component: str | None, digitized: datetime | None = None) -> tuple[bytes, dict]:
    """The copy to store and its state for the attachment row (`checked_by`/`checked_at`: the clerk the
    copy names as having checked it against the original, if any)."""
    info = copy_info(services, attachment_id, pages, component, digitized)
    copy = to_pdfa(pdf, info)
    state: dict = {"pdfa": copy.pdfa, "pdfa_findings": list(copy.findings), "state": "unsigned", "signer": None,
                   "signed_at": None, "timestamped": False, "level": None, "validation_info": False,
                   "reason": None, "unit": info.unit_label,
                   "checked_by": info.checked_by,
                   "checked_at": info.checked_at.isoformat() if info.checked_at else None}
    config = copy_signing(services.settings, info.unit_code)
    if config is None:
        state["reason"] = "signing is off" if not services.settings.sign_copies else "no key for this unit"
        return copy.pdf, state
    if info.checked_by is None and needs_original_check(info.procedure_code, component):
        # The procedure wants this paper checked against its original first: confirm-original signs it.
        return copy.pdf, {**state, "state": "awaiting_check", "reason": AWAITING_CHECK}
    try:
        signed = sign(copy.pdf, config, info)
    except SigningFailed as exc:
        log.warning("attachment %s: the copy is stored unsigned: %s", attachment_id, exc)
        return copy.pdf, {**state, "reason": str(exc)[:500]}
    return signed.pdf, {**state, "state": "signed", "signer": signed.signer,
                        "signed_at": signed.signed_at.isoformat(), "timestamped": signed.timestamped,
                        "level": signed.level, "validation_info": signed.validation_info}


def remake(services: Services, attachment_id: int) -> dict | None:
    """The stored copy made again from itself as it was before the unit signed it, so that its XMP and
    signature name the clerk who has since checked it against the original. A copy that cannot be signed
    now (the key gone, say) does not replace a signed one. The copy's state, or None when there is no copy."""
    with services.sessions() as session:
        att = session.get(Attachment, attachment_id)
        if att is None or att.status != AttachmentStatus.DONE or att.digitized_key is None:
            return None
        key, pages, component = att.digitized_key, att.pages or 1, records.summary(att)["doc_type"]
        before = (att.signature or {}).get("copy") or {}
    base = unsigned(services.objects.get(key))
    copy, state = archive(services, attachment_id, base, pages, component, digitized_at(base))
    if state["state"] != "signed" and before.get("state") == "signed":
        log.warning("attachment %s: the copy is kept as it was: %s", attachment_id, state["reason"])
        return before
    services.objects.put(key, copy, "application/pdf")
    with services.sessions() as session:
        att = session.get(Attachment, attachment_id, with_for_update=True)
        att.signature = {**(att.signature or {}), "copy": state}  # a new dict: the JSON column saves on assignment
        session.commit()
    return state


def incoming_signatures(services: Services, data: bytes, media_type: str) -> dict | None:
    """The signature report of an uploaded PDF that is signed (another agency's electronic result, say);
    None for anything unsigned. The byte search spares parsing the many unsigned uploads."""
    if media_type != "application/pdf" or b"/ByteRange" not in data:
        return None
    report = verify(data, load_roots(signature_roots(services.settings)))
    return None if report.state == "unsigned" else report.as_dict()
