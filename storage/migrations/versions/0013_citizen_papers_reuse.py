"""reuse of digitized papers: citizen_papers (a paper under the keyed hash of its person's ID number),
attachments.reused_from (a link to the earlier copy), dossiers.reused (766 indicator 4.3, in the report index)

Revision ID: 0013
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

REPORT_COLUMNS = ["unit_code", "received_on", "finished_on", "due_on", "channel", "components_digitized",
                  "result_paper", "result_digitized"]


def upgrade() -> None:
    op.create_table(
        "citizen_papers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(64), nullable=False),
        sa.Column("doc_type", sa.String(48), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_citizen_papers_id_hash", "citizen_papers", ["id_hash"])
    op.create_index("ix_citizen_papers_attachment_id", "citizen_papers", ["attachment_id"])
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("reused_from", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_attachments_reused_from_attachments", "attachments", ["reused_from"], ["id"])
        batch.create_index("ix_attachments_reused_from", ["reused_from"])
    # Plain ALTERs on dossiers, never a batch copy: on SQLite dropping the old table would delete every
    # attachment through its ON DELETE CASCADE (foreign keys are on and cannot be turned off in a transaction).
    op.add_column("dossiers", sa.Column("reused", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.drop_index("ix_dossiers_report", table_name="dossiers")
    op.create_index("ix_dossiers_report", "dossiers", [*REPORT_COLUMNS, "reused"])


def downgrade() -> None:
    op.drop_index("ix_dossiers_report", table_name="dossiers")
    op.create_index("ix_dossiers_report", "dossiers", REPORT_COLUMNS)
    op.drop_column("dossiers", "reused")  # SQLite 3.35+ drops a column in place
    op.drop_index("ix_citizen_papers_attachment_id", "citizen_papers")
    op.drop_index("ix_citizen_papers_id_hash", "citizen_papers")
    op.drop_table("citizen_papers")
    with op.batch_alter_table("attachments") as batch:
        batch.drop_index("ix_attachments_reused_from")
        batch.drop_constraint("fk_attachments_reused_from_attachments", type_="foreignkey")
        batch.drop_column("reused_from")
