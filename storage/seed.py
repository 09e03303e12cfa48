"""Seed data: the unit tree shipped here, and the procedure catalogue's rows the shell hands in (extract owns it)."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Procedure, Unit

UNITS_CSV = Path(__file__).parent / "seed" / "units.csv"
LEVELS = {"tinh", "huyen", "xa", "so"}


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


def read_units(path: Path = UNITS_CSV) -> Iterable[Unit]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            row = {k.strip(): unicodedata.normalize("NFC", (v or "").strip()) for k, v in row.items()}
            if row["cap"] not in LEVELS:
                raise ValueError(f"{path.name}:{line}: cấp không hợp lệ / bad level {row['cap']!r}")
            yield Unit(code=row["ma_don_vi"], name=row["ten"], level=row["cap"],
                       parent_code=row["ma_don_vi_cha"] or None,
                       valid_from=_date(row["hieu_luc_tu"]), valid_to=_date(row["hieu_luc_den"]))


def upsert_units(session: Session, units: Iterable[Unit]) -> int:
    """Insert or update units keyed by (code, valid_from); returns how many rows were written."""
    count = 0
    for unit in units:
        existing = session.scalar(select(Unit).where(Unit.code == unit.code, Unit.valid_from.is_(unit.valid_from)
                                                     if unit.valid_from is None
                                                     else Unit.valid_from == unit.valid_from))
        if existing is None:
            session.add(unit)
        else:
            existing.name, existing.level = unit.name, unit.level
            existing.parent_code, existing.valid_to = unit.parent_code, unit.valid_to
        count += 1
    return count


def seed(session: Session, procedures: Iterable[Mapping]) -> None:
    """Idempotent: units only into an empty table (imports own them after); the procedures (code, name,
    result_paper, components) always refreshed."""
    if session.scalar(select(Unit.id).limit(1)) is None:
        upsert_units(session, read_units())
    for proc in procedures:
        row = session.get(Procedure, proc["code"]) or Procedure(code=proc["code"])
        row.name, row.result_paper, row.components = proc["name"], proc["result_paper"], proc["components"]
        session.add(row)
    session.commit()
