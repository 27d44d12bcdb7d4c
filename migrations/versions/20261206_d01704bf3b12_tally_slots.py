"""Tallies in slots: a goal's and a focus area's counters spread over several rows

Revision ID: d01704bf3b12
Revises: bd37b4ff6788
Create Date: 2026-12-06 01:15:00.000000

goal_tallies and focus_area_tallies get a slot column in their primary key: each comment adds
to one of several rows of its goal (chosen at random) and readers sum them, so that residents
posting on one goal at the same moment seldom wait for each other's row lock. Existing rows
become slot 0. The downgrade adds each subject's slots up into slot 0 first.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd01704bf3b12'
down_revision = 'bd37b4ff6788'
branch_labels = None
depends_on = None

TABLES = (('goal_tallies', 'goal_id'), ('focus_area_tallies', 'focus_area_id'))


def upgrade():
    for table, subject in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column('slot', sa.SmallInteger(), server_default='0', nullable=False)
            )
            batch.drop_constraint(f'pk_{table}', type_='primary')
            batch.create_primary_key(f'pk_{table}', [subject, 'slot'])


def downgrade():
    for table, subject in TABLES:
        op.execute(
            f"UPDATE {table} SET "
            f"comment_count = (SELECT sum(s.comment_count) FROM {table} AS s "
            f"WHERE s.{subject} = {table}.{subject}), "
            f"participant_count = (SELECT sum(s.participant_count) FROM {table} AS s "
            f"WHERE s.{subject} = {table}.{subject}) "
            f"WHERE slot = (SELECT min(s.slot) FROM {table} AS s "
            f"WHERE s.{subject} = {table}.{subject})"
        )
        op.execute(
            f"DELETE FROM {table} WHERE slot <> (SELECT min(s.slot) FROM {table} AS s "
            f"WHERE s.{subject} = {table}.{subject})"
        )
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f'pk_{table}', type_='primary')
            batch.create_primary_key(f'pk_{table}', [subject])
            batch.drop_column('slot')
