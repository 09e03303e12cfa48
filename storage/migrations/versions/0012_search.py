"""search: each page's text kept apart (page_texts), a dossier's people as one document (search_documents), and
their indexes — SQLite FTS5 tables, PostgreSQL unaccent full-text and trigram GIN indexes; filled from the
attachments already read

Revision ID: 0012
Revises: 0010
"""

from itertools import groupby

import sqlalchemy as sa
from alembic import op

from storage import search
from storage.search import postgres, sqlite
from storage.search.terms import split_pages

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

_attachments = sa.table("attachments", sa.column("id", sa.Integer), sa.column("dossier_id", sa.Integer),
                        sa.column("ocr_text", sa.Text), sa.column("parts", sa.JSON))


def upgrade() -> None:
    op.create_table(
        "page_texts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("attachment_id", sa.Integer(), sa.ForeignKey("attachments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("dossier_id", sa.Integer(), sa.ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.UniqueConstraint("attachment_id", "page", name="uq_page_texts_attachment_page"),
    )
    op.create_index("ix_page_texts_dossier_id", "page_texts", ["dossier_id"])
    op.create_table(
        "search_documents",
        sa.Column("dossier_id", sa.Integer(), sa.ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        schemas = {}
        for extension in ("unaccent", "pg_trgm"):
            op.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
            schemas[extension] = bind.execute(sa.text(
                "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = :name"),
                {"name": extension}).scalar_one()
        statements = postgres.create_statements(schemas["unaccent"], schemas["pg_trgm"])
    else:
        statements = sqlite.create_statements()
    for statement in statements:
        op.execute(statement)
    _backfill(bind)


def _backfill(bind: sa.Connection) -> None:
    """Pages from the text stored whole (pages apart by a form feed), people from the stored parts."""
    read = bind.execute(sa.select(_attachments).where(_attachments.c.ocr_text.is_not(None))
                        .order_by(_attachments.c.id)).all()
    for row in read:
        search.replace_pages(bind, row.id, row.dossier_id, list(enumerate(split_pages(row.ocr_text), start=1)))
    parts = bind.execute(sa.select(_attachments.c.dossier_id, _attachments.c.parts)
                         .where(_attachments.c.parts.is_not(None)).order_by(_attachments.c.dossier_id)).all()
    for dossier_id, rows in groupby(parts, key=lambda r: r.dossier_id):
        search.replace_document(bind, dossier_id, [r.parts for r in rows])


def downgrade() -> None:
    bind = op.get_bind()
    for statement in (postgres if bind.dialect.name == "postgresql" else sqlite).drop_statements():
        op.execute(statement)
    op.drop_table("search_documents")
    op.drop_index("ix_page_texts_dossier_id", table_name="page_texts")
    op.drop_table("page_texts")
