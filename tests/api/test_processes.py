"""`sohoa serve --workers N`: each process listens on its own socket, the kernel spreads connections over
them, a dead process is replaced, and N processes preparing a fresh database together do not trip over
each other."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import httpx
import pytest

from api.processes import spreads_connections
from tests.conftest import free_port, unavailable
from tests.procs import descendants, wait_for


@pytest.fixture(autouse=True)
def _spreading_kernel() -> None:
    if not spreads_connections():
        unavailable("SO_REUSEPORT balancing is Linux's")


LISTEN, ESTABLISHED = "0A", "01"


def socket_owners(port: int, state: str) -> dict[int, set[int]]:
    """Socket inode → pids holding it, for the TCP sockets on local `port` in `state` (/proc/net/tcp)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                inodes.add(int(fields[9]))
    owners: dict[int, set[int]] = {}
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            links = [os.readlink(fd) for fd in fd_dir.iterdir()]
        except OSError:
            continue
        for link in links:
            if link.startswith("socket:[") and int(link[8:-1]) in inodes:
                owners.setdefault(int(link[8:-1]), set()).add(int(fd_dir.parent.name))
    return owners


@pytest.fixture
def api(tmp_path):
    """Two API processes on a fresh embedded database (SQLite, local objects)."""
    port = free_port()
    env = {**os.environ, "SOHOA_DATA_DIR": str(tmp_path / "data")}
    for name in ("DATABASE_URL", "REDIS_URL", "S3_ENDPOINT"):
        env.pop(name, None)
    log = open(tmp_path / "api.log", "w+")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "sohoa.cli", "serve", "--workers", "2", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: len(socket_owners(port, LISTEN)) == 2, 60, "two listening sockets")
        yield proc, port, tmp_path / "api.log"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
        log.close()


def listeners(port: int) -> list[set[int]]:
    return list(socket_owners(port, LISTEN).values())


def test_each_process_listens_on_its_own_socket_and_gets_connections(api):
    proc, port, log = api
    children = set(descendants(proc.pid))
    owners = listeners(port)
    # Not one socket shared by the parent and its children: one socket per child, held by that child only.
    assert all(len(pids) == 1 for pids in owners), owners
    assert {pid for pids in owners for pid in pids} <= children and len(set.union(*owners)) == 2
    clients = [httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) for _ in range(40)]
    try:
        assert all(c.get("/health").status_code == 200 for c in clients)
        served = Counter(pid for pids in socket_owners(port, ESTABLISHED).values() for pid in pids)
        # The kernel hashes each connection over the group: both processes take a share (below 5 of 40 for
        # one of them has a chance of about 1 in 10 million).
        assert sorted(served) == sorted(set.union(*owners)) and min(served.values()) >= 5, served
    finally:
        for c in clients:
            c.close()
    # Both processes prepared the same fresh database at once; neither crashed doing it.
    assert "Traceback" not in log.read_text()


def test_a_killed_process_is_replaced_and_terminate_stops_all(api):
    proc, port, _ = api
    (victim,) = next(iter(listeners(port)))
    os.kill(victim, signal.SIGKILL)
    wait_for(lambda: len(listeners(port)) == 2 and victim not in set.union(*listeners(port)), 60,
             "a new process listening in the killed one's place")
    assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=10).status_code == 200
    everyone = [proc.pid, *descendants(proc.pid)]
    os.killpg(proc.pid, signal.SIGTERM)
    assert proc.wait(30) == 0
    wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in everyone), 30, "every process to exit")
    assert listeners(port) == []
