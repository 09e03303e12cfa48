"""The dossiers a user sees, filtered and a page at a time (GET /dossiers): the lists of the web pages."""

from datetime import date
from typing import Literal

from fastapi import APIRouter, Query
from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session

from api.audit import record
from api.auth import Principal, not_found
from api.deps import Svc, Who
from core.privacy import mask_query
from extract.catalogue import get_procedure
from storage import search
from storage.days import as_utc, vn_today
from storage.models import Attachment, Dossier
from storage.units import names_on, subtree_codes

router = APIRouter()
VerdictState = Literal["processing", "incomplete", "needs_review", "complete"]


def _units(session: Session, who: Principal, unit: str | None) -> frozenset[str] | None:
    """The units to list: the caller's scope, narrowed to `unit`'s subtree; a unit out of scope is 404."""
    scope = who.units(session)
    if not unit:
        return scope
    if scope is not None and unit not in scope:
        raise not_found("đơn vị này", "unit")
    below = frozenset(subtree_codes(session, unit, vn_today()))
    return below if scope is None else below & scope


@router.get("/dossiers")
def list_dossiers(who: Who, services: Svc,
                  q: str = Query("", max_length=200, description="receipt code, name, ID number or words read"),
                  status: str | None = Query(None, max_length=16),
                  state: VerdictState | None = Query(None, description="the verdict's state"),
                  procedure: str | None = Query(None, max_length=64, description="national code, e.g. 1.001193"),
                  unit: str | None = Query(None, max_length=64, description="a unit in scope, with its subtree"),
                  received_from: date | None = Query(None, alias="from", description="Vietnam day received"),
                  received_to: date | None = Query(None, alias="to"),
                  page: int = Query(1, ge=1, le=100_000), per_page: int = Query(20, ge=1, le=100)) -> dict:
    """Newest first, with how many match in all."""
    with services.sessions() as session:
        units = _units(session, who, unit)
        where = [] if units is None else [Dossier.unit_code.in_(units)]
        if status:
            where.append(Dossier.status == status)
        if state:
            where.append(Dossier.verdict_state == state)
        if procedure:  # a local instance of the procedure (1.001193.000.00.00.H56) counts as it
            where.append(or_(Dossier.procedure_code == procedure,
                             Dossier.procedure_code.like(f"{search.escape_like(procedure)}.%", escape="\\")))
        if received_from:
            where.append(Dossier.received_on >= received_from)
        if received_to:
            where.append(Dossier.received_on <= received_to)
        if q.strip():
            terms = search.parse(q)
            where.append(Dossier.id.in_(search.matching_dossiers(session, terms)) if terms else false())
        total = session.scalar(select(func.count()).select_from(Dossier).where(*where))
        rows = session.scalars(select(Dossier).where(*where).order_by(Dossier.received_at.desc(), Dossier.id.desc())
                               .offset((page - 1) * per_page).limit(per_page)).all()
        items = _items(session, rows)
        if q.strip():  # a list filtered by a name or an ID number is a search
            record(session, who, "search", "dossiers", who.unit_code, {"query": mask_query(q), "total": total})
    return {"items": items, "total": total}


def _items(session: Session, rows: list[Dossier]) -> list[dict]:
    counts = dict(session.execute(select(Attachment.dossier_id, func.count())
                                  .where(Attachment.dossier_id.in_([d.id for d in rows]),
                                         Attachment.removed_at.is_(None))
                                  .group_by(Attachment.dossier_id)).all())
    names = names_on(session, {d.unit_code for d in rows}, vn_today())
    out = []
    for d in rows:
        procedure = get_procedure(d.procedure_code)
        verdict = d.verdict or {}
        out.append({"id": d.id, "receipt_code": d.receipt_code, "unit_code": d.unit_code,
                    "unit_name": names.get(d.unit_code), "procedure_code": d.procedure_code,
                    "procedure_name": procedure.name if procedure else None,
                    "received_at": as_utc(d.received_at).isoformat(), "status": d.status,
                    "verdict_state": d.verdict_state or verdict.get("state"), "complete": bool(verdict.get("complete")),
                    "attachments": counts.get(d.id, 0)})
    return out
