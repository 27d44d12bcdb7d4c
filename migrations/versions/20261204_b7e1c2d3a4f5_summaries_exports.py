"""summaries and exports: display names in exports, the public "what we heard" page

Revision ID: b7e1c2d3a4f5
Revises: 1a9e3a6e96f7
Create Date: 2026-12-04 19:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1c2d3a4f5'
down_revision = "1a9e3a6e96f7"
branch_labels = None
depends_on = None


def upgrade():
    # Exports name authors by a pseudonymous id unless an administrator turns this on.
    op.add_column('municipalities', sa.Column(
        'export_display_names', sa.Boolean(), server_default=sa.false(), nullable=False
    ))


    # What a communicator chose to publish of a plan's summary; figures are read live.
    op.create_table('feedback_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('intro', sa.Text(), nullable=True),
    sa.Column('show_figures', sa.Boolean(), nullable=False),
    sa.Column('show_ratings', sa.Boolean(), nullable=False),
    sa.Column('show_matrix', sa.Boolean(), nullable=False),
    sa.Column('show_weeks', sa.Boolean(), nullable=False),
    sa.Column('quote_ids', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_feedback_pages_plan_id_plans')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_feedback_pages_published_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_pages')),
    sa.UniqueConstraint('plan_id', name=op.f('uq_feedback_pages_plan_id'))
    )


def downgrade():
    op.drop_table('feedback_pages')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('export_display_names')
