"""Real processes for tests: a restartable redis-server, PostgreSQL cluster and moto S3 server, sohoa workers."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from redis import Redis

from core.settings import Settings


def wait_for(condition: Callable[[], object], timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class RedisServer:
    def __init__(self, port: int, workdir: Path) -> None:
        self.port, self.workdir, self.proc = port, workdir, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "redis-server"
        self.proc = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.workdir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._ping, 10, "redis-server to start", every=0.05)

    def _ping(self) -> bool:
        try:
            return bool(Redis.from_url(self.url).ping())
        except Exception:
            return False

    def stop(self) -> None:
        if self.proc:
            self.proc.kill()  # like a crash: nothing is saved (--save "" anyway)
            self.proc.wait(10)
            self.proc = None


class S3Server:
    """moto's standalone server; its state lives in this process, so a restart keeps the objects
    (and every other test's buckets: use a fresh bucket per test)."""

    def __init__(self, port: int) -> None:
        from moto.server import ThreadedMotoServer

        self.port = port
        self.endpoint = f"http://127.0.0.1:{port}"
        self._factory = lambda: ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self.server = None

    def start(self) -> None:
        self.server = self._factory()
        self.server.start()

    def stop(self) -> None:
        if self.server:
            self.server.stop()
            self.server = None


class PostgresServer:
    """A private PostgreSQL cluster (initdb in a scratch folder, its own port), so a test can stop and start
    the server itself. Runs as the `postgres` user when the tests run as root (PostgreSQL refuses root)."""

    def __init__(self, port: int) -> None:
        self.port, self.proc = port, None
        self.datadir = Path(tempfile.mkdtemp(prefix="sohoa-pg-"))
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        candidates = [Path(bindir)] if bindir else sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        self.bin = next((b for b in reversed(candidates) if (b / "initdb").exists()), None)
        if self.bin is None:
            raise FileNotFoundError("initdb (Debian package postgresql)")
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.datadir, "postgres")
        subprocess.run([*self.as_user, str(self.bin / "initdb"), "-D", str(self.datadir), "-A", "trust",
                        "-U", "postgres", "--no-sync", "-E", "UTF8"], check=True, capture_output=True)

    def start(self) -> None:
        self.proc = subprocess.Popen([*self.as_user, str(self.bin / "postgres"), "-D", str(self.datadir),
                                      "-p", str(self.port), "-k", str(self.datadir),
                                      "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._ready, 30, "PostgreSQL to start")

    def _ready(self) -> bool:
        import psycopg

        try:
            psycopg.connect(self.url, connect_timeout=1).close()
            return True
        except psycopg.OperationalError:
            return False

    def stop(self) -> None:
        """A fast shutdown (what a restart does): clients are cut off, in-flight transactions roll back."""
        if self.proc:
            subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "stop", "-D", str(self.datadir), "-m", "fast",
                            "-w"], check=False, capture_output=True)
            self.proc.wait(30)
            self.proc = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.datadir, ignore_errors=True)


def worker_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": settings.redis_url or "",
           "SOHOA_DATA_DIR": str(settings.data_dir), "OMP_THREAD_LIMIT": "1",
           "SOHOA_JOB_TIMEOUT": str(settings.job_timeout), "SOHOA_JOB_RETRIES": str(settings.job_retries),
           "SOHOA_RETRY_INTERVALS": str(settings.retry_intervals).replace(" ", ""),
           "SOHOA_RECONCILE_INTERVAL": str(settings.reconcile_interval),
           "SOHOA_S3_TIMEOUT": str(settings.s3_timeout), "SOHOA_REDIS_TIMEOUT": str(settings.redis_timeout), **extra}
    if settings.s3_endpoint:
        env.update(S3_ENDPOINT=settings.s3_endpoint, S3_ACCESS_KEY=settings.s3_access_key,
                   S3_SECRET_KEY=settings.s3_secret_key, S3_BUCKET=settings.s3_bucket)
    return env


def start_worker(settings: Settings, *args: str, **env: str) -> subprocess.Popen:
    """`sohoa worker` in its own process group, so the test can kill it with its work horse. `env`: more
    environment for it. Its output goes to a file (`.log`): nobody reads a pipe, and a full one would block
    the worker on its next log line."""
    scratch = settings.data_dir.parent  # the test's tmp_path, which pytest cleans up
    log = Path(tempfile.mkstemp(prefix="worker-", suffix=".log", dir=scratch if scratch.is_dir() else None)[1])
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "sohoa.cli", "worker", *args],
                                env=worker_env(settings, **env), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    proc.log = log  # type: ignore[attr-defined]
    return proc


def descendants(*pids: int) -> list[int]:
    """Children, grandchildren … of these processes (one pass over /proc for all of them): RQ's work horse
    calls setsid(), so it is not in the worker's group."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, frontier = [], list(pids)
    while frontier:
        frontier = [c for p in frontier for c in parents.get(p, [])]
        found += frontier
    return found


def kill_tree(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Kill the worker, its work horse and the horse's tesseract, like a machine losing the process."""
    for pid in [proc.pid, *descendants(proc.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    proc.wait(30)


class StallingProxy:
    """A TCP relay on loopback to `target_port` that can stall, like a storage server that accepts connections
    and never answers: while stalling, a connection whose request carries `marker` (any, when the marker is
    empty) is held open and nothing more is relayed either way. `stalled` counts such connections."""

    def __init__(self, target_port: int) -> None:
        import socket

        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.marker: bytes | None = None
        self.stalled = 0
        self.closing = threading.Event()
        self._held: list = []
        threading.Thread(target=self._accept, daemon=True).start()

    def stall(self, marker: bytes = b"") -> None:
        self.marker = marker

    def resume(self) -> None:
        self.marker = None

    def _accept(self) -> None:
        import socket

        while not self.closing.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                client.close()  # nothing behind: refused, as the server would be
                continue
            threading.Thread(target=self._relay, args=(client, upstream), daemon=True).start()

    def _relay(self, client, upstream) -> None:
        import selectors

        with selectors.DefaultSelector() as sel:
            sel.register(client, selectors.EVENT_READ, upstream)
            sel.register(upstream, selectors.EVENT_READ, client)
            try:
                while not self.closing.is_set() and self._pump(sel, client, upstream):
                    pass
            except OSError:
                pass
        if [client, upstream] != self._held[-2:]:
            client.close()
            upstream.close()

    def _pump(self, sel, client, upstream) -> bool:
        """Relay what is readable; False once either side closed or the connection stalled."""
        for key, _ in sel.select(timeout=0.2):
            data = key.fileobj.recv(65536)
            if key.fileobj is client and data and self.marker is not None and self.marker in data:
                self.stalled += 1
                self._held += [client, upstream]  # open and silent until the test ends
                return False
            if not data:
                return False
            key.data.sendall(data)
        return True

    def close(self) -> None:
        self.closing.set()
        self.listener.close()
        for sock in self._held:
            with contextlib.suppress(OSError):
                sock.close()


def nginx_conf(workdir: Path, api_port: int, port: int) -> Path:
    """deploy/nginx.conf pointed at an API on 127.0.0.1:api_port, listening on 127.0.0.1:port."""
    conf = (Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("server api:8000;", f"server 127.0.0.1:{api_port};")
    conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    conf = conf.replace("pid /tmp/nginx.pid;", f"pid {workdir}/nginx.pid;")
    path = workdir / "nginx.conf"
    path.write_text(conf)
    return path
