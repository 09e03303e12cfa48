"""A clerk corrects a misclassified attachment or a misread field; the verdict is recomputed at once."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.audit import record
from api.auth import forbidden
from api.deps import RowId, Svc, Who, visible_attachment
from core.errors import Rejected
from extract import corrections
from extract.types import FIELD_KEYS
from storage.models import AttachmentStatus
from workers import papers, records
from workers.verdict import refresh_dossier

router = APIRouter()


class CorrectionIn(BaseModel):
    doc_type: str | None = Field(None, max_length=48, examples=["giay_chung_sinh"])
    # At most one value per field the extractor knows, each of bounded size: the dossier must not grow unbounded.
    fields: dict[Annotated[str, Field(max_length=32)], Annotated[str, Field(max_length=corrections.MAX_VALUE)]] = Field(
        default_factory=dict, max_length=len(FIELD_KEYS), examples=[{"ho_ten": "Nguyễn Thị Hoà"}])


@router.patch("/dossiers/{dossier_id}/attachments/{attachment_id}")
def correct(dossier_id: RowId, attachment_id: RowId, body: CorrectionIn, who: Who, services: Svc) -> dict:
    with services.sessions() as session:
        att = visible_attachment(session, who, dossier_id, attachment_id)
        if not who.may_write(att.dossier.unit_code):
            raise forbidden()
        if att.status != AttachmentStatus.DONE:
            raise Rejected("not_processed", "Tệp chưa xử lý xong, chưa sửa được", "the attachment is not processed yet",
                           status=409)
        if att.removed_at is not None:
            raise Rejected("attachment_removed", "Tệp đã bị gỡ khỏi hồ sơ, không sửa được",
                           "the attachment was removed from the dossier", status=409)
        current = records.extraction_of(att)
        changes = [("doc_type", body.doc_type, current.doc_type)] if body.doc_type else []
        changes += [(f"fields.{k}", v, current.fields[k].value if k in current.fields else None)
                    for k, v in body.fields.items()]
        if not changes:
            raise Rejected("empty_correction", "Không có gì để sửa", "nothing to correct")
        now = datetime.now(UTC).isoformat()
        new = []
        for target, raw, old in changes:
            try:
                value = corrections.validate(target, raw)  # stored as the extractor writes its own
            except corrections.BadCorrection as exc:
                raise Rejected("bad_correction", f"Không sửa được: {exc.vi}", f"cannot correct: {exc}") from None
            new.append({"by": who.username, "at": now, "target": target, "old": old, "new": value})
        fixed = corrections.apply(current, new)
        att.corrections = [*(att.corrections or []), *new]
        records.store_extraction(att, fixed)
        papers.index(session, att, services.settings.signing_key())
        session.flush()
        verdict = refresh_dossier(session, att.dossier_id)
        record(session, who, "correct", f"attachment:{att.id}", att.dossier.unit_code,
               {"targets": [c["target"] for c in new]})  # values stay out of the log: they may be ID numbers
        shown = records.summary(att)
        return {"attachment": {"id": att.id, "doc_type": shown["doc_type"], "fields": shown["fields"],
                               "corrections": corrections.labelled(att.corrections)},
                "verdict": verdict.model_dump(mode="json") if verdict else None}
