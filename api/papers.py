"""Never ask a citizen twice: a citizen's digitized papers (GET /citizens/{id_number}/papers) and their reuse in
another dossier (POST /dossiers/{id}/reuse), within the reuse scope of the unit (Settings.reuse_scope)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.audit import record
from api.auth import forbidden, not_found
from api.deps import RowId, Svc, Who, visible_dossier
from api.dossiers import attachment_out
from core.errors import Rejected
from core.privacy import citizen_number, id_key
from core.services import Services
from extract.catalogue import get_procedure
from extract.types import Component
from storage.days import vn_today
from storage.models import Attachment, Dossier
from storage.units import names_on, scope_codes
from workers import papers, records
from workers.verdict import refresh_verdict

router = APIRouter(tags=["reuse"])
IdNumber = Annotated[str, Path(max_length=40, examples=["056094001234"])]


def _units(session: Session, services: Services, unit_code: str) -> list[str] | None:
    return scope_codes(session, unit_code, services.settings.reuse_scope, vn_today())


def _component_types(procedure_code: str) -> set[str]:
    procedure = get_procedure(procedure_code)
    if procedure is None:
        raise not_found(f"thủ tục mã {procedure_code}", f"procedure {procedure_code}")
    return {t for c in procedure.components for t in c.types}


@router.get("/citizens/{id_number}/papers")
def citizen_papers(id_number: IdNumber, who: Who, services: Svc,
                   procedure: Annotated[str | None, Query(max_length=64)] = None) -> dict:
    """The person's papers still valid, from units within the reuse scope of the caller's unit (admin: all),
    newest first; `procedure` keeps those that fill one of its components. 404 when there is none."""
    if who.role not in ("clerk", "admin"):
        raise forbidden()
    number = citizen_number(id_number)
    if number is None:
        raise Rejected("bad_id_number", "Cần đủ 12 chữ số của số định danh cá nhân",
                       "the full 12-digit personal ID number is needed")
    types = _component_types(procedure) if procedure else None
    key = id_key(number, services.settings.signing_key())
    with services.sessions() as session:
        units = None if who.role == "admin" else _units(session, services, who.unit_code)
        found = [(p, code) for p, code in papers.papers_of(session, key, units, vn_today())
                 if types is None or p.doc_type in types]
        names = names_on(session, [p.unit_code for p, _ in found], vn_today())
        # The number is masked in the target; the keyed hash finds every lookup of one person.
        record(session, who, "lookup", f"citizen:{number}", who.unit_code,
               {"citizen": key, "procedure": procedure, "papers": [p.attachment_id for p, _ in found]})
    if not found:
        raise not_found("giấy tờ số hóa còn hiệu lực của công dân này", "valid digitized papers of this citizen")
    return {"items": [{"attachment_id": p.attachment_id, "doc_type": p.doc_type,
                       "valid_until": p.valid_until.isoformat() if p.valid_until else None,
                       "dossier_receipt_code": code, "unit": p.unit_code, "unit_name": names.get(p.unit_code)}
                      for p, code in found]}


class ReuseIn(BaseModel):
    attachment_id: int = Field(ge=1, le=2**31 - 1)
    component: str | None = Field(None, max_length=64, examples=["cccd"])


def _component(dossier: Dossier, name: str) -> Component:
    procedure = get_procedure(dossier.procedure_code)
    found = [c for c in procedure.components if c.id == name] if procedure else []
    if not found:
        raise Rejected("unknown_component", f"Thủ tục {dossier.procedure_code} không có thành phần {name!r}",
                       f"procedure {dossier.procedure_code} has no component {name!r}")
    return found[0]


def _source(session: Session, services: Services, dossier: Dossier, body: ReuseIn) -> Attachment:
    """The paper to link, if it may be: within the scope of the dossier's unit, a citizen's digitized paper,
    still valid, of a type the component accepts, not already in the dossier."""
    source = session.get(Attachment, body.attachment_id)
    units = _units(session, services, dossier.unit_code)
    if source is None or (units is not None and source.dossier.unit_code not in units):
        raise not_found("giấy tờ số hóa này trong phạm vi tái sử dụng", "such digitized paper within the reuse scope")
    entries = papers.entries_of(session, source.id)
    if not entries or not papers.is_digitized(source):
        raise Rejected("not_reusable", "Tệp này không phải giấy tờ đã số hóa của công dân, không tái sử dụng được",
                       "this attachment is not a citizen's digitized paper: it cannot be reused")
    today = vn_today()
    valid = [e for e in entries if e.valid_until is None or e.valid_until >= today]
    if not valid:
        ended = max(e.valid_until for e in entries if e.valid_until)
        raise Rejected("paper_expired", f"Giấy tờ đã hết hiệu lực từ ngày {ended:%d/%m/%Y}",
                       f"the paper was valid until {ended.isoformat()}")
    if body.component and not {e.doc_type for e in valid} & set(_component(dossier, body.component).types):
        raise Rejected("wrong_component", f"Giấy tờ này không dùng được cho thành phần {body.component!r}",
                       f"this paper does not fill component {body.component!r}")
    if session.scalar(select(Attachment.id).where(Attachment.dossier_id == dossier.id,
                                                  Attachment.sha256 == source.sha256)):
        raise Rejected("already_attached", "Hồ sơ đã có giấy tờ này", "the dossier already holds this paper",
                       status=409)
    return source


@router.post("/dossiers/{dossier_id}/reuse", status_code=201)
def reuse(dossier_id: RowId, body: ReuseIn, who: Who, services: Svc) -> dict:
    """Fill a component with a link to an earlier digitized copy: a new attachment (status done, the source's
    objects and reading, `reused_from`), the verdict recomputed; the dossier counts as reused (4.3)."""
    with services.sessions() as session:
        dossier = visible_dossier(session, who, dossier_id)
        if not who.may_write(dossier.unit_code):
            raise forbidden()
        try:
            source = _source(session, services, dossier, body)
        except Rejected as refused:  # a probe of other units' papers shows in the log too
            record(session, who, "reuse-refused", f"dossier:{dossier.id}", dossier.unit_code,
                   {"from": body.attachment_id, "code": refused.code})
            raise
        # Locked like a worker storing a result: the verdict is computed over every attachment.
        dossier = session.scalar(select(Dossier).where(Dossier.id == dossier.id).with_for_update()
                                 .execution_options(populate_existing=True))
        link = records.linked_copy(source, dossier.id)
        session.add(link)
        dossier.reused = True
        session.flush()
        session.refresh(dossier, ["attachments"])
        refresh_verdict(session, dossier)
        record(session, who, "reuse", f"attachment:{link.id}", dossier.unit_code,
               {"from": source.id, "from_unit": source.dossier.unit_code, "component": body.component},
               commit=False)
        session.commit()
        return {"attachment": attachment_out(link).model_dump(mode="json"), "verdict": dossier.verdict}
