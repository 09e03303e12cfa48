"""clerk corrections and processing time per attachment

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("corrections", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("ocr_seconds", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("ocr_seconds")
        batch.drop_column("corrections")
