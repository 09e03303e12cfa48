"""Spread the counters' connections over the API processes by closing one now and then.

`sohoa serve --workers N` processes share one listening socket, and a new connection goes to whichever takes
it first. Counter PCs keep their connection alive, so a rush that opens them all at once can split them
unevenly, and the uploads on the busier process wait while the other has time to spare (one load run:
p50 131 ms, p95 406 ms). Answering an upload, now and then at random, with `Connection: close` makes the
client reconnect; the process with time to spare is the likelier to take the new connection. The cost is
one loopback handshake every `every` uploads.
"""

from __future__ import annotations

import random

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.limits import is_multipart


class RecycleConnections:
    def __init__(self, app: ASGIApp, every: int) -> None:
        self.app, self.every = app, every

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # The draw first: 31 requests in 32 then skip reading the headers.
        if scope["type"] != "http" or not self.every or random.randrange(self.every) or not is_multipart(scope):
            await self.app(scope, receive, send)
            return

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, closing)
