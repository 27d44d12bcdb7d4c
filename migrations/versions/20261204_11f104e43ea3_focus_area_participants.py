"""Participants per focus area

Revision ID: 11f104e43ea3
Revises: 3c8e2f1a9d47
Create Date: 2026-12-04 20:42:30.000000

focus_area_participants holds one row per account that commented, replied or rated on a focus
area (the municipality's official replies are not counted), as goal_participants does for
goals, so that a plan's "participants so far" counts those who took part on its focus areas.
It is filled from the comments and ratings already stored, and
focus_area_tallies.participant_count from it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '11f104e43ea3'
down_revision = '3c8e2f1a9d47'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('focus_area_participants',
    sa.Column('focus_area_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['focus_area_id'], ['focus_areas.id'], name=op.f('fk_focus_area_participants_focus_area_id_focus_areas')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_focus_area_participants_user_id_users')),
    sa.PrimaryKeyConstraint('focus_area_id', 'user_id', name=op.f('pk_focus_area_participants'))
    )
    op.create_index('ix_focus_area_participants_user_id', 'focus_area_participants', ['user_id'], unique=False)
    op.add_column('focus_area_tallies', sa.Column('participant_count', sa.Integer(), server_default='0', nullable=False))
    op.execute(
        "INSERT INTO focus_area_participants (focus_area_id, user_id) "
        "SELECT focus_area_id, author_id FROM comments "
        "WHERE focus_area_id IS NOT NULL AND NOT is_official "
        "UNION SELECT focus_area_id, user_id FROM ratings "
        "WHERE focus_area_id IS NOT NULL AND user_id IS NOT NULL"
    )
    # Focus areas rated but never commented on have no tally row yet.
    op.execute(
        "INSERT INTO focus_area_tallies (focus_area_id, comment_count, participant_count) "
        "SELECT DISTINCT focus_area_id, 0, 0 FROM focus_area_participants "
        "WHERE focus_area_id NOT IN (SELECT focus_area_id FROM focus_area_tallies)"
    )
    op.execute(
        "UPDATE focus_area_tallies SET participant_count = (SELECT count(*) "
        "FROM focus_area_participants "
        "WHERE focus_area_participants.focus_area_id = focus_area_tallies.focus_area_id)"
    )


def downgrade():
    op.drop_column('focus_area_tallies', 'participant_count')
    op.drop_index('ix_focus_area_participants_user_id', table_name='focus_area_participants')
    op.drop_table('focus_area_participants')
