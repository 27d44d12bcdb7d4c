"""The From header's name of each mail in the outbox ("Lunds kommun via Dialog")

Revision ID: a7d4c2e9f316
Revises: 6c3e9a1f2b58
Create Date: 2026-12-07 14:00:00.000000

Mail about a municipality's dialogue carries its name in the From header, while the address
stays MAIL_SENDER's. Rows written before have none and keep MAIL_SENDER's own name.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d4c2e9f316'
down_revision = '6c3e9a1f2b58'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.add_column(sa.Column('sender_name', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.drop_column('sender_name')
