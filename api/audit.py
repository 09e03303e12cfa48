"""The audit log: one row per view, download, change or export of citizens' data."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session

from api.auth import Principal
from storage.models import AuditEntry
from storage.privacy import mask_data, mask_ids

# Built once: every request writes an entry, and building the statement per call cost as much as running it.
ADD_ENTRY = insert(AuditEntry.__table__)


def record(session: Session, who: Principal, action: str, target: str, unit_code: str | None,
           detail: dict | None = None, *, commit: bool = True) -> None:
    """commit=False adds the entry to the caller's transaction: it lands with the change it records.
    A Core INSERT on the table, not an ORM object: every request writes one, and the unit of work's flush
    (or the ORM's bulk path) cost more than the statement itself. An ID number in the target or the
    detail keeps only its last 4 digits."""
    session.execute(ADD_ENTRY, {"user_id": who.user_id, "username": who.username, "action": action,
                                "target": mask_ids(target), "unit_code": unit_code, "detail": mask_data(detail)})
    if commit:
        session.commit()
