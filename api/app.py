"""The HTTP service. Every rejection is a 4xx with its reason in Vietnamese and English."""
from datetime import UTC, date, datetime

import anyio.to_thread
from fastapi import FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, joinedload
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import corrections, downloads, ops, thumbnails, web
from api.audit import record
from api.auth import authenticate, forbidden, not_found
from api.deps import Bearer, RowId, Who, visible_attachment, visible_dossier, visible_target
from api.limits import MULTIPART_SLACK, BodyLimit, is_multipart
from api.reports import digitization_report
from api.reports.export import to_csv, to_png, to_xlsx
from api.schemas import AttachmentOut, DossierIn, DossierOut, UploadedOut, UploadOut
from ingest.dossiers import NewDossier, open_dossier
from ingest.errors import Rejected
from ingest.intake import Received, checked, enqueue, record_files
from ingest.register import import_register
from sohoa.services import Services
from storage.models import Attachment, AuditEntry, Dossier
from storage.objects import ObjectNotFound
from workers.context import install
from workers.queue import attachment_job_id, job_attachment_id, job_state

CHUNK = 1024 * 1024
MAX_JSON_BODY = 1024 * 1024  # every other request is a small JSON body or none
# Row ids are 32-bit integers in the database: a larger id is a 422 here, not an overflow error there.
HTTP_REASONS = {
    400: ("Dữ liệu gửi lên không đọc được", "the request body could not be parsed"),
    404: ("Không có địa chỉ này", "no such path"),
    405: ("Địa chỉ này không nhận phương thức đó", "method not allowed on this path"),
}


