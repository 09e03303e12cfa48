"""Counter latency: a 3-paper office-scan dossier uploaded through the HTTP API, 2 RQ workers running —
how long until the full verdict (OCR, fields, completeness) is stored.

    .venv/bin/python benchmarks/latency_bench.py [--dossiers 20]

Starts its own redis-server (free loopback port, no persistence), a scratch PostgreSQL database on
127.0.0.1:5432 (user postgres, trust auth; dropped at the end), the API (`sohoa serve`) and 2 workers
(`sohoa worker`), with the object store in a temporary folder. Dossiers are procedure 1.001193 (tờ khai
khai sinh, giấy chứng sinh, CCCD) from the project's generator, as office scans, uploaded one dossier at a
time; latency = from sending the upload to the moment GET /dossiers/{id} shows every paper done and a
verdict (polled every 100 ms, like a counter page but faster, so the poll itself costs the API little).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADMIN_URL = os.environ.get("SOHOA_BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not come up in {timeout:.0f} s")


def main() -> None:
    import httpx
    import psycopg
    from redis import Redis

    from tests.synth import dossier_files, make_dossier

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="sohoa-latency-"))
    db = f"sohoa_latency_{os.getpid()}"
    procs: list[subprocess.Popen] = []
    admin = psycopg.connect(ADMIN_URL, autocommit=True)
    try:
        redis_port, api_port = free_port(), free_port()
        procs.append(subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", str(tmp)], stdout=subprocess.DEVNULL))
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        wait_until(lambda: Redis.from_url(redis_url).ping(), 10, "redis-server")
        admin.execute(f'CREATE DATABASE "{db}"')
        env = {**os.environ, "SOHOA_DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + f"/{db}",
               "SOHOA_REDIS_URL": redis_url, "SOHOA_DATA_DIR": str(tmp / "data"), "OMP_THREAD_LIMIT": "1"}
        sohoa = str(Path(sys.executable).with_name("sohoa"))
        api = subprocess.Popen([sohoa, "serve", "--port", str(api_port)], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(api)
        base = f"http://127.0.0.1:{api_port}"
        wait_until(lambda: httpx.get(f"{base}/health").status_code == 200, 60, "the API")
        for _ in range(args.workers):  # after the API: it has migrated and seeded the database
            procs.append(subprocess.Popen([sohoa, "worker"], env=env, cwd=ROOT,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(3)  # workers connected and idle

        from api.auth import create_user, issue_token
        from sohoa.services import build
        from sohoa.settings import Settings

        services = build(Settings(database_url=env["SOHOA_DATABASE_URL"], data_dir=tmp / "data"))
        with services.sessions() as session:
            token = issue_token(session, create_user(session, "bench-clerk", "clerk", "000.17.22.H56"))
        services.engine.dispose()
        client = httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"})
        load_at_start = os.getloadavg()[0]
        latencies, uploads, verdicts = [], [], []
        for i in range(args.dossiers):
            dossier = make_dossier("1.001193", 500 + i)
            files = dossier_files(dossier, "office")
            opened = client.post("/dossiers", json={"unit_code": "000.17.22.H56", "procedure_code": "1.001193"})
            opened.raise_for_status()
            dossier_id = opened.json()["id"]
            start = time.perf_counter()
            parts = [("files", (name, data, "application/octet-stream")) for name, data in files.items()]
            sent = client.post(f"/dossiers/{dossier_id}/attachments", files=parts)
            sent.raise_for_status()
            uploads.append(time.perf_counter() - start)
            while True:
                body = client.get(f"/dossiers/{dossier_id}").json()
                states = [a["status"] for a in body["attachments"]]
                if body["verdict"] is not None and states and all(s in ("done", "failed") for s in states):
                    break
                if time.perf_counter() - start > 120:
                    raise RuntimeError(f"dossier {dossier_id} not done after 120 s: {states}")
                time.sleep(0.1)
            latencies.append(time.perf_counter() - start)
            verdicts.append(bool(body["verdict"].get("complete")) and all(s == "done" for s in states))
            print(f"dossier {i + 1:2d}: upload {uploads[-1]:.2f} s, verdict stored after {latencies[-1]:.2f} s, "
                  f"complete={verdicts[-1]}", file=sys.stderr)
            if not verdicts[-1]:  # every generated dossier is complete: say what the verdict held against it
                v = body["verdict"]
                print(f"  missing {v.get('missing')}, inconsistencies {v.get('inconsistencies')}, states {states}, "
                      f"types {[a['doc_type'] for a in body['attachments']]}", file=sys.stderr)
        ordered = sorted(latencies)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        print(f"dossiers: {len(latencies)} × 3 office scans, {args.workers} workers, "
              f"load average {load_at_start:.2f} at start, {os.getloadavg()[0]:.2f} at end ({os.cpu_count()} cores)")
        print(f"upload response: median {statistics.median(uploads):.2f} s (includes the scan-quality check)")
        print(f"verdict stored after upload: median {statistics.median(latencies):.2f} s, p95 {p95:.2f} s, "
              f"max {ordered[-1]:.2f} s (target p95 ≤ 5 s)")
        print(f"verdicts complete: {sum(verdicts)}/{len(verdicts)}")
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        admin.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
