"""FastAPI dependencies shared by every router: the services, the caller, and scope-checked lookups."""

from typing import Annotated, TypeVar

from fastapi import Depends, Header, Path, Request
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import ORMOption

from api.auth import Principal, authenticate, not_found
from api.cookies import credential
from core.services import Services
from ingest.intake import Target, find_target
from storage.days import vn_day
from storage.models import Attachment, Dossier


def services_of(request: Request) -> Services:
    return request.app.state.services


# The bearer token as sent (named here for the OpenAPI description); a page signs in with its session cookie
# instead (api.cookies). The upload endpoint authenticates in the session it stores with.
Bearer = Annotated[str | None, Header(alias="authorization")]


def principal(request: Request, authorization: Bearer = None) -> Principal:
    sent = credential(request)  # the CSRF check of a cookie comes first, before any database work
    with services_of(request).sessions() as session:
        return authenticate(session, sent, throttle=request.app.state.sign_ins, client=client_of(request))


def client_of(request: Request) -> str | None:
    """The client's address (behind a proxy, as uvicorn's --forwarded-allow-ips makes it)."""
    return request.client.host if request.client else None


Who = Annotated[Principal, Depends(principal)]
# Row ids fit a 32-bit integer column: a larger path id is a 422, not a database overflow.
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Svc = Annotated[Services, Depends(services_of)]
D = TypeVar("D", Dossier, Target)


def visible_dossier(session: Session, who: Principal, dossier_id: int, *options: ORMOption) -> Dossier:
    """The dossier if this user may see it; 404 otherwise, whether it exists or not. `options`: loader
    options for the one statement that reads it (e.g. its attachments with it)."""
    return _visible(session, who, session.get(Dossier, dossier_id, options=options))


def visible_target(session: Session, who: Principal, dossier_id: int) -> Target:
    """The dossier to file uploads into, if this user may see it (its row only: the counter's path)."""
    return _visible(session, who, find_target(session, dossier_id))


def _visible(session: Session, who: Principal, dossier: D | None) -> D:
    if dossier is None or not who.may_see(session, dossier.unit_code, on=vn_day(dossier.received_at)):
        raise not_found("hồ sơ này", "dossier")
    return dossier


def visible_attachment(session: Session, who: Principal, dossier_id: int, attachment_id: int) -> Attachment:
    dossier = visible_dossier(session, who, dossier_id)
    att = session.get(Attachment, attachment_id)
    if att is None or att.dossier_id != dossier.id:
        raise not_found("tệp này", "attachment")
    return att
