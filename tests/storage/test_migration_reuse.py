"""The reuse migration: the citizen-paper index, the attachment's link to its source and the dossier's 4.3 flag
come and go on SQLite and PostgreSQL; dossiers stored before it count as not reused."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial

import pytest
from sqlalchemy import MetaData, Table, inspect, select

from core.settings import Settings
from storage.db import make_engine
from tests.storage.migrations import migrate, revision_doing


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_reuse_tables_and_columns_come_and_go(backend, tmp_path, request):
    url = f"sqlite:///{tmp_path}/m.db" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    engine = make_engine(Settings(database_url=url).database_url)
    revision, before = revision_doing("reuse of digitized papers")
    to = partial(migrate, engine)

    def columns(table: str) -> set[str]:
        return {c["name"] for c in inspect(engine).get_columns(table)}

    def report_index() -> list[str]:
        (index,) = [i for i in inspect(engine).get_indexes("dossiers") if i["name"] == "ix_dossiers_report"]
        return index["column_names"]

    def attachments() -> list[str]:
        with engine.connect() as conn:
            return conn.execute(select(Table("attachments", MetaData(), autoload_with=conn).c.filename)).scalars().all()

    to(before)
    with engine.begin() as conn:
        added = conn.execute(Table("dossiers", MetaData(), autoload_with=conn).insert().values(
            receipt_code="R-1", unit_code="000.17.22.H56", procedure_code="1.001193", channel=1,
            received_at=datetime(2026, 1, 5, tzinfo=UTC), received_on=date(2026, 1, 5), status="received",
            source="upload", components_digitized=True, result_paper=True, result_digitized=False))
        conn.execute(Table("attachments", MetaData(), autoload_with=conn).insert().values(
            dossier_id=added.inserted_primary_key[0], filename="cccd.pdf", sha256="a" * 64, size=1,
            media_type="application/pdf", object_key="k/a", status="done", attempts=1))
    to(revision)
    assert "citizen_papers" in inspect(engine).get_table_names()
    assert {"id_hash", "attachment_id", "dossier_id", "unit_code", "doc_type", "fields", "valid_until"} <= columns(
        "citizen_papers")
    assert "reused_from" in columns("attachments")
    # Changing dossiers in place: a copy of the table would have taken its attachments with the old one (SQLite).
    assert attachments() == ["cccd.pdf"]
    assert report_index()[-1] == "reused"  # the report's one query stays on its covering index
    with engine.connect() as conn:
        dossiers = Table("dossiers", MetaData(), autoload_with=conn)
        assert conn.execute(select(dossiers.c.reused)).scalar_one() is False  # stored before: not reused
    to(before, down=True)
    assert "citizen_papers" not in inspect(engine).get_table_names()
    assert "reused_from" not in columns("attachments") and "reused" not in columns("dossiers")
    assert "reused" not in report_index() and attachments() == ["cccd.pdf"]
    with engine.connect() as conn:
        dossiers = Table("dossiers", MetaData(), autoload_with=conn)
        assert conn.execute(select(dossiers.c.receipt_code)).scalars().all() == ["R-1"]
    engine.dispose()
