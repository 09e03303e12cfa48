"""The one aggregate query behind every report: indicator counts per unit over a period, in whole Vietnam days."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import and_, bindparam, func, not_, or_, select
from sqlalchemy.orm import Session

from storage.models import Dossier


@dataclass
class Counts:
    """Raw counts for one unit (or a sum of units); rates are derived from these only after rolling up."""

    direct: int = 0
    online: int = 0
    postal: int = 0
    carried_over: int = 0
    before_deadline: int = 0
    on_deadline: int = 0
    overdue: int = 0
    within_deadline: int = 0
    late_in_progress: int = 0
    digitized: int = 0
    paper_resolved: int = 0  # resolved dossiers whose result is a paper document (4.1 denominator)
    electronic_result: int = 0  # ... of which the result was digitized (4.1 numerator)
    reused: int = 0  # received dossiers with a component reused from digitized data (4.3 numerator)

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Counts)))


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def as_figures(c: Counts) -> dict:
    """The JSON contract `F`."""
    new = c.direct + c.online + c.postal
    received = new + c.carried_over
    resolved = c.before_deadline + c.on_deadline + c.overdue
    return {
        "received": {"total": received, "new": new, "direct": c.direct, "online": c.online, "postal": c.postal,
                     "carried_over": c.carried_over},
        "resolved": {"total": resolved, "before_deadline": c.before_deadline, "on_deadline": c.on_deadline,
                     "overdue": c.overdue},
        "in_progress": {"total": c.within_deadline + c.late_in_progress, "within_deadline": c.within_deadline,
                        "overdue": c.late_in_progress},
        "digitized": c.digitized,
        "digitization_rate": percent(c.digitized, received),
        "electronic_result_rate": percent(c.electronic_result, c.paper_resolved),
        "online_rate": percent(c.online, new),
        "on_time_rate": percent(c.before_deadline + c.on_deadline, resolved),
        "reused": c.reused,
        "reuse_rate": percent(c.reused, received),
    }


def _conditions(start: date, end: date) -> list:
    """One boolean per Counts field, in field order, over the rows that `_in_period` keeps."""
    d = Dossier
    new = d.received_on >= start
    resolved = d.finished_on <= end  # the WHERE clause already keeps finished_on >= start
    open_at_end = or_(d.finished_on.is_(None), d.finished_on > end)
    # A dossier without an appointment date has no deadline to miss: resolved on time, in progress within.
    no_due = d.due_on.is_(None)
    return [
        and_(new, d.channel == 1),
        and_(new, d.channel == 2),
        and_(new, d.channel == 3),
        d.received_on < start,
        and_(resolved, d.finished_on < d.due_on),
        and_(resolved, or_(d.finished_on == d.due_on, no_due)),
        and_(resolved, d.finished_on > d.due_on),
        and_(open_at_end, or_(no_due, d.due_on >= end)),
        and_(open_at_end, d.due_on < end),
        # 4.2: components digitized and, where the result is paper, the result too — once a result exists:
        # a dossier still open at the period end has no result to digitize yet.
        and_(d.components_digitized, or_(not_(d.result_paper), d.result_digitized, open_at_end)),
        and_(resolved, d.result_paper),
        and_(resolved, d.result_paper, d.result_digitized),
        d.reused,  # 4.3: a component reused, among the dossiers received (the WHERE clause)
    ]


def _in_period(start: date, end: date):
    """Received by the period end and not finished before it began: new + carried over."""
    return and_(Dossier.received_on <= end, or_(Dossier.finished_on.is_(None), Dossier.finished_on >= start))


def counts_by_unit(session: Session, unit_codes: list[str], start: date, end: date) -> dict[str, Counts]:
    """Counts for every unit in `unit_codes` that has dossiers, in one grouped query."""
    columns = [func.count().filter(cond) for cond in _conditions(start, end)]
    query = (select(Dossier.unit_code, *columns)
             .where(Dossier.unit_code.in_(bindparam("codes", expanding=True)), _in_period(start, end))
             .group_by(Dossier.unit_code))
    return {code: Counts(*(int(v) for v in values))
            for code, *values in session.execute(query, {"codes": unit_codes})}
