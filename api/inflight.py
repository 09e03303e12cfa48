"""How many uploads this API process is busy with, counted from their first byte to their answer.

The upload endpoint only runs once its multipart body is parsed, so a count kept there misses the uploads
still streaming in; under load that is most of them, and the scan-quality check (tens of ms of CPU) kept
running inline while dozens of uploads waited behind it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from starlette.types import ASGIApp, Receive, Scope, Send

from api.limits import is_multipart


class UploadCount:
    """`limit`: other uploads in flight from which the process counts as busy (settings.quality_inline_max)."""

    def __init__(self, limit: int = 0) -> None:
        self.limit = limit
        # Both touched on the event loop only: no lock needed.
        self.value = 0
        self.checking = 0  # uploads running the scan-quality check inline

    def busy(self) -> bool:
        """Asked by the checking thread between the check's steps, too: it only reads an int."""
        return self.value - 1 >= self.limit

    @contextmanager
    def inline_check(self) -> Iterator[bool]:
        """Whether this upload runs the scan-quality check in the request: only while not busy and no other
        upload is checking. At the start of a rush each upload finds few others yet; letting each check (tens
        of ms of CPU) delayed all fifty behind them."""
        inline = not self.busy() and not self.checking
        self.checking += inline
        try:
            yield inline
        finally:
            self.checking -= inline


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
