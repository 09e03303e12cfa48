"""Counter latency: a 3-paper office-scan dossier uploaded through the HTTP API, 2 RQ workers running —
how long until the full verdict (OCR, fields, completeness) is stored.

    .venv/bin/python benchmarks/latency_bench.py [--dossiers 20] [--dev-set ../shared/dev-set]

Starts the same stack as benchmarks/load_bench.py (its `Stack`): its own redis-server, a scratch PostgreSQL
database on 127.0.0.1:5432 (user postgres, trust auth; dropped at the end), the API (`sohoa serve`, one
process) and 2 workers (`sohoa worker`), with the object store in a temporary folder. Dossiers are procedure
1.001193 (tờ khai khai sinh, giấy chứng sinh, CCCD) from the project's generator, as office scans, uploaded
one dossier at a time; with --dev-set DIR, the dossiers of that independent set instead (its
`dossiers.jsonl`, each dossier's files as they are, cycled to --dossiers). Latency = from sending the upload
to the moment GET /dossiers/{id} shows every paper done and a verdict (polled every 100 ms, like a counter
page but faster, so the poll itself costs the API little).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADMIN_URL = os.environ.get("SOHOA_BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def main() -> None:
    import httpx
    from load_bench import UNIT, Stack, clerk_token

    from core.settings import Settings
    from tests.synth import dossier_files, make_dossier

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dev-set", type=Path, help="dossiers of an independent set (dossiers.jsonl + files)")
    args = parser.parse_args()
    source = dev_set_dossiers(args.dev_set) if args.dev_set else None
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    tmp = Path(tempfile.mkdtemp(prefix="sohoa-latency-"))
    stack = Stack(tmp, ADMIN_URL, args.workers, Settings().worker_nice, api_workers=1)
    try:
        settings = stack.start()
        time.sleep(3)  # workers connected and idle
        token = clerk_token(settings)
        base = f"http://127.0.0.1:{stack.api_port}"
        client = httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"})
        load_at_start = os.getloadavg()[0]
        latencies, uploads, verdicts, pages = [], [], [], []
        for i in range(args.dossiers):
            if source:
                procedure, files = source[i % len(source)]
            else:
                procedure, files = "1.001193", dossier_files(make_dossier("1.001193", 500 + i), "office")
            opened = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": procedure})
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
            pages.append(sum(a.get("pages") or 0 for a in body["attachments"]))
            print(f"dossier {i + 1:2d}: {len(files)} files, {pages[-1]} pages, upload {uploads[-1]:.2f} s, verdict "
                  f"stored after {latencies[-1]:.2f} s, complete={verdicts[-1]}", file=sys.stderr)
            if not verdicts[-1] and not source:  # every generated dossier is complete: say what held against it
                v = body["verdict"]
                print(f"  missing {v.get('missing')}, inconsistencies {v.get('inconsistencies')}, states {states}, "
                      f"types {[a['doc_type'] for a in body['attachments']]}", file=sys.stderr)
        ordered = sorted(latencies)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        what = f"from {args.dev_set}" if source else "× 3 office scans from the project's generator"
        print(f"dossiers: {len(latencies)} {what} ({sum(pages)} pages), {args.workers} workers, "
              f"load average {load_at_start:.2f} at start, {os.getloadavg()[0]:.2f} at end ({os.cpu_count()} cores)")
        print(f"upload response: median {statistics.median(uploads):.2f} s (includes the scan-quality check)")
        print(f"verdict stored after upload: median {statistics.median(latencies):.2f} s, p95 {p95:.2f} s, "
              f"max {ordered[-1]:.2f} s (target p95 ≤ 5 s)")
        print(f"verdicts complete: {sum(verdicts)}/{len(verdicts)}")
    finally:
        stack.stop()
        shutil.rmtree(tmp, ignore_errors=True)


CODES = {"birth_registration": "1.001193", "marriage_registration": "1.000894", "permanent_residence": "1.004222"}


def dev_set_dossiers(folder: Path) -> list[tuple[str, dict[str, bytes]]]:
    """(procedure code, file name -> bytes) for every dossier of an independent set, files as they are."""
    import json

    out = []
    for line in (folder / "dossiers.jsonl").read_text(encoding="utf-8").splitlines():
        dossier = json.loads(line)
        files = {Path(f).name: (folder / f).read_bytes() for f in dossier["files"]}
        out.append((CODES.get(dossier["procedure"], dossier["procedure"]), files))
    return out


if __name__ == "__main__":
    main()
