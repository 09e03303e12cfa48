"""Batched upserts of register rows into `dossiers`, on the caller's transaction.

PostgreSQL: COPY into a temporary table, then one INSERT … ON CONFLICT per batch (psycopg 3; the fastest
path the server offers). SQLite: executemany of the same upsert. Both skip rows that would not change.
A register row that matches a dossier opened here by upload keeps it an upload: its components and its
result stay digitized if this system digitized them, whatever the register says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Connection


class Record(NamedTuple):
    line: int
    receipt_code: str
    unit_code: str
    procedure_code: str
    channel: int
    received: datetime  # Vietnam wall-clock times, naive
    due: datetime | None
    finished: datetime | None
    components_digitized: bool
    result_paper: bool
    result_digitized: bool
    reused: bool


COLUMNS = ("receipt_code", "unit_code", "procedure_code", "channel", "received_at", "due_at", "finished_at",
           "received_on", "due_on", "finished_on", "status", "source", "components_digitized", "result_paper",
           "result_digitized", "reused")
UPDATED = [c for c in COLUMNS if c not in ("receipt_code", "source")]
# What this system did to a dossier it opened outlives the register's word: what it digitized, its reuse.
KEPT = {c: f"excluded.{c} OR (dossiers.source = 'upload' AND dossiers.{c})"
        for c in ("components_digitized", "result_digitized", "reused")}


def _upsert(source: str, differs: str) -> str:
    values = {c: KEPT.get(c, f"excluded.{c}") for c in UPDATED}
    changed = " OR ".join(f"dossiers.{c} {differs} {v}" for c, v in values.items())
    return (f"INSERT INTO dossiers ({', '.join(COLUMNS)}) {source} ON CONFLICT (receipt_code) DO UPDATE SET "
            + ", ".join(f"{c} = {v}" for c, v in values.items()) + f" WHERE {changed}")


def writer_for(conn: Connection) -> Callable[[list[Record]], int]:
    """A function that writes one batch and returns how many dossiers it inserted or changed."""
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        return _postgres(raw)
    if conn.dialect.name == "sqlite":
        return _sqlite(raw)
    raise NotImplementedError(conn.dialect.name)


# --- PostgreSQL --------------------------------------------------------------------------------------------

NULL = "\\N"


def _pg_line(r: Record) -> str:
    """One line of COPY text format; times go in with Vietnam's offset and the server stores UTC.

    str(datetime) is 'YYYY-MM-DD HH:MM:SS' and its first ten characters are the Vietnam day: slicing is the
    cheapest way to both (this runs a million times per register).
    """
    received = str(r.received)
    due = str(r.due) if r.due else None
    finished = str(r.finished) if r.finished else None
    # The parser refuses control characters in codes, so only a backslash can need escaping (rare).
    codes = f"{r.receipt_code}\t{r.unit_code}\t{r.procedure_code}"
    if "\\" in codes:
        codes = codes.replace("\\", "\\\\")
    return "\t".join((
        str(r.line), codes, str(r.channel), received + "+07",
        due + "+07" if due else NULL, finished + "+07" if finished else NULL,
        received[:10], due[:10] if due else NULL, finished[:10] if finished else NULL,
        "finished" if finished else "received", "register",
        "t" if r.components_digitized else "f", "t" if r.result_paper else "f", "t" if r.result_digitized else "f",
        "t" if r.reused else "f",
    )) + "\n"


def _postgres(raw) -> Callable[[list[Record]], int]:
    with raw.cursor() as cur:
        cur.execute("CREATE TEMP TABLE register_stage ON COMMIT DROP AS "
                    f"SELECT 0 AS line, {', '.join(COLUMNS)} FROM dossiers WITH NO DATA")
    # The last row of a batch wins for a code listed twice (ON CONFLICT may not touch a row twice).
    merge = _upsert(f"SELECT DISTINCT ON (receipt_code) {', '.join(COLUMNS)} FROM register_stage "
                    "ORDER BY receipt_code, line DESC", "IS DISTINCT FROM")

    def write(batch: list[Record]) -> int:
        with raw.cursor() as cur:
            with cur.copy(f"COPY register_stage (line, {', '.join(COLUMNS)}) FROM STDIN") as copy:
                copy.write("".join(map(_pg_line, batch)))
            cur.execute(merge)
            affected = cur.rowcount
            cur.execute("TRUNCATE register_stage")
        return affected

    return write


# --- SQLite ------------------------------------------------------------------------------------------------

_UTC = timedelta(hours=7)


def _sqlite_time(moment: datetime | None) -> str | None:
    # SQLAlchemy's SQLite DateTime format, in UTC like every other instant this system stores.
    return None if moment is None else (moment - _UTC).isoformat(" ", "microseconds")


def _sqlite_row(r: Record) -> tuple:
    return (r.receipt_code, r.unit_code, r.procedure_code, r.channel, _sqlite_time(r.received),
            _sqlite_time(r.due), _sqlite_time(r.finished), r.received.date().isoformat(),
            r.due.date().isoformat() if r.due else None, r.finished.date().isoformat() if r.finished else None,
            "finished" if r.finished else "received", "register", int(r.components_digitized),
            int(r.result_paper), int(r.result_digitized), int(r.reused))


def _sqlite(raw) -> Callable[[list[Record]], int]:
    statement = _upsert(f"VALUES ({', '.join('?' * len(COLUMNS))})", "IS NOT")

    def write(batch: list[Record]) -> int:
        cur = raw.cursor()
        before = raw.total_changes
        cur.executemany(statement, map(_sqlite_row, batch))
        cur.close()
        return raw.total_changes - before

    return write
