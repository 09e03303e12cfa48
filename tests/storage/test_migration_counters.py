"""The migration that brings receipt counters also gives tokens made before it an expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from storage.db import MIGRATIONS, make_engine


def run(engine, action, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        action(cfg, revision)


def test_older_tokens_get_the_default_lifetime_and_counters_come_and_go(tmp_path):
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # Found by what it does: the coordinator may renumber it.
    (this,) = [r for r in ScriptDirectory.from_config(cfg).walk_revisions()
               if (r.doc or "").startswith("receipt numbers from a counter")]
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    run(engine, command.upgrade, this.down_revision)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, username, full_name, role, unit_code, active) "
                          "VALUES (1, 'can-bo', '', 'clerk', '000.17.22.H56', 1)"))
        conn.execute(text("INSERT INTO api_tokens (user_id, token_hash, label, expires_at, revoked) "
                          "VALUES (1, 'a', '', NULL, 0), (1, 'b', '', '2030-01-01 00:00:00', 0)"))
    run(engine, command.upgrade, this.revision)
    with engine.connect() as conn:
        expiries = dict(conn.execute(text("SELECT token_hash, expires_at FROM api_tokens")).all())
    dated = datetime.fromisoformat(str(expiries["a"])).replace(tzinfo=UTC)
    assert abs(dated - (datetime.now(UTC) + timedelta(days=90))) < timedelta(minutes=5)
    assert str(expiries["b"]).startswith("2030-01-01")  # a token that had an expiry keeps it
    assert "receipt_counters" in inspect(engine).get_table_names()
    run(engine, command.downgrade, this.down_revision)
    assert "receipt_counters" not in inspect(engine).get_table_names()
