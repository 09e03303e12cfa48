"""Digitization figures per unit and period: the unit's own, each child's, and the rolled-up subtree."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from api.periods import period_bounds
from ingest.errors import Rejected
from storage.models import Dossier
from storage.units import children_on, subtree_codes, unit_on


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def figures(session: Session, unit_codes: list[str], start: date, end: date) -> dict:
    lo, hi = period_bounds(start, end)
    new = Dossier.received_at >= lo
    carried = and_(Dossier.received_at < lo, or_(Dossier.finished_at.is_(None), Dossier.finished_at >= lo))
    # 766 indicator 4.2: components digitized and, where the result is paper and exists, the result too.
    digitized = and_(Dossier.components_digitized,
                     or_(~Dossier.result_paper, Dossier.result_digitized, Dossier.finished_at.is_(None)))

    def count(cond):
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    row = session.execute(
        select(count(and_(new, Dossier.channel == 1)), count(and_(new, Dossier.channel == 2)),
               count(and_(new, Dossier.channel == 3)), count(carried), count(digitized))
        .where(Dossier.unit_code.in_(unit_codes), Dossier.received_at < hi, or_(new, carried))
    ).one()
    direct, online, postal, carried_over, digitized_n = (int(v) for v in row)
    new_total = direct + online + postal
    received = new_total + carried_over
    return {
        "received": {"total": received, "new": new_total, "direct": direct, "online": online, "postal": postal,
                     "carried_over": carried_over},
        "digitized": digitized_n,
        "digitization_rate": percent(digitized_n, received),
        "online_rate": percent(online, new_total),
    }


def digitization_report(session: Session, unit_code: str, start: date, end: date) -> dict:
    if end < start:
        raise Rejected("bad_period", "Ngày kết thúc trước ngày bắt đầu", "'to' is before 'from'")
    unit = unit_on(session, unit_code, end) or unit_on(session, unit_code, start)
    if unit is None:
        raise Rejected("unknown_unit", f"Không có đơn vị mã {unit_code}", f"unknown unit code {unit_code}",
                       status=404)
    return {
        "unit": {"code": unit.code, "name": unit.name},
        "from": start.isoformat(),
        "to": end.isoformat(),
        "own": figures(session, [unit.code], start, end),
        "children": [{"unit": {"code": c.code, "name": c.name},
                      "figures": figures(session, subtree_codes(session, c.code, end), start, end)}
                     for c in children_on(session, unit.code, end)],
        "subtree": figures(session, subtree_codes(session, unit.code, end), start, end),
    }
