"""Register import and report latency at province scale, on PostgreSQL and SQLite.

    .venv/bin/python benchmarks/report_bench.py                 # 1,000,000 dossiers, ~500 units, 12 months
    .venv/bin/python benchmarks/report_bench.py --rows 50000    # a quick run

Generates a synthetic register (CSV, streamed to a temporary folder) over a dated unit tree in which the
districts are abolished mid-year, imports it with `sohoa`'s importer into a fresh PostgreSQL database (named
by --pg, default $SOHOA_TEST_DATABASE_URL) and a fresh SQLite file, and times the province-wide report with
its per-unit breakdown. Prints rows/s, peak RSS and report latencies; targets are printed next to them.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.settings import Settings
from ingest.register import import_register
from reports import digitization_report
from sohoa.services import build
from storage.seed import read_units, upsert_units

PROVINCE = "000.00.00.H99"
YEAR = 2025
REFORM = date(2025, 7, 1)  # districts abolished: communes move under the province


def peak_rss_mb() -> float:
    """VmHWM: the process's resident-memory high-water mark."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def backend_cpu_s(database: str) -> float:
    """CPU seconds used so far by the PostgreSQL server processes serving `database` (same machine only)."""
    total = 0.0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if f" {database} " not in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
        except OSError:
            continue
    return total


def write_units(path: Path, units: int) -> list[tuple[str, bool]]:
    """~`units` unit codes: province, departments, districts (until 2025-06-30), communes (moved in July).

    Returns (code, exists all year) for the units that receive dossiers."""
    departments, districts = 12, 40
    communes = max(units - 1 - departments - districts, districts)
    rows = [(PROVINCE, "Tỉnh Thử Nghiệm", "tinh", "", "", "")]
    receivers = [(PROVINCE, True)]
    for i in range(1, departments + 1):
        code = f"000.00.{i:02d}.H99"
        rows.append((code, f"Sở số {i}", "so", PROVINCE, "", ""))
        receivers.append((code, True))
    for d in range(districts):
        code = f"000.{d + 20:02d}.00.H99"
        rows.append((code, f"Huyện số {d + 1}", "huyen", PROVINCE, "", "2025-06-30"))
        receivers.append((code, False))
    for c in range(communes):
        district = f"000.{c % districts + 20:02d}.00.H99"
        code = f"000.{c % districts + 20:02d}.{c // districts + 1:02d}.H99"
        rows.append((code, f"Xã số {c + 1}", "xa", district, "", "2025-06-30"))
        rows.append((code, f"Xã số {c + 1} (mới)", "xa", PROVINCE, REFORM.isoformat(), ""))
        receivers.append((code, True))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ma_don_vi", "ten", "cap", "ma_don_vi_cha", "hieu_luc_tu", "hieu_luc_den"])
        writer.writerows(rows)
    return receivers


def write_register(path: Path, rows: int, receivers: list[tuple[str, bool]], seed: int = 766) -> None:
    """One dossier per row, received over the year; written as it is generated (flat memory)."""
    rnd = random.Random(seed)
    all_year = [code for code, whole in receivers if whole]
    first_half = [code for code, whole in receivers if not whole]
    start = datetime(YEAR, 1, 1, 7, 30)
    procedures = ["1.001193", "1.000894", "1.004222", "2.000815", "1.003005", "2.001023"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ma_ho_so", "ma_tthc", "ma_don_vi", "kenh", "ngay_tiep_nhan", "ngay_hen_tra",
                         "ngay_ket_thuc", "so_hoa_thanh_phan", "ket_qua_giay", "so_hoa_ket_qua"])
        for n in range(rows):
            received = start + timedelta(days=rnd.randrange(365), minutes=rnd.randrange(10 * 60))  # office hours
            early = received.date() < REFORM and rnd.random() < 0.05
            unit = rnd.choice(first_half) if early else rnd.choice(all_year)
            due = received + timedelta(days=rnd.randint(1, 15))
            finished = received + timedelta(days=rnd.randint(0, 18), hours=rnd.randint(0, 8))
            done = finished.year == YEAR and rnd.random() < 0.97
            paper = rnd.random() < 0.8
            # Half ISO, half the one-stop software's dd/mm/yyyy HH:MM.
            fmt = "%Y-%m-%d %H:%M" if n % 2 else "%d/%m/%Y %H:%M"
            writer.writerow([
                f"{unit}-{received:%y%m%d}-{n:07d}", rnd.choice(procedures), unit,
                rnd.choices((1, 2, 3), (55, 40, 5))[0],
                received.strftime(fmt), due.strftime("%Y-%m-%d"), finished.strftime(fmt) if done else "",
                int(rnd.random() < 0.75), int(paper), int(paper and done and rnd.random() < 0.6),
            ])


