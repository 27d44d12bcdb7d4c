"""Committees in an order of their own

Revision ID: 5d2a7c9e1b04
Revises: 11f104e43ea3
Create Date: 2026-12-04 21:10:00.000000

committees.position lets administrators order a municipality's committees, as they order plans.
Existing committees keep the order residents saw until now: alphabetical by name within each
municipality.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d2a7c9e1b04'
down_revision = '11f104e43ea3'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        'committees', sa.Column('position', sa.Integer(), server_default='0', nullable=False)
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.text('SELECT id, municipality_id FROM committees ORDER BY municipality_id, name, id')
    ).all()
    positions: dict[int, int] = {}
    for committee_id, municipality_id in rows:
        position = positions.get(municipality_id, 0)
        positions[municipality_id] = position + 1
        bind.execute(
            sa.text('UPDATE committees SET position = :position WHERE id = :id'),
            {'position': position, 'id': committee_id},
        )


def downgrade():
    with op.batch_alter_table('committees') as batch_op:
        batch_op.drop_column('position')
