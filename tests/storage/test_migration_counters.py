"""The migration that brings receipt counters also gives tokens made before it an expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import inspect, text

from storage.db import make_engine
from tests.storage.migrations import revision_doing, run


def test_older_tokens_get_the_default_lifetime_and_counters_come_and_go(tmp_path):
    revision, before = revision_doing("receipt numbers from a counter")
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    run(engine, command.upgrade, before)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, username, full_name, role, unit_code, active) "
                          "VALUES (1, 'can-bo', '', 'clerk', '000.17.22.H56', 1)"))
        conn.execute(text("INSERT INTO api_tokens (user_id, token_hash, label, expires_at, revoked) "
                          "VALUES (1, 'a', '', NULL, 0), (1, 'b', '', '2030-01-01 00:00:00', 0)"))
    run(engine, command.upgrade, revision)
    with engine.connect() as conn:
        expiries = dict(conn.execute(text("SELECT token_hash, expires_at FROM api_tokens")).all())
    dated = datetime.fromisoformat(str(expiries["a"])).replace(tzinfo=UTC)
    assert abs(dated - (datetime.now(UTC) + timedelta(days=90))) < timedelta(minutes=5)
    assert str(expiries["b"]).startswith("2030-01-01")  # a token that had an expiry keeps it
    assert "receipt_counters" in inspect(engine).get_table_names()
    run(engine, command.downgrade, before)
    assert "receipt_counters" not in inspect(engine).get_table_names()
