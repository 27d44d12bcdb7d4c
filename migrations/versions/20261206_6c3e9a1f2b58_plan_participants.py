"""Participants per plan

Revision ID: 6c3e9a1f2b58
Revises: f5b2d8e4a1c7
Create Date: 2026-12-06 23:00:00.000000

plan_participants holds one row per plan and account that took part (commented, replied or
rated) on any of the plan's goals or focus areas, written with the goal's or focus area's
participant row, so that a plan's "people who commented or rated" is counted from its own rows
instead of by de-duplicating the participant rows of every goal and focus area of the plan
(0.1 s per plan, 1 s for every plan, on 50,000 residents, after every write). It is filled from
goal_participants and focus_area_participants as they are.

The count leaves out those whose only comments residents cannot read and who did not rate; two
partial indexes hold just those comments (a few per cent), per goal and per focus area.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6c3e9a1f2b58'
down_revision = 'f5b2d8e4a1c7'
branch_labels = None
depends_on = None

UNSEEN = "NOT (status = 'published' AND (channel = 'web' OR published_at IS NOT NULL))"


def upgrade():
    op.create_table('plan_participants',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_participants_plan_id_plans')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_plan_participants_user_id_users')),
    sa.PrimaryKeyConstraint('plan_id', 'user_id', name=op.f('pk_plan_participants'))
    )
    op.create_index('ix_plan_participants_user_id', 'plan_participants', ['user_id'], unique=False)
    # UNION: an account on two goals, or on a goal and a focus area, of one plan is one row.
    op.execute(
        "INSERT INTO plan_participants (plan_id, user_id) "
        "SELECT goals.plan_id, goal_participants.user_id FROM goal_participants "
        "JOIN goals ON goals.id = goal_participants.goal_id "
        "UNION SELECT focus_areas.plan_id, focus_area_participants.user_id "
        "FROM focus_area_participants "
        "JOIN focus_areas ON focus_areas.id = focus_area_participants.focus_area_id"
    )
    for column in ('goal_id', 'focus_area_id'):
        op.create_index(
            f'ix_comments_unseen_{column}_author_id', 'comments', [column, 'author_id'],
            unique=False, postgresql_where=sa.text(UNSEEN), sqlite_where=sa.text(UNSEEN),
        )


def downgrade():
    for column in ('goal_id', 'focus_area_id'):
        op.drop_index(f'ix_comments_unseen_{column}_author_id', table_name='comments')
    op.drop_index('ix_plan_participants_user_id', table_name='plan_participants')
    op.drop_table('plan_participants')
