"""POST /registers/import: the one-stop software's dossier register (CSV or XLSX), for an admin."""

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import JSONResponse

from api.audit import record
from api.auth import forbidden
from api.deps import Svc, Who
from ingest.register import import_register

router = APIRouter()


@router.post("/registers/import")
def register_import(who: Who, services: Svc,
                    file: UploadFile = File(..., description="The one-stop register, CSV or XLSX"),
                    strict: bool = Query(False, description="Import nothing if any row is bad")) -> JSONResponse:
    # The register spans every unit of the one-stop software: only an admin may load it.
    if who.role != "admin":
        raise forbidden()
    # A sync endpoint runs in the thread pool; the upload is already spooled to disk, read as a stream.
    result = import_register(services.engine, file.file, strict=strict).as_dict()
    with services.sessions() as session:
        record(session, who, "import", "register", None, {"rows": result.get("rows"), "strict": strict})
    return JSONResponse(status_code=422 if result["cancelled"] else 200, content=result)
