"""How many uploads this API process is busy with, counted from their first byte to their answer.

The upload endpoint only runs once its multipart body is parsed, so a count kept there misses the uploads
still streaming in; under load that is most of them, and the scan-quality check (tens of ms of CPU) kept
running inline while dozens of uploads waited behind it.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from api.limits import is_multipart


class UploadCount:
    def __init__(self) -> None:
        self.value = 0  # touched on the event loop only: no lock needed


class CountUploads:
    def __init__(self, app: ASGIApp, count: UploadCount) -> None:
        self.app, self.count = app, count

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_multipart(scope):
            await self.app(scope, receive, send)
            return
        self.count.value += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.count.value -= 1