def run(label: str, database_url: str, data_dir: Path, units_csv: Path, register: Path, rows: int,
        reimport: bool) -> dict:
    services = build(Settings(data_dir=data_dir, database_url=database_url))
    with services.sessions() as session:
        upsert_units(session, read_units(units_csv))
        session.commit()
    rss_before = peak_rss_mb()
    database = services.engine.url.database or ""
    t0, cpu0, db0, load0 = time.perf_counter(), time.process_time(), backend_cpu_s(database), os.getloadavg()[0]
    with register.open("rb") as fh:
        result = import_register(services.engine, fh)
    seconds = time.perf_counter() - t0
    out = {"db": label, "rows": rows, "imported": result.imported, "import_s": seconds,
           "rows_per_s": rows / seconds, "peak_rss_before_mb": rss_before, "peak_rss_after_mb": peak_rss_mb(),
           # The machine is shared: CPU seconds say what the import costs whatever else runs beside it.
           "python_cpu_s": time.process_time() - cpu0, "load": (load0 + os.getloadavg()[0]) / 2}
    if label == "postgresql":
        out["server_cpu_s"] = backend_cpu_s(database) - db0
    if services.engine.dialect.name == "postgresql":
        with services.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE dossiers"))  # what autovacuum does shortly after a bulk load
    if reimport:
        t0 = time.perf_counter()
        with register.open("rb") as fh:
            again = import_register(services.engine, fh)
        out["reimport_s"] = time.perf_counter() - t0
        out["reimport_unchanged"] = again.unchanged
    for name, start, end in (("year", date(YEAR, 1, 1), date(YEAR, 12, 31)),
                             ("month", date(YEAR, 9, 1), date(YEAR, 9, 30)),
                             ("h1_old_tree", date(YEAR, 1, 1), date(YEAR, 6, 30))):
        timings = []
        for _ in range(6):
            t0 = time.perf_counter()
            with services.sessions() as session:
                report = digitization_report(session, PROVINCE, start, end)
            timings.append(time.perf_counter() - t0)
        out[f"report_{name}_cold_s"] = timings[0]
        out[f"report_{name}_warm_s"] = statistics.median(timings[1:])
        out[f"report_{name}_children"] = len(report["children"])
        out[f"report_{name}_received"] = report["subtree"]["received"]["total"]
    services.engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--pg", default=os.environ.get("SOHOA_TEST_DATABASE_URL",
                                                       "postgresql://sohoa:sohoa@127.0.0.1:5432/postgres"),
                        help="a PostgreSQL URL whose role may create databases")
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--reimport", action="store_true", help="also time re-importing the same register")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        receivers = write_units(work / "units.csv", args.units)
        write_register(work / "register.csv", args.rows, receivers)
        size = (work / "register.csv").stat().st_size / 1e6
        print(f"register: {args.rows:,} rows, {len(receivers)} units, {size:.0f} MB, "
              f"generated in {time.perf_counter() - t0:.1f} s", flush=True)
        results = []
        if args.only in (None, "postgresql"):
            admin = create_engine(Settings(database_url=args.pg).database_url, isolation_level="AUTOCOMMIT")
            name = f"sohoa_bench_{uuid.uuid4().hex[:8]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = admin.url.set(database=name).render_as_string(hide_password=False)
                results.append(run("postgresql", url, work / "pg", work / "units.csv", work / "register.csv",
                                   args.rows, args.reimport))
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
        if args.only in (None, "sqlite"):
            results.append(run("sqlite", f"sqlite:///{work / 'bench.db'}", work / "sqlite", work / "units.csv",
                               work / "register.csv", args.rows, args.reimport))
    for r in results:
        target_report = 1.0 if r["db"] == "postgresql" else 3.0
        print(f"\n[{r['db']}] import {r['imported']:,}/{r['rows']:,} rows in {r['import_s']:.1f} s = "
              f"{r['rows_per_s']:,.0f} rows/s" + ("  (target ≥ 20,000)" if r["db"] == "postgresql" else ""))
        cpu = f"python {r['python_cpu_s']:.1f} s"
        if "server_cpu_s" in r:
            cpu += f", server {r['server_cpu_s']:.1f} s"
        busiest = max(r["python_cpu_s"], r.get("server_cpu_s", 0.0))
        print(f"  CPU time: {cpu} -> {r['rows'] / busiest:,.0f} rows/s if each had a core to itself "
              f"(load average during the import: {r['load']:.1f} on {os.cpu_count()} cores)")
        print(f"  peak RSS {r['peak_rss_before_mb']:.0f} MB before import, {r['peak_rss_after_mb']:.0f} MB after")
        if "reimport_s" in r:
            print(f"  re-import {r['reimport_s']:.1f} s, {r['reimport_unchanged']:,} rows unchanged")
        for name in ("year", "month", "h1_old_tree"):
            print(f"  report {name:<12} (province, {r[f'report_{name}_children']} children, "
                  f"{r[f'report_{name}_received']:,} received): cold {r[f'report_{name}_cold_s']:.3f} s, "
                  f"warm median {r[f'report_{name}_warm_s']:.3f} s  (target ≤ {target_report:.0f} s)")


if __name__ == "__main__":
    main()
