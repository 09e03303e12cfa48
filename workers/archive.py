"""The digitized copy as stored: PDF/A-2b with the dossier's facts in its XMP, signed by the unit when the
unit has a key here; and the signatures an uploaded PDF already carries.

A copy that cannot be signed (no key, token absent, timestamp server down) is still stored, unsigned, with
the reason on the attachment: the OCR work is not lost, and the dossier view shows which copies lack a
signature."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from signing import CopyInfo, SigningFailed, copy_signing, load_roots, sign, signature_roots, to_pdfa, verify
from storage.days import vn_day
from storage.models import Attachment, AuditEntry, Unit

if TYPE_CHECKING:
    from core.services import Services

log = logging.getLogger(__name__)


def copy_info(services: Services, attachment_id: int, pages: int, component: str | None) -> CopyInfo:
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
        return CopyInfo(receipt_code=dossier.receipt_code, unit_code=dossier.unit_code, unit_name=name,
                        procedure_code=dossier.procedure_code, component=component, pages=pages,
                        digitized_at=datetime.now(UTC), digitized_by=by)


def archive(services: Services, attachment_id: int, pdf: bytes, pages: int,
            component: str | None) -> tuple[bytes, dict]:
    """The copy to store and its state for the attachment row."""
    info = copy_info(services, attachment_id, pages, component)
    copy = to_pdfa(pdf, info)
    state: dict = {"pdfa": copy.pdfa, "pdfa_findings": list(copy.findings), "state": "unsigned", "signer": None,
                   "signed_at": None, "timestamped": False, "reason": None}
    config = copy_signing(services.settings, info.unit_code)
    if config is None:
        state["reason"] = "signing is off" if not services.settings.sign_copies else "no key for this unit"
        return copy.pdf, state
    try:
        signed = sign(copy.pdf, config, info)
    except SigningFailed as exc:
        log.warning("attachment %s: the copy is stored unsigned: %s", attachment_id, exc)
        return copy.pdf, {**state, "reason": str(exc)[:500]}
    return signed.pdf, {**state, "state": "signed", "signer": signed.signer,
                        "signed_at": signed.signed_at.isoformat(), "timestamped": signed.timestamped}


def incoming_signatures(services: Services, data: bytes, media_type: str) -> dict | None:
    """The signature report of an uploaded PDF that is signed (another agency's electronic result, say);
    None for anything unsigned. The byte search spares parsing the many unsigned uploads."""
    if media_type != "application/pdf" or b"/ByteRange" not in data:
        return None
    report = verify(data, load_roots(signature_roots(services.settings)))
    return None if report.state == "unsigned" else report.as_dict()
