"""accounts: device sessions and one-time links

Revision ID: fe929877e627
Revises: 330a6ef3c6e6
Create Date: 2026-11-28 13:00:55.970344

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fe929877e627'
down_revision = '330a6ef3c6e6'
branch_labels = None
depends_on = None


def upgrade():
    # One row per signed-in device: signing out deletes it, so copied cookies stop working.
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_sessions_token_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    # One-time links from mail, stored as hashes: nothing readable in the link, used once.
    op.create_table('account_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_account_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_tokens_token_hash'))
    )
    with op.batch_alter_table('account_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_account_tokens_user_id_purpose', ['user_id', 'purpose'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_tokens_expires_at'), ['expires_at'], unique=False)

    # The per-account token is replaced by the rows above; everyone signs in again once.
    # A plain DROP COLUMN (SQLite 3.35+): a batch copy of users would break the foreign keys
    # that point at it.
    op.drop_column('users', 'session_token')


def downgrade():
    # A fresh random token per account: nobody stays signed in across the downgrade. (On
    # SQLite the empty server default stays: removing it would need a batch copy of users.)
    op.add_column('users', sa.Column('session_token', sa.String(length=32), nullable=False, server_default=''))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("UPDATE users SET session_token = substr(md5(random()::text || id::text), 1, 22)")
        op.alter_column('users', 'session_token', server_default=None)
    else:
        op.execute("UPDATE users SET session_token = lower(hex(randomblob(11)))")

    with op.batch_alter_table('account_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_tokens_expires_at'))
        batch_op.drop_index('ix_account_tokens_user_id_purpose')
    op.drop_table('account_tokens')

    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')
