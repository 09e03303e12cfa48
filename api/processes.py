"""The API in several processes, each listening on a socket of its own (SO_REUSEPORT, Linux).

uvicorn's own way with several processes shares one listening socket, and the process whose event loop
wakes first accepts every connection waiting (uvloop accepts until none is left): the 50 connections of a
rush landed 39 to 11, even 48 to 2, and the counters on the fuller process waited several times as long.
With a socket per process in one SO_REUSEPORT group the kernel hashes each new connection over the
processes, an even split within chance (api.peers evens out the rest). uvicorn's supervisor still starts,
watches and replaces them.
"""

from __future__ import annotations

import socket
import sys
from typing import Any

APP = "sohoa.cli:app_from_environment"


def spreads_connections() -> bool:
    """Linux balances new connections over a SO_REUSEPORT group; other systems' SO_REUSEPORT does not."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def bind_shared_port(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


class OwnListener:
    """Stands in uvicorn's process arguments for the listening socket: unpickled in each new process (start
    or restart), it binds that process's own socket into the port's group; uvicorn then listens on it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return bind_shared_port, (self.host, self.port)


def serve(host: str, port: int, workers: int) -> None:
    """Run `workers` API processes on host:port until SIGINT or SIGTERM; each builds its own services (one
    process: uvicorn's plain way, in this process)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    if workers == 1 or not spreads_connections():
        uvicorn.run(APP, factory=True, workers=workers, host=host, port=port, log_config=None)
        return
    config = uvicorn.Config(APP, factory=True, workers=workers, host=host, port=port, log_config=None)
    # Bound but never listening, this socket gets no connection: it holds the port for the group and makes a
    # port already taken fail here, once, rather than in every process uvicorn would keep restarting.
    reserved = bind_shared_port(host, port)
    try:
        Multiprocess(config, sockets=[OwnListener(host, port)]).run()  # type: ignore[list-item]
    finally:
        reserved.close()
