"""Who is calling and what they may see: bearer tokens (stored hashed), roles, and unit scope.

Roles: clerk — upload and view in their own unit; leader — view and report over their unit's subtree;
auditor — read-only over a subtree, including the audit log; admin — everything.
Out-of-scope objects answer 404, exactly like missing ones, so their existence does not leak.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from core.errors import Rejected
from storage.models import ApiToken, User
from storage.units import subtree_codes

ROLES = ("clerk", "leader", "auditor", "admin")
TOKEN_PREFIX = "sohoa_"

# Every request signs in: the statement is built once, on the table columns (the ORM's loading, and building
# and cache-keying a statement per call, cost more than the query itself).
_tokens, _users = ApiToken.__table__, User.__table__
SIGN_IN = (select(_tokens.c.expires_at, _tokens.c.revoked, _users.c.active, _users.c.id, _users.c.username,
                  _users.c.role, _users.c.unit_code).join(_users, _users.c.id == _tokens.c.user_id)
           .where(_tokens.c.token_hash == bindparam("token_hash")))


def hash_token(token: str) -> str:
    # Tokens are 256-bit random, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, *, label: str = "", ttl: timedelta | None = None) -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), label=label,
                         expires_at=datetime.now(UTC) + ttl if ttl else None))
    session.commit()
    return token


def create_user(session: Session, username: str, role: str, unit_code: str, full_name: str = "") -> User:
    if role not in ROLES:
        raise Rejected("bad_role", f"Vai trò phải là một trong {', '.join(ROLES)}", f"role must be one of {ROLES}")
    if session.scalar(select(User.id).where(User.username == username)):
        raise Rejected("user_exists", f"Người dùng {username} đã có", f"user {username} already exists", status=409)
    user = User(username=username, role=role, unit_code=unit_code, full_name=full_name)
    session.add(user)
    session.commit()
    return user


@dataclass
class Principal:
    user_id: int
    username: str
    role: str
    unit_code: str
    _scopes: dict[date, frozenset[str]] = field(default_factory=dict, repr=False)

    def scope(self, session: Session, on: date) -> frozenset[str]:
        """Units this user may see on a given day (the tree changes over time)."""
        if on not in self._scopes:
            codes = [self.unit_code] if self.role == "clerk" else subtree_codes(session, self.unit_code, on)
            self._scopes[on] = frozenset(codes)
        return self._scopes[on]

    def may_see(self, session: Session, unit_code: str, *, on: date | None = None) -> bool:
        if self.role == "admin":
            return True
        days = {datetime.now(UTC).date(), *([on] if on else [])}
        return any(unit_code in self.scope(session, day) for day in days)

    def may_write(self, unit_code: str) -> bool:
        return self.role == "admin" or (self.role == "clerk" and unit_code == self.unit_code)


def authenticate(session: Session, authorization: str | None) -> Principal:
    unauthorized = Rejected("unauthorized", "Cần đăng nhập (token không hợp lệ hoặc đã hết hạn)",
                            "authentication required (missing, invalid or expired token)", status=401)
    if not authorization or not authorization.lower().startswith("bearer "):
        raise unauthorized
    row = session.execute(SIGN_IN, {"token_hash": hash_token(authorization[7:].strip())}).first()
    if row is None:
        raise unauthorized
    expires = row.expires_at
    if expires is not None and expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    if row.revoked or not row.active or (expires is not None and expires < datetime.now(UTC)):
        raise unauthorized
    return Principal(user_id=row.id, username=row.username, role=row.role, unit_code=row.unit_code)


def forbidden() -> Rejected:
    return Rejected("forbidden", "Tài khoản không có quyền thực hiện thao tác này",
                    "this account may not do that", status=403)


def not_found(what_vi: str, what_en: str) -> Rejected:
    return Rejected("not_found", f"Không có {what_vi}", f"no such {what_en}", status=404)
