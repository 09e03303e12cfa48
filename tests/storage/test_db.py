"""Schema migrations, seed data and the dated unit tree on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import func, inspect, select, text

from sohoa.services import procedure_rows
from storage.db import make_engine, migrate, session_factory
from storage.models import Procedure, Unit
from storage.seed import seed
from storage.units import children_on, subtree_codes, unit_on
from tests.procs import wait_for


@pytest.fixture(params=["sqlite", "postgresql"])
def sessions(request, tmp_path):
    url = f"sqlite:///{tmp_path}/t.db" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    from core.settings import Settings

    engine = make_engine(Settings(database_url=url).database_url)
    migrate(engine)
    migrate(engine)  # idempotent
    assert {"units", "procedures", "dossiers", "attachments", "alembic_version"} <= set(
        inspect(engine).get_table_names()
    )
    factory = session_factory(engine)
    with factory() as session:
        seed(session, procedure_rows())
        seed(session, procedure_rows())  # idempotent
    yield factory
    engine.dispose()


def test_seed_loads_procedures_and_units_once(sessions):
    with sessions() as session:
        codes = set(session.scalars(select(Procedure.code)))
        assert {"1.001193", "1.000894", "1.004222", "2.000815"} <= codes
        birth = session.get(Procedure, "1.001193")
        assert [c["id"] for c in birth.components if c["required"]] == ["to_khai_khai_sinh", "giay_chung_sinh", "cccd"]
        assert session.scalar(select(func.count()).select_from(Unit)) == 10


def test_unit_tree_follows_validity_dates(sessions):
    with sessions() as session:
        before, after = date(2024, 6, 1), date(2025, 9, 1)
        assert unit_on(session, "000.17.22.H56", before).parent_code == "000.00.17.H56"  # under the district
        assert unit_on(session, "000.17.22.H56", after).parent_code == "000.00.00.H56"  # districts abolished
        assert unit_on(session, "000.00.17.H56", after) is None
        province_then = {u.code for u in children_on(session, "000.00.00.H56", before)}
        province_now = {u.code for u in children_on(session, "000.00.00.H56", after)}
        assert province_then == {"000.00.14.H56", "000.00.17.H56", "000.00.18.H56"}
        assert province_now == {"000.00.14.H56", "000.17.22.H56", "000.17.23.H56", "000.18.31.H56"}
        assert set(subtree_codes(session, "000.00.17.H56", before)) == {
            "000.00.17.H56",
            "000.17.22.H56",
            "000.17.23.H56",
        }


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_processes_preparing_a_fresh_database_together_all_start(backend, tmp_path, request):
    """API processes and workers start at once on an empty database: one migrates and seeds, the others
    wait for it (storage.db.schema_lock) instead of failing on tables or rows the first just created."""
    url = f"sqlite:///{tmp_path}/t.db" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    # Imports take a while and vary: each process says it is ready, then all start building together.
    code = ("import sys, time; from pathlib import Path; from sohoa.services import build; "
            "from core.settings import Settings; Path(sys.argv[2] + '.ready').touch()\n"
            "while not Path(sys.argv[3]).exists(): time.sleep(0.005)\n"
            "build(Settings(database_url=sys.argv[1], data_dir=sys.argv[2])).engine.dispose()")
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", code, url, str(tmp_path / f"data{i}"), str(go)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for i in range(4)]
    wait_for(lambda: len(list(tmp_path.glob("*.ready"))) == 4, 60, "every process to be ready")
    go.touch()
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, "\n".join(outputs)
    with session_factory(make_engine(url))() as session:
        assert session.scalar(select(func.count()).select_from(Procedure)) > 0


def test_a_pooled_connection_the_server_closed_is_replaced_at_checkout(postgres_url, postgres_admin):
    from core.settings import Settings

    engine = make_engine(Settings(database_url=postgres_url).database_url)
    backend = text("SELECT pg_backend_pid()")
    with engine.connect() as conn:
        first = conn.execute(backend).scalar()
    with engine.connect() as conn:
        assert conn.execute(backend).scalar() == first  # a live connection is reused, not replaced
    with postgres_admin.connect() as admin:  # what a restart does to it: the server ends the session
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        wait_for(lambda: not admin.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                                           {"pid": first}).scalar(), 10, "the backend to end")
    with engine.connect() as conn:  # no error: checkout found the closed socket and connected anew
        assert conn.execute(backend).scalar() != first
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_0010_moves_the_first_documents_columns_into_its_part_and_back(backend, tmp_path, request):
    """Rows written before 0010 keep what the clerk corrected (the columns), now in parts[0]; downgrading
    gives the columns back."""
    from datetime import UTC, datetime

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import MetaData, Table

    from storage.db import MIGRATIONS

    url = f"sqlite:///{tmp_path}/m.db" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    from core.settings import Settings

    engine = make_engine(Settings(database_url=url).database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))

    def to(revision: str, down: bool = False) -> None:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, revision)

    to("0009")
    with engine.begin() as conn:  # the table as 0009 left it (the model has later columns)
        added = conn.execute(Table("dossiers", MetaData(), autoload_with=conn).insert().values(
            receipt_code="R-1", unit_code="000.17.22.H56", procedure_code="1.001193", channel=1,
            received_at=datetime(2026, 1, 5, tzinfo=UTC), received_on=date(2026, 1, 5), status="received",
            source="upload", components_digitized=False, result_paper=True, result_digitized=False))
        dossier_id = added.inserted_primary_key[0]
    read = {"first_page": 1, "last_page": 1, "doc_type": "giay_chung_sinh", "doc_type_confidence": 0.7,
            "fields": {"ho_ten": {"value": "Nguyen Van A"}}, "problems": [], "evidence": {"stamp": [1]},
            "inspected": [1]}
    second = {**read, "first_page": 2, "last_page": 2, "doc_type": "cccd"}
    common = {"dossier_id": dossier_id, "size": 1, "media_type": "application/pdf", "status": "done", "attempts": 1}
    with engine.begin() as conn:
        rows = Table("attachments", MetaData(), autoload_with=conn)
        conn.execute(rows.insert(), [
            {**common, "filename": "a.pdf", "sha256": "a" * 64, "object_key": "k/a", "pages": 2,
             "doc_type": "cccd", "doc_type_confidence": 1.0, "fields": {"ho_ten": {"value": "Nguyễn Văn A"}},
             "problems": [], "parts": [read, second]},
            {**common, "filename": "old.pdf", "sha256": "b" * 64, "object_key": "k/b", "pages": 1,
             "doc_type": "cccd", "doc_type_confidence": 0.9, "fields": {}, "problems": [], "parts": None},
            {**common, "filename": "q.pdf", "sha256": "c" * 64, "object_key": "k/c", "status": "queued", "pages": None,
             "doc_type": None, "doc_type_confidence": None, "fields": None, "problems": None, "parts": None}])
    to("head")
    assert not {"doc_type", "doc_type_confidence", "fields", "problems"} & {
        c["name"] for c in inspect(engine).get_columns("attachments")}
    with engine.connect() as conn:
        rows = Table("attachments", MetaData(), autoload_with=conn)
        parts = {r.filename: r.parts for r in conn.execute(select(rows.c.filename, rows.c.parts))}
    assert parts["a.pdf"] == [{**read, "doc_type": "cccd", "doc_type_confidence": 1.0,
                               "fields": {"ho_ten": {"value": "Nguyễn Văn A"}}}, second]
    assert parts["old.pdf"] == [{"first_page": 1, "last_page": 1, "doc_type": "cccd", "doc_type_confidence": 0.9,
                                 "fields": {}, "problems": [], "evidence": {}, "inspected": []}]
    assert parts["q.pdf"] is None
    to("0009", down=True)
    with engine.connect() as conn:
        rows = Table("attachments", MetaData(), autoload_with=conn)
        back = {r.filename: r for r in conn.execute(select(rows))}
    assert back["a.pdf"].doc_type == "cccd" and back["a.pdf"].fields == {"ho_ten": {"value": "Nguyễn Văn A"}}
    assert back["old.pdf"].doc_type_confidence == 0.9 and back["q.pdf"].doc_type is None
    engine.dispose()
