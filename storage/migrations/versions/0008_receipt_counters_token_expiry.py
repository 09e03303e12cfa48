"""receipt numbers from a counter per unit and day; every token expires

Counting the day's codes gave the same number to concurrent counters and to a code typed out of sequence.
Tokens made before carried no expiry: they get the default lifetime from today.

Revision ID: 0008
Revises: 0007
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TOKEN_DAYS = 90


def upgrade() -> None:
    op.create_table(
        "receipt_counters",
        sa.Column("unit_code", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("unit_code", "day"),
    )
    tokens = sa.table("api_tokens", sa.column("expires_at", sa.DateTime(timezone=True)))
    op.execute(tokens.update().where(tokens.c.expires_at.is_(None))
               .values(expires_at=datetime.now(UTC) + timedelta(days=TOKEN_DAYS)))


def downgrade() -> None:
    op.drop_table("receipt_counters")
