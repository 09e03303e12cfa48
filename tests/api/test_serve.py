"""`sohoa serve`: one process by default (the embedded mode), or N under uvicorn's supervisor, which
replaces a dead one; N processes preparing a fresh database together do not trip over each other."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port
from tests.procs import descendants, wait_for


def answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def api_processes(supervisor: int) -> list[int]:
    """uvicorn's app processes under its supervisor (multiprocessing's resource tracker is a child too)."""
    found = []
    for pid in descendants(supervisor):
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


def alive(pids: list[int]) -> list[int]:
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()]


@pytest.fixture
def serve(tmp_path) -> Iterator:
    """Starts `sohoa serve` on a fresh embedded database (SQLite, local objects) with the given arguments."""
    started: list[subprocess.Popen] = []
    logs = []

    def start(*args: str) -> tuple[subprocess.Popen, int, Path]:
        port = free_port()
        env = {**os.environ, "SOHOA_DATA_DIR": str(tmp_path / f"data-{port}")}
        for name in ("DATABASE_URL", "REDIS_URL", "S3_ENDPOINT"):
            env.pop(name, None)
        log_path = tmp_path / f"api-{port}.log"
        log = open(log_path, "w")  # noqa: SIM115 - closed at teardown
        logs.append(log)
        proc = subprocess.Popen([sys.executable, "-m", "sohoa.cli", "serve", "--port", str(port), *args],
                                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        started.append(proc)
        wait_for(lambda: answers(port), 60, "the API to answer /health")
        return proc, port, log_path

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)
    for log in logs:
        log.close()


def test_one_process_serves_by_default(serve):
    proc, _, log = serve()
    assert descendants(proc.pid) == []  # the embedded default: the app runs in the command's own process
    os.killpg(proc.pid, signal.SIGTERM)
    # uvicorn shuts down gracefully, then re-raises the signal to itself (its exit says what stopped it).
    assert proc.wait(30) in (0, -signal.SIGTERM)
    assert "Traceback" not in log.read_text()


def test_workers_are_replaced_when_killed_and_terminate_stops_all(serve):
    proc, port, log = serve("--workers", "2")
    children = wait_for(lambda: len(kids := api_processes(proc.pid)) == 2 and kids, 60, "two API processes")
    # Both processes prepared the same fresh database at once; neither crashed doing it.
    assert "Traceback" not in log.read_text()
    os.kill(children[0], signal.SIGKILL)
    wait_for(lambda: len(kids := api_processes(proc.pid)) == 2 and children[0] not in kids, 60,
             "uvicorn to start a process in the killed one's place")
    wait_for(lambda: answers(port), 60, "the API to answer again")
    everyone = [proc.pid, *descendants(proc.pid)]
    os.killpg(proc.pid, signal.SIGTERM)
    assert proc.wait(30) in (0, -signal.SIGTERM)
    wait_for(lambda: not alive(everyone), 30, "every process to exit")
