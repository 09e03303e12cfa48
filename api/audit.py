"""The audit log: one row per view, download, change or export of citizens' data, and GET /audit to read it."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Query
from sqlalchemy import insert
from sqlalchemy.orm import Session

from api.auth import Principal, forbidden
from api.deps import Svc, Who
from core.privacy import mask_data, mask_ids
from storage.models import AuditEntry

router = APIRouter()

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


@router.get("/audit")
def audit_log(who: Who, services: Svc, limit: int = Query(100, ge=1, le=1000)) -> list[dict]:
    """Auditors and admins: who viewed, downloaded, changed or exported what, in their subtree."""
    if who.role not in ("auditor", "admin"):
        raise forbidden()
    with services.sessions() as session:
        query = session.query(AuditEntry).order_by(AuditEntry.id.desc())
        if who.role != "admin":
            query = query.filter(AuditEntry.unit_code.in_(who.scope(session, datetime.now(UTC).date())))
        return [{"at": e.at.isoformat(), "user": e.username, "action": e.action, "target": e.target,
                 "unit": e.unit_code, "detail": e.detail} for e in query.limit(limit)]
