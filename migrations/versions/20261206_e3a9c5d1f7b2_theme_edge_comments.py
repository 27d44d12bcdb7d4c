"""Themes keep the comments at their edge: the ones least like the rest of the theme

Revision ID: e3a9c5d1f7b2
Revises: d01704bf3b12
Create Date: 2026-12-06 13:00:00.000000

themes.edge_ids holds up to three comment ids, farthest from the theme's centre first, that no
official has tagged: the theme page offers them for checking, beside the three quotes (bench/
results.md, "Themes: officials review what the page shows"). Runs computed before this revision
have none (NULL) until they are computed again.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3a9c5d1f7b2'
down_revision = 'd01704bf3b12'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('themes') as batch:
        batch.add_column(sa.Column('edge_ids', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('themes') as batch:
        batch.drop_column('edge_ids')
