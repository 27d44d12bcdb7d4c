"""responses: official responses, goal status, official replies, reminders

Revision ID: 1b5b0a70d20b
Revises: fe929877e627
Create Date: 2026-12-04 18:59:50.917442

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1b5b0a70d20b'
down_revision = 'fe929877e627'
branch_labels = None
depends_on = None


def upgrade():
    # Each municipality's list of statuses (the shipped ones carry a code, added ones a label).
    op.create_table('goal_status_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('label', sa.String(length=100), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_archived', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_goal_status_options_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_status_options')),
    sa.UniqueConstraint('municipality_id', 'code', name=op.f('uq_goal_status_options_municipality_id_code'))
    )
    with op.batch_alter_table('goal_status_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_status_options_municipality_id'), ['municipality_id'], unique=False)

    # Dated status updates of a goal; the newest is its public status.
    op.create_table('goal_status_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('progress BETWEEN 0 AND 100', name=op.f('ck_goal_status_updates_progress_range')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_goal_status_updates_author_id_users')),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_status_updates_goal_id_goals')),
    sa.ForeignKeyConstraint(['option_id'], ['goal_status_options.id'], name=op.f('fk_goal_status_updates_option_id_goal_status_options')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_status_updates'))
    )
    with op.batch_alter_table('goal_status_updates', schema=None) as batch_op:
        batch_op.create_index('ix_goal_status_updates_goal_id_id', ['goal_id', 'id'], unique=False)

    # The municipality's response on a goal, its earlier wordings, and the reminders sent.
    op.create_table('official_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_official_responses_author_id_users')),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_official_responses_goal_id_goals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_official_responses')),
    sa.UniqueConstraint('goal_id', name=op.f('uq_official_responses_goal_id'))
    )
    op.create_table('response_reminders',
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_response_reminders_goal_id_goals')),
    sa.PrimaryKeyConstraint('goal_id', name=op.f('pk_response_reminders'))
    )
    op.create_table('official_response_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_official_response_versions_author_id_users')),
    sa.ForeignKeyConstraint(['response_id'], ['official_responses.id'], name=op.f('fk_official_response_versions_response_id_official_responses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_official_response_versions'))
    )
    with op.batch_alter_table('official_response_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_official_response_versions_response_id'), ['response_id'], unique=False)

    # A plain ADD COLUMN: a batch copy of comments would break the foreign keys to it on SQLite.
    op.add_column('comments', sa.Column('is_official', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    op.drop_column('comments', 'is_official')

    with op.batch_alter_table('official_response_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_official_response_versions_response_id'))

    op.drop_table('official_response_versions')
    op.drop_table('response_reminders')
    op.drop_table('official_responses')
    with op.batch_alter_table('goal_status_updates', schema=None) as batch_op:
        batch_op.drop_index('ix_goal_status_updates_goal_id_id')

    op.drop_table('goal_status_updates')
    with op.batch_alter_table('goal_status_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_status_options_municipality_id'))

    op.drop_table('goal_status_options')
