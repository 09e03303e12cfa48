"""register import and report days

Dossiers from the one-stop register: procedure_code is no longer a foreign key (the register names
procedures outside the catalogue), and Vietnam-day columns plus one covering index serve the report query
(it replaces the unit_code index, its prefix; the received_at index goes too: nothing reads by it any more and
the million-row register import pays for every index).

Revision ID: 0004
Revises: 0003
"""

from datetime import UTC, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

VN = timezone(timedelta(hours=7))
REPORT_COLUMNS = ['unit_code', 'received_on', 'finished_on', 'due_on', 'channel',
                  'components_digitized', 'result_paper', 'result_digitized']


def _day(moment):
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(VN).date()


def _fk_name() -> str:
    return 'dossiers_procedure_code_fkey' if op.get_bind().dialect.name == 'postgresql' else 'fk_dossiers_procedure_code_procedures'


def upgrade() -> None:
    bind = op.get_bind()
    fk = _fk_name()
    # SQLite's foreign key has no name: the naming convention gives it one for the batch copy to drop.
    with op.batch_alter_table('dossiers', naming_convention={
            'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s'}) as batch_op:
        batch_op.drop_constraint(fk, type_='foreignkey')
        batch_op.alter_column('procedure_code', existing_type=sa.String(32), type_=sa.String(64),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('received_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('finished_on', sa.Date(), nullable=True))

    dossiers = sa.table('dossiers', sa.column('id', sa.Integer), sa.column('received_at', sa.DateTime(timezone=True)),
                        sa.column('due_at', sa.DateTime(timezone=True)), sa.column('finished_at', sa.DateTime(timezone=True)),
                        sa.column('received_on', sa.Date), sa.column('due_on', sa.Date), sa.column('finished_on', sa.Date))
    rows = bind.execute(sa.select(dossiers.c.id, dossiers.c.received_at, dossiers.c.due_at, dossiers.c.finished_at)).all()
    for row in rows:  # dossiers opened through uploads before this revision (few): same rule as the ORM hook
        bind.execute(dossiers.update().where(dossiers.c.id == row.id).values(
            received_on=_day(row.received_at), due_on=_day(row.due_at), finished_on=_day(row.finished_at)))

    with op.batch_alter_table('dossiers') as batch_op:
        batch_op.alter_column('received_on', existing_type=sa.Date(), nullable=False)
        batch_op.drop_index('ix_dossiers_unit_code')
        batch_op.drop_index('ix_dossiers_received_at')
        batch_op.create_index('ix_dossiers_report', REPORT_COLUMNS, unique=False)


def downgrade() -> None:
    # Fails while register dossiers name procedures outside the catalogue: that is what 0002 allows.
    with op.batch_alter_table('dossiers') as batch_op:
        batch_op.drop_index('ix_dossiers_report')
        batch_op.create_index('ix_dossiers_unit_code', ['unit_code'], unique=False)
        batch_op.create_index('ix_dossiers_received_at', ['received_at'], unique=False)
        batch_op.drop_column('finished_on')
        batch_op.drop_column('due_on')
        batch_op.drop_column('received_on')
        batch_op.alter_column('procedure_code', existing_type=sa.String(64), type_=sa.String(32),
                              existing_nullable=False)
        batch_op.create_foreign_key(_fk_name(), 'procedures',
                                    ['procedure_code'], ['code'])
