"""an attachment's documents are stored once, in `parts`: the first document's columns (doc_type,
doc_type_confidence, fields, problems — the clerk's corrections applied) move into parts[0]

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

MOVED = ("doc_type", "doc_type_confidence", "fields", "problems")


def _table(*columns: sa.Column) -> sa.Table:
    return sa.table("attachments", sa.column("id", sa.Integer), sa.column("pages", sa.Integer),
                    sa.column("parts", sa.JSON), *columns)


def _first_columns() -> list[sa.Column]:
    return [sa.column("doc_type", sa.String), sa.column("doc_type_confidence", sa.Float),
            sa.column("fields", sa.JSON), sa.column("problems", sa.JSON)]


def upgrade() -> None:
    bind = op.get_bind()
    rows = _table(*_first_columns())
    found = bind.execute(sa.select(rows).where(rows.c.doc_type.is_not(None))).mappings().all()
    for row in found:
        parts = [dict(p) for p in row["parts"] or []]
        first = parts[0] if parts else {"first_page": 1, "last_page": row["pages"] or 1, "evidence": {},
                                        "inspected": []}
        # The columns hold what the clerk corrected; the stored part what was read.
        first.update(doc_type=row["doc_type"], doc_type_confidence=row["doc_type_confidence"] or 0.0,
                     fields=row["fields"] or {}, problems=row["problems"] or [])
        parts[:1] = [first]
        bind.execute(sa.update(rows).where(rows.c.id == row["id"]).values(parts=parts))
    with op.batch_alter_table("attachments") as batch:
        for name in MOVED:
            batch.drop_column(name)


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("doc_type", sa.String(48), nullable=True))
        batch.add_column(sa.Column("doc_type_confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("fields", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("problems", sa.JSON(), nullable=True))
    bind = op.get_bind()
    rows = _table(*_first_columns())
    for row in bind.execute(sa.select(rows.c.id, rows.c.parts).where(rows.c.parts.is_not(None))).mappings().all():
        if not row["parts"]:
            continue
        first = row["parts"][0]
        bind.execute(sa.update(rows).where(rows.c.id == row["id"]).values(
            doc_type=first.get("doc_type"), doc_type_confidence=first.get("doc_type_confidence"),
            fields=first.get("fields") or {}, problems=first.get("problems") or []))
