"""The migration of a dossier's life at the counter: verdicts stored before it get a state that claims no
more than they show; a removed file's bytes may come back; downgrading gives the old constraint back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import MetaData, Table, inspect, select, text
from sqlalchemy.exc import IntegrityError

from core.settings import Settings
from storage.db import make_engine
from tests.storage.migrations import migrate, revision_doing


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_states_are_backfilled_and_a_removed_files_bytes_may_return(backend, tmp_path, request):
    url = f"sqlite:///{tmp_path}/m.db" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    engine = make_engine(Settings(database_url=url).database_url)
    _, before = revision_doing("a dossier's life at the counter")

    def to(revision: str, down: bool = False) -> None:
        migrate(engine, revision, down)

    to(before)
    common = {"unit_code": "000.17.22.H56", "procedure_code": "1.001193", "channel": 1, "status": "received",
              "source": "upload", "components_digitized": False, "result_paper": True, "result_digitized": False,
              "received_at": datetime(2026, 1, 5, 8, tzinfo=UTC), "received_on": date(2026, 1, 5)}
    with engine.begin() as conn:
        dossiers = Table("dossiers", MetaData(), autoload_with=conn)
        conn.execute(dossiers.insert(), [
            {**common, "id": 1, "receipt_code": "R-1", "verdict": {"complete": False}},
            {**common, "id": 2, "receipt_code": "R-2", "verdict": {"complete": True}},
            {**common, "id": 3, "receipt_code": "R-3", "verdict": {"complete": True}},
            {**common, "id": 4, "receipt_code": "R-4", "verdict": None}])
        files = Table("attachments", MetaData(), autoload_with=conn)
        file = {"filename": "a.pdf", "sha256": "a" * 64, "size": 1, "media_type": "application/pdf",
                "object_key": "k/a", "attempts": 0}
        conn.execute(files.insert(), [{**file, "dossier_id": 2, "status": "done"},
                                      {**file, "dossier_id": 3, "status": "queued"}])
    to("head")
    with engine.begin() as conn:
        states = dict(conn.execute(text("SELECT id, verdict_state FROM dossiers")).all())
        assert states == {1: "incomplete", 2: "needs_review", 3: "processing", 4: None}
        files = Table("attachments", MetaData(), autoload_with=conn)
        assert conn.execute(select(files.c.role)).scalars().all() == ["component", "component"]
        conn.execute(text("UPDATE attachments SET removed_at = CURRENT_TIMESTAMP WHERE dossier_id = 2"))
        conn.execute(files.insert(), {**file, "dossier_id": 2, "status": "queued"})  # the same bytes again
    with pytest.raises(IntegrityError), engine.begin() as conn:  # twice among the files it holds: refused
        conn.execute(files.insert(), {**file, "dossier_id": 2, "status": "queued"})
    assert "ix_dossiers_verdict_state" in {i["name"] for i in inspect(engine).get_indexes("dossiers")}
    to(before, down=True)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM attachments WHERE dossier_id = 2")).scalar() == 1
    assert "verdict_state" not in {c["name"] for c in inspect(engine).get_columns("dossiers")}
    assert "uq_attachments_dossier_sha" in {u["name"] for u in inspect(engine).get_unique_constraints("attachments")}
    engine.dispose()
