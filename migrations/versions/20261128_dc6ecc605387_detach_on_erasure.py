"""Ratings, reactions and reports can outlive the link to their person

Account deletion sets their user_id to NULL: counts and distributions stay, the person goes.

Revision ID: dc6ecc605387
Revises: 1abb42377617
Create Date: 2026-11-28 13:15:26.863485

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dc6ecc605387'
down_revision = "1abb42377617"
branch_labels = None
depends_on = None

TABLES = ('ratings', 'reactions', 'reports')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    # The earlier schema cannot hold rows without a person: they go (stored counts stay).
    for table in TABLES:
        op.execute(sa.text(f'DELETE FROM {table} WHERE user_id IS NULL'))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
