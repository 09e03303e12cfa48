"""What may still change in a dossier at the counter, and a file's removal (kept for the record)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from api.audit import record
from api.auth import Principal, not_found
from core.errors import Rejected
from storage import search
from storage.models import Attachment

REPLACED = "thay thế"


def still_open(finished_at: datetime | None) -> None:
    """Files are added, replaced and removed only until the dossier is finished."""
    if finished_at is not None:
        raise Rejected("dossier_finished", "Hồ sơ đã kết thúc: không thêm, thay hay gỡ tệp được nữa",
                       "the dossier is finished: files can no longer be added, replaced or removed", status=409)


def held(session: Session, dossier_id: int, attachment_id: int) -> Attachment:
    """An attachment the dossier holds now (not removed); 404 otherwise."""
    att = session.get(Attachment, attachment_id)
    if att is None or att.dossier_id != dossier_id or att.removed_at is not None:
        raise not_found("tệp này", "attachment")
    return att


def remove(session: Session, who: Principal, att: Attachment, unit_code: str, reason: str) -> None:
    """Take the file out of the dossier, in the caller's transaction: its row and objects stay, with who
    removed it, when and why, and the audit log says so too."""
    att.removed_at, att.removed_by, att.removed_reason = datetime.now(UTC), who.username, reason
    search.replace_pages(session, att.id, att.dossier_id, [])  # its text is no longer the dossier's
    record(session, who, "remove", f"attachment:{att.id}", unit_code,
           {"dossier": att.dossier_id, "reason": reason}, commit=False)
