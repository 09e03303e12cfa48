"""GET /dossiers/{id}/progress: what the dossier page polls to stay live (a worker reading, a retry, another
clerk's change): the verdict's state and each file's status, nothing personal — so it is not an audited view;
the page reads the whole dossier (audited) only when this answer changes."""

from fastapi import APIRouter
from sqlalchemy import select

from api.deps import RowId, Svc, Who, visible_dossier
from storage.models import Attachment

router = APIRouter()


@router.get("/dossiers/{dossier_id}/progress")
def progress(dossier_id: RowId, who: Who, services: Svc) -> dict:
    with services.sessions() as session:
        dossier = visible_dossier(session, who, dossier_id)
        rows = session.execute(select(Attachment.id, Attachment.status, Attachment.updated_at)
                               .where(Attachment.dossier_id == dossier.id, Attachment.removed_at.is_(None))
                               .order_by(Attachment.id)).all()
        return {"state": dossier.verdict_state, "status": dossier.status,
                "finished": dossier.finished_at is not None,
                "attachments": [{"id": i, "status": s, "changed": changed.isoformat() if changed else None}
                                for i, s, changed in rows]}
