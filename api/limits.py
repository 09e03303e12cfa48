"""Request bodies are cut at the limit while they stream in, before any parsing.

Starlette parses a multipart body completely (spooling files to disk) before the endpoint sees the first
byte, so a limit checked in the endpoint still lets a client push gigabytes. This middleware counts the
bytes as they arrive and answers 413 once a request passes its limit: a declared Content-Length over the
limit is refused before reading anything.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.errors import Rejected

MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the files themselves


class BodyTooLarge(Exception):
    pass


def is_multipart(scope: Scope) -> bool:
    return dict(scope["headers"]).get(b"content-type", b"").lower().startswith(b"multipart/form-data")


def too_large(limit: int) -> JSONResponse:
    mb = limit // (1024 * 1024)
    error = Rejected("too_large", f"Dữ liệu gửi lên vượt quá {mb} MB", f"the request body exceeds {mb} MB", status=413)
    return JSONResponse(status_code=413, content={"error": error.as_dict()}, headers={"Connection": "close"})


class BodyLimit:
    def __init__(self, app: ASGIApp, limit_for: Callable[[Scope], int]) -> None:
        self.app, self.limit_for = app, limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await too_large(limit)(scope, receive, send)
            return
        seen, exceeded, started = 0, False, False

        async def counted() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if exceeded:  # whatever the app makes of the aborted body (FastAPI: a 400), the answer is 413
                return
            started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:  # BodyTooLarge itself, or whatever the app raised on the cut body
            if not exceeded:
                raise
        if exceeded and not started:
            await too_large(limit)(scope, receive, send)
