"""The unit tree of a period and the roll-up of per-unit counts over it.

A period uses the tree as it stood on its last day. Units that had ceased by then (districts abolished on
2025-06-30, in a 2025 report) still count: they hang where they last stood, with their own dossiers, so a
province's total never loses what was received before a reorganisation — including a dossier a district
received in June and had not finished in September. Such a unit is listed only while it has figures.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.errors import Rejected
from reports.figures import Counts
from storage.models import Unit


@dataclass
class Node:
    code: str
    name: str
    parent_code: str | None
    active: bool  # valid on some day of the period
    children: list[Node] = field(default_factory=list)


def _rank(unit: Unit, end: date) -> tuple:
    """Prefer the version valid on the period's last day, else the one that ended last."""
    starts, ends = unit.valid_from or date.min, unit.valid_to or date.max
    return (starts <= end <= ends, ends, starts)


def period_tree(session: Session, start: date, end: date) -> dict[str, Node]:
    """Every unit that existed by the period's end, one version per code, linked to its children."""
    rows = session.scalars(select(Unit).where(or_(Unit.valid_from.is_(None), Unit.valid_from <= end)))
    chosen: dict[str, Unit] = {}
    for unit in rows:
        if unit.code not in chosen or _rank(unit, end) > _rank(chosen[unit.code], end):
            chosen[unit.code] = unit
    nodes = {code: Node(code, u.name, u.parent_code, u.valid_to is None or u.valid_to >= start)
             for code, u in chosen.items()}
    for node in sorted(nodes.values(), key=lambda n: n.code):
        parent = nodes.get(node.parent_code or "")
        if parent is not None and parent is not node:
            parent.children.append(node)
    return nodes


def report_unit(session: Session, unit_code: str, start: date, end: date) -> tuple[dict[str, Node], Node]:
    """The period's tree and the unit a report is about; refuses a reversed period or a unit unknown by its end."""
    if end < start:
        raise Rejected("bad_period", "Ngày kết thúc trước ngày bắt đầu", "'to' is before 'from'")
    tree = period_tree(session, start, end)
    unit = tree.get(unit_code)
    if unit is None:
        raise Rejected("unknown_unit", f"Không có đơn vị mã {unit_code} (tính đến cuối kỳ báo cáo)",
                       f"unknown unit code {unit_code} (as of the period's end)", status=404)
    return tree, unit


def walk(node: Node) -> Iterator[Node]:
    """The node and every node below it, each once (an imported tree with a cycle must not loop)."""
    stack, seen = [node], set()
    while stack:
        current = stack.pop()
        if current.code not in seen:
            seen.add(current.code)
            yield current
            stack.extend(current.children)


def subtree_counts(node: Node, own: Mapping[str, Counts]) -> Counts:
    total = Counts()
    for member in walk(node):
        total += own.get(member.code, Counts())
    return total
