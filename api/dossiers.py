"""Dossiers: open one, or go on with one by its receipt code (POST /dossiers), and read it back with its
attachments and verdict."""

from fastapi import APIRouter, Response
from sqlalchemy.orm import joinedload

from api.audit import record
from api.auth import forbidden
from api.deps import RowId, Svc, Who, visible_dossier
from api.schemas import AttachmentOut, DossierIn, DossierOut, RemovedOut
from extract.corrections import labelled
from ingest.dossiers import NewDossier, open_dossier, resume_dossier
from storage.models import Attachment, Dossier
from workers import records
from workers.queue import attachment_job_id
from workers.verdict import signed_result

router = APIRouter()


@router.post("/dossiers", status_code=201, response_model=DossierOut,
             responses={200: {"description": "the receipt code names a dossier of the unit already: resumed"}})
def create_dossier(body: DossierIn, who: Who, services: Svc, response: Response) -> DossierOut:
    if not who.may_write(body.unit_code):
        raise forbidden()
    new = NewDossier(unit_code=body.unit_code, procedure_code=body.procedure_code, receipt_code=body.receipt_code,
                     channel=body.channel, due_at=body.due_at)
    with services.sessions() as session:
        dossier = resume_dossier(session, new)
        if dossier is not None:
            response.status_code = 200
            out = dossier_out(dossier)
            record(session, who, "resume", f"dossier:{dossier.id}", dossier.unit_code)
            return out
        dossier = open_dossier(session, new)
        record(session, who, "create", f"dossier:{dossier.id}", dossier.unit_code)
        return dossier_out(dossier)


@router.get("/dossiers/{dossier_id}", response_model=DossierOut)
def get_dossier(dossier_id: RowId, who: Who, services: Svc) -> DossierOut:
    with services.sessions() as session:
        # One statement reads the dossier and its attachments, so the verdict and the attachments' states
        # are of one moment: a worker committing between two reads would pair them with an older verdict.
        dossier = visible_dossier(session, who, dossier_id, joinedload(Dossier.attachments),
                                  joinedload(Dossier.removed))
        out = dossier_out(dossier)
        record(session, who, "view", f"dossier:{dossier.id}", dossier.unit_code)
        return out


def attachment_out(att: Attachment) -> AttachmentOut:
    return AttachmentOut(id=att.id, filename=att.filename, role=att.role or "component",
                         media_type=att.media_type, size=att.size,
                         sha256=att.sha256, pages=att.pages, status=att.status, error=att.error,
                         attempts=att.attempts, job_id=attachment_job_id(att.id), source=att.source,
                         confidence=att.confidence,
                         **records.summary(att), corrections=labelled(att.corrections),
                         digitized=att.digitized,
                         parts=att.parts or [], quality=att.quality, signature=att.signature,
                         reused_from=att.reused_from,
                         reused_from_receipt_code=att.origin.dossier.receipt_code if att.origin else None)


def dossier_out(dossier: Dossier) -> DossierOut:
    return DossierOut(id=dossier.id, receipt_code=dossier.receipt_code, unit_code=dossier.unit_code,
                      procedure_code=dossier.procedure_code, channel=dossier.channel,
                      received_at=dossier.received_at, due_at=dossier.due_at, finished_at=dossier.finished_at,
                      status=dossier.status, components_digitized=dossier.components_digitized,
                      result_digitized=dossier.result_digitized,
                      electronic_result=bool(dossier.electronic_result) or signed_result(dossier.attachments),
                      returned_at=dossier.returned_at, verdict=verdict_of(dossier),
                      attachments=[attachment_out(a) for a in dossier.attachments],
                      removed=[RemovedOut(id=a.id, filename=a.filename, role=a.role or "component",
                                          removed_at=a.removed_at, removed_by=a.removed_by, reason=a.removed_reason)
                               for a in dossier.removed])


def verdict_of(dossier: Dossier) -> dict | None:
    """The stored verdict, with the keys of its state even when stored before states existed."""
    if dossier.verdict is None:
        return None
    return {"state": dossier.verdict_state, "pending": [], "unreadable": [], "checks_made": [], **dossier.verdict}
