"""The unit tree as it stood on a given day (units carry validity dates)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.models import Unit


def _valid_on(day: date):
    return (or_(Unit.valid_from.is_(None), Unit.valid_from <= day),
            or_(Unit.valid_to.is_(None), Unit.valid_to >= day))


def unit_on(session: Session, code: str, day: date) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.code == code, *_valid_on(day)).limit(1))


def children_on(session: Session, code: str, day: date) -> list[Unit]:
    return list(session.scalars(select(Unit).where(Unit.parent_code == code, *_valid_on(day)).order_by(Unit.code)))


def subtree_codes(session: Session, code: str, day: date) -> list[str]:
    """The unit and every unit below it, as the tree stood on `day`."""
    codes, frontier = [code], [code]
    while frontier:
        rows = session.scalars(select(Unit.code).where(Unit.parent_code.in_(frontier), *_valid_on(day))).all()
        frontier = [c for c in rows if c not in codes]
        codes.extend(frontier)
    return codes


def province_of(session: Session, code: str, day: date) -> str:
    """The province (level `tinh`) the unit stood under on `day`; the top of its tree when none is marked."""
    seen = [code]
    while True:
        unit = unit_on(session, seen[-1], day)
        if unit is None or unit.level == "tinh" or not unit.parent_code or unit.parent_code in seen:
            return seen[-1]
        seen.append(unit.parent_code)


def scope_codes(session: Session, code: str, scope: str, day: date) -> list[str] | None:
    """Units within `scope` of a unit on `day`: "unit" itself, "province" its province's tree; None for "all"."""
    if scope == "all":
        return None
    return [code] if scope == "unit" else subtree_codes(session, province_of(session, code, day), day)


def names_on(session: Session, codes: Iterable[str], day: date) -> dict[str, str]:
    """Unit code → its name on `day`, for the codes that name a unit then."""
    return dict(session.execute(select(Unit.code, Unit.name).where(Unit.code.in_(set(codes)), *_valid_on(day))).all())


def units_on(session: Session, codes: Iterable[str] | None, day: date) -> list[Unit]:
    """The units standing on `day` among `codes` (None: every unit), by code."""
    query = select(Unit).where(*_valid_on(day)).order_by(Unit.code)
    return list(session.scalars(query if codes is None else query.where(Unit.code.in_(set(codes)))))
