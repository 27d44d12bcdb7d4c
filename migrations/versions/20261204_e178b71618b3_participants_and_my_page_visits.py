"""Participants per goal, My page visits and the answer to the reply-mail offer

Revision ID: e178b71618b3
Revises: b7e1c2d3a4f5
Create Date: 2026-12-04 18:57:01.840234

goal_participants holds one row per account that commented, replied or rated on a goal (the
municipality's official replies are not counted), so
that pages can say "N participants" without scanning comments; it is filled from the comments
and ratings already stored, and goal_tallies.participant_count from it. Users gain the time
My page was last opened and the time they answered the offer of reply mail.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e178b71618b3'
down_revision = 'b7e1c2d3a4f5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('goal_participants',
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_participants_goal_id_goals')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_goal_participants_user_id_users')),
    sa.PrimaryKeyConstraint('goal_id', 'user_id', name=op.f('pk_goal_participants'))
    )
    op.create_index('ix_goal_participants_user_id', 'goal_participants', ['user_id'], unique=False)
    op.add_column('goal_tallies', sa.Column('participant_count', sa.Integer(), server_default='0', nullable=False))
    op.add_column('users', sa.Column('my_page_seen_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('users', sa.Column('reply_mail_answered_at', sa.DateTime(timezone=True), nullable=True))

    op.execute(
        "INSERT INTO goal_participants (goal_id, user_id) "
        "SELECT goal_id, author_id FROM comments WHERE NOT is_official "
        "UNION SELECT goal_id, user_id FROM ratings WHERE user_id IS NOT NULL"
    )
    # Goals rated but never commented on have no tally row yet.
    op.execute(
        "INSERT INTO goal_tallies (goal_id, comment_count, participant_count) "
        "SELECT DISTINCT goal_id, 0, 0 FROM goal_participants "
        "WHERE goal_id NOT IN (SELECT goal_id FROM goal_tallies)"
    )
    op.execute(
        "UPDATE goal_tallies SET participant_count = (SELECT count(*) FROM goal_participants "
        "WHERE goal_participants.goal_id = goal_tallies.goal_id)"
    )


def downgrade():
    op.drop_column('users', 'reply_mail_answered_at')
    op.drop_column('users', 'my_page_seen_at')
    op.drop_column('goal_tallies', 'participant_count')
    op.drop_index('ix_goal_participants_user_id', table_name='goal_participants')
    op.drop_table('goal_participants')
