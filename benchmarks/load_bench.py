"""Load benchmark on loopback (a script, not a timed test): N uploads from C concurrent clients.

Starts its own redis-server on a free port, a scratch PostgreSQL database, the object store as a local
folder, the API under uvicorn and W `sohoa worker` processes; uploads generated single-page office
scans (a small pool of distinct pages, each upload made distinct by a JPEG comment); waits until every
accepted scan is done or failed; prints what was accepted, rejected, lost and duplicated, upload-accept
latency, drain time against the processing time the pages need, and worker peak memory; first, as the
baseline of the same run, the same uploads into a stack with no worker (what the API alone does). Stops by
itself: bounded uploads, per-request timeouts and a drain deadline; everything it started is stopped.

    .venv/bin/python benchmarks/load_bench.py --uploads 500 --clients 50      # ~10 min on 2 cores
    .venv/bin/python benchmarks/load_bench.py --uploads 60 --clients 20       # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import httpx  # noqa: E402
from redis import Redis  # noqa: E402
from rq import Worker  # noqa: E402
from rq.job import Job  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from core.settings import Settings  # noqa: E402
from storage.models import Attachment  # noqa: E402
from tests.conftest import free_port  # noqa: E402
from tests.procs import RedisServer, descendants, wait_for, worker_env  # noqa: E402
from tests.synth import make_document, scan  # noqa: E402

UNIT = "000.17.22.H56"
PAGES = ("cccd", "giay_chung_sinh", "to_khai_khai_sinh", "to_khai_cu_tru", "don_de_nghi",
         "xac_nhan_tinh_trang_hon_nhan")
FINAL = ("done", "failed")
BOUNDARY = "sohoa-load-bench-7f3a9c"
FORM_HEADERS = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


def page_pool(size: int) -> list[bytes]:
    """Distinct single-page office scans (JPEG), a few document types."""
    return [scan(make_document(PAGES[i % len(PAGES)], seed=100 + i), "office", seed=100 + i)[0] for i in range(size)]


def distinct(jpeg: bytes, n: int) -> bytes:
    """The same page with a COM segment after SOI: other bytes (another sha256), the same pixels to OCR."""
    note = f"sohoa load bench upload {n}".encode()
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(note) + 2) + note + jpeg[2:]


def form_body(jpeg: bytes, filename: str) -> bytes:
    """The multipart body of a one-file upload, written out: the generator shares the server's cores, and
    building aiohttp's FormData instead cost it 0.15 ms of CPU an upload (0.99 against 0.84 ms in all)."""
    head = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
            f"Content-Type: image/jpeg\r\n\r\n")
    return b"".join((head.encode(), jpeg, f"\r\n--{BOUNDARY}--\r\n".encode()))


@dataclass
class Upload:
    n: int
    status: int | None = None
    seconds: float = 0.0
    attachment_id: int | None = None
    duplicate: bool = False
    quality_inline: bool = False  # the scan-quality answer came back with the upload
    error: str = ""


