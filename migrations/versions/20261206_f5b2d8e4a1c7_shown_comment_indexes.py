"""Partial indexes over the comments residents can read, per goal and per focus area

Revision ID: f5b2d8e4a1c7
Revises: e3a9c5d1f7b2
Create Date: 2026-12-06 16:10:00.000000

The counts residents see (a plan's, a goal's, a focus area's, the API's) count the published
comments and replies they can read, no longer the top-level comments in any status; these
indexes let them be counted from the index alone, per goal or focus area.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5b2d8e4a1c7'
down_revision = 'e3a9c5d1f7b2'
branch_labels = None
depends_on = None

SHOWN = "status = 'published' AND (channel = 'web' OR published_at IS NOT NULL)"


def upgrade():
    for column in ('goal_id', 'focus_area_id'):
        op.create_index(
            f'ix_comments_shown_{column}', 'comments', [column], unique=False,
            postgresql_where=sa.text(SHOWN), sqlite_where=sa.text(SHOWN),
        )


def downgrade():
    for column in ('goal_id', 'focus_area_id'):
        op.drop_index(f'ix_comments_shown_{column}', table_name='comments')
