"""Themes in the comments: runs, themes, members, tags

Revision ID: bd37b4ff6788
Revises: c4a1e0f7b2d9
Create Date: 2026-12-04 22:15:00.000000

theme_runs holds each computation of themes over a goal's or a plan's comments, themes what it
found (with the officials' own label and merges), theme_members which comment is in which theme
(one per run), tags a municipality's own names for concerns and comment_tags the comments
officials tagged. feedback_pages.show_themes lets a communicator show the plan's themes on the
public "what we heard" page.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bd37b4ff6788'
down_revision = 'c4a1e0f7b2d9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('theme_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.CheckConstraint('(goal_id IS NULL) <> (plan_id IS NULL)', name=op.f('ck_theme_runs_one_scope')),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_theme_runs_goal_id_goals')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_theme_runs_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_theme_runs_plan_id_plans')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_theme_runs_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_runs'))
    )
    op.create_index('ix_theme_runs_goal_id_id', 'theme_runs', ['goal_id', 'id'], unique=False)
    op.create_index('ix_theme_runs_plan_id_id', 'theme_runs', ['plan_id', 'id'], unique=False)
    op.create_index(op.f('ix_theme_runs_municipality_id'), 'theme_runs', ['municipality_id'], unique=False)
    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('custom_label', sa.String(length=200), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('quote_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['merged_into_id'], ['themes.id'], name=op.f('fk_themes_merged_into_id_themes')),
    sa.ForeignKeyConstraint(['previous_id'], ['themes.id'], name=op.f('fk_themes_previous_id_themes')),
    sa.ForeignKeyConstraint(['run_id'], ['theme_runs.id'], name=op.f('fk_themes_run_id_theme_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes'))
    )
    op.create_index(op.f('ix_themes_run_id'), 'themes', ['run_id'], unique=False)
    op.create_index(op.f('ix_themes_merged_into_id'), 'themes', ['merged_into_id'], unique=False)
    op.create_index(op.f('ix_themes_previous_id'), 'themes', ['previous_id'], unique=False)
    op.create_table('theme_members',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_theme_members_comment_id_comments')),
    sa.ForeignKeyConstraint(['run_id'], ['theme_runs.id'], name=op.f('fk_theme_members_run_id_theme_runs')),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_theme_members_theme_id_themes')),
    sa.PrimaryKeyConstraint('run_id', 'comment_id', name=op.f('pk_theme_members'))
    )
    op.create_index('ix_theme_members_theme_id_comment_id', 'theme_members', ['theme_id', 'comment_id'], unique=False)
    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_tags_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('municipality_id', 'name', name=op.f('uq_tags_municipality_id_name'))
    )
    op.create_table('comment_tags',
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('tagged_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_tags_comment_id_comments')),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_comment_tags_tag_id_tags')),
    sa.ForeignKeyConstraint(['tagged_by_id'], ['users.id'], name=op.f('fk_comment_tags_tagged_by_id_users')),
    sa.PrimaryKeyConstraint('comment_id', 'tag_id', name=op.f('pk_comment_tags'))
    )
    op.create_index('ix_comment_tags_tag_id', 'comment_tags', ['tag_id'], unique=False)
    op.add_column('feedback_pages', sa.Column('show_themes', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('feedback_pages') as batch:
        batch.drop_column('show_themes')
    op.drop_index('ix_comment_tags_tag_id', table_name='comment_tags')
    op.drop_table('comment_tags')
    op.drop_table('tags')
    op.drop_index('ix_theme_members_theme_id_comment_id', table_name='theme_members')
    op.drop_table('theme_members')
    op.drop_index(op.f('ix_themes_previous_id'), table_name='themes')
    op.drop_index(op.f('ix_themes_merged_into_id'), table_name='themes')
    op.drop_index(op.f('ix_themes_run_id'), table_name='themes')
    op.drop_table('themes')
    op.drop_index(op.f('ix_theme_runs_municipality_id'), table_name='theme_runs')
    op.drop_index('ix_theme_runs_plan_id_id', table_name='theme_runs')
    op.drop_index('ix_theme_runs_goal_id_id', table_name='theme_runs')
    op.drop_table('theme_runs')
