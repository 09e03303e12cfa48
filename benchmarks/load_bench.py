"""Load benchmark on loopback (a script, not a timed test): a province's counters at their peak, or a
closed-loop stress.

Starts its own redis-server on a free port, a scratch PostgreSQL database, the object store as a local
folder, the API (`sohoa serve --workers N`, behind nginx with deploy/nginx.conf when nginx is installed)
and W `sohoa worker` processes at normal priority on the same cores; uploads generated single-page office
scans (a small pool of distinct pages, each upload made distinct by a JPEG comment); waits until every
accepted scan is done or failed; prints what was accepted, rejected, lost and duplicated, upload latency
(p50/p95/max), drain time against the processing time the pages need, and worker peak memory.

Paced (the default): C counters, each sending one scanned file every S seconds on average, at independent
random (Poisson) moments: uploads start at exponential gaps of mean S / C whatever is still in flight, as
real counters do. The default, 400 counters every 80 s (5 uploads/s), is a province's peak: ~100 communes
with ~3 counters each plus the provincial and district centres, each clerk scanning a 4-paper dossier every
~5 minutes in the morning rush. Closed loop (--closed-loop C): C clients re-uploading the moment they are
answered, a stress test of throughput, not of a counter's wait.

    .venv/bin/python benchmarks/load_bench.py                                # paced, 120 s of uploads
    .venv/bin/python benchmarks/load_bench.py --closed-loop 50 --uploads 500 # stress, ~10 min on 2 cores
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
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
from tests.procs import RedisServer, descendants, nginx_conf, wait_for, worker_env  # noqa: E402
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
                 proxy: bool = False) -> None:
        self.workdir, self.workers_wanted, self.worker_nice = workdir, workers, worker_nice
        self.api_workers, self.proxy = api_workers, proxy
        self.admin = create_engine(Settings(database_url=admin_url).database_url, isolation_level="AUTOCOMMIT")
        self.db_name = f"sohoa_bench_{uuid.uuid4().hex[:8]}"
        self.redis = RedisServer(free_port(), workdir)
        self.api_port = free_port()
        self.port = free_port() if proxy else self.api_port  # where clients connect
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
        env = worker_env(self.settings, SOHOA_WORKER_NICE=str(self.worker_nice))
        api = self._spawn([sys.executable, "-m", "sohoa.cli", "serve", "--host", "127.0.0.1", "--port",
                           str(self.api_port), "--workers", str(self.api_workers)], env, "api.log")
        self.procs = [api]
        if self.proxy:
            conf = nginx_conf(self.workdir, self.api_port, self.port)
            self.procs.append(self._spawn(["nginx", "-c", str(conf), "-e", "stderr", "-g", "daemon off;"], env,
                                          "nginx.log"))
        wait_for(lambda: self._healthy(), 60, "the API to answer /health")
        self.workers = [self._spawn([sys.executable, "-m", "sohoa.cli", "worker"], env, f"worker-{i}.log")
                        for i in range(self.workers_wanted)]
        self.procs += self.workers
        # Measure the steady state: workers run for days, and their start (~3 s of CPU loading OCR and
        # extraction each) is not what a counter meets in the morning rush.
        with Redis.from_url(self.redis.url) as redis:
            wait_for(lambda: Worker.count(connection=redis) >= self.workers_wanted, 120, "the workers to register")
        return self.settings

    def _spawn(self, args: list[str], env: dict[str, str], log: str) -> subprocess.Popen:
        out = open(self.workdir / log, "w")  # noqa: SIM115 - closed with the process
        return subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=1).status_code == 200
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


async def post(http: aiohttp.ClientSession, dossier_id: int, item: Upload, jpeg: bytes) -> None:
    body = form_body(distinct(jpeg, item.n), f"scan-{item.n:04d}.jpg")
    start = time.perf_counter()
    try:
        async with http.post(f"/dossiers/{dossier_id}/attachments", data=body, headers=FORM_HEADERS) as response:
            item.status = response.status
            if response.status == 202:
                (att,) = (await response.json())["attachments"]
                item.attachment_id, item.duplicate = att["attachment_id"], att["duplicate"]
            else:
                item.error = (await response.text())[:200]
    except (aiohttp.ClientError, TimeoutError) as exc:
        item.error = f"{type(exc).__name__}: {exc}"
    item.seconds = time.perf_counter() - start


async def upload_all(base_url: str, token: str, pool: list[bytes], args: argparse.Namespace,
                     ) -> tuple[list[Upload], float]:
    """Paced: uploads start at exponential gaps (a Poisson process of rate counters / every), each from a
    random counter with its own connection, without waiting for the ones in flight. Closed loop: each client
    uploads again as soon as it is answered, so the latency is clients / throughput. Returns the uploads and
    the seconds from the first upload to the last answer.

    The clients are aiohttp's: the generator shares the server's 2 cores, and httpx spent ~6 ms of CPU a
    280-KB upload, aiohttp ~0.5 ms, so the figures are the server's."""
    closed = args.closed_loop > 0
    clients = args.closed_loop if closed else args.counters
    auth = {"Authorization": f"Bearer {token}"}
    client_timeout = aiohttp.ClientTimeout(total=args.timeout)

    def session() -> aiohttp.ClientSession:  # one connection per client, like one counter PC each
        return aiohttp.ClientSession(base_url, headers=auth, timeout=client_timeout,
                                     connector=aiohttp.TCPConnector(limit=1))

    async with session() as http:
        # One dossier per client, opened one at a time (concurrent openings race for receipt numbers).
        dossiers = []
        for _ in range(clients):
            async with http.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}) as r:
                dossiers.append((await r.json())["id"])

    t0 = time.monotonic()
    if closed:
        results = [Upload(n) for n in range(args.uploads)]
        todo: asyncio.Queue[Upload] = asyncio.Queue()
        for item in results:
            todo.put_nowait(item)

        async def client(dossier_id: int) -> None:
            async with session() as http:
                while not todo.empty():
                    item = todo.get_nowait()
                    await post(http, dossier_id, item, pool[item.n % len(pool)])

        await asyncio.gather(*(client(d) for d in dossiers))
        return results, time.monotonic() - t0

    rng = random.Random(args.seed)
    sessions = [session() for _ in range(clients)]
    results, tasks = [], []
    try:
        t0 = due = time.monotonic()
        while True:
            due += rng.expovariate(args.counters / args.every)
            if due - t0 > args.duration:
                break
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            item, counter = Upload(len(results)), rng.randrange(clients)
            results.append(item)
            tasks.append(asyncio.create_task(post(sessions[counter], dossiers[counter], item,
                                                  pool[item.n % len(pool)])))
        await asyncio.gather(*tasks)
    finally:
        for http in sessions:
            await http.close()
    return results, time.monotonic() - t0


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


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time these processes have used so far (those still running)."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]


