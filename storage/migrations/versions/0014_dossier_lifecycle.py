"""a dossier's life at the counter: the verdict's state beside it, files removed (kept for the record) or
handed back as the result, the result returned and whether it was electronic

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

KEPT = sa.text("removed_at IS NULL")
SETTLED = ("done", "failed")


def upgrade() -> None:
    # Plain ALTERs on dossiers, never SQLite's batch copy: dropping the old dossiers table would cascade to
    # every attachment (foreign keys are on).
    op.add_column("dossiers", sa.Column("verdict_state", sa.String(16), nullable=True))
    op.add_column("dossiers", sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("dossiers", sa.Column("electronic_result", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index("ix_dossiers_verdict_state", "dossiers", ["verdict_state"])
    op.add_column("attachments", sa.Column("role", sa.String(16), server_default="component", nullable=False))
    op.add_column("attachments", sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("attachments", sa.Column("removed_by", sa.String(64), nullable=True))
    op.add_column("attachments", sa.Column("removed_reason", sa.String(500), nullable=True))
    with op.batch_alter_table("attachments") as batch:  # nothing refers to attachments: a copy loses nothing
        batch.drop_constraint("uq_attachments_dossier_sha", type_="unique")
    op.create_index("uq_attachments_dossier_sha_kept", "attachments", ["dossier_id", "sha256"], unique=True,
                    sqlite_where=KEPT, postgresql_where=KEPT)
    _backfill_states()


def _backfill_states() -> None:
    """A state for the verdicts stored before states existed, never claiming more than they show: files still
    being read make it processing, a missing component incomplete, the rest needs a look (the next refresh
    of the verdict says whether it is complete)."""
    bind = op.get_bind()
    dossiers = sa.table("dossiers", sa.column("id", sa.Integer), sa.column("verdict", sa.JSON),
                        sa.column("verdict_state", sa.String))
    files = sa.table("attachments", sa.column("dossier_id", sa.Integer), sa.column("status", sa.String))
    busy = set(bind.scalars(sa.select(files.c.dossier_id).where(files.c.status.not_in(SETTLED)).distinct()))
    for row in bind.execute(sa.select(dossiers.c.id, dossiers.c.verdict)).mappings().all():
        verdict = row["verdict"]
        if not verdict:  # SQL NULL or JSON null: no verdict yet
            continue
        state = ("processing" if row["id"] in busy else "incomplete" if not verdict.get("complete")
                 else "needs_review")
        bind.execute(sa.update(dossiers).where(dossiers.c.id == row["id"]).values(verdict_state=state))


def downgrade() -> None:
    bind = op.get_bind()
    files = sa.table("attachments", sa.column("removed_at", sa.DateTime))
    # The old unique constraint holds the same bytes once per dossier: rows removed for the record go.
    bind.execute(sa.delete(files).where(files.c.removed_at.is_not(None)))
    op.drop_index("uq_attachments_dossier_sha_kept", table_name="attachments")
    with op.batch_alter_table("attachments") as batch:
        batch.create_unique_constraint("uq_attachments_dossier_sha", ["dossier_id", "sha256"])
        for name in ("removed_reason", "removed_by", "removed_at", "role"):
            batch.drop_column(name)
    op.drop_index("ix_dossiers_verdict_state", table_name="dossiers")
    for name in ("electronic_result", "returned_at", "verdict_state"):
        op.drop_column("dossiers", name)  # SQLite drops a column in place (3.35+), no copy of the table
