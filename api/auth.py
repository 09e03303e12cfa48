"""Who is calling and what they may see: bearer tokens (stored hashed), roles, and unit scope.

Roles: clerk — upload and view in their own unit; leader — view and report over their unit's subtree;
auditor — read-only over a subtree, including the audit log; admin — everything.
Out-of-scope objects answer 404, exactly like missing ones, so their existence does not leak.
Every token expires (TOKEN_DAYS unless told otherwise) and can be revoked; a disabled account signs in with none.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from api.throttle import SignInThrottle
from core.errors import Rejected
from storage.days import vn_today
from storage.models import ApiToken, User
from storage.units import subtree_codes, unit_on

ROLES = ("clerk", "leader", "auditor", "admin")
TOKEN_PREFIX = "sohoa_"
TOKEN_DAYS = 90  # the lifetime of a token when the caller does not say (Settings.token_days)

# Every request signs in: the statement is built once, on the table columns (the ORM's loading, and building
# and cache-keying a statement per call, cost more than the query itself).
_tokens, _users = ApiToken.__table__, User.__table__
SIGN_IN = (select(_tokens.c.expires_at, _tokens.c.revoked, _users.c.active, _users.c.id, _users.c.username,
                  _users.c.role, _users.c.unit_code).join(_users, _users.c.id == _tokens.c.user_id)
           .where(_tokens.c.token_hash == bindparam("token_hash")))


def hash_token(token: str) -> str:
    # Tokens are 256-bit random, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User | int, *, label: str = "", days: int = TOKEN_DAYS,
                until: datetime | None = None) -> str:
    """A new token of the account, valid for `days` (or until `until`: a browser session's end)."""
    if until is None and days < 1:
        raise Rejected("bad_token_days", "Thời hạn mã truy cập phải từ 1 ngày", "a token lasts at least 1 day")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user if isinstance(user, int) else user.id, token_hash=hash_token(token),
                         label=label, expires_at=until or datetime.now(UTC) + timedelta(days=days)))
    session.commit()
    return token


def create_user(session: Session, username: str, role: str, unit_code: str, full_name: str = "") -> User:
    if role not in ROLES:
        raise Rejected("bad_role", f"Vai trò phải là một trong {', '.join(ROLES)}", f"role must be one of {ROLES}")
    if session.scalar(select(User.id).where(User.username == username)):
        raise Rejected("user_exists", f"Người dùng {username} đã có", f"user {username} already exists", status=409)
    if unit_on(session, unit_code, vn_today()) is None:
        raise Rejected("unknown_unit", f"Không có đơn vị mã {unit_code}", f"unknown unit code {unit_code}",
                       status=404)
    user = User(username=username, role=role, unit_code=unit_code, full_name=full_name)
    session.add(user)
    session.commit()
    return user


def find_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise not_found(f"người dùng {username}", f"user {username}")
    return user


def set_active(session: Session, user: User, active: bool) -> None:
    """A disabled account keeps its tokens, but none of them signs in until it is enabled again."""
    user.active = active
    session.commit()


def revoke_tokens(session: Session, user: User) -> int:
    """Revoke every token of the account; the number revoked."""
    done = session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
                           .values(revoked=True))
    session.commit()
    return done.rowcount


def revoke_token(session: Session, token: str) -> User:
    """Revoke one token, given as it was printed; its account."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token.strip())))
    if row is None:
        raise not_found("mã truy cập này", "token")
    row.revoked = True
    session.commit()
    return session.get(User, row.user_id)


@dataclass
class Principal:
    user_id: int
    username: str
    role: str
    unit_code: str
    expires_at: datetime | None = None  # of the credential signed in with (the page warns before a session ends)
    _scopes: dict[date, frozenset[str]] = field(default_factory=dict, repr=False)

    def scope(self, session: Session, on: date) -> frozenset[str]:
        """Units this user may see on a given day (the tree changes over time)."""
        if on not in self._scopes:
            codes = [self.unit_code] if self.role == "clerk" else subtree_codes(session, self.unit_code, on)
            self._scopes[on] = frozenset(codes)
        return self._scopes[on]

    def units(self, session: Session) -> frozenset[str] | None:
        """The units a listing shows this user: today's scope; None for an admin (every unit)."""
        return None if self.role == "admin" else self.scope(session, vn_today())

    def may_see(self, session: Session, unit_code: str, *, on: date | None = None) -> bool:
        if self.role == "admin":
            return True
        days = {datetime.now(UTC).date(), *([on] if on else [])}
        return any(unit_code in self.scope(session, day) for day in days)

    def may_write(self, unit_code: str) -> bool:
        return self.role == "admin" or (self.role == "clerk" and unit_code == self.unit_code)


def authenticate(session: Session, authorization: str | None, *, throttle: SignInThrottle | None = None,
                 client: str | None = None) -> Principal:
    """The caller of a bearer token. A token that does not sign in counts against the client's address and,
    when it names an account, against that account (`throttle`); a blocked one answers 429."""
    unauthorized = Rejected("unauthorized", "Cần đăng nhập (token không hợp lệ hoặc đã hết hạn)",
                            "authentication required (missing, invalid or expired token)", status=401)
    if not authorization or not authorization.lower().startswith("bearer "):
        raise unauthorized  # no attempt at all: not counted
    keys = [f"client:{client}"] if client else []
    if throttle is not None:
        throttle.check(*keys)
    row = session.execute(SIGN_IN, {"token_hash": hash_token(authorization[7:].strip())}).first()
    if row is not None:
        keys.append(f"account:{row.id}")
        if throttle is not None:
            throttle.check(*keys)
    if row is None or not signs_in(row.expires_at, row.revoked, row.active):
        if throttle is not None:
            throttle.failed(*keys)
        raise unauthorized
    return Principal(user_id=row.id, username=row.username, role=row.role, unit_code=row.unit_code,
                     expires_at=utc(row.expires_at))


def signs_in(expires_at: datetime | None, revoked: bool, active: bool) -> bool:
    """A token signs in until it expires or is revoked, while its account is active."""
    if expires_at is None:
        return False  # every token is made with an expiry (migration 0008 gave older ones one)
    return not revoked and active and utc(expires_at) > datetime.now(UTC)


def utc(moment: datetime) -> datetime:
    """An instant read back from the database, aware: SQLite hands stored instants back naive, in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def forbidden() -> Rejected:
    return Rejected("forbidden", "Tài khoản không có quyền thực hiện thao tác này",
                    "this account may not do that", status=403)


def not_found(what_vi: str, what_en: str) -> Rejected:
    return Rejected("not_found", f"Không có {what_vi}", f"no such {what_en}", status=404)
