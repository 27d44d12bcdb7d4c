"""comments from other channels: paper forms, meetings, e-mail, phone and surveys

Revision ID: 2d1d31a83ce3
Revises: 5d2a7c9e1b04
Create Date: 2026-12-04 21:55:00.000000

comments gets the channel a comment came in on ('web' for every existing row), the source's own
reference, the day it was received, an optional district and age band (the values residents give
on their profiles), and when an official published an imported comment on the goal page.
author_id becomes nullable: an imported comment has no resident behind it. A unique index on
(goal_id, channel, source_ref) keeps one comment per source item.

On PostgreSQL these are plain ALTER TABLE statements. On SQLite comments is referenced by
comment_versions, reactions, reports and itself, so (as in 751c57c3b09e) it is rebuilt under the
same name from its stored CREATE TABLE, with foreign keys deferred to the commit.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "2d1d31a83ce3"
down_revision = "5d2a7c9e1b04"
branch_labels = None
depends_on = None

NEW_COLUMNS = ("channel", "source_ref", "received_on", "district_id", "age_band", "published_at")
#: What the SQLite rebuild adds to comments' CREATE TABLE: columns before the constraints, the
#: foreign key after them.
SQLITE_COLUMNS = (
    "channel VARCHAR(10) DEFAULT 'web' NOT NULL, source_ref VARCHAR(100), received_on DATE, "
    "district_id INTEGER, age_band VARCHAR(10), published_at DATETIME, "
)
SQLITE_CONSTRAINTS = (
    ", CONSTRAINT fk_comments_district_id_districts FOREIGN KEY(district_id)"
    " REFERENCES districts (id)"
)
AUTHOR_REQUIRED, AUTHOR_OPTIONAL = "author_id INTEGER NOT NULL,", "author_id INTEGER,"
UNIQUE_SOURCE = "uq_comments_goal_id_channel_source_ref"


def _rebuild_comments_on_sqlite(change, keep):
    """Recreate comments from its stored CREATE TABLE, changed by `change`, keeping every row,
    index and the foreign keys that point to it; `keep` chooses the columns copied back."""
    bind = op.get_bind()
    create = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'comments'")
    ).scalar_one()
    indexes = (
        bind.execute(
            sa.text(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'comments' "
                "AND sql IS NOT NULL"
            )
        )
        .scalars()
        .all()
    )
    changed = change(create)
    assert changed != create, "comments is not as this migration expects"
    # A write first, so that the driver opens the transaction the pragma needs to last.
    op.execute("UPDATE alembic_version SET version_num = version_num")
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute("CREATE TABLE _comments_copy AS SELECT * FROM comments")
    kept = ", ".join(
        row[1] for row in bind.execute(sa.text("PRAGMA table_info(_comments_copy)")) if keep(row[1])
    )
    op.execute("DROP TABLE comments")
    op.execute(changed)
    op.execute(f"INSERT INTO comments ({kept}) SELECT {kept} FROM _comments_copy")
    op.execute("DROP TABLE _comments_copy")
    for index in indexes:
        if UNIQUE_SOURCE not in index:
            op.execute(index)


def _with_channels(create):
    body = create.rstrip().removesuffix(")").replace(AUTHOR_REQUIRED, AUTHOR_OPTIONAL, 1)
    first = body.index("CONSTRAINT ")
    return body[:first] + SQLITE_COLUMNS + body[first:] + SQLITE_CONSTRAINTS + "\n)"


def _web_only(create):
    return (
        create.replace(AUTHOR_OPTIONAL, AUTHOR_REQUIRED, 1)
        .replace(SQLITE_COLUMNS, "", 1)
        .replace(SQLITE_CONSTRAINTS, "", 1)
    )


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_comments_on_sqlite(_with_channels, lambda name: True)
    else:
        op.add_column(
            "comments",
            sa.Column("channel", sa.String(length=10), server_default="web", nullable=False),
        )
        op.add_column("comments", sa.Column("source_ref", sa.String(length=100), nullable=True))
        op.add_column("comments", sa.Column("received_on", sa.Date(), nullable=True))
        op.add_column("comments", sa.Column("district_id", sa.Integer(), nullable=True))
        op.add_column("comments", sa.Column("age_band", sa.String(length=10), nullable=True))
        op.add_column(
            "comments", sa.Column("published_at", sa.DateTime(timezone=True), nullable=True)
        )
        op.alter_column("comments", "author_id", existing_type=sa.Integer(), nullable=True)
        op.create_foreign_key(
            op.f("fk_comments_district_id_districts"),
            "comments",
            "districts",
            ["district_id"],
            ["id"],
        )
    op.create_index(UNIQUE_SOURCE, "comments", ["goal_id", "channel", "source_ref"], unique=True)


def downgrade():
    # The earlier schema has no place for comments without a resident author: they go.
    imported = "SELECT id FROM comments WHERE channel <> 'web'"
    everything = f"{imported} UNION SELECT id FROM comments WHERE parent_id IN ({imported})"
    for table in (
        "comment_versions",
        "reactions",
        "reports",
        "moderation_decisions",
        "moderation_notes",
    ):
        op.execute(f"DELETE FROM {table} WHERE comment_id IN ({everything})")
    op.execute(f"DELETE FROM comments WHERE parent_id IN ({imported})")
    op.execute(f"DELETE FROM comments WHERE channel <> 'web'")
    op.drop_index(UNIQUE_SOURCE, table_name="comments")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_comments_on_sqlite(_web_only, lambda name: name not in NEW_COLUMNS)
    else:
        op.drop_constraint(
            op.f("fk_comments_district_id_districts"), "comments", type_="foreignkey"
        )
        op.alter_column("comments", "author_id", existing_type=sa.Integer(), nullable=False)
        for name in reversed(NEW_COLUMNS):
            op.drop_column("comments", name)
