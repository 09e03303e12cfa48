"""The counter's way in: POST /dossiers/{id}/attachments. Every file is read within its limit and checked
before any is stored; the originals and their rows land together, then their jobs are enqueued."""

from dataclasses import dataclass

import anyio.to_thread
from fastapi import APIRouter, File, Request, UploadFile
from sqlalchemy.orm import Session

from api.audit import record
from api.auth import authenticate, forbidden
from api.cookies import credential
from api.deps import Bearer, RowId, client_of, visible_target
from api.schemas import UploadedOut, UploadOut
from api.throttle import SignInThrottle
from core.errors import Rejected
from core.services import Services
from ingest.intake import Received, checked, enqueue, record_files

router = APIRouter()
CHUNK = 1024 * 1024


@router.post("/dossiers/{dossier_id}/attachments", status_code=202, response_model=UploadOut)
async def upload(request: Request, dossier_id: RowId, authorization: Bearer = None,
                 files: list[UploadFile] = File(...)) -> UploadOut:
    # Straight from the app's state, not through dependencies: those would cost this hot path a thread trip.
    state = request.app.state
    # Signing in, the scope check, reading, checking and storing all block (database, disk, CPU): one trip
    # off the event loop and one database session for all of it, so the loop keeps streaming the other
    # uploads in and each upload checks out one connection.
    caller = Caller(credential(request), state.sign_ins, client_of(request))
    received = await anyio.to_thread.run_sync(accept_upload, state.services, caller, dossier_id, files,
                                              limiter=state.accepting)
    return UploadOut(dossier_id=dossier_id, attachments=[
        UploadedOut(attachment_id=r.attachment_id, job_id=r.job_id, filename=r.filename,
                    media_type=r.media_type, pages=r.pages, duplicate=r.duplicate,
                    status_url=f"/jobs/{r.job_id}", quality=r.quality) for r in received])


@dataclass(frozen=True)
class Caller:
    """What the upload signs in with, in the accepting thread's own session."""

    authorization: str | None
    throttle: SignInThrottle | None = None
    client: str | None = None


def accept_upload(services: Services, caller: Caller, dossier_id: int, files: list[UploadFile]) -> list[Received]:
    settings = services.settings
    with services.sessions() as session:
        who = authenticate(session, caller.authorization, throttle=caller.throttle, client=caller.client)
        dossier = visible_target(session, who, dossier_id)
        if not who.may_write(dossier.unit_code):
            raise forbidden()
        # Read and check every file before storing any: one bad file refuses the batch, nothing half-stored.
        incoming = []
        for upload in files:
            try:
                incoming.append(checked(upload.filename, read_limited(upload, settings.max_upload_bytes), settings))
            except Rejected as exc:
                exc.vi, exc.en = f"{upload.filename}: {exc.vi}", f"{upload.filename}: {exc.en}"
                raise

        def audit_upload(session: Session, attachment_id: int) -> None:  # one commit with the attachment rows
            record(session, who, "upload", f"dossier:{dossier_id}", dossier.unit_code,
                   {"attachment": attachment_id}, commit=False)

        received = record_files(services, session, dossier, incoming, on_record=audit_upload)
    enqueue(services, received)
    return received


def read_limited(upload: UploadFile, limit: int) -> bytes:
    """Read in chunks and stop one chunk past the limit, so an oversized upload is never held whole. The
    parsed upload is a spooled file: read from a worker thread, not on the event loop."""
    parts, size = [], 0
    while chunk := upload.file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise Rejected("too_large", f"{upload.filename}: tệp vượt quá {limit // (1024 * 1024)} MB",
                           f"{upload.filename}: the file exceeds {limit // (1024 * 1024)} MB", status=413)
        parts.append(chunk)
    return b"".join(parts)