@dataclass
class Memory:
    """Peak VmHWM (KiB) per kind of process, sampled from /proc while the run lasts."""
    peaks: dict[str, int] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)

    def sample(self, roots: list[int]) -> None:
        # One pass over /proc a sample: the sampler shares the load generator's process and cores.
        for pid in [*roots, *descendants(*roots)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            name = fields.get("Name", "").strip()
            kind = "worker" if pid in roots else ("tesseract" if "tesseract" in name else "work horse")
            hwm = int(fields.get("VmHWM", "0 kB").split()[0])
            self.peaks[kind] = max(self.peaks.get(kind, 0), hwm)

    def watch(self, roots: list[int], every: float = 0.2) -> threading.Thread:
        def loop() -> None:
            while not self.stop.is_set():
                self.sample(roots)
                time.sleep(every)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        return thread


class Stack:
    """Everything the run needs, started in order and stopped in reverse, whatever happens."""

    def __init__(self, workdir: Path, admin_url: str, workers: int, worker_nice: int, api_workers: int,
                 worker_sched_idle: bool = True) -> None:
        self.workdir, self.workers_wanted, self.worker_nice = workdir, workers, worker_nice
        self.worker_sched_idle = worker_sched_idle
        self.api_workers = api_workers
        self.admin = create_engine(Settings(database_url=admin_url).database_url, isolation_level="AUTOCOMMIT")
        self.db_name = f"sohoa_bench_{uuid.uuid4().hex[:8]}"
        self.redis = RedisServer(free_port(), workdir)
        self.api_port = free_port()
        self.procs: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen] = []
        self.settings: Settings | None = None

    def start(self) -> Settings:
        self.redis.start()
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.db_name}"'))
        db_url = self.admin.url.set(database=self.db_name).render_as_string(hide_password=False)
        self.settings = Settings(data_dir=self.workdir / "data", database_url=db_url, redis_url=self.redis.url,
                                 worker_nice=self.worker_nice)
        env = worker_env(self.settings)
        env["SOHOA_WORKER_NICE"] = str(self.worker_nice)  # workers lower their own priority (sohoa worker)
        env["SOHOA_WORKER_SCHED_IDLE"] = str(self.worker_sched_idle).lower()
        api = self._spawn(["serve", "--host", "127.0.0.1", "--port", str(self.api_port),
                           "--workers", str(self.api_workers)], env, "api.log")
        wait_for(lambda: self._healthy(), 60, "the API to answer /health")
        self.workers = [self._spawn(["worker"], env, f"worker-{i}.log") for i in range(self.workers_wanted)]
        self.procs = [api, *self.workers]
        # Measure the steady state: workers run for days, and their start (~3 s of CPU loading OCR and
        # extraction each) is not what a counter meets in the morning rush.
        with Redis.from_url(self.redis.url) as redis:
            wait_for(lambda: Worker.count(connection=redis) >= self.workers_wanted, 120, "the workers to register")
        return self.settings

    def _spawn(self, args: list[str], env: dict[str, str], log: str) -> subprocess.Popen:
        out = open(self.workdir / log, "w")  # noqa: SIM115 - closed with the process
        return subprocess.Popen([sys.executable, "-m", "sohoa.cli", *args], env=env, cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{self.api_port}/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        for proc in reversed(self.procs):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)  # the worker's group; its horse warm-shuts down with it
        for proc in reversed(self.procs):
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                for pid in [proc.pid, *descendants(proc.pid)]:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                proc.wait(10)
        self.redis.stop()
        with contextlib.suppress(Exception), self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)'))
        self.admin.dispose()


def clerk_token(settings: Settings) -> str:
    from api.auth import create_user, issue_token
    from sohoa.services import build

    services = build(settings)
    try:
        with services.sessions() as session:
            return issue_token(session, create_user(session, "bench-clerk", "clerk", UNIT))
    finally:
        services.engine.dispose()


async def upload_all(base_url: str, token: str, pool: list[bytes], uploads: int, clients: int,
                     timeout: float, rate: float) -> list[Upload]:
    """Closed loop (rate 0): each client uploads again as soon as it is answered, so the accept latency is
    clients / throughput. Paced (rate > 0): upload n starts at n / rate seconds, like counters at work.

    The clients are aiohttp's: the generator shares the server's 2 cores, and httpx spent ~6 ms of CPU a
    280-KB upload (one core at ~160 uploads/s), aiohttp ~0.5 ms, so the figures are the server's."""
    results = [Upload(n) for n in range(uploads)]
    todo: asyncio.Queue[Upload] = asyncio.Queue()
    for item in results:
        todo.put_nowait(item)
    auth = {"Authorization": f"Bearer {token}"}
    client_timeout = aiohttp.ClientTimeout(total=timeout)

    def session() -> aiohttp.ClientSession:  # one connection per client, like one counter PC each
        return aiohttp.ClientSession(base_url, headers=auth, timeout=client_timeout,
                                     connector=aiohttp.TCPConnector(limit=1))

    async with session() as http:
        # One dossier per client, opened one at a time (concurrent openings race for receipt numbers).
        dossiers = []
        for _ in range(clients):
            async with http.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}) as r:
                dossiers.append(await r.json())

    async def client(dossier: dict) -> None:
        async with session() as http:
            while not todo.empty():
                item = todo.get_nowait()
                if rate:
                    await asyncio.sleep(max(0.0, t0 + item.n / rate - time.monotonic()))
                body = form_body(distinct(pool[item.n % len(pool)], item.n), f"scan-{item.n:04d}.jpg")
                start = time.perf_counter()
                try:
                    async with http.post(f"/dossiers/{dossier['id']}/attachments", data=body,
                                         headers=FORM_HEADERS) as response:
                        item.status = response.status
                        if response.status == 202:
                            (att,) = (await response.json())["attachments"]
                            item.attachment_id, item.duplicate = att["attachment_id"], att["duplicate"]
                            item.quality_inline = att["quality"] is not None
                        else:
                            item.error = (await response.text())[:200]
                except (aiohttp.ClientError, TimeoutError) as exc:
                    item.error = f"{type(exc).__name__}: {exc}"
                item.seconds = time.perf_counter() - start

    t0 = time.monotonic()
    await asyncio.gather(*(client(d) for d in dossiers))
    return results


