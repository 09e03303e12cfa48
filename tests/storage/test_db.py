"""Schema migrations, seed data and the dated unit tree on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, inspect, select

from storage.db import make_engine, migrate, session_factory
from storage.models import Procedure, Unit
from storage.seed import seed
from storage.units import children_on, subtree_codes, unit_on


@pytest.fixture(params=["sqlite", "postgresql"])
def sessions(request, tmp_path):
    url = f"sqlite:///{tmp_path}/t.db" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    from sohoa.settings import Settings

    engine = make_engine(Settings(database_url=url).database_url)
    migrate(engine)
    migrate(engine)  # idempotent
    assert {"units", "procedures", "dossiers", "attachments", "alembic_version"} <= set(
        inspect(engine).get_table_names()
    )
    factory = session_factory(engine)
    with factory() as session:
        seed(session)
        seed(session)  # idempotent
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
