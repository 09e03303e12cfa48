"""Accounts for admins over the API: disable or enable an account, revoke its tokens (as `sohoa users` does)."""

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from api.audit import record
from api.auth import Principal, find_user, forbidden, revoke_token, revoke_tokens, set_active
from api.deps import Svc, Who
from core.services import Services

router = APIRouter()
Username = Annotated[str, Path(min_length=1, max_length=64)]


class TokenIn(BaseModel):
    token: str = Field(min_length=1, max_length=128, description="the token as it was printed")


def _admin(who: Principal) -> None:
    if who.role != "admin":
        raise forbidden()


@router.post("/users/{username}/disable")
def disable(username: Username, who: Who, services: Svc) -> dict:
    """None of the account's tokens signs in until it is enabled again."""
    return _set_active(username, False, who, services)


@router.post("/users/{username}/enable")
def enable(username: Username, who: Who, services: Svc) -> dict:
    return _set_active(username, True, who, services)


def _set_active(username: str, active: bool, who: Principal, services: Services) -> dict:
    _admin(who)
    with services.sessions() as session:
        user = find_user(session, username)
        set_active(session, user, active)
        record(session, who, "enable" if active else "disable", f"user:{user.username}", user.unit_code)
        return {"username": user.username, "active": user.active}


@router.post("/users/{username}/revoke-tokens")
def revoke_all(username: Username, who: Who, services: Svc) -> dict:
    """Revoke every token of the account (then `sohoa users token` makes a new one)."""
    _admin(who)
    with services.sessions() as session:
        user = find_user(session, username)
        count = revoke_tokens(session, user)
        record(session, who, "revoke", f"user:{user.username}", user.unit_code, {"tokens": count})
        return {"username": user.username, "revoked": count}


@router.post("/tokens/revoke")
def revoke_one(body: TokenIn, who: Who, services: Svc) -> dict:
    """Revoke one token, given as it was printed."""
    _admin(who)
    with services.sessions() as session:
        user = revoke_token(session, body.token)
        record(session, who, "revoke", f"user:{user.username}", user.unit_code, {"tokens": 1})
        return {"username": user.username, "revoked": 1}
