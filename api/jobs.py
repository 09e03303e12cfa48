"""GET /jobs/{id}: the RQ job's state beside the attachment's processing state."""

from fastapi import APIRouter

from api.auth import not_found
from api.deps import Svc, Who, visible_dossier
from storage.models import Attachment
from workers.queue import job_attachment_id, job_state

router = APIRouter()


@router.get("/jobs/{job_id}")
def get_job(job_id: str, who: Who, services: Svc) -> dict:
    with services.sessions() as session:
        att_id = job_attachment_id(job_id)
        att = session.get(Attachment, att_id) if att_id is not None else None
        if att is None:
            raise not_found("công việc này", "job")
        visible_dossier(session, who, att.dossier_id)
        return {"job": job_state(services.queue, job_id),
                "attachment": {"id": att.id, "status": att.status, "error": att.error, "attempts": att.attempts}}
