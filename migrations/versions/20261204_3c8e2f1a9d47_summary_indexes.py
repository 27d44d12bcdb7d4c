"""summary indexes: who commented and who rated, read from indexes alone

Revision ID: 3c8e2f1a9d47
Revises: 751c57c3b09e
Create Date: 2026-12-04 20:48:00

The plan summary counts participants (a union of commenters, reacting and rating residents)
and mean ratings per district and age band. Both read every comment or rating of the goals in
scope; with (goal_id, author_id, id) on comments and user_id added to the ratings'
(goal_id, question, value) index, PostgreSQL answers them by index-only scans instead of
reading the tables. The wider ratings index replaces the narrower one (same leading columns).
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '3c8e2f1a9d47'
down_revision = '751c57c3b09e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_comments_goal_id_author_id_id', 'comments', ['goal_id', 'author_id', 'id'], unique=False
    )
    op.create_index(
        'ix_ratings_goal_question_value_user_id',
        'ratings',
        ['goal_id', 'question', 'value', 'user_id'],
        unique=False,
    )
    op.drop_index('ix_ratings_goal_question_value', table_name='ratings')


def downgrade():
    op.create_index(
        'ix_ratings_goal_question_value', 'ratings', ['goal_id', 'question', 'value'], unique=False
    )
    op.drop_index('ix_ratings_goal_question_value_user_id', table_name='ratings')
    op.drop_index('ix_comments_goal_id_author_id_id', table_name='comments')
