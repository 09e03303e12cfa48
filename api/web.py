"""The web pages for clerks and leaders: Vietnamese, server-rendered shells, data through the JSON API.

Sign-in takes an API token once (the service has no passwords) and keeps a session in the browser's cookies
(api.session), so the same unit scope applies to the pages as to the API and every tab is signed in.
"""

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.auth import authenticate
from api.cookies import cookie_credential
from api.deps import Svc, Who
from core.errors import Rejected
from core.vntext import fold
from extract.catalogue import load_procedures
from reports.audit import PROBLEMS
from storage.days import vn_today
from storage.units import unit_on, units_on

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["audit_problems"] = PROBLEMS  # the archive audit's filter, labelled as its reports are
router = APIRouter()
static = StaticFiles(directory=HERE / "static")

PAGES = {
    "dang-nhap": ("signin.html", "Đăng nhập"),
    "quay": ("counter.html", "Quầy tiếp nhận"),
    "bang-dieu-khien": ("dashboard.html", "Bảng điều khiển"),
    "van-hanh": ("ops.html", "Vận hành"),
    "tra-cuu": ("search.html", "Tra cứu hồ sơ"),
    "kiem-tra-luu-tru": ("audit.html", "Kiểm tra hồ sơ lưu trữ"),
}


# Where each role starts after signing in; an auditor on the archive audit page where the app has it.
HOMES = {"clerk": "/quay", "leader": "/bang-dieu-khien", "auditor": "/bang-dieu-khien", "admin": "/van-hanh"}
AUDIT_PAGE = "kiem-tra-luu-tru"


def home_for(role: str) -> str:
    if role == "auditor" and AUDIT_PAGE in PAGES:
        return "/" + AUDIT_PAGE
    return HOMES.get(role, "/quay")


@router.get("/", include_in_schema=False)
def home(request: Request, services: Svc) -> RedirectResponse:
    """Each role's own page for a signed-in browser, the sign-in page otherwise."""
    try:
        sent = cookie_credential(request)
        with services.sessions() as session:
            who = authenticate(session, sent)
    except Rejected:
        return RedirectResponse("/dang-nhap")
    return RedirectResponse(home_for(who.role))


@router.get("/ho-so/{dossier_id}", response_class=HTMLResponse, include_in_schema=False)
def dossier_page(request: Request, dossier_id: int) -> HTMLResponse:
    return templates.TemplateResponse(request, "dossier.html", {"title": "Hồ sơ", "dossier_id": dossier_id})


def _page(name: str):
    template, title = PAGES[name]

    def page(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, template, {"title": title})

    return page


for _name in PAGES:
    router.add_api_route(f"/{_name}", _page(_name), response_class=HTMLResponse, include_in_schema=False)


@router.get("/me")
def me(request: Request, who: Who, services: Svc) -> dict:
    """The signed-in account, its unit, its home page and when its credential expires (the pages warn)."""
    with services.sessions() as session:
        unit = unit_on(session, who.unit_code, vn_today())
    return {"username": who.username, "role": who.role, "home": home_for(who.role),
            "expires_at": who.expires_at.isoformat() if who.expires_at else None,
            "unit": {"code": who.unit_code, "name": unit.name if unit else who.unit_code}}


@router.get("/procedures")
def procedures(_: Who) -> list[dict]:
    """The catalogue; `folded` is the code and name without tones, lower case, for the counter's search box."""
    return [{"code": p.code, "name": p.name, "folded": fold(f"{p.code} {p.name}"),
             "components": [c.model_dump() for c in p.components]}
            for p in load_procedures().values()]


@router.get("/units")
def units(who: Who, services: Svc) -> dict:
    """The units in the caller's scope as the tree stands today (an admin: every unit), by code; `folded` is the
    code and name without tones, lower case, for the dashboard's unit box."""
    with services.sessions() as session:
        found = units_on(session, who.units(session), vn_today())
        return {"items": [{"code": u.code, "name": u.name, "level": u.level, "parent_code": u.parent_code,
                           "folded": fold(f"{u.code} {u.name}")} for u in found]}
