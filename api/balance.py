"""Spread the counters' connections over the API processes by closing one now and then.

`sohoa serve --workers N` processes share one listening socket, and a new connection goes to whichever takes
it first. Counter PCs keep their connection alive, so a rush that opens them all at once can leave one
process with most of them: its uploads wait while the other process idles (measured: p50 131 ms on one,
p95 over 400 ms on the other). Answering an upload, now and then at random, with `Connection: close` makes
the client reconnect; the process with time to spare is the likelier to take the new connection, so the
load evens out. The cost is one loopback handshake every `every` uploads.
"""

from __future__ import annotations

import random

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.limits import is_multipart


class RecycleConnections:
    def __init__(self, app: ASGIApp, every: int) -> None:
        self.app, self.every = app, every

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.every or not is_multipart(scope) or random.randrange(self.every):
            await self.app(scope, receive, send)
            return

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, closing)