def create_app(services: Services) -> FastAPI:
    install(services)  # in embedded mode jobs run in this process and need the same handles
    settings = services.settings
    app = FastAPI(title="sohoa", version="0.1.0",
                  description="Số hóa hồ sơ thủ tục hành chính — digitization of one-stop dossiers")
    app.state.services = services
    signing_key = settings.signing_key()
    # A file upload (all its files) is cut at the per-file limit, so nothing larger is ever read in;
    # any other body is a small JSON document.
    upload_cap = settings.max_upload_bytes + MULTIPART_SLACK
    app.add_middleware(BodyLimit, limit_for=lambda scope: upload_cap if is_multipart(scope) else MAX_JSON_BODY)
    accepting = anyio.CapacityLimiter(settings.accept_threads)

    @app.exception_handler(Rejected)
    async def rejected(_: Request, exc: Rejected) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"error": exc.as_dict()})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        """Framework refusals (unparsable body, unknown path, wrong method) in the same shape as ours."""
        vi, en = HTTP_REASONS.get(exc.status_code, ("Yêu cầu không hợp lệ", str(exc.detail)))
        body = Rejected(f"http_{exc.status_code}", vi, en, status=exc.status_code).as_dict()
        return JSONResponse(status_code=exc.status_code, content={"error": body}, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        body = Rejected("invalid_request", "Dữ liệu gửi lên không hợp lệ", "invalid request").as_dict()
        body["details"] = jsonable_errors(exc)
        return JSONResponse(status_code=422, content={"error": body})

    @app.exception_handler(OperationalError)
    async def db_down(_: Request, exc: OperationalError) -> JSONResponse:
        body = Rejected("database_unavailable", "Cơ sở dữ liệu tạm thời không truy cập được, thử lại sau",
                        "the database is temporarily unavailable; retry later", status=503).as_dict()
        return JSONResponse(status_code=503, content={"error": body})

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok"}

    @app.post("/dossiers", status_code=201, response_model=DossierOut)
    def create_dossier(body: DossierIn, who: Who) -> DossierOut:
        if not who.may_write(body.unit_code):
            raise forbidden()
        with services.sessions() as session:
            dossier = open_dossier(session, NewDossier(unit_code=body.unit_code, procedure_code=body.procedure_code,
                                                       receipt_code=body.receipt_code, channel=body.channel,
                                                       due_at=body.due_at))
            record(session, who, "create", f"dossier:{dossier.id}", dossier.unit_code)
            return dossier_out(dossier)

    @app.post("/dossiers/{dossier_id}/attachments", status_code=202, response_model=UploadOut)
    async def upload(dossier_id: RowId, authorization: Bearer = None, files: list[UploadFile] = File(...)) -> UploadOut:
        # Signing in, the scope check, reading, checking and storing all block (database, disk, CPU): one trip
        # off the event loop and one database session for all of it, so the loop keeps streaming the other
        # uploads in and each upload checks out one connection.
        received = await anyio.to_thread.run_sync(accept_upload, services, authorization, dossier_id, files,
                                                  limiter=accepting)
        return UploadOut(dossier_id=dossier_id, attachments=[
            UploadedOut(attachment_id=r.attachment_id, job_id=r.job_id, filename=r.filename,
                        media_type=r.media_type, pages=r.pages, duplicate=r.duplicate,
                        status_url=f"/jobs/{r.job_id}", quality=r.quality) for r in received])

    @app.get("/dossiers/{dossier_id}", response_model=DossierOut)
    def get_dossier(dossier_id: RowId, who: Who) -> DossierOut:
        with services.sessions() as session:
            # One statement reads the dossier and its attachments, so the verdict and the attachments'
            # states are of one moment: a worker committing between two reads showed "all done" beside the
            # verdict of the paper before.
            dossier = visible_dossier(session, who, dossier_id, joinedload(Dossier.attachments))
            out = dossier_out(dossier)
            record(session, who, "view", f"dossier:{dossier.id}", dossier.unit_code)
            return out

    @app.get("/dossiers/{dossier_id}/attachments/{attachment_id}/download")
    def download(dossier_id: RowId, attachment_id: RowId, who: Who, kind: str = "original") -> dict:
        """A link valid for a few minutes to the original scan or its searchable PDF."""
        with services.sessions() as session:
            att = visible_attachment(session, who, dossier_id, attachment_id)
            dossier = att.dossier
            key = att.object_key if kind == "original" else att.digitized_key
            if kind not in ("original", "digitized") or key is None:
                raise not_found("bản số hóa của tệp này", "digitized copy of this attachment")
            record(session, who, "download", f"attachment:{att.id}", dossier.unit_code, {"kind": kind})
        return {"url": downloads.download_url(services.objects, signing_key, key),
                "expires_in": downloads.TTL_SECONDS}

    @app.get("/objects/{token}", include_in_schema=False)
    def serve_object(token: str) -> Response:
        key = downloads.verify(signing_key, token)
        if key is None:
            raise Rejected("link_expired", "Liên kết tải về không hợp lệ hoặc đã hết hạn",
                           "the download link is invalid or has expired", status=403)
        try:
            data = services.objects.get(key)
        except ObjectNotFound:
            raise not_found("tệp này", "object") from None
        media = "application/pdf" if key.endswith(".pdf") or data.startswith(b"%PDF") else "application/octet-stream"
        return Response(data, media_type=media, headers={"Cache-Control": "no-store"})

    @app.get("/jobs/{job_id}")
    def get_job(job_id: str, who: Who) -> dict:
        with services.sessions() as session:
            att_id = job_attachment_id(job_id)
            att = session.get(Attachment, att_id) if att_id is not None else None
            if att is None:
                raise not_found("công việc này", "job")
            visible_dossier(session, who, att.dossier_id)
            return {"job": job_state(services.queue, job_id),
                    "attachment": {"id": att.id, "status": att.status, "error": att.error, "attempts": att.attempts}}

    @app.get("/reports/digitization")
    def report(who: Who, unit: str = Query(..., min_length=1), from_: date = Query(..., alias="from"),
               to: date = Query(...),
               fmt: str = Query("json", alias="format", pattern="^(json|csv|xlsx|png)$",
                                description="json (default), csv, xlsx (provincial layout) or png (chart)")):
        with services.sessions() as session:
            if not who.may_see(session, unit, on=to):
                raise not_found(f"đơn vị mã {unit}", f"unit {unit}")
            result = digitization_report(session, unit, from_, to)
            record(session, who, "report" if fmt == "json" else "export", f"report:{unit}", unit,
                   {"from": str(from_), "to": str(to), "format": fmt})
        if fmt == "json":
            return result
        name = f"bao-cao-{unit}-{from_}-{to}.{fmt}"
        body, media = {"csv": (lambda r: to_csv(r).encode("utf-8"), "text/csv; charset=utf-8"),
                       "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                       "png": (to_png, "image/png")}[fmt]
        return Response(body(result), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.post("/registers/import")
    def register_import(who: Who, file: UploadFile = File(..., description="The one-stop register, CSV or XLSX"),
                        strict: bool = Query(False, description="Import nothing if any row is bad")) -> JSONResponse:
        # The register spans every unit of the one-stop software: only an admin may load it.
        if who.role != "admin":
            raise forbidden()
        # A sync endpoint runs in the thread pool; the upload is already spooled to disk, read as a stream.
        result = import_register(services.engine, file.file, strict=strict).as_dict()
        with services.sessions() as session:
            record(session, who, "import", "register", None, {"rows": result.get("rows"), "strict": strict})
        return JSONResponse(status_code=422 if result["cancelled"] else 200, content=result)

    @app.get("/audit")
    def audit_log(who: Who, limit: int = Query(100, ge=1, le=1000)) -> list[dict]:
        """Auditors and admins: who viewed, downloaded, changed or exported what, in their subtree."""
        if who.role not in ("auditor", "admin"):
            raise forbidden()
        with services.sessions() as session:
            query = session.query(AuditEntry).order_by(AuditEntry.id.desc())
            if who.role != "admin":
                query = query.filter(AuditEntry.unit_code.in_(who.scope(session, datetime.now(UTC).date())))
            return [{"at": e.at.isoformat(), "user": e.username, "action": e.action, "target": e.target,
                     "unit": e.unit_code, "detail": e.detail} for e in query.limit(limit)]

    app.include_router(corrections.router)
    app.include_router(ops.router)
    app.include_router(thumbnails.router)
    app.include_router(web.router)
    app.mount("/static", web.static, name="static")
    return app


def accept_upload(services: Services, authorization: str | None, dossier_id: int,
                  files: list[UploadFile]) -> list[Received]:
    settings = services.settings
    with services.sessions() as session:
        who = authenticate(session, authorization)
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


def jsonable_errors(exc: RequestValidationError) -> list[dict]:
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]


def attachment_out(att: Attachment) -> AttachmentOut:
    return AttachmentOut(id=att.id, filename=att.filename, media_type=att.media_type, size=att.size,
                         sha256=att.sha256, pages=att.pages, status=att.status, error=att.error,
                         attempts=att.attempts, job_id=attachment_job_id(att.id), source=att.source,
                         confidence=att.confidence,
                         doc_type=att.doc_type, doc_type_confidence=att.doc_type_confidence,
                         fields=att.fields or {}, problems=att.problems or [], corrections=att.corrections or [],
                         digitized=att.digitized_key is not None or att.source == "text-layer",
                         parts=att.parts or [], quality=att.quality)


def dossier_out(dossier: Dossier) -> DossierOut:
    return DossierOut(id=dossier.id, receipt_code=dossier.receipt_code, unit_code=dossier.unit_code,
                      procedure_code=dossier.procedure_code, channel=dossier.channel,
                      received_at=dossier.received_at, due_at=dossier.due_at, finished_at=dossier.finished_at,
                      status=dossier.status, components_digitized=dossier.components_digitized,
                      verdict=dossier.verdict, attachments=[attachment_out(a) for a in dossier.attachments])
