"""A clerk confirms that a digitized copy was checked against the original paper (đối chiếu với bản chính):
who and when are recorded on the attachment, and a worker signs the copy again naming that clerk."""

from datetime import UTC, datetime

from fastapi import APIRouter

from api.audit import record
from api.auth import forbidden
from api.deps import RowId, Svc, Who, visible_attachment
from core.errors import Rejected
from storage.models import Attachment, AttachmentStatus
from workers.queue import enqueue_copy

router = APIRouter()


@router.post("/dossiers/{dossier_id}/attachments/{attachment_id}/confirm-original", tags=["signatures"])
def confirm_original(dossier_id: RowId, attachment_id: RowId, who: Who, services: Svc) -> dict:
    """Records the first confirmation (a repeat keeps it) and has the copy signed again when the stored copy
    does not name the clerk yet. `copy` is the copy's state as it stands after the call: with an external
    queue the worker's new signature shows on the dossier once its job has run (`pending`)."""
    with services.sessions() as session:
        att = visible_attachment(session, who, dossier_id, attachment_id)
        unit = att.dossier.unit_code
        if not who.may_write(unit):
            raise forbidden()
        # Locked: two confirmations at once record one clerk.
        att = session.get(Attachment, attachment_id, with_for_update=True, populate_existing=True)
        if att.status != AttachmentStatus.DONE:
            raise Rejected("not_processed", "Tệp chưa xử lý xong, chưa đối chiếu được",
                           "the attachment is not processed yet", status=409)
        if att.reused_from is not None:  # the copy is the source's, signed by its unit: confirmed there
            raise Rejected("reused_copy", "Bản số hóa này được tái sử dụng từ hồ sơ khác, đối chiếu tại hồ sơ gốc",
                           "this digitized copy is reused from another dossier: it is checked there", status=409)
        if att.digitized_key is None:
            raise Rejected("no_digitized_copy", "Tệp không có bản số hóa để đối chiếu với bản chính",
                           "the attachment has no digitized copy to check against the original", status=409)
        signature = att.signature or {}
        checked = signature.get("checked")
        repeat = checked is not None
        if not repeat:
            checked = {"by": who.username, "at": datetime.now(UTC).isoformat()}
            att.signature = {**signature, "checked": checked}
        record(session, who, "confirm-original", f"attachment:{att.id}", unit, {"repeat": repeat}, commit=False)
        session.commit()
        copy = signature.get("copy") or {}
    if copy.get("checked_by") != checked["by"]:
        enqueue_copy(services.queue, attachment_id, services.settings)  # in-process mode: done on return
        with services.sessions() as session:
            copy = (session.get(Attachment, attachment_id).signature or {}).get("copy") or {}
    return {"attachment": attachment_id, "checked": checked, "repeat": repeat, "copy": copy,
            "pending": copy.get("checked_by") != checked["by"]}
