"""One-stop and digitization indicators per unit and period: the unit's own, each child's, and the subtree."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from core.errors import Rejected
from reports.figures import Counts, as_figures, counts_by_unit, percent
from reports.tree import period_tree, subtree_counts, walk

__all__ = ["digitization_report", "percent"]


def digitization_report(session: Session, unit_code: str, start: date, end: date) -> dict:
    if end < start:
        raise Rejected("bad_period", "Ngày kết thúc trước ngày bắt đầu", "'to' is before 'from'")
    tree = period_tree(session, start, end)
    unit = tree.get(unit_code)
    if unit is None:
        raise Rejected("unknown_unit", f"Không có đơn vị mã {unit_code} (tính đến cuối kỳ báo cáo)",
                       f"unknown unit code {unit_code} (as of the period's end)", status=404)
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
