"""The browser's session cookies and their CSRF check (api.session signs in and out).

`sohoa_session` holds a session token, HttpOnly; `sohoa_csrf` holds a value bound to it, which the pages' scripts
read and send back in X-CSRF-Token on every request that changes something: another site can make the browser
send the cookies, never read them, so it cannot send the header. Both are SameSite=Strict, Path=/, and Secure
when the request came over TLS (X-Forwarded-Proto from the proxy, as uvicorn's --forwarded-allow-ips trusts it).
Bearer-token clients are unaffected and need no CSRF value.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

from fastapi import Request, Response

from core.errors import Rejected

COOKIE, CSRF_COOKIE, CSRF_HEADER = "sohoa_session", "sohoa_csrf", "x-csrf-token"
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_value(key: bytes, token: str) -> str:
    """Bound to the session token, so a value planted by another site (or another session's) is refused."""
    return hmac.new(key, b"csrf:" + token.encode(), hashlib.sha256).hexdigest()


def csrf_refused() -> Rejected:
    return Rejected("csrf_failed", "Yêu cầu bị từ chối: thiếu mã chống giả mạo (CSRF) của phiên đăng nhập, hãy tải "
                    "lại trang", "request refused: the session's CSRF token is missing or wrong; reload the page",
                    status=403)


def cookie_credential(request: Request) -> str | None:
    """The session cookie as an Authorization value; on a request that changes something, only with the
    session's CSRF value in the header."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    if request.method not in SAFE:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), csrf_value(request.app.state.signing_key, token).encode()):
            raise csrf_refused()
    return "Bearer " + token


def credential(request: Request) -> str | None:
    """What the request signs in with: its Authorization header (API clients), else its session cookie."""
    return request.headers.get("authorization") or cookie_credential(request)


def set_cookies(request: Request, response: Response, token: str, expires: datetime) -> None:
    secure = request.url.scheme == "https"
    age = max(int((expires - datetime.now(UTC)).total_seconds()), 0)
    for name, value, http_only in ((COOKIE, token, True),
                                   (CSRF_COOKIE, csrf_value(request.app.state.signing_key, token), False)):
        response.set_cookie(name, value, max_age=age, path="/", secure=secure, httponly=http_only, samesite="strict")
