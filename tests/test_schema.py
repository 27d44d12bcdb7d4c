"""The schema exists only through migrations, and they agree with the models.

Alembic's comparison sees tables, columns, types, keys and which columns an index covers, but not
an index's WHERE clause or a CHECK constraint's expression. So the definitions are also compared
as the database itself spells them: the migrated database against one built from the models.
"""

import re

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import Connection, inspect, text

from dialog.extensions import db
from tests.databases import scratch_app


def test_models_and_migrations_agree(app_context):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_have_one_head(app_context):
    config = current_app.extensions["migrate"].migrate.get_config()
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def definitions(connection: Connection) -> dict[str, str]:
    """Every index and constraint by name, with its definition as the database stores it."""
    if connection.dialect.name == "postgresql":
        indexes = connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE schemaname = current_schema() AND tablename <> 'alembic_version'"
            )
        )
        constraints = connection.execute(
            text(
                "SELECT conrelid::regclass || '.' || conname, pg_get_constraintdef(oid)"
                " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
                " AND conrelid::regclass::text <> 'alembic_version'"
            )
        )
        return {f"index {name}": sql for name, sql in indexes} | {
            f"constraint {name}": sql for name, sql in constraints
        }
    # SQLite keeps the CREATE INDEX text (None for a UNIQUE constraint's own index).
    indexes = connection.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    )
    found = {f"index {name}": _normalise(sql) for name, sql in indexes}
    inspector = inspect(connection)
    for table in inspector.get_table_names():
        for check in inspector.get_check_constraints(table):
            found[f"constraint {table}.{check['name']}"] = _normalise(check["sqltext"])
    return found


def _normalise(sql: str) -> str:
    return re.sub(r"\s+", " ", sql.replace('"', "")).strip()


def built_from_models(*changes: str) -> dict[str, str]:
    """The definitions of a database created from the models, after running `changes`."""
    with scratch_app("models") as app, app.app_context():
        with db.engine.begin() as connection:
            db.metadata.create_all(connection)
            for change in changes:
                connection.execute(text(change))
        with db.engine.connect() as connection:
            return definitions(connection)


def test_indexes_and_constraints_match_the_models_including_predicates(app_context):
    with db.engine.connect() as connection:
        migrated = definitions(connection)
    assert "parent_id IS NULL" in migrated["index ix_comments_top_id"]
    assert migrated == built_from_models()


def test_a_changed_index_predicate_or_check_is_seen(app_context):
    """What Alembic alone misses: same names, same columns, another WHERE clause."""
    with db.engine.connect() as connection:
        migrated = definitions(connection)
    rewritten = built_from_models(
        "DROP INDEX ix_comments_top_id",
        "CREATE INDEX ix_comments_top_id ON comments (goal_id, id) WHERE parent_id IS NOT NULL",
    )
    assert rewritten.keys() == migrated.keys()
    differing = {name for name in migrated if migrated[name] != rewritten[name]}
    assert differing == {"index ix_comments_top_id"}
