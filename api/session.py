"""Signing in from a browser: one sign-in per browser, kept in cookies (api.cookies) instead of a token per tab.

POST /session takes an API token once and answers with the cookies of a session token of its own, stored hashed
like every token: it expires, is revoked on sign-out and dies with its account. POST /session/renew extends it,
DELETE /session signs out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from api.audit import record
from api.auth import Principal, authenticate, hash_token, issue_token
from api.cookies import COOKIE, CSRF_COOKIE, cookie_credential, set_cookies
from api.deps import Svc, client_of
from api.web import home_for
from core.errors import Rejected
from storage.models import ApiToken

router = APIRouter()
LABEL = "phiên đăng nhập trình duyệt"  # marks session tokens: only those are renewed or revoked by sign-out


class SignIn(BaseModel):
    token: str = Field(min_length=1, max_length=256)


def session_answer(who: Principal, expires: datetime) -> dict:
    return {"username": who.username, "role": who.role, "home": home_for(who.role),
            "expires_at": expires.isoformat()}


@router.post("/session")
def sign_in(body: SignIn, request: Request, response: Response, services: Svc) -> dict:
    """Sign in with an API token; the browser keeps the session in cookies (the token itself is not kept)."""
    with services.sessions() as session:
        who = authenticate(session, "Bearer " + body.token.strip(), throttle=request.app.state.sign_ins,
                           client=client_of(request))
        expires = datetime.now(UTC) + timedelta(hours=services.settings.session_hours)
        if who.expires_at is not None:
            expires = min(expires, who.expires_at)
        token = issue_token(session, who.user_id, label=LABEL, until=expires)
        record(session, who, "sign_in", f"user:{who.username}", who.unit_code)
    set_cookies(request, response, token, expires)
    return session_answer(who, expires)


@router.post("/session/renew")
def renew(request: Request, response: Response, services: Svc) -> dict:
    """A fresh lifetime for the signed-in session (the page offers it before the session ends)."""
    cookie = cookie_credential(request)
    with services.sessions() as session:
        who = authenticate(session, cookie, throttle=request.app.state.sign_ins, client=client_of(request))
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(cookie[7:]),
                                                    ApiToken.label == LABEL))
        if row is None:  # a token pasted into a cookie by hand is not a session to extend
            raise Rejected("not_a_session", "Không phải phiên đăng nhập trình duyệt", "not a browser session",
                           status=401)
        row.expires_at = expires = datetime.now(UTC) + timedelta(hours=services.settings.session_hours)
        session.commit()
    set_cookies(request, response, cookie[7:], expires)
    return session_answer(who, expires)


@router.delete("/session", status_code=204)
def sign_out(request: Request, services: Svc) -> Response:
    """Sign out: the session token is revoked and the cookies cleared (without a session, only cleared)."""
    cookie = cookie_credential(request)
    if cookie:
        with services.sessions() as session:
            row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(cookie[7:]),
                                                        ApiToken.label == LABEL))
            if row is not None:
                row.revoked = True
                session.commit()
    response = Response(status_code=204)
    for name in (COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, path="/", secure=request.url.scheme == "https", samesite="strict")
    return response
