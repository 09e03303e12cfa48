"""Short-lived download links, issued only after the scope check.

S3/MinIO: the server's own presigned URL. Local folder: an HMAC-signed link the API itself serves.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

from core.services import ObjectStore
from storage.objects import S3ObjectStore

TTL_SECONDS = 300


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(secret: bytes, key: str, ttl: int = TTL_SECONDS) -> str:
    payload = _b64(json.dumps({"k": key, "e": int(time.time()) + ttl}).encode())
    mac = _b64(hmac.new(secret, payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{mac}"


def verify(secret: bytes, token: str) -> str | None:
    """The object key, or None when the link is forged or expired."""
    payload, _, mac = token.partition(".")
    expected = _b64(hmac.new(secret, payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(mac, expected):
        return None
    try:
        claims = json.loads(_unb64(payload))
    except ValueError:
        return None
    return claims["k"] if claims.get("e", 0) >= time.time() else None


def download_url(store: ObjectStore, secret: bytes, key: str) -> str:
    if isinstance(store, S3ObjectStore):
        from datetime import timedelta

        return store.presigned_url(key, timedelta(seconds=TTL_SECONDS))
    return f"/objects/{sign(secret, key)}"