def timed_uploads(stack: Stack, token: str, pool: list[bytes], args: argparse.Namespace,
                  ) -> tuple[list[Upload], float]:
    """Every upload of the run into `stack`, and the seconds they took."""
    return asyncio.run(upload_all(f"http://127.0.0.1:{stack.port}", token, pool, args))


def accept_baseline(args: argparse.Namespace, pool: list[bytes]) -> dict:
    """The same uploads into the same stack with no worker running: what the API alone can do on this
    machine, against which the run with OCR on the same cores is read."""
    workdir = Path(tempfile.mkdtemp(prefix="sohoa-bench-base-"))
    stack = Stack(workdir, args.postgres, 0, args.worker_nice, args.api_workers, args.proxy)
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
    parser.add_argument("--counters", type=int, default=400, help="paced: counters uploading")
    parser.add_argument("--every", type=float, default=80.0, help="paced: mean seconds between a counter's uploads")
    parser.add_argument("--duration", type=float, default=120.0, help="paced: seconds of uploads")
    parser.add_argument("--seed", type=int, default=1, help="paced: the random schedule's seed")
    parser.add_argument("--closed-loop", type=int, default=0, metavar="C",
                        help="instead: C clients re-uploading as soon as answered, --uploads in all")
    parser.add_argument("--uploads", type=int, default=500, help="closed loop: uploads in all")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pool", type=int, default=12, help="distinct pages to generate")
    parser.add_argument("--api-workers", type=int, default=2, help="API processes (sohoa serve --workers)")
    parser.add_argument("--worker-nice", type=int, default=Settings().worker_nice, help="SOHOA_WORKER_NICE")
    parser.add_argument("--proxy", action=argparse.BooleanOptionalAction, default=shutil.which("nginx") is not None,
                        help="clients connect through nginx with deploy/nginx.conf (default: when installed)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per upload request")
    parser.add_argument("--drain-timeout", type=float, default=3600)
    parser.add_argument("--postgres", default=os.environ.get("SOHOA_TEST_DATABASE_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--baseline", action="store_true",
                        help="first the same uploads into a stack with no worker running (what the API alone does)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    print(f"generating {args.pool} distinct office scans …", file=sys.stderr)
    pool = page_pool(args.pool)
    baseline = None
    if args.baseline:
        print(f"baseline: {describe(args)}, no worker …", file=sys.stderr)
        baseline = accept_baseline(args, pool)
    workdir = Path(tempfile.mkdtemp(prefix="sohoa-bench-"))
    stack = Stack(workdir, args.postgres, args.workers, args.worker_nice, args.api_workers, args.proxy)
    memory = Memory()
    try:
        settings = stack.start()
        token = clerk_token(settings)
        watcher = memory.watch([w.pid for w in stack.workers])
        print(f"{describe(args)}, {args.workers} workers …", file=sys.stderr)
        api = [stack.procs[0].pid, *descendants(stack.procs[0].pid)]
        api_cpu, load_before = cpu_seconds(api), os.getloadavg()[0]
        results, upload_wall = timed_uploads(stack, token, pool, args)
        api_cpu, load_after = cpu_seconds(api) - api_cpu, os.getloadavg()[0]
        accepted = [r for r in results if r.status == 202]
        ids = sorted({r.attachment_id for r in accepted if r.attachment_id is not None})
        engine = create_engine(settings.database_url)
        drained, counts = wait_drained(engine, ids, time.monotonic() + args.drain_timeout)
        drain = upload_wall + drained if drained is not None else None
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
            "load": describe(args), "uploads": len(results), "workers": args.workers,
            "worker_nice": args.worker_nice, "api_workers": args.api_workers, "proxy": "nginx" if args.proxy else None,
            "cores": os.cpu_count(), "load_average_1min": [round(load_before, 1), round(load_after, 1)],
            "api_cpu_ms_per_upload": round(1000 * api_cpu / max(len(results), 1), 1),
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


def describe(args: argparse.Namespace) -> str:
    if args.closed_loop:
        return f"closed loop, {args.closed_loop} clients"
    return (f"paced, {args.counters} counters each uploading every {args.every:g} s on average (Poisson, "
            f"{args.counters / args.every:.2f}/s) for {args.duration:g} s")


def report(f: dict, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(f, indent=2, ensure_ascii=False))
        return
    ratio = f["drain_over_needed"]
    lines = [
        f"{f['load']}: {f['uploads']} uploads; {f['workers']} workers (nice {f['worker_nice']}), "
        f"{f['api_workers']} API processes, {'behind ' + f['proxy'] if f['proxy'] else 'no proxy'}, "
        f"{f['cores']} cores",
        f"accepted {f['accepted']}  rejected {f['rejected']}  errors {f['errors']}  lost {f['lost']}  "
        f"originals missing {f['originals_missing']}",
        f"done {f['done']}  failed {f['failed']}  rows {f['rows']}  duplicated shas {f['duplicated_shas']}  "
        f"'duplicate' answers {f['duplicate_answers']}",
        f"upload latency p50 {f['accept_p50_ms']} ms  p95 {f['accept_p95_ms']} ms  max {f['accept_max_ms']} ms  "
        f"(upload phase {f['upload_phase_s']} s, {f['uploads_per_s']} uploads/s; API processes "
        f"{f['api_cpu_ms_per_upload']} ms of CPU an upload; load average {f['load_average_1min'][0]} → "
        f"{f['load_average_1min'][1]})",
        *([f"baseline, same uploads with no worker running: accepted {b['accepted']}, p50 {b['accept_p50_ms']} ms  "
           f"p95 {b['accept_p95_ms']} ms  ({b['uploads_per_s']} uploads/s)"]
          if (b := f["baseline_no_workers"]) else []),
        f"drain {f['drain_s']} s  vs  processing the pages need {f['ocr_time_needed_s']} s "
        f"(mean {f['processing_s_per_attachment_mean']} s per attachment / {f['workers']} workers)  ratio {ratio}",
        f"peak memory (VmHWM, MiB): {f['peak_memory_mib']}",
        "targets: " + ", ".join([
            f"0 lost {'met' if f['lost'] == 0 else 'NOT met'}",
            f"0 duplicated {'met' if f['duplicated_shas'] == 0 else 'NOT met'}",
            f"p95 upload <= 300 ms {'met' if f['accept_p95_ms'] <= 300 else 'NOT met'}",
            f"drain within 10 % {'met' if ratio is not None and ratio <= 1.10 else 'NOT met'}",
        ]),
    ]
    if f["sample_errors"]:
        lines.append(f"sample errors: {f['sample_errors']}")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
