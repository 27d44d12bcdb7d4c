"""dialogue on focus areas: comments and ratings belong to a goal or a focus area; plans say
which level is open for dialogue

Revision ID: 751c57c3b09e
Revises: e178b71618b3
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
down_revision = 'e178b71618b3'
branch_labels = None
depends_on = None

ONE_SUBJECT = '(goal_id IS NULL) <> (focus_area_id IS NULL)'
TOP_LEVEL = {
    'postgresql_where': sa.text('parent_id IS NULL'),
    'sqlite_where': sa.text('parent_id IS NULL'),
}
AREA_INDEXES = (
    ('ix_comments_area_top_agree', ['focus_area_id', 'agree_count', 'id'], TOP_LEVEL),
    ('ix_comments_area_top_id', ['focus_area_id', 'id'], TOP_LEVEL),
    ('ix_comments_area_top_replies', ['focus_area_id', 'reply_count', 'id'], TOP_LEVEL),
)
#: What the SQLite rebuild adds to comments' CREATE TABLE (and the downgrade removes): the
#: column before the table's constraints, its constraints after them.
AREA_COLUMN = 'focus_area_id INTEGER, '
AREA_CONSTRAINTS = (
    ', CONSTRAINT fk_comments_focus_area_id_focus_areas FOREIGN KEY(focus_area_id)'
    ' REFERENCES focus_areas (id)'
    f', CONSTRAINT ck_comments_one_subject CHECK ({ONE_SUBJECT})'
)
GOAL_REQUIRED, GOAL_OPTIONAL = 'goal_id INTEGER NOT NULL,', 'goal_id INTEGER,'


def _rebuild_comments_on_sqlite(change):
    """Recreate comments from its stored CREATE TABLE, changed by `change`, keeping every row,
    index and the foreign keys that point to it (whatever earlier revisions added)."""
    bind = op.get_bind()
    create = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'comments'")
    ).scalar_one()
    indexes = bind.execute(
        sa.text(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'comments' "
            "AND sql IS NOT NULL"
        )
    ).scalars().all()
    changed = change(create)
    assert changed != create, 'comments is not as this migration expects'
    # A write first, so that the driver opens the transaction the pragma needs to last.
    op.execute('UPDATE alembic_version SET version_num = version_num')
    op.execute('PRAGMA defer_foreign_keys = ON')
    op.execute('CREATE TABLE _comments_copy AS SELECT * FROM comments')
    kept = ', '.join(
        row[1] for row in bind.execute(sa.text('PRAGMA table_info(_comments_copy)'))
        if row[1] != 'focus_area_id'
    )
    op.execute('DROP TABLE comments')
    op.execute(changed)
    # Inserting the rows back satisfies the deferred references from replies, reactions, ...
    op.execute(f'INSERT INTO comments ({kept}) SELECT {kept} FROM _comments_copy')
    op.execute('DROP TABLE _comments_copy')
    for index in indexes:
        if 'focus_area_id' not in index:
            op.execute(index)


def _allow_focus_areas(create):
    body = create.rstrip().removesuffix(')').replace(GOAL_REQUIRED, GOAL_OPTIONAL, 1)
    first = body.index('CONSTRAINT ')
    return body[:first] + AREA_COLUMN + body[first:] + AREA_CONSTRAINTS + '\n)'


def _goals_only(create):
    return (
        create.replace(GOAL_OPTIONAL, GOAL_REQUIRED, 1)
        .replace(AREA_COLUMN, '', 1)
        .replace(AREA_CONSTRAINTS, '', 1)
    )


def upgrade():
    op.add_column('plans', sa.Column('dialogue_level', sa.String(length=20), server_default='goals', nullable=False))

    op.create_table('focus_area_tallies',
    sa.Column('focus_area_id', sa.Integer(), nullable=False),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['focus_area_id'], ['focus_areas.id'], name=op.f('fk_focus_area_tallies_focus_area_id_focus_areas')),
    sa.PrimaryKeyConstraint('focus_area_id', name=op.f('pk_focus_area_tallies'))
    )

    if op.get_bind().dialect.name == 'sqlite':
        _rebuild_comments_on_sqlite(_allow_focus_areas)
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
    for name, _columns, _where in AREA_INDEXES:
        op.drop_index(name, table_name='comments')
    if op.get_bind().dialect.name == 'sqlite':
        _rebuild_comments_on_sqlite(_goals_only)
    else:
        op.drop_constraint(op.f('ck_comments_one_subject'), 'comments', type_='check')
        op.drop_constraint(op.f('fk_comments_focus_area_id_focus_areas'), 'comments', type_='foreignkey')
        op.alter_column('comments', 'goal_id', existing_type=sa.Integer(), nullable=False)
        op.drop_column('comments', 'focus_area_id')

    op.drop_table('focus_area_tallies')
    op.drop_column('plans', 'dialogue_level')
