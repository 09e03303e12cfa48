"""Spread the counters' connections over the API processes by closing some of them after an upload's answer.

Counter PCs keep their connection alive, and the kernel places each new connection on one of the processes
at random (api.processes), so a rush of 50 can split 30 to 20 and stay so: the uploads on the busier process
wait longer while the other has time to spare. Answering with `Connection: close` makes the client
reconnect, placed at random again. A process closes as many connections as it owes its peers (api.peers:
its connections above their mean), and one upload answer in `every` at random besides, which also
spreads processes that share no Redis. The cost is one loopback handshake per close.
"""

from __future__ import annotations

import random

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.limits import is_multipart
from api.peers import PeerLoads


class RecycleConnections:
    def __init__(self, app: ASGIApp, every: int, peers: PeerLoads | None = None) -> None:
        self.app, self.every, self.peers = app, every, peers

    def _due(self) -> bool:
        owing = self.peers is not None and self.peers.owed > 0
        return owing or bool(self.every and not random.randrange(self.every))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_multipart(scope):
            await self.app(scope, receive, send)
            return
        due = self._due()
        if self.peers is not None:
            self.peers.saw(scope.get("client"), closing=due)
            if due and self.peers.owed > 0:
                self.peers.owed -= 1
        if not due:
            await self.app(scope, receive, send)
            return

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, closing)
