"""The README's sample report: a synthetic register over the seed unit tree, imported and reported with `sohoa`.

    .venv/bin/python benchmarks/sample_report.py     # writes docs/report-sample.png, prints text and JSON
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reports.conftest import csv_bytes  # noqa: E402  (the tests' CSV writer)

UNITS = {"000.00.14.H56": 0.25, "000.17.22.H56": 0.35, "000.17.23.H56": 0.25, "000.18.31.H56": 0.15}
DIGITIZED = {"000.00.14.H56": 0.9, "000.17.22.H56": 0.75, "000.17.23.H56": 0.6, "000.18.31.H56": 0.4}


def register(rows: int = 3884, seed: int = 2025) -> bytes:
    rnd = random.Random(seed)
    out = []
    for n in range(rows):
        unit = rnd.choices(list(UNITS), list(UNITS.values()))[0]
        received = datetime(2025, 6, 20, 8) + timedelta(days=rnd.randrange(100), minutes=rnd.randrange(540))
        days = rnd.randint(2, 10)
        due = received + timedelta(days=days)
        finished = received + timedelta(days=rnd.randint(0, days + (1 if rnd.random() < 0.05 else 0)))
        done = finished < datetime(2025, 10, 1) and rnd.random() < 0.97
        paper = rnd.random() < 0.7
        out.append([f"{unit}-{received:%y%m%d}-{n:04d}", rnd.choice(["1.001193", "1.000894", "2.000815"]), unit,
                    rnd.choices((1, 2, 3), (50, 45, 5))[0], received.strftime("%d/%m/%Y %H:%M"),
                    due.strftime("%d/%m/%Y"), finished.strftime("%d/%m/%Y %H:%M") if done else "",
                    int(rnd.random() < DIGITIZED[unit]), int(paper), int(paper and rnd.random() < 0.8)])
    return csv_bytes(out)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SOHOA_DATABASE_URL")}
        env["SOHOA_DATA_DIR"] = tmp
        path = Path(tmp) / "register.csv"
        path.write_bytes(register())

        def sohoa(*args: str) -> str:
            return subprocess.run([sys.executable, "-m", "sohoa.cli", *args], env=env, cwd=ROOT, check=True,
                                  capture_output=True, text=True).stdout

        print(sohoa("import-register", str(path)))
        period = ["--unit", "000.00.00.H56", "--from", "2025-07-01", "--to", "2025-09-30"]
        print(sohoa("report", *period, "--chart", str(ROOT / "docs" / "report-sample.png")))
        report = json.loads(sohoa("report", *period, "--json"))
        print(json.dumps({k: report[k] for k in ("unit", "from", "to", "subtree")}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
