"""One-stop and digitization indicators per unit and period: the unit's own, each child's, and the subtree."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from reports.figures import Counts, as_figures, counts_by_unit, percent
from reports.tree import report_unit, subtree_counts, walk

__all__ = ["digitization_report", "percent"]


def digitization_report(session: Session, unit_code: str, start: date, end: date) -> dict:
    _, unit = report_unit(session, unit_code, start, end)
    own = counts_by_unit(session, [n.code for n in walk(unit)], start, end)
    children = [(c, subtree_counts(c, own)) for c in unit.children]
    return {
        "unit": {"code": unit.code, "name": unit.name},
        "from": start.isoformat(),
        "to": end.isoformat(),
        "own": as_figures(own.get(unit.code, Counts())),
        "children": [{"unit": {"code": c.code, "name": c.name}, "figures": as_figures(counts)}
                     for c, counts in children if c.active or counts != Counts()],
        "subtree": as_figures(subtree_counts(unit, own)),
    }
