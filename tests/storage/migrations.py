"""Running one migration in a test: found by what its docstring says it does (it may be renumbered), run on
an engine's connection."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from storage.db import MIGRATIONS


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def revision_doing(what: str) -> tuple[str, str]:
    """(revision, down_revision) of the migration whose docstring begins with `what`."""
    (this,) = [r for r in ScriptDirectory.from_config(config()).walk_revisions() if (r.doc or "").startswith(what)]
    return this.revision, this.down_revision


def run(engine, action, revision: str) -> None:
    cfg = config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        action(cfg, revision)


def migrate(engine, revision: str, down: bool = False) -> None:
    run(engine, command.downgrade if down else command.upgrade, revision)
