"""Counts of the comments residents can read, kept by the database as comments change

Revision ID: 9e4b7c2a5d13
Revises: d48b4bc21289
Create Date: 2026-12-07 20:15:00.000000

The goal page, the catalogue's lists and the API tell residents how many comments and replies
they can read. Counting them from the comments' partial index took 10-17 ms for a goal with
100,000 comments, twice per render, and every new comment made the pages render again: under a
burst of readers and posters the goal page's database time tripled.

shown_comment_counts holds +1 and -1 rows per goal or focus area; a trigger on comments adds
one whenever a comment starts or stops being readable (it is published, and an imported one
is published on the goal page) or moves to another subject, on insert, update and delete,
whoever writes: the site, the moderation desk, retention, the importers, the demo generator.
Triggers only insert, so two transactions never wait for each other's counter rows; readers
sum a subject's rows and a job (dialog/participation/shown.py) folds them into one now and
then. The table is filled from the comments as they are.

The partial indexes over readable comments per goal and focus area, which the counts read,
gain the author: the people counts ask, for each resident with a comment residents cannot
read, whether they wrote one they can (7.7 ms for a goal with 100,000 comments, 3 ms with it).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9e4b7c2a5d13'
down_revision = 'd48b4bc21289'
branch_labels = None
depends_on = None

SHOWN = "{row}.status = 'published' AND ({row}.channel = 'web' OR {row}.published_at IS NOT NULL)"
TABLE = 'shown_comment_counts'
SHOWN_INDEX = "status = 'published' AND (channel = 'web' OR published_at IS NOT NULL)"

POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION count_shown_comments() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was boolean := false;
    is_now boolean := false;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        was := coalesce({SHOWN.format(row='OLD')}, false);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        is_now := coalesce({SHOWN.format(row='NEW')}, false);
    END IF;
    IF TG_OP = 'UPDATE' AND was = is_now AND OLD.goal_id IS NOT DISTINCT FROM NEW.goal_id
            AND OLD.focus_area_id IS NOT DISTINCT FROM NEW.focus_area_id THEN
        RETURN NULL;
    END IF;
    IF was THEN
        INSERT INTO {TABLE} (goal_id, focus_area_id, delta)
        VALUES (OLD.goal_id, OLD.focus_area_id, -1);
    END IF;
    IF is_now THEN
        INSERT INTO {TABLE} (goal_id, focus_area_id, delta)
        VALUES (NEW.goal_id, NEW.focus_area_id, 1);
    END IF;
    RETURN NULL;
END
$$
"""

POSTGRESQL_TRIGGER = (
    "CREATE TRIGGER comments_shown_count AFTER INSERT OR DELETE "
    "OR UPDATE OF status, channel, published_at, goal_id, focus_area_id ON comments "
    "FOR EACH ROW EXECUTE FUNCTION count_shown_comments()"
)


def _sqlite_insert(row: str, delta: int) -> str:
    return (
        f"INSERT INTO {TABLE} (goal_id, focus_area_id, delta) "
        f"SELECT {row}.goal_id, {row}.focus_area_id, {delta} "
        f"WHERE coalesce({SHOWN.format(row=row)}, 0);"
    )


SQLITE_TRIGGERS = (
    f"CREATE TRIGGER comments_shown_count_insert AFTER INSERT ON comments "
    f"BEGIN {_sqlite_insert('NEW', 1)} END",
    f"CREATE TRIGGER comments_shown_count_delete AFTER DELETE ON comments "
    f"BEGIN {_sqlite_insert('OLD', -1)} END",
    f"CREATE TRIGGER comments_shown_count_update "
    f"AFTER UPDATE OF status, channel, published_at, goal_id, focus_area_id ON comments "
    f"WHEN coalesce({SHOWN.format(row='OLD')}, 0) <> coalesce({SHOWN.format(row='NEW')}, 0) "
    f"OR OLD.goal_id IS NOT NEW.goal_id OR OLD.focus_area_id IS NOT NEW.focus_area_id "
    f"BEGIN {_sqlite_insert('OLD', -1)} {_sqlite_insert('NEW', 1)} END",
)


def upgrade():
    op.create_table(TABLE,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('focus_area_id', sa.Integer(), nullable=True),
    sa.Column('delta', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['focus_area_id'], ['focus_areas.id'], name=op.f('fk_shown_comment_counts_focus_area_id_focus_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_shown_comment_counts_goal_id_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shown_comment_counts'))
    )
    op.create_index('ix_shown_comment_counts_goal_id_delta', TABLE, ['goal_id', 'delta'], unique=False)
    op.create_index('ix_shown_comment_counts_focus_area_id_delta', TABLE, ['focus_area_id', 'delta'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(POSTGRESQL_FUNCTION)
        op.execute(POSTGRESQL_TRIGGER)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
    for column in ('goal_id', 'focus_area_id'):
        op.drop_index(f'ix_comments_shown_{column}', table_name='comments')
        op.create_index(
            f'ix_comments_shown_{column}_author_id', 'comments', [column, 'author_id'],
            unique=False, postgresql_where=sa.text(SHOWN_INDEX), sqlite_where=sa.text(SHOWN_INDEX),
        )
    # After the triggers: on PostgreSQL a comment written meanwhile waits for this transaction.
    op.execute(
        f"INSERT INTO {TABLE} (goal_id, focus_area_id, delta) "
        f"SELECT goal_id, focus_area_id, count(*) FROM comments AS c "
        f"WHERE {SHOWN.format(row='c')} GROUP BY goal_id, focus_area_id"
    )


def downgrade():
    for column in ('goal_id', 'focus_area_id'):
        op.drop_index(f'ix_comments_shown_{column}_author_id', table_name='comments')
        op.create_index(
            f'ix_comments_shown_{column}', 'comments', [column],
            unique=False, postgresql_where=sa.text(SHOWN_INDEX), sqlite_where=sa.text(SHOWN_INDEX),
        )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER comments_shown_count ON comments")
        op.execute("DROP FUNCTION count_shown_comments()")
    else:
        for name in ('insert', 'delete', 'update'):
            op.execute(f"DROP TRIGGER comments_shown_count_{name}")
    op.drop_index('ix_shown_comment_counts_focus_area_id_delta', table_name=TABLE)
    op.drop_index('ix_shown_comment_counts_goal_id_delta', table_name=TABLE)
    op.drop_table(TABLE)
