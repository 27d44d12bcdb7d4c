"""catalogue administration: uploaded goal documents; order and archiving of municipalities,
plans and committees

Revision ID: 19210bd7cd7a
Revises: 1b5b0a70d20b
Create Date: 2026-12-04 18:59:58.542036

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '19210bd7cd7a'
down_revision = "1b5b0a70d20b"
branch_labels = None
depends_on = None


def upgrade():
    # The document as previewed; applied_at is set once, by the confirmation that imports it.
    op.create_table('catalogue_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_catalogue_uploads_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_catalogue_uploads_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_uploads'))
    )
    with op.batch_alter_table('catalogue_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalogue_uploads_municipality_id'), ['municipality_id'], unique=False)

    # Plain ADD COLUMN: these tables are referenced, so SQLite must not rebuild them.
    op.add_column('municipalities', sa.Column('position', sa.Integer(), server_default='0', nullable=False))
    op.add_column('municipalities', sa.Column('is_archived', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('plans', sa.Column('position', sa.Integer(), server_default='0', nullable=False))
    op.add_column('committees', sa.Column('is_archived', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_column('is_archived')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_column('position')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('is_archived')
        batch_op.drop_column('position')
    with op.batch_alter_table('catalogue_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogue_uploads_municipality_id'))

    op.drop_table('catalogue_uploads')
