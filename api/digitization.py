"""GET /reports/digitization: the one-stop and digitization indicators (reports/) as JSON, CSV, XLSX or a
chart, for a unit the caller may see."""

from datetime import date

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.audit import record
from api.auth import not_found
from api.deps import Svc, Who
from reports import digitization_report
from reports.export import to_csv, to_png, to_xlsx

router = APIRouter()
FORMATS = {"csv": (lambda r: to_csv(r).encode("utf-8"), "text/csv; charset=utf-8"),
           "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
           "png": (to_png, "image/png")}


@router.get("/reports/digitization")
def report(who: Who, services: Svc, unit: str = Query(..., min_length=1), from_: date = Query(..., alias="from"),
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
    body, media = FORMATS[fmt]
    return Response(body(result), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="bao-cao-{unit}-{from_}-{to}.{fmt}"'})