def wait_drained(engine, ids: list[int], deadline: float) -> tuple[float | None, dict[str, int]]:
    """Seconds until every accepted attachment is done or failed (None if the deadline came first)."""
    start = time.monotonic()
    while True:
        with engine.connect() as conn:
            counts = dict(conn.execute(select(Attachment.status, func.count()).where(Attachment.id.in_(ids))
                                       .group_by(Attachment.status)).all())
        if sum(counts.get(s, 0) for s in FINAL) == len(ids):
            return time.monotonic() - start, counts
        if time.monotonic() > deadline:
            return None, counts
        time.sleep(0.5)


def processing_seconds(redis_url: str, ids: list[int]) -> list[float]:
    """Per attachment, the job's started→ended time as RQ recorded it (the last attempt)."""
    from redis import Redis

    jobs = Job.fetch_many([f"attachment-{i}" for i in ids], connection=Redis.from_url(redis_url))
    return [(job.ended_at - job.started_at).total_seconds() for job in jobs
            if job is not None and job.started_at and job.ended_at]


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]


def timed_uploads(stack: Stack, token: str, pool: list[bytes], args: argparse.Namespace,
                  ) -> tuple[list[Upload], float]:
    """Every upload of the run into `stack`, and the seconds they took."""
    t0 = time.monotonic()
    results = asyncio.run(upload_all(f"http://127.0.0.1:{stack.api_port}", token, pool, args.uploads,
                                     args.clients, args.timeout, args.rate))
    return results, time.monotonic() - t0


