"""moderation: decisions, notes, policy, word list, blocks, mail; comments get version and hold

Revision ID: 1a9e3a6e96f7
Revises: 19210bd7cd7a
Create Date: 2026-12-04 18:58:48.463091

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1a9e3a6e96f7'
down_revision = '19210bd7cd7a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('moderation_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('status_before', sa.String(length=20), nullable=False),
    sa.Column('status_after', sa.String(length=20), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_moderation_decisions_author_id_users')),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_moderation_decisions_comment_id_comments')),
    sa.ForeignKeyConstraint(['moderator_id'], ['users.id'], name=op.f('fk_moderation_decisions_moderator_id_users')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_moderation_decisions_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_decisions'))
    )
    with op.batch_alter_table('moderation_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_decisions_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_decisions_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index('ix_moderation_decisions_municipality_id_created_at', ['municipality_id', 'created_at'], unique=False)

    op.create_table('moderation_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_moderation_notes_author_id_users')),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_moderation_notes_comment_id_comments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_notes'))
    )
    with op.batch_alter_table('moderation_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_notes_comment_id'), ['comment_id'], unique=False)

    # Plain ADD COLUMN: rebuilding comments (referenced by replies, reports, ...) is not needed.
    # The version makes decisions race-free: each is an UPDATE ... WHERE version = seen.
    op.add_column('comments', sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))
    op.add_column('comments', sa.Column('held_for', sa.String(length=20), nullable=True))
    op.add_column('comments', sa.Column('is_highlighted', sa.Boolean(), server_default=sa.false(), nullable=False))

    # The policy per municipality (no row: post-moderation and the default word list).
    op.create_table('moderation_settings',
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('is_premoderated', sa.Boolean(), nullable=False),
    sa.Column('has_own_words', sa.Boolean(), nullable=False),
    sa.Column('retention_days', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_moderation_settings_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('municipality_id', name=op.f('pk_moderation_settings'))
    )
    op.create_table('moderation_words',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_moderation_words_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_words')),
    sa.UniqueConstraint('municipality_id', 'word', name=op.f('uq_moderation_words_municipality_id_word'))
    )

    # Blocks per municipality, and officials' choice of mail about the queues.
    op.create_table('moderation_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('blocked_by_id', sa.Integer(), nullable=True),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lifted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['blocked_by_id'], ['users.id'], name=op.f('fk_moderation_blocks_blocked_by_id_users')),
    sa.ForeignKeyConstraint(['lifted_by_id'], ['users.id'], name=op.f('fk_moderation_blocks_lifted_by_id_users')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_moderation_blocks_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_moderation_blocks_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_blocks'))
    )
    with op.batch_alter_table('moderation_blocks', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_blocks_user_id_municipality_id', ['user_id', 'municipality_id'], unique=False)

    op.create_table('moderation_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('last_sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_moderation_subscriptions_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_moderation_subscriptions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_subscriptions')),
    sa.UniqueConstraint('user_id', 'municipality_id', name=op.f('uq_moderation_subscriptions_user_id_municipality_id'))
    )


def downgrade():
    op.drop_table('moderation_subscriptions')
    with op.batch_alter_table('moderation_blocks', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_blocks_user_id_municipality_id')

    op.drop_table('moderation_blocks')
    op.drop_table('moderation_words')
    op.drop_table('moderation_settings')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('is_highlighted')
        batch_op.drop_column('held_for')
        batch_op.drop_column('version')

    with op.batch_alter_table('moderation_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_notes_comment_id'))

    op.drop_table('moderation_notes')
    with op.batch_alter_table('moderation_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_decisions_municipality_id_created_at')
        batch_op.drop_index(batch_op.f('ix_moderation_decisions_comment_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_decisions_author_id'))

    op.drop_table('moderation_decisions')