"""the job id is derived from the attachment id (workers.queue.attachment_job_id), not stored

Writing it needed an UPDATE after every upload's INSERT (the id is only known once inserted).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("job_id")


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("job_id", sa.String(64), nullable=True))
    op.execute("UPDATE attachments SET job_id = 'attachment-' || id")
