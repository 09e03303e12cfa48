"""The web pages for clerks and leaders: Vietnamese, server-rendered shells, data through the JSON API.

Sign-in takes an API token (the service has no passwords); the page keeps it in sessionStorage and sends it
as a bearer token, so the same unit scope applies to the pages as to the API.
"""

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.deps import Svc, Who
from extract.catalogue import load_procedures
from reports.audit import PROBLEMS
from storage.days import vn_today
from storage.units import unit_on

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
    "kiem-tra-luu-tru": ("audit.html", "Kiểm tra hồ sơ lưu trữ"),
}


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/quay")


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
def me(who: Who, services: Svc) -> dict:
    with services.sessions() as session:
        unit = unit_on(session, who.unit_code, vn_today())
    return {"username": who.username, "role": who.role, "unit": {"code": who.unit_code,
                                                                   "name": unit.name if unit else who.unit_code}}


@router.get("/procedures")
def procedures(_: Who) -> list[dict]:
    return [{"code": p.code, "name": p.name, "components": [c.model_dump() for c in p.components]}
            for p in load_procedures().values()]
