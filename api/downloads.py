"""Short-lived download links, issued only after the scope check.

S3/MinIO: the server's own presigned URL. Local folder: an HMAC-signed link the API itself serves
(signed with the key the app keeps in its state, `signing_key`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import timedelta

from fastapi import APIRouter, Request, Response

from api.audit import record
from api.auth import not_found
from api.deps import RowId, Svc, Who, visible_attachment
from core.errors import Rejected
from core.services import ObjectStore
from storage.objects import ObjectNotFound, S3ObjectStore

TTL_SECONDS = 300
router = APIRouter()


@router.get("/dossiers/{dossier_id}/attachments/{attachment_id}/download")
def download(request: Request, dossier_id: RowId, attachment_id: RowId, who: Who, services: Svc,
             kind: str = "original") -> dict:
    """A link valid for a few minutes to the original scan or its searchable PDF."""
    with services.sessions() as session:
        att = visible_attachment(session, who, dossier_id, attachment_id)
        key = att.object_key if kind == "original" else att.digitized_key
        if kind not in ("original", "digitized") or key is None:
            raise not_found("bản số hóa của tệp này", "digitized copy of this attachment")
        record(session, who, "download", f"attachment:{att.id}", att.dossier.unit_code, {"kind": kind})
    return {"url": download_url(services.objects, request.app.state.signing_key, key), "expires_in": TTL_SECONDS}


@router.get("/objects/{token}", include_in_schema=False)
def serve_object(request: Request, token: str, services: Svc) -> Response:
    key = verify(request.app.state.signing_key, token)
    if key is None:
        raise Rejected("link_expired", "Liên kết tải về không hợp lệ hoặc đã hết hạn",
                       "the download link is invalid or has expired", status=403)
    try:
        data = services.objects.get(key)
    except ObjectNotFound:
        raise not_found("tệp này", "object") from None
    media = "application/pdf" if key.endswith(".pdf") or data.startswith(b"%PDF") else "application/octet-stream"
    return Response(data, media_type=media, headers={"Cache-Control": "no-store"})


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
        return store.presigned_url(key, timedelta(seconds=TTL_SECONDS))
    return f"/objects/{sign(secret, key)}"
