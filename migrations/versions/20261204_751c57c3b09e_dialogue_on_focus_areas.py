"""dialogue on focus areas: comments and ratings belong to a goal or a focus area; plans say
which level is open for dialogue

Revision ID: 751c57c3b09e
Revises: 19210bd7cd7a
Create Date: 2026-12-04 19:54:28.744869

comments.goal_id and ratings.goal_id become nullable (a focus area's comment has none). On
PostgreSQL that is a plain ALTER COLUMN. On SQLite, ratings (which nothing references) is copied
by a batch operation; comments is referenced by comment_versions, reactions, reports and
itself, so a batch copy would break those foreign keys: it is rebuilt under the same name
instead, with foreign keys deferred to the commit, by which time every referenced row is back.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '751c57c3b09e'
down_revision = '19210bd7cd7a'
branch_labels = None
depends_on = None

ONE_SUBJECT = '(goal_id IS NULL) <> (focus_area_id IS NULL)'
TOP_LEVEL = {
    'postgresql_where': sa.text('parent_id IS NULL'),
    'sqlite_where': sa.text('parent_id IS NULL'),
}
#: comments' columns before this revision, in order.
COMMENT_COLUMNS = (
    'id, goal_id, author_id, parent_id, body, category, status, moderation_reason, '
    'submission_token, agree_count, disagree_count, reply_count, report_count, edited_at, '
    'withdrawn_at, created_at, updated_at, is_official'
)
COMMENT_INDEXES = (
    ('ix_comments_author_id_id', ['author_id', 'id'], {}),
    ('ix_comments_top_agree', ['goal_id', 'agree_count', 'id'], TOP_LEVEL),
    ('ix_comments_top_id', ['goal_id', 'id'], TOP_LEVEL),
    ('ix_comments_top_replies', ['goal_id', 'reply_count', 'id'], TOP_LEVEL),
    ('ix_comments_parent_id_id', ['parent_id', 'id'], {}),
)
AREA_INDEXES = (
    ('ix_comments_area_top_agree', ['focus_area_id', 'agree_count', 'id'], TOP_LEVEL),
    ('ix_comments_area_top_id', ['focus_area_id', 'id'], TOP_LEVEL),
    ('ix_comments_area_top_replies', ['focus_area_id', 'reply_count', 'id'], TOP_LEVEL),
)


def _comments_table(goal_nullable):
    """comments as the models describe it, with or without a focus area."""
    columns = [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=goal_nullable),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('moderation_reason', sa.Text(), nullable=True),
        sa.Column('submission_token', sa.String(length=64), nullable=False),
        sa.Column('agree_count', sa.Integer(), nullable=False),
        sa.Column('disagree_count', sa.Integer(), nullable=False),
        sa.Column('reply_count', sa.Integer(), nullable=False),
        sa.Column('report_count', sa.Integer(), nullable=False),
        sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('is_official', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_comments_author_id_users')),
        sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_comments_goal_id_goals')),
        sa.ForeignKeyConstraint(['parent_id'], ['comments.id'], name=op.f('fk_comments_parent_id_comments')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_comments')),
        sa.UniqueConstraint('submission_token', name=op.f('uq_comments_submission_token')),
    ]
    if goal_nullable:
        columns += [
            sa.Column('focus_area_id', sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(['focus_area_id'], ['focus_areas.id'], name=op.f('fk_comments_focus_area_id_focus_areas')),
            sa.CheckConstraint(ONE_SUBJECT, name=op.f('ck_comments_one_subject')),
        ]
    return columns


def _rebuild_comments_on_sqlite(goal_nullable, keep):
    """Copy comments aside, recreate the table, copy back the columns in `keep`."""
    # A write first, so that the driver opens the transaction the pragma needs to last.
    op.execute('UPDATE alembic_version SET version_num = version_num')
    op.execute('PRAGMA defer_foreign_keys = ON')
    op.execute('CREATE TABLE _comments_copy AS SELECT * FROM comments')
    op.drop_table('comments')
    op.create_table('comments', *_comments_table(goal_nullable))
    op.execute(f'INSERT INTO comments ({keep}) SELECT {keep} FROM _comments_copy')
    op.drop_table('_comments_copy')
    for name, columns, where in COMMENT_INDEXES + (AREA_INDEXES if goal_nullable else ()):
        op.create_index(name, 'comments', columns, unique=False, **where)


def upgrade():
    op.add_column('plans', sa.Column('dialogue_level', sa.String(length=20), server_default='goals', nullable=False))

    op.create_table('focus_area_tallies',
    sa.Column('focus_area_id', sa.Integer(), nullable=False),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['focus_area_id'], ['focus_areas.id'], name=op.f('fk_focus_area_tallies_focus_area_id_focus_areas')),
    sa.PrimaryKeyConstraint('focus_area_id', name=op.f('pk_focus_area_tallies'))
    )

    if op.get_bind().dialect.name == 'sqlite':
        _rebuild_comments_on_sqlite(True, COMMENT_COLUMNS)
    else:
        op.add_column('comments', sa.Column('focus_area_id', sa.Integer(), nullable=True))
        op.alter_column('comments', 'goal_id', existing_type=sa.Integer(), nullable=True)
        op.create_foreign_key(op.f('fk_comments_focus_area_id_focus_areas'), 'comments', 'focus_areas', ['focus_area_id'], ['id'])
        op.create_check_constraint(op.f('ck_comments_one_subject'), 'comments', ONE_SUBJECT)
        for name, columns, where in AREA_INDEXES:
            op.create_index(name, 'comments', columns, unique=False, **where)

    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('focus_area_id', sa.Integer(), nullable=True))
        batch_op.alter_column('goal_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index('ix_ratings_area_question_value', ['focus_area_id', 'question', 'value'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_ratings_focus_area_id_user_id_question'), ['focus_area_id', 'user_id', 'question'])
        batch_op.create_foreign_key(batch_op.f('fk_ratings_focus_area_id_focus_areas'), 'focus_areas', ['focus_area_id'], ['id'])
        batch_op.create_check_constraint(batch_op.f('ck_ratings_one_subject'), ONE_SUBJECT)


def downgrade():
    # The earlier schema has no place for what was said on focus areas: it goes.
    op.execute('DELETE FROM ratings WHERE focus_area_id IS NOT NULL')
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_ratings_one_subject'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_ratings_focus_area_id_focus_areas'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_ratings_focus_area_id_user_id_question'), type_='unique')
        batch_op.drop_index('ix_ratings_area_question_value')
        batch_op.alter_column('goal_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('focus_area_id')

    area_comments = 'SELECT id FROM comments WHERE focus_area_id IS NOT NULL'
    everything = f'{area_comments} UNION SELECT id FROM comments WHERE parent_id IN ({area_comments})'
    for table in ('comment_versions', 'reactions', 'reports'):
        op.execute(f'DELETE FROM {table} WHERE comment_id IN ({everything})')
    op.execute(f'DELETE FROM comments WHERE parent_id IN ({area_comments})')
    op.execute('DELETE FROM comments WHERE focus_area_id IS NOT NULL')
    if op.get_bind().dialect.name == 'sqlite':
        _rebuild_comments_on_sqlite(False, COMMENT_COLUMNS)
    else:
        for name, _columns, _where in AREA_INDEXES:
            op.drop_index(name, table_name='comments')
        op.drop_constraint(op.f('ck_comments_one_subject'), 'comments', type_='check')
        op.drop_constraint(op.f('fk_comments_focus_area_id_focus_areas'), 'comments', type_='foreignkey')
        op.alter_column('comments', 'goal_id', existing_type=sa.Integer(), nullable=False)
        op.drop_column('comments', 'focus_area_id')

    op.drop_table('focus_area_tallies')
    op.drop_column('plans', 'dialogue_level')
