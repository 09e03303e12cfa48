"""A dossier's life at the counter after it is opened: files removed or replaced while it is open, then
finished (and the result returned), after which its files no longer change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, File, Request, UploadFile
from pydantic import BaseModel, Field
from starlette.responses import Response

from api.audit import record
from api.auth import forbidden
from api.deps import Bearer, RowId, Svc, Who, visible_dossier
from api.dossiers import dossier_out
from api.removal import held, remove, still_open
from api.schemas import DossierOut, UploadOut
from api.uploads import Filing, file_in
from core.errors import Rejected
from storage.days import VN
from workers.verdict import refresh_dossier

router = APIRouter()
CLOCK_SKEW = timedelta(minutes=5)  # a counter's clock a little ahead of the server's is not the future


class RemovalIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500, examples=["nộp nhầm tệp"])


@router.delete("/dossiers/{dossier_id}/attachments/{attachment_id}", status_code=204)
def remove_attachment(dossier_id: RowId, attachment_id: RowId, body: RemovalIn, who: Who, services: Svc) -> Response:
    reason = body.reason.strip()
    if not reason:
        raise Rejected("reason_required", "Cần ghi lý do gỡ tệp", "a reason for removing the file is required")
    with services.sessions() as session:
        dossier = visible_dossier(session, who, dossier_id)
        att = held(session, dossier.id, attachment_id)  # looked up before the role check: 404 whoever asks
        if not who.may_write(dossier.unit_code):
            raise forbidden()
        still_open(dossier.finished_at)
        remove(session, who, att, dossier.unit_code, reason)
        session.flush()
        refresh_dossier(session, dossier.id)
        session.commit()
    return Response(status_code=204)


@router.post("/dossiers/{dossier_id}/attachments/{attachment_id}/replace", status_code=202, response_model=UploadOut)
async def replace_attachment(request: Request, dossier_id: RowId, attachment_id: RowId, authorization: Bearer = None,
                             file: UploadFile = File(...)) -> UploadOut:
    """The new file goes in as any upload does; the old one is removed ("thay thế") in the same transaction."""
    return await file_in(request, dossier_id, authorization, [file], Filing(replaces=attachment_id))


class FinishIn(BaseModel):
    finished_at: datetime | None = Field(None, description="when the result was ready; now when absent")
    returned_at: datetime | None = Field(None, description="when the result was handed to the citizen")
    electronic_result: bool = Field(False, description="the result was issued electronically: it counts as "
                                    "digitized (indicator 4.1)")


@router.post("/dossiers/{dossier_id}/finish", response_model=DossierOut)
def finish(dossier_id: RowId, body: FinishIn, who: Who, services: Svc) -> DossierOut:
    now = datetime.now(UTC)
    finished, returned = _instant(body.finished_at) or now, _instant(body.returned_at)
    with services.sessions() as session:
        dossier = visible_dossier(session, who, dossier_id)
        if not who.may_write(dossier.unit_code):
            raise forbidden()
        if dossier.finished_at is not None:
            raise Rejected("already_finished", "Hồ sơ đã kết thúc rồi", "the dossier is already finished", status=409)
        _check_order(dossier.received_at, finished, returned, now)
        dossier.finished_at, dossier.returned_at = finished, returned
        dossier.status = "returned" if returned else "finished"
        dossier.electronic_result = body.electronic_result
        session.flush()
        refresh_dossier(session, dossier.id)  # the result counts as digitized when it is electronic
        record(session, who, "finish", f"dossier:{dossier.id}", dossier.unit_code,
               {"electronic_result": body.electronic_result}, commit=False)
        session.commit()
        return dossier_out(dossier)


def _instant(moment: datetime | None) -> datetime | None:
    """A time without an offset is the counter's: Vietnam's."""
    return moment.replace(tzinfo=VN) if moment is not None and moment.tzinfo is None else moment


def _check_order(received: datetime, finished: datetime, returned: datetime | None, now: datetime) -> None:
    if received.tzinfo is None:  # SQLite hands instants back without their offset: they are UTC
        received = received.replace(tzinfo=UTC)
    if finished < received:
        raise Rejected("finished_before_received", "Ngày kết thúc trước ngày tiếp nhận hồ sơ",
                       "finished_at is before the dossier was received")
    if returned is not None and returned < finished:
        raise Rejected("returned_before_finished", "Ngày trả kết quả trước ngày kết thúc",
                       "returned_at is before finished_at")
    if max(finished, returned or finished) > now + CLOCK_SKEW:
        raise Rejected("finished_in_future", "Ngày kết thúc hoặc trả kết quả ở tương lai",
                       "finished_at or returned_at is in the future")
