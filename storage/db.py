"""Engine and sessions; schema is created and upgraded by Alembic, never by create_all."""

from __future__ import annotations

import fcntl
import select
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str, *, pooled: bool = True, connect_timeout: int | None = None,
                statement_timeout: float | None = None) -> Engine:
    """pooled=False suits forked RQ work horses: no connection may cross a fork. The timeouts (seconds) are
    PostgreSQL's: a server that does not answer, or a statement that runs on, fails instead of waiting."""
    kwargs: dict = {} if pooled else {"poolclass": NullPool}
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
    elif pooled:
        event.listen(engine, "checkout", _replace_if_closed)
    return engine


def _replace_if_closed(dbapi_conn, _record, _proxy) -> None:
    """A pooled connection the server has closed (a restart, a terminated backend) is replaced when checked
    out. The server says goodbye (a FATAL message, then the end of the stream), which leaves the idle socket
    readable: a poll that does not wait finds it, without the round trip of SQLAlchemy's pre-ping, which
    every request paid (on the counter's path, one statement in eight)."""
    try:
        fileno = dbapi_conn.pgconn.socket  # psycopg: raises once it knows the connection is bad
    except AttributeError:  # another driver: nothing to look at
        return
    except Exception as exc:
        raise DisconnectionError(str(exc)) from exc
    poll = select.poll()
    poll.register(fileno, select.POLLIN | select.POLLERR | select.POLLHUP)
    if poll.poll(0):
        raise DisconnectionError("the server closed this connection")


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
