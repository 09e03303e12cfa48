"""Engine and sessions; schema is created and upgraded by Alembic, never by create_all."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str, *, pooled: bool = True, connect_timeout: int | None = None,
                statement_timeout: float | None = None) -> Engine:
    """pooled=False suits forked RQ work horses: no connection may cross a fork. A pooled connection the
    server has closed (a restart, a terminated backend) is replaced at checkout by the pool's pre-ping. The
    timeouts (seconds) are PostgreSQL's: a server that does not answer, or a statement that runs on, fails
    instead of waiting."""
    kwargs: dict = {"pool_pre_ping": True} if pooled else {"poolclass": NullPool}
    if url.startswith("postgresql"):
        options = f"-c statement_timeout={int(statement_timeout * 1000)}" if statement_timeout else None
        kwargs["connect_args"] = {k: v for k, v in (("connect_timeout", connect_timeout), ("options", options)) if v}
        if pooled and connect_timeout:  # a request waiting for a pooled connection waits no longer than to connect
            kwargs["pool_timeout"] = connect_timeout
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        kwargs = {"poolclass": NullPool, "connect_args": {"timeout": 30}}
    # A database error never quotes the row it failed on (OCR text, names, ID numbers) in its message.
    engine = create_engine(url, hide_parameters=True, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # API and worker write the same file
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def schema_lock(engine: Engine) -> Iterator[None]:
    """Held while a process migrates and seeds: API processes and workers start together, one prepares the
    database and the others wait for it (without, two processes creating the same tables, one crashed)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SET LOCAL statement_timeout = 0"))  # waits while another process migrates
            conn.execute(text("SELECT pg_advisory_lock(7714)"))
            try:
                yield
            finally:  # a connection lost meanwhile released the lock with it
                with suppress(Exception):
                    conn.execute(text("SELECT pg_advisory_unlock(7714)"))
                    conn.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent). Call it under `schema_lock`."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL statement_timeout = 0"))  # a migration may rewrite a large table
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
