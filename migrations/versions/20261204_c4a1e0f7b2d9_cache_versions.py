"""The version of what public pages show

Revision ID: c4a1e0f7b2d9
Revises: a4c9d2e7f013
Create Date: 2026-12-04 22:15:00.000000

cache_versions holds one random token per scope, replaced in the same transaction as every write
that changes a public page; cached pages are keyed by it (dialog/core/cache.py), so every server
and worker sees a change at once. No row yet means "never changed".
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4a1e0f7b2d9'
down_revision = 'a4c9d2e7f013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'cache_versions',
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('scope', name=op.f('pk_cache_versions')),
    )


def downgrade():
    op.drop_table('cache_versions')
