"""Opinion groups: each plan's last computed result, and a choice on the "what we heard" page

Revision ID: a4c9d2e7f013
Revises: 2d1d31a83ce3
Create Date: 2026-12-04 22:10:00.000000

opinion_group_results holds one row per plan (dialog/insights/groups); feedback_pages.show_groups
lets a communicator show the groups on the public page (off for existing pages).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c9d2e7f013'
down_revision = '2d1d31a83ce3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('opinion_group_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('residents', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=80), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_opinion_group_results_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_group_results')),
    sa.UniqueConstraint('plan_id', name=op.f('uq_opinion_group_results_plan_id'))
    )
    with op.batch_alter_table('feedback_pages', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('show_groups', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('feedback_pages', schema=None) as batch_op:
        batch_op.drop_column('show_groups')
    op.drop_table('opinion_group_results')
