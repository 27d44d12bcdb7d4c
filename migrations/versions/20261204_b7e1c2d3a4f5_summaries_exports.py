"""summaries and exports: display names in exports, by the administrator's choice

Revision ID: b7e1c2d3a4f5
Revises: fe929877e627
Create Date: 2026-12-04 19:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1c2d3a4f5'
down_revision = 'fe929877e627'
branch_labels = None
depends_on = None


def upgrade():
    # Exports name authors by a pseudonymous id unless an administrator turns this on.
    op.add_column('municipalities', sa.Column(
        'export_display_names', sa.Boolean(), server_default=sa.false(), nullable=False
    ))


def downgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('export_display_names')
