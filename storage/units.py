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


def names_on(session: Session, codes: Iterable[str], day: date) -> dict[str, str]:
    """Unit code → its name on `day`, for the codes that name a unit then."""
    return dict(session.execute(select(Unit.code, Unit.name).where(Unit.code.in_(set(codes)), *_valid_on(day))).all())
