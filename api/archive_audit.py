"""GET /audit/dossiers: the archive audit (reports.audit) of a unit's subtree and period, as JSON or as an
inspection annex (XLSX), for auditors, leaders and admins."""

from datetime import date

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.audit import record
from api.auth import forbidden, not_found
from api.deps import Svc, Who
from reports.audit import PROBLEMS, archive_audit
from reports.audit_export import to_xlsx

router = APIRouter()
ROLES = ("auditor", "leader", "admin")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/audit/dossiers")
def audit_dossiers(who: Who, services: Svc,
                   unit: str | None = Query(None, min_length=1, description="the caller's unit when absent"),
                   from_: date = Query(..., alias="from"), to: date = Query(...),
                   problem: str | None = Query(None, description=f"only dossiers with it: {', '.join(PROBLEMS)}"),
                   fmt: str = Query("json", alias="format", pattern="^(json|xlsx)$")):
    unit = unit or who.unit_code
    with services.sessions() as session:
        # Out of scope is 404 for every role, as for a missing unit; in scope, a clerk is refused.
        if not who.may_see(session, unit, on=to):
            raise not_found(f"đơn vị mã {unit}", f"unit {unit}")
        if who.role not in ROLES:
            raise forbidden()
        result = archive_audit(session, unit, from_, to, problem)
        record(session, who, "view" if fmt == "json" else "export", f"archive-audit:{unit}", unit,
               {"from": str(from_), "to": str(to), "problem": problem, "format": fmt, "listed": len(result["items"])})
    if fmt == "json":
        return result
    return Response(to_xlsx(result), media_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="kiem-tra-luu-tru-{unit}-{from_}-{to}.xlsx"'})
