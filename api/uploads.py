"""The counter's way in: POST /dossiers/{id}/attachments. Every file is read within its limit and checked
before any is stored; the originals and their rows land together, then their jobs are enqueued."""

from dataclasses import dataclass
from hashlib import sha256

import anyio.to_thread
from fastapi import APIRouter, File, Request, UploadFile
from sqlalchemy.orm import Session

from api.audit import record
from api.auth import authenticate, forbidden
from api.cookies import credential
from api.deps import Bearer, RowId, client_of, visible_target
from api.removal import REPLACED, held, remove, still_open
from api.schemas import UploadedOut, UploadOut
from api.throttle import SignInThrottle
from core.errors import Rejected, refused_files
from core.services import Services
from core.settings import Settings
from ingest.intake import Incoming, Received, checked, enqueue, record_files
from workers.verdict import refresh_dossier

router = APIRouter()
CHUNK = 1024 * 1024


@router.post("/dossiers/{dossier_id}/attachments", status_code=202, response_model=UploadOut)
async def upload(request: Request, dossier_id: RowId, authorization: Bearer = None,
                 files: list[UploadFile] = File(...)) -> UploadOut:
    return await file_in(request, dossier_id, authorization, files, Filing())


@dataclass(frozen=True)
class Filing:
    """What an upload files: the dossier's papers, or its result; `replaces` a file it takes the place of."""

    role: str = "component"
    replaces: int | None = None


async def file_in(request: Request, dossier_id: int, authorization: str | None, files: list[UploadFile],
                  filing: Filing) -> UploadOut:
    # Straight from the app's state, not through dependencies: those would cost this hot path a thread trip.
    state = request.app.state
    # Signing in, the scope check, reading, checking and storing all block (database, disk, CPU): one trip
    # off the event loop and one database session for all of it, so the loop keeps streaming the other
    # uploads in and each upload checks out one connection.
    caller = Caller(credential(request), state.sign_ins, client_of(request))
    received = await anyio.to_thread.run_sync(accept_upload, state.services, caller, dossier_id, files, filing,
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


def accept_upload(services: Services, caller: Caller, dossier_id: int, files: list[UploadFile],
                  filing: Filing | None = None) -> list[Received]:
    filing = filing or Filing()
    with services.sessions() as session:
        who = authenticate(session, caller.authorization, throttle=caller.throttle, client=caller.client)
        dossier = visible_target(session, who, dossier_id)
        old = held(session, dossier.id, filing.replaces) if filing.replaces else None  # 404 whoever asks
        if not who.may_write(dossier.unit_code):
            raise forbidden()
        if filing.role == "component":  # a result may be filed when the dossier is finished, at the latest
            still_open(dossier.finished_at)
        incoming = read_all(files, services.settings)
        if old is not None and (len(incoming) != 1 or sha256(incoming[0].data).hexdigest() == old.sha256):
            raise Rejected("bad_replacement", "Thay một tệp bằng đúng một tệp khác nó",
                           "replace a file with exactly one file that differs from it")

        def on_record(session: Session, attachment_id: int) -> None:  # one commit with the attachment rows
            record(session, who, "upload", f"dossier:{dossier_id}", dossier.unit_code,
                   {"attachment": attachment_id} | ({"role": filing.role} if filing.role != "component" else {})
                   | ({"replaces": old.id} if old is not None else {}), commit=False)
            if old is not None and old.removed_at is None:
                remove(session, who, old, dossier.unit_code, REPLACED)

        received = record_files(services, session, dossier, incoming, on_record=on_record, role=filing.role)
        if old is not None and old.removed_at is None:  # the new bytes were already in the dossier
            remove(session, who, old, dossier.unit_code, REPLACED)
        refresh_dossier(session, dossier.id)  # processing from now, whatever the queue does
        session.commit()
    enqueue(services, received)
    return received


def read_all(files: list[UploadFile], settings: Settings) -> list[Incoming]:
    """Read and check every file before storing any: one bad file refuses the batch, nothing half-stored, and
    the refusal names every file refused."""
    incoming, refusals = [], []
    for upload in files:
        try:
            incoming.append(checked(upload.filename, read_limited(upload, settings.max_upload_bytes), settings))
        except Rejected as exc:
            refusals.append((upload.filename, exc))
    if refusals:
        raise refused_files(refusals)
    return incoming


def read_limited(upload: UploadFile, limit: int) -> bytes:
    """Read in chunks and stop one chunk past the limit, so an oversized upload is never held whole. The
    parsed upload is a spooled file: read from a worker thread, not on the event loop."""
    parts, size = [], 0
    while chunk := upload.file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise Rejected("too_large", f"tệp vượt quá {limit // (1024 * 1024)} MB",
                           f"the file exceeds {limit // (1024 * 1024)} MB", status=413)
        parts.append(chunk)
    return b"".join(parts)