def accept_baseline(args: argparse.Namespace, pool: list[bytes]) -> dict:
    """The same uploads into the same stack with no worker running: what the API alone can do on this
    machine, against which the run with OCR on the same cores is read."""
    workdir = Path(tempfile.mkdtemp(prefix="sohoa-bench-base-"))
    stack = Stack(workdir, args.postgres, 0, args.worker_nice, args.api_workers)
    try:
        results, wall = timed_uploads(stack, clerk_token(stack.start()), pool, args)
    finally:
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    latencies = [r.seconds for r in results if r.status == 202]
    return {"accepted": len(latencies), "accept_p50_ms": round(percentile(latencies, 50) * 1000),
            "accept_p95_ms": round(percentile(latencies, 95) * 1000), "uploads_per_s": round(len(results) / wall, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pool", type=int, default=12, help="distinct pages to generate")
    parser.add_argument("--api-workers", type=int, default=2, help="API processes (sohoa serve --workers)")
    parser.add_argument("--worker-nice", type=int, default=Settings().worker_nice,
                        help="run the workers at this niceness (OCR is batch work; the API answers the counter)")
    parser.add_argument("--worker-sched", choices=("idle", "normal"), default="idle" if Settings().worker_sched_idle
                        else "normal", help="idle: workers run under SCHED_IDLE (Linux), on CPU the API leaves")
    parser.add_argument("--rate", type=float, default=0, help="uploads per second in all (0: closed loop)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per upload request")
    parser.add_argument("--drain-timeout", type=float, default=3600)
    parser.add_argument("--postgres", default=os.environ.get("SOHOA_TEST_DATABASE_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the baseline: the same uploads first with no worker running")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    print(f"generating {args.pool} distinct office scans …", file=sys.stderr)
    pool = page_pool(args.pool)
    baseline = None
    if not args.no_baseline:
        print(f"baseline: {args.uploads} uploads from {args.clients} clients, no worker …", file=sys.stderr)
        baseline = accept_baseline(args, pool)
    workdir = Path(tempfile.mkdtemp(prefix="sohoa-bench-"))
    stack = Stack(workdir, args.postgres, args.workers, args.worker_nice, args.api_workers,
                  args.worker_sched == "idle")
    memory = Memory()
    try:
        settings = stack.start()
        token = clerk_token(settings)
        watcher = memory.watch([w.pid for w in stack.workers])
        print(f"{args.uploads} uploads from {args.clients} clients, {args.workers} workers …", file=sys.stderr)
        t0 = time.monotonic()
        results, upload_wall = timed_uploads(stack, token, pool, args)
        accepted = [r for r in results if r.status == 202]
        ids = sorted({r.attachment_id for r in accepted if r.attachment_id is not None})
        engine = create_engine(settings.database_url)
        drained, counts = wait_drained(engine, ids, time.monotonic() + args.drain_timeout)
        drain = (time.monotonic() - t0) if drained is not None else None
        memory.stop.set()
        watcher.join()
        with engine.connect() as conn:
            rows = dict(conn.execute(select(Attachment.id, Attachment.status).where(Attachment.id.in_(ids))).all())
            duplicated = conn.execute(select(func.count()).select_from(
                select(Attachment.sha256).group_by(Attachment.sha256).having(func.count() > 1).subquery())).scalar()
            total_rows = conn.execute(select(func.count()).select_from(Attachment)).scalar()
            keys = conn.execute(select(Attachment.object_key).where(Attachment.id.in_(ids))).scalars().all()
        engine.dispose()
        objects = settings.objects_dir
        busy = processing_seconds(settings.redis_url or "", ids)
        latencies = [r.seconds for r in accepted]
        need = sum(busy) / max(args.workers, 1)
        figures = {
            "uploads": args.uploads, "clients": args.clients, "workers": args.workers, "worker_nice": args.worker_nice,
            "worker_sched": args.worker_sched, "api_workers": args.api_workers, "rate": args.rate,
            "quality_inline": sum(r.quality_inline for r in accepted),
            "accepted": len(accepted), "rejected": sum(1 for r in results if r.status and r.status != 202),
            "errors": sum(1 for r in results if r.status is None),
            "lost": sum(1 for i in ids if rows.get(i) not in FINAL) + (len(accepted) - len(ids)),
            "originals_missing": sum(1 for k in keys if not (objects / k).is_file()),
            "done": counts.get("done", 0), "failed": counts.get("failed", 0),
            "rows": total_rows, "duplicated_shas": duplicated, "duplicate_answers": sum(r.duplicate for r in accepted),
            "accept_p50_ms": round(percentile(latencies, 50) * 1000),
            "accept_p95_ms": round(percentile(latencies, 95) * 1000),
            "accept_max_ms": round(max(latencies) * 1000), "upload_phase_s": round(upload_wall, 1),
            "uploads_per_s": round(len(results) / upload_wall, 1), "baseline_no_workers": baseline,
            "drain_s": round(drain, 1) if drain is not None else None,
            "processing_s_per_attachment_mean": round(statistics.mean(busy), 2) if busy else None,
            "ocr_time_needed_s": round(need, 1),
            "drain_over_needed": round(drain / need, 3) if drain and need else None,
            "peak_memory_mib": {k: round(v / 1024) for k, v in sorted(memory.peaks.items())},
            "sample_errors": sorted({r.error for r in results if r.error})[:5],
        }
    finally:
        memory.stop.set()
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report(figures, as_json=args.json)
    return 0 if figures["lost"] == 0 and figures["duplicated_shas"] == 0 else 1


def report(f: dict, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(f, indent=2, ensure_ascii=False))
        return
    ratio = f["drain_over_needed"]
    pace = f"{f['rate']} per second" if f["rate"] else "closed loop"
    lines = [
        f"uploads {f['uploads']} from {f['clients']} clients ({pace}), {f['workers']} workers "
        f"(nice {f['worker_nice']}, {f['worker_sched']} scheduling), {f['api_workers']} API processes",
        f"accepted {f['accepted']}  rejected {f['rejected']}  errors {f['errors']}  lost {f['lost']}  "
        f"originals missing {f['originals_missing']}",
        f"done {f['done']}  failed {f['failed']}  rows {f['rows']}  duplicated shas {f['duplicated_shas']}  "
        f"'duplicate' answers {f['duplicate_answers']}",
        f"accept latency p50 {f['accept_p50_ms']} ms  p95 {f['accept_p95_ms']} ms  max {f['accept_max_ms']} ms  "
        f"(upload phase {f['upload_phase_s']} s, {f['uploads_per_s']} uploads/s)",
        *([f"baseline, same uploads with no worker running: accepted {b['accepted']}, p50 {b['accept_p50_ms']} ms  "
           f"p95 {b['accept_p95_ms']} ms  ({b['uploads_per_s']} uploads/s)"]
          if (b := f["baseline_no_workers"]) else []),
        f"scan-quality answer in the upload response: {f['quality_inline']} of {f['accepted']} "
        "(the rest were checked by the worker: the API was busy)",
        f"drain {f['drain_s']} s  vs  processing the pages need {f['ocr_time_needed_s']} s "
        f"(mean {f['processing_s_per_attachment_mean']} s per attachment / {f['workers']} workers)  ratio {ratio}",
        f"peak memory (VmHWM, MiB): {f['peak_memory_mib']}",
        "targets: " + ", ".join([
            f"0 lost {'met' if f['lost'] == 0 else 'NOT met'}",
            f"0 duplicated {'met' if f['duplicated_shas'] == 0 else 'NOT met'}",
            f"p95 accept <= 300 ms {'met' if f['accept_p95_ms'] <= 300 else 'NOT met'}",
            f"drain within 10 % {'met' if ratio is not None and ratio <= 1.10 else 'NOT met'}",
        ]),
    ]
    if f["sample_errors"]:
        lines.append(f"sample errors: {f['sample_errors']}")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
